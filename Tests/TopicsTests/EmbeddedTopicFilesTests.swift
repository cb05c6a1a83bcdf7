import Foundation
import Testing
import Topics
import YAML

/// The declarations built into the binary against the repository's topics/.
@Suite("Embedded topic declarations")
struct EmbeddedTopicFilesTests {
    static let regenerate = "Sources/Topics/EmbeddedTopicFiles.swift differs from topics/: regenerate it with scripts/embed-topics"

    /// The file names and texts of topics/*.yaml (and *.yml), sorted by name.
    static func repositoryFiles() throws -> [(name: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: TopicCatalogTests.topicsDirectory)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        return try names.map { name in
            (name, try String(contentsOfFile: TopicCatalogTests.topicsDirectory + "/" + name, encoding: .utf8))
        }
    }

    @Test("the embedded declarations are exactly topics/*.yaml, byte for byte")
    func embeddedFilesAreTheRepositorys() throws {
        let repository = try Self.repositoryFiles()
        #expect(EmbeddedTopicFiles.all.map(\.name) == repository.map(\.name), "\(Self.regenerate)")
        for (name, text) in repository {
            let embedded = EmbeddedTopicFiles.all.first { $0.name == name }?.text
            #expect(embedded == text, "\(name): \(Self.regenerate)")
        }
    }

    @Test("the embedded catalog is valid and declares what the directory declares")
    func embeddedCatalogMatchesTheDirectory() throws {
        let embedded = TopicCatalog.embedded()
        #expect(embedded.problems.map(\.description) == [])
        let directory = try TopicCatalog.load(directory: TopicCatalogTests.topicsDirectory)
        #expect(embedded.specs == directory.specs, "\(Self.regenerate)")
        #expect(embedded.files.first?.path.hasPrefix(TopicCatalog.embeddedPathPrefix) == true)
        #expect(try TopicCatalog.load(from: TopicSource(directory: nil)).specs == embedded.specs)
        #expect(try TopicCatalog.load(from: TopicSource(directory: TopicCatalogTests.topicsDirectory)).specs == directory.specs)
    }

    @Test("texts are decoded and validated as a directory's files are: the same problems, at the same places")
    func textsAreValidatedLikeADirectory() throws {
        var files = try Self.repositoryFiles()
        for index in files.indices {
            if files[index].name == "power.events.yaml" {
                files[index].text = files[index].text.replacingOccurrences(of: "partitions: 12", with: "partitions: 8")
            }
            if files[index].name == "update.state.yaml" {
                files[index].text = files[index].text.replacingOccurrences(of: "replicationFactor:", with: "replicationFacter:")
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("topics-texts-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, text) in files {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }

        let fromDirectory = try TopicCatalog.load(directory: directory)
        let fromTexts = TopicCatalog.load(texts: files.map { ("embedded:topics/" + $0.name, $0.text) })
        #expect(fromTexts.problems.count == 2)
        #expect(fromTexts.problems.map(\.description) == fromDirectory.problems.map {
            $0.description.replacingOccurrences(of: directory + "/", with: "embedded:topics/")
        })
        #expect(fromTexts.problems.contains { $0.description.hasPrefix("embedded:topics/power.events.yaml:10:13: at partitions:") })
        #expect(fromTexts.specs == fromDirectory.specs)
    }
}
