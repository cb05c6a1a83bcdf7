import Events
import Foundation
import MaintenancedTesting
import Testing
import Topics

@testable import Contracts

@Suite("Event catalogue")
struct EventCatalogTests {
    @Test("every type is unique, on a declared topic, and its example validates")
    func entries() throws {
        #expect(Set(EventCatalog.all.map(\.type)).count == EventCatalog.all.count)
        for entry in EventCatalog.all {
            #expect(entry.type.hasPrefix("dev.maintenanced."))
            #expect(!entry.producers.isEmpty && !entry.consumers.isEmpty)
            #expect(throws: Never.self, "\(entry.type)") { try entry.schema.validate(entry.example, type: entry.type) }
        }
    }

    @Test("the topic declarations list exactly the catalogue's types of each topic")
    func topicFiles() throws {
        let catalog = try TopicCatalog.load(directory: RepositoryFiles.url("topics").path)
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        let topics = Set(EventCatalog.all.map(\.topic))
        for file in catalog.files where file.spec.kind == .events {
            #expect(topics.contains(file.spec.name), "\(file.spec.name) carries no catalogued event")
            #expect(file.spec.events == EventCatalog.types(on: file.spec.name).map(\.type), "\(file.spec.name)")
        }
        for topic in topics {
            #expect(catalog.files.contains { $0.spec.name == topic }, "\(topic) has no declaration under topics/")
        }
    }

    @Test("docs/EVENTS.md is the generated catalogue")
    func markdown() throws {
        let committed = try RepositoryFiles.text("docs/EVENTS.md")
        #expect(committed == EventCatalog.markdown(), "regenerate with: swift run maintenanced events catalog --markdown > docs/EVENTS.md")
    }

    @Test("docs/EVENTS.md lists every dead-letter reason under the dead-letter topic, and no other")
    func deadLetterReasons() throws {
        let committed = try RepositoryFiles.text("docs/EVENTS.md")
        let section = try #require(committed.components(separatedBy: "\n## Topic `\(TopicName.deadLetter)`\n").dropFirst().first)
        let listed = section.split(separator: "\n").prefix { !$0.hasPrefix("## ") }.compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).prefix { $0 != "`" }.description
        }
        #expect(listed == [DeadLetter.Header.reason] + DeadLetter.Reason.allCases.map(\.rawValue))
    }

    @Test("topics/schemas holds exactly the generated JSON Schemas")
    func schemaFiles() throws {
        let directory = RepositoryFiles.url("topics/schemas")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        #expect(Set(names) == Set(EventCatalog.all.map(\.schemaFileName)), "regenerate with: swift run maintenanced events schemas")
        for entry in EventCatalog.all {
            let committed = try? RepositoryFiles.text("topics/schemas/" + entry.schemaFileName)
            #expect(committed == JSONWriter.prettyString(entry.jsonSchema), "\(entry.schemaFileName) differs from the code")
        }
    }

    @Test("schema violations name the path of the problem")
    func violations() {
        let entry = EventCatalog.entry(for: EventName.maintenanceRequested)!
        let cases: [(JSONValue, String)] = [
            (["namespace": "ops", "type": "BIOSUpdate"], "$.name"),
            (["namespace": "ops", "name": "n", "type": "BIOSUpdate", "priority": "high"], "$.priority"),
            (["namespace": "ops", "name": "n", "type": "BIOSUpdate", "policy": "sometimes"], "$.policy"),
            (["namespace": "ops", "name": "", "type": "BIOSUpdate"], "$.name"),
            (["namespace": "ops", "name": "n", "type": "BIOSUpdate", "colour": "red"], "$.colour"),
            ("text", "$"),
        ]
        for (data, path) in cases {
            do {
                try entry.schema.validate(data, type: entry.type)
                Issue.record("accepted \(data)")
            } catch {
                guard case .schemaViolation(_, let found, _) = error else {
                    Issue.record("wrong error \(error)")
                    continue
                }
                #expect(found == path)
            }
        }
    }
}
