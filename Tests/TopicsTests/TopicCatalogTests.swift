import Foundation
import Testing
import Topics
import YAML

@Suite("the topic declarations: loading and validation") struct TopicCatalogTests {
    /// The repository's own topics/ directory.
    static let topicsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("topics").path

    @Test("the shipped declarations are valid") func theShippedDeclarationsAreValid() throws {
        let catalog = try TopicCatalog.load(directory: Self.topicsDirectory)
        #expect(catalog.problems.map(\.description) == [])
        let names = Set(catalog.specs.map(\.name))
        for required in [
            "maintenance.requests", "server.lifecycle", "power.events", "power.commands", "server.transitions",
            "operator.requests", "cluster.rollouts", "scheduler.state", "power.state", "update.state",
            "maintenanced.deadletter",
        ] {
            #expect(names.contains(required), "missing \(required)")
        }
        let serverKeyed = catalog.specs.filter { $0.key == .server }
        #expect(Set(serverKeyed.map(\.partitions)).count == 1)
        for changelog in ["scheduler.state", "power.state", "update.state"] {
            #expect(catalog.spec(named: changelog)?.cleanupPolicy == .compact)
            #expect(catalog.spec(named: changelog)?.kind == .changelog)
        }
        #expect(catalog.spec(named: "cluster.rollouts")?.key == .cluster)
    }

    @Test("the Kafka configs include the cleanup policy") func kafkaConfigsIncludeTheCleanupPolicy() throws {
        let file = try TopicFixtures.file(TopicFixtures.text(name: "a.b"), name: "a.b")
        #expect(file.spec.kafkaConfigs == ["cleanup.policy": "delete", "retention.ms": "604800000", "min.insync.replicas": "2"])
    }

    private func problems(_ texts: [String: String]) throws -> [String] {
        let files = try texts.map { name, text in try TopicFixtures.file(text, name: name) }
        return TopicCatalog(files: files).problems.map(\.description)
    }

    @Test("server-keyed topics must have the same partition count") func coPartitioningOfServerKeyedTopics() throws {
        let problems = try problems([
            "a.events": TopicFixtures.text(name: "a.events"),
            "b.events": TopicFixtures.text(name: "b.events"),
            "c.events": TopicFixtures.text(name: "c.events", partitions: "8"),
            "r.events": TopicFixtures.text(name: "r.events", key: "cluster", partitions: "3"),
        ])
        #expect(problems == [
            "topics/c.events.yaml:5:13: at partitions: server-keyed topics must have the same partition count "
                + "(co-partitioning): 8 here, 12 in a.events, b.events",
        ])
    }

    @Test("changelogs must be compacted") func changelogsMustBeCompacted() throws {
        let problems = try problems([
            "x.state": TopicFixtures.text(name: "x.state", kind: "changelog", cleanupPolicy: "compact,delete"),
            "y.state": TopicFixtures.text(name: "y.state"),
        ])
        #expect(problems == [
            "topics/x.state.yaml:7:16: at cleanupPolicy: a changelog must be compacted (cleanupPolicy: compact), not compact,delete",
            "topics/y.state.yaml:2:7: at kind: a topic named <role>.state is a changelog (kind: changelog)",
        ])
    }

    @Test("partitions and replication factor must be at least one") func partitionsAndReplicationAtLeastOne() throws {
        let text = TopicFixtures.text(name: "a.b", partitions: "0").replacingOccurrences(
            of: "replicationFactor: 3", with: "replicationFactor: -1")
        let problems = try problems(["a.b": text])
        #expect(problems == [
            "topics/a.b.yaml:5:13: at partitions: partitions must be at least 1 (and at most 2147483647), not 0",
            "topics/a.b.yaml:6:20: at replicationFactor: replicationFactor must be at least 1 (and at most 32767), not -1",
        ])
    }

    @Test("a topic name is declared once") func uniqueNames() throws {
        let files = [
            try TopicFile(path: "topics/one/a.b.yaml", text: TopicFixtures.text(name: "a.b")),
            try TopicFile(path: "topics/two/a.b.yaml", text: TopicFixtures.text(name: "a.b")),
        ]
        #expect(TopicCatalog(files: files).problems.map(\.description) == [
            "topics/two/a.b.yaml:1:7: at name: topic a.b is also declared at topics/one/a.b.yaml:1:7",
        ])
    }

    @Test("a topic name has only allowed characters and names its file") func namesAndFileNames() throws {
        let problems = try problems([
            "bad name": TopicFixtures.text(name: "\"bad name\""),
            "c.d": TopicFixtures.text(name: "e.f"),
        ])
        #expect(problems == [
            "topics/bad name.yaml:1:7: at name: a topic name has only letters, digits, '.', '_' and '-'",
            "topics/c.d.yaml:1:7: at name: the file of topic e.f must be named e.f.yaml",
        ])
    }

    @Test("the key is \"original\" for dead-letter topics, and only for them") func keyKinds() throws {
        let problems = try problems([
            "dlq": TopicFixtures.text(name: "dlq", kind: "deadletter", key: "server", partitions: "3", events: [#""*""#]),
            "orig": TopicFixtures.text(name: "orig", key: "original", partitions: "3"),
        ])
        #expect(problems == [
            "topics/dlq.yaml:4:6: at key: the key is \"original\" for dead-letter topics, and only for them",
            "topics/orig.yaml:4:6: at key: the key is \"original\" for dead-letter topics, and only for them",
        ])
    }

    @Test("a dead-letter topic carries any input") func deadLettersCarryAnyInput() throws {
        let problems = try problems([
            "dlq": TopicFixtures.text(name: "dlq", kind: "deadletter", key: "original", partitions: "3"),
        ])
        #expect(problems == [
            #"topics/dlq.yaml:12:3: at events: a dead-letter topic carries any input unchanged: events must be ["*"]"#,
        ])
    }

    @Test("an unknown key kind is a decoding error") func unknownKeyKindIsADecodingError() throws {
        let error = try #require(throws: YAMLError.self) {
            try TopicFixtures.file(TopicFixtures.text(name: "a.b", key: "rack"), name: "a.b")
        }
        #expect(error.description == #"topics/a.b.yaml:4:6: at key: expected one of server, cluster, original, partition, instance, found "rack""#)
    }

    @Test("events, producers and consumers are checked") func eventsProducersAndConsumers() throws {
        let problems = try problems([
            "a.b": TopicFixtures.text(
                name: "a.b", events: ["dev.maintenanced.x.y", "NotAType", "dev.maintenanced.x.y"],
                producers: [], consumers: ["maintenanced/schedular", "\"  \""]),
        ])
        #expect(problems == [
            "topics/a.b.yaml:13:5: at events[1]: NotAType is not an event type like dev.maintenanced.server.registered",
            "topics/a.b.yaml:14:5: at events[2]: dev.maintenanced.x.y is listed twice",
            "topics/a.b.yaml:15:12: at producers: producers must name at least one entry",
            "topics/a.b.yaml:18:5: at consumers[0]: maintenanced/schedular is not a role of the service "
                + "(maintenanced/power|scheduler|update)",
            "topics/a.b.yaml:19:5: at consumers[1]: a producer or consumer must be named",
        ])
    }

    @Test("configs that conflict with the declaration or are empty are problems") func configs() throws {
        let problems = try problems([
            "a.b": TopicFixtures.text(name: "a.b", configs: ["cleanup.policy: compact", "min.insync.replicas: 4", "x: \"\""]),
        ])
        #expect(problems == [
            "topics/a.b.yaml:9:19: at configs[\"cleanup.policy\"]: set the cleanup policy with cleanupPolicy, not in configs",
            "topics/a.b.yaml:10:24: at configs[\"min.insync.replicas\"]: min.insync.replicas (4) exceeds replicationFactor (3): "
                + "no write could succeed",
            "topics/a.b.yaml:11:6: at configs.x: the value of x must not be empty",
        ])
    }

    @Test("unknown and misspelt keys are errors, with a suggestion for the misspelling") func unknownAndMisspeltKeys() throws {
        let misspelt = TopicFixtures.text(name: "a.b").replacingOccurrences(of: "partitions:", with: "partitons:")
        let error = try #require(throws: YAMLError.self) { try TopicFixtures.file(misspelt, name: "a.b") }
        #expect(error.description == #"topics/a.b.yaml:5:1: at partitons: unknown key "partitons" (did you mean "partitions"?)"#)

        let extra = TopicFixtures.text(name: "a.b") + "owner: team-x\n"
        let unknown = try #require(throws: YAMLError.self) { try TopicFixtures.file(extra, name: "a.b") }
        #expect(unknown.description == #"topics/a.b.yaml:17:1: at owner: unknown key "owner""#)
    }

    @Test("loading a directory collects every problem") func loadingADirectoryCollectsEveryProblem() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("topics-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TopicFixtures.text(name: "a.b").write(toFile: directory + "/a.b.yaml", atomically: true, encoding: .utf8)
        try TopicFixtures.text(name: "c.d", partitions: "twelve")
            .write(toFile: directory + "/c.d.yaml", atomically: true, encoding: .utf8)
        try "name: [\n".write(toFile: directory + "/e.f.yaml", atomically: true, encoding: .utf8)
        try "ignored".write(toFile: directory + "/README.md", atomically: true, encoding: .utf8)

        let catalog = try TopicCatalog.load(directory: directory)
        #expect(catalog.files.map(\.spec.name) == ["a.b"])
        #expect(catalog.problems.count == 2)
        #expect(catalog.problems[0].description == "\(directory)/c.d.yaml:5:13: at partitions: expected an integer, found \"twelve\"")
        #expect(catalog.problems[1].file == directory + "/e.f.yaml")
        #expect(catalog.problems[1].mark?.line == 2)
        #expect(throws: TopicCatalogError.self) { try catalog.validSpecs() }
    }

    @Test("a missing or empty directory is an error") func missingOrEmptyDirectory() throws {
        #expect(throws: YAMLError.self) { try TopicCatalog.load(directory: "/nonexistent/topics") }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: YAMLError.self) { try TopicCatalog.load(directory: empty) }
    }
}
