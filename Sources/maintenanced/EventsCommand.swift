import ArgumentParser
import Contracts
import Events
import Foundation

/// `maintenanced events`: the event catalogue, for people who produce or consume the service's events.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Show the event catalogue and write its JSON Schemas.",
        subcommands: [EventsCatalogCommand.self, EventsSchemasCommand.self]
    )
}

/// `maintenanced events catalog`: the catalogue as Markdown (docs/EVENTS.md) or a one-line-per-type table.
struct EventsCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Print every event type with its topic, key, producers and consumers.",
        discussion: "With --markdown, prints docs/EVENTS.md exactly as the repository has it."
    )

    @Flag(help: "Print the full Markdown catalogue (docs/EVENTS.md).")
    var markdown = false

    func run() async throws {
        if markdown {
            print(EventCatalog.markdown(), terminator: "")
            return
        }
        let width = EventCatalog.all.map(\.type.count).max() ?? 0
        for entry in EventCatalog.all {
            let padding = String(repeating: " ", count: width - entry.type.count)
            print("\(entry.type)\(padding)  \(entry.topic)  key=\(entry.key.rawValue)")
        }
    }
}

/// `maintenanced events schemas`: writes the JSON Schema of every event type's data.
struct EventsSchemasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas",
        abstract: "Write the JSON Schema (draft 2020-12) of every event type's data.",
        discussion: """
            Writes one <type>.json per event type into the directory (topics/schemas in the repository). \
            The schemas are generated from the event catalogue built into maintenanced, so this works \
            from any folder.
            """
    )

    @Option(name: .customLong("out"), help: "The directory to write to.")
    var directory = "topics/schemas"

    func run() async throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for entry in EventCatalog.all {
                let path = directory + "/" + entry.schemaFileName
                try JSONWriter.prettyString(entry.jsonSchema).write(toFile: path, atomically: true, encoding: .utf8)
            }
        } catch {
            // Foundation's error prints as a dictionary; the system's reason is what a user needs.
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? POSIXError
            let reason = underlying.map { String(cString: strerror($0.code.rawValue)) } ?? error.localizedDescription
            throw CommandFailure(.failure, command: "events schemas", "cannot write to \(directory): \(reason)")
        }
        print("wrote \(EventCatalog.all.count) schemas to \(directory)")
    }
}
