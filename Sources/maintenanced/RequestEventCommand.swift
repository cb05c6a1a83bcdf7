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
            type, keyed by its subject, in binary mode. id, source and time are filled in when absent.
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
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            bytes = Array(data)
        }
        let document: JSONValue
        do {
            document = try JSONParser().parse(bytes)
        } catch {
            throw ValidationError("\(file): not JSON: \(error)")
        }
        guard let type = document["type"]?.stringValue else { throw ValidationError("\(file): no \"type\"") }
        guard let entry = EventCatalog.entry(for: type) else { throw ValidationError("\(file): unknown event type \(type) (see maintenanced events catalog)") }
        guard let subject = document["subject"]?.stringValue else { throw ValidationError("\(file): no \"subject\" (the \(entry.key.rawValue) id, used as the key)") }
        var options = request
        if options.id == nil { options.id = document["id"]?.stringValue }
        if let source = document["source"]?.stringValue { options.source = source }
        try await options.send(OutgoingEvent(type, key: subject, document["data"] ?? [:]))
    }
}
