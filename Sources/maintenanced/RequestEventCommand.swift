import ArgumentParser
import Contracts
import Events
import Foundation

/// `maintenanced request event`: send any catalogued event from a file.
struct RequestEventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Send any catalogued event from a JSON file.",
        discussion: """
            The file holds a CloudEvent in structured form: {"specversion":"1.0","id":…,"source":…, \
            "type":…,"subject":SERVER,"data":{…}}. It goes to the topic the catalogue names for its \
            type, keyed by its subject, in binary mode. id, source and time are filled in when absent; \
            --id and --source replace the file's. A file the service would dead-letter (not JSON, \
            no or an unknown type, no subject, data that breaks the schema) exits 65 and is not sent.
            """
    )

    @OptionGroup var request: RequestOptions

    @Option(name: .shortAndLong, help: "The event file (- for standard input).")
    var file: String

    func run() async throws {
        let bytes: [UInt8]
        if file == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw failure(.usage, "cannot read \(file)") }
            bytes = Array(data)
        }
        // What the service would dead-letter is refused here with 65, as a checked event is.
        let document: JSONValue
        do {
            document = try JSONParser().parse(bytes)
        } catch {
            throw failure(.data, "\(file): not JSON: \(error)")
        }
        guard let type = document["type"]?.stringValue else { throw failure(.data, "\(file): no \"type\"") }
        guard let entry = EventCatalog.entry(for: type) else { throw failure(.data, "\(file): unknown event type \(type) (see maintenanced events catalog)") }
        guard let subject = document["subject"]?.stringValue else { throw failure(.data, "\(file): no \"subject\" (the \(entry.key.rawValue) id, used as the key)") }
        // The command line's --id and --source win over the file's; the file's over the defaults.
        var options = request
        if options.id == nil { options.id = document["id"]?.stringValue }
        if options.source == nil { options.source = document["source"]?.stringValue }
        try await options.send(OutgoingEvent(type, key: subject, document["data"] ?? [:]))
    }

    /// What `run` throws for `line`: printed as this command's, then the process exits with `status`.
    private func failure(_ status: ExitStatus, _ line: String) -> CommandFailure {
        CommandFailure(status, command: "request event", line)
    }
}
