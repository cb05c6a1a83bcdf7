import Foundation
import MaintenancedTesting
import Testing

/// An operator points the configuration at a directory of topic declarations that is not
/// there (a typo, or a ConfigMap not mounted): `topics: {directory: /etc/maintenanced/topcis}`.
///
/// README.md: `maintenanced config check [FILE]` validates a configuration, and bad
/// configuration errors name the file, line and key (78); `run --help`: "Bad configuration
/// exits 78 and names the file, line and key". `config check` does check `state.directory`
/// this way ("… does not exist, nor does its parent …").
///
/// What happens: `config check` prints the effective configuration and exits 0 — the file is
/// called valid — and `run` with the same file exits 78 with `maintenanced run:
/// /nonexistent: cannot read the topics directory (is it there?)`, which names neither the
/// file, nor its line, nor the key `topics.directory`. `ServiceConfiguration.validationProblems`
/// checks only that `topics.directory` is not empty; the directory is first read by the
/// command (`TopicsDirectoryOptions`/`RunCommand`), outside the configuration's checks.
@Suite("config check and run: a topics.directory that does not exist is bad configuration naming file, line and key")
struct MissingTopicsDirectoryTests {
    @Test("config check exits 78 naming the file, line and key topics.directory; run says the same")
    func missingTopicsDirectory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("missing-topics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("maintenanced.yaml")
        let missing = folder.appendingPathComponent("topcis").path
        try "http:\n  port: 0\ntopics:\n  directory: \(missing)\n".write(to: file, atomically: true, encoding: .utf8)
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MAINTENANCED_") }
        let location = "\(file.path):4:14: at topics.directory"

        let check = try await ChildProcess.run(["config", "check", file.path], environment: environment)
        #expect(check.status == 78, "config check called it valid: \(check.status)\n\(check.output)")
        #expect(check.errors.contains(location), "\(check.errors)")

        let run = try await ChildProcess.run(["run", "--config", file.path], environment: environment)
        #expect(run.status == 78, "\(run.status): \(run.errors)")
        #expect(run.errors.contains(location), "\(run.errors.suffix(600))")
    }
}
