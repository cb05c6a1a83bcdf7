import Foundation
import Kafka
import KafkaTopics
import MaintenancedTesting
import Testing

/// kcat, where `scripts/setup` installed it.
private let kcat = ["/usr/bin/kcat", "/usr/local/bin/kcat"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// The built `maintenanced` run as a new user or a container runs it: from a folder with no
/// topics/ beside it, on the declarations and schemas it carries.
@Suite("maintenanced from an empty folder", .timeLimit(.minutes(2)))
struct AnyFolderTests {
    /// A new empty folder, removed after `body`.
    static func inEmptyFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    /// Name and partition count of each topics/*.yaml of the repository, read from the files' own lines.
    static func repositoryTopics() throws -> [String: Int] {
        var topics: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.topicsDirectory) where name.hasSuffix(".yaml") {
            let lines = try String(contentsOfFile: RepositoryFiles.topicsDirectory + "/" + name, encoding: .utf8).split(separator: "\n")
            let topic = try #require(lines.first { $0.hasPrefix("name: ") }).dropFirst("name: ".count)
            let partitions = try #require(lines.first { $0.hasPrefix("partitions: ") }.flatMap { Int($0.dropFirst("partitions: ".count)) })
            topics[String(topic)] = partitions
        }
        return topics
    }

    /// `kcat -L -J`: the cluster's metadata as JSON.
    static func kcatMetadata(_ bootstrap: String) async throws -> Data {
        let run = try await ChildProcess.run(["-b", bootstrap, "-L", "-J", "-m", "10"], executable: URL(fileURLWithPath: kcat!))
        #expect(run.status == 0)
        return Data(run.output.utf8)
    }

    /// Every topic of the repository's topics/*.yaml is on the cluster at `bootstrap` with its partition count (kcat -L).
    static func expectEveryDeclaredTopic(on bootstrap: String) async throws {
        let json = try #require(try JSONSerialization.jsonObject(with: await kcatMetadata(bootstrap)) as? [String: Any])
        let listed = (json["topics"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) { topics, topic in
            if let name = topic["topic"] as? String { topics[name] = (topic["partitions"] as? [Any])?.count }
        }
        let declared = try repositoryTopics()
        #expect(declared.count >= 13)
        for (topic, partitions) in declared.sorted(by: { $0.key < $1.key }) {
            #expect(listed[topic] == partitions, "\(topic): declared with \(partitions) partitions, the broker lists \(String(describing: listed[topic]))")
        }
    }

    @Test("broker --declared-topics from an empty folder creates every declared topic", .enabled(if: kcat != nil, "kcat is not installed"))
    func brokerWithDeclaredTopics() async throws {
        try await Self.inEmptyFolder { folder in
            let broker = try ChildProcess("broker", ["broker", "--stop-on-end-of-input", "--declared-topics"], directory: folder)
            try await waitUntil("the broker's bootstrap line") { broker.lines.first?.hasPrefix("bootstrap=") == true || !broker.isRunning }
            let bootstrap = String(try #require(broker.lines.first, "\(broker.standardError)").dropFirst("bootstrap=".count))
            try await Self.expectEveryDeclaredTopic(on: bootstrap)
            try broker.closeInput()
            #expect(try await broker.exitStatus() == 0)
        }
    }

    @Test(
        "run from an empty folder, with a configuration file that names no brokers (http.port 0 only), starts its embedded broker with every declared topic and exits 0 on SIGTERM",
        .enabled(if: kcat != nil, "kcat is not installed"))
    func runFromAnEmptyFolder() async throws {
        // The file sets the port alone: kafka.bootstrapServers keeps its default, which is no broker
        // to connect to (it used to be taken as one because a file was given).
        let configuration = FileManager.default.temporaryDirectory.appendingPathComponent("maintenanced-\(UUID().uuidString).yaml")
        try "http:\n  port: 0\n".write(to: configuration, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: configuration) }
        try await Self.inEmptyFolder { folder in
            let instance = try ChildProcess("run", ["run", "--stop-on-end-of-input", "--config", configuration.path], directory: folder)
            do {
                try await waitUntil("the bootstrap and http lines") { instance.lines.count >= 2 || !instance.isRunning }
                let bootstrapLine = try #require(instance.lines.first, "no output; exit \(String(describing: instance.status))")
                #expect(bootstrapLine.hasPrefix("bootstrap="))
                #expect(instance.lines.contains { $0.hasPrefix("http=") })
                let bootstrap = String(bootstrapLine.dropFirst("bootstrap=".count))

                try await Self.expectEveryDeclaredTopic(on: bootstrap)

                instance.terminate()
                #expect(try await instance.exitStatus() == 0, "\(instance.standardError)")
                #expect(!instance.endedBySignal)
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "run wrote into its working directory")
            } catch {
                Issue.record("maintenanced run standard error:\n\(instance.standardError)")
                throw error
            }
        }
    }

    @Test("topics check from an empty folder validates the built-in declarations; --topics-dir still reads a directory")
    func topicsCheckFromAnEmptyFolder() async throws {
        try await Self.inEmptyFolder { folder in
            let builtIn = try await ChildProcess.run(["topics", "check"], in: folder)
            #expect(builtIn.status == 0, "\(builtIn.errors)")
            #expect(builtIn.output == "\(try Self.repositoryTopics().count) built-in topic declarations are valid\n")

            let directory = try await ChildProcess.run(["topics", "check", "--topics-dir", RepositoryFiles.topicsDirectory], in: folder)
            #expect(directory.status == 0, "\(directory.errors)")
            #expect(directory.output.contains("topic declarations in \(RepositoryFiles.topicsDirectory) are valid"))

            let missing = try await ChildProcess.run(["topics", "check", "--dir", "topics"], in: folder)
            #expect(missing.status == 78)
            #expect(missing.errors.contains("cannot read the topics directory"))
        }
    }

    @Test("topics apply from an empty folder compares the built-in declarations with a cluster")
    func topicsApplyFromAnEmptyFolder() async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(brokers: 3, logger: TopicsCommandTests.logger)
        try await Self.inEmptyFolder { folder in
            let run = try await ChildProcess.run(["topics", "apply", "--brokers", cluster.bootstrapServers, "--timeout", "2"], in: folder)
            #expect(run.status == 0, "\(run.errors)")
            let lines = run.output.split(separator: "\n").map(String.init).sorted()
            #expect(lines == (try Self.repositoryTopics()).keys.sorted().map { "unchanged \($0)" })
        }
    }

    @Test("events schemas from an empty folder writes the schemas of topics/schemas")
    func eventsSchemasFromAnEmptyFolder() async throws {
        try await Self.inEmptyFolder { folder in
            let run = try await ChildProcess.run(["events", "schemas"], in: folder)
            #expect(run.status == 0, "\(run.errors)")
            let repository = RepositoryFiles.root.appendingPathComponent("topics/schemas").path
            let written = folder.appendingPathComponent("topics/schemas").path
            let names = try FileManager.default.contentsOfDirectory(atPath: repository).filter { $0.hasSuffix(".json") }.sorted()
            #expect(try FileManager.default.contentsOfDirectory(atPath: written).sorted() == names)
            for name in names {
                #expect(FileManager.default.contents(atPath: written + "/" + name) == FileManager.default.contents(atPath: repository + "/" + name), "\(name)")
            }
        }
    }

    @Test("--version is the Helm chart's appVersion, the tag of the image the chart deploys by default")
    func versionIsTheChartsAppVersion() async throws {
        let chart = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("helm/maintenanced/Chart.yaml"), encoding: .utf8)
        let line = try #require(chart.split(separator: "\n").first { $0.hasPrefix("appVersion:") })
        let appVersion = line.dropFirst("appVersion:".count).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        try await Self.inEmptyFolder { folder in
            let run = try await ChildProcess.run(["--version"], in: folder)
            #expect(run.status == 0)
            #expect(run.output == appVersion + "\n")
        }
    }
}
