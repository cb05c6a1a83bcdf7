import Foundation
import Kafka
import KafkaTopics
import Logging
import MaintenancedTesting
import Testing

/// `maintenanced topics` run as a separate process, as people and scripts run it.
@Suite("maintenanced topics", .timeLimit(.minutes(1)))
struct TopicsCommandTests {
    @Test("check accepts the shipped declarations")
    func checkAcceptsTheShippedDeclarations() async throws {
        let run = try await ChildProcess.run(["topics", "check", "--dir", RepositoryFiles.topicsDirectory])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("topic declarations in \(RepositoryFiles.topicsDirectory) are valid"))
    }

    @Test("check prints every problem with file, line, column and key, and exits 78")
    func checkReportsProblems() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("topics-cli-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.topicsDirectory) where name.hasSuffix(".yaml") {
            var text = try String(contentsOfFile: RepositoryFiles.topicsDirectory + "/" + name, encoding: .utf8)
            if name == "power.events.yaml" { text = text.replacingOccurrences(of: "partitions: 12", with: "partitions: 8") }
            if name == "update.state.yaml" { text = text.replacingOccurrences(of: "replicationFactor:", with: "replicationFacter:") }
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let run = try await ChildProcess.run(["topics", "check", "--dir", directory.path])
        #expect(run.status == 78)
        let lines = run.errors.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(directory.path)/power.events.yaml:10:13: at partitions: server-keyed topics must have the same partition count") })
        #expect(lines.contains("\(directory.path)/update.state.yaml:12:1: at replicationFacter: unknown key \"replicationFacter\" (did you mean \"replicationFactor\"?)"))
        #expect(lines.last == "2 problems in the topic declarations of \(directory.path)")
    }

    static let logger: Logger = {
        var logger = Logger(label: "topics-command-tests")
        logger.logLevel = .warning
        return logger
    }()

    @Test("apply against a cluster that has the topics already changes nothing and exits 0")
    func applyIsANoOpWhenTopicsExist() async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(brokers: 3, logger: Self.logger)

        for _ in 1...2 {
            let run = try await ChildProcess.run([
                "topics", "apply", "--dir", RepositoryFiles.topicsDirectory, "--brokers", cluster.bootstrapServers, "--timeout", "2",
            ])
            #expect(run.status == 0, "\(run.errors)")
            let lines = run.output.split(separator: "\n")
            let declared = try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.topicsDirectory).filter { $0.hasSuffix(".yaml") }
            #expect(lines.count == declared.count)
            #expect(lines.allSatisfy { $0.hasPrefix("unchanged ") })
        }
    }

    @Test("apply reports a conflicting topic, creates nothing and exits 1")
    func applyReportsConflicts() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3, logger: Self.logger)
        try await cluster.createTopic("power.events", partitions: 3)

        let run = try await ChildProcess.run([
            "topics", "apply", "--dir", RepositoryFiles.topicsDirectory, "--brokers", cluster.bootstrapServers, "--timeout", "2",
        ])
        #expect(run.status == 1)
        let lines = run.errors.split(separator: "\n").map(String.init)
        #expect(lines.contains("conflict power.events: differs: partitions: declared 12, on the broker 3"))
        #expect(lines.last == "topics apply: 1 topic on \(cluster.bootstrapServers) differs from its declaration; nothing was created")
        #expect(run.output.isEmpty)
    }

    @Test("list --brokers says which topics exist and match")
    func listComparesWithTheCluster() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3, logger: Self.logger)
        try await cluster.createTopic("server.lifecycle", partitions: 12)
        try await cluster.createTopic("power.events", partitions: 3)

        // The mock serves no DescribeConfigs: a short timeout keeps the wait for it short.
        let run = try await ChildProcess.run([
            "topics", "list", "--dir", RepositoryFiles.topicsDirectory, "--brokers", cluster.bootstrapServers, "--timeout", "2",
        ])
        #expect(run.status == 0, "\(run.errors)")
        let rows = run.output.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasSuffix("BROKER") == true)
        #expect(rows.contains { $0.hasPrefix("server.lifecycle") && $0.hasSuffix("ok (configs not readable, not compared)") })
        #expect(rows.contains { $0.hasPrefix("power.events") && $0.hasSuffix("differs: partitions: declared 12, on the broker 3") })
        #expect(rows.contains { $0.hasPrefix("power.commands") && $0.hasSuffix("missing") })
    }

    @Test("list and apply against the one-broker cluster `run` starts: its topics, replicated once, match with a note; apply creates nothing")
    func listAndApplyOnTheDevelopmentBroker() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: Self.logger)
        #expect(try await cluster.applyTopics(directory: RepositoryFiles.topicsDirectory, logger: Self.logger).succeeded)
        let list = try await ChildProcess.run([
            "topics", "list", "--dir", RepositoryFiles.topicsDirectory, "--brokers", cluster.bootstrapServers, "--timeout", "2",
        ])
        #expect(list.status == 0, "\(list.errors)")
        // A topic's row starts with its name; the lines under it list more of its events.
        let rows = list.output.split(separator: "\n").dropFirst().filter { $0.first?.isWhitespace == false }.map(String.init)
        let declared = try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.topicsDirectory).filter { $0.hasSuffix(".yaml") }.count
        #expect(declared > 0 && rows.count == declared, "\(declared) declared:\n\(list.output)")
        #expect(
            rows.allSatisfy { $0.hasSuffix("ok (configs not readable, not compared; replication factor 1, declared 3: the cluster has 1 broker)") },
            "\(list.output)")
        let apply = try await ChildProcess.run([
            "topics", "apply", "--dir", RepositoryFiles.topicsDirectory, "--brokers", cluster.bootstrapServers, "--timeout", "2",
        ])
        #expect(apply.status == 0, "\(apply.errors)")
        #expect(!apply.output.contains("created"), "\(apply.output)")
    }
}
