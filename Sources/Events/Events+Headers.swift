// An event message's headers are `MessageHeaders`, the type the Kafka client reads and writes.
@_exported import Headers
