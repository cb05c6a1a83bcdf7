// A message's headers are `MessageHeaders` wherever the client reads or writes them.
@_exported import Headers
