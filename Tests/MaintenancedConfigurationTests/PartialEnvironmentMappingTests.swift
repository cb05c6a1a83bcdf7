import Foundation
import Testing

@testable import MaintenancedConfiguration

/// An operator sets the maintenance window from the environment, one variable at a time
/// (`MAINTENANCED_ROLES_SCHEDULER_WINDOW_START=22:00`), and forgets its length. The window is
/// a mapping with two required keys, so this configuration is rightly refused.
///
/// README.md and `config check --help`: every problem names the file, line and key, "or names
/// the environment variable" that set the value. What the problem says instead: without a
/// file, `1:1: at roles.scheduler.window: missing required key "length"` (a line and column
/// of no file); with a file that has no window at all, `maintenanced.yaml:2:1: at
/// roles.scheduler.window: …`, pointing at an unrelated line of the file (its first key).
/// `run` prints the same and exits 78. The variable that made the mapping is never named.
///
/// `ConfigurationLoader.problem(from:overrides:)` looks for the override whose path is a
/// prefix of the error's path; here the error's path (`roles.scheduler.window`) is a prefix of
/// the override's (`roles.scheduler.window.start`), so no variable is found and the synthetic
/// scalar's mark (line 1, column 1) or the parent mapping's mark is reported.
@Suite("loading the configuration: a mapping the environment made incomplete names its variable")
struct PartialEnvironmentMappingTests {
    private func load(file: String?, environment: [String: String]) throws -> LoadedConfiguration {
        try ConfigurationLoader(file: file, environment: environment).load()
    }

    private func problems(file text: String?, environment: [String: String]) throws -> [String] {
        let fixtures = try ConfigurationFixtures()
        defer { fixtures.remove() }
        let file = try text.map { try fixtures.write("maintenanced.yaml", $0) }
        do {
            _ = try load(file: file, environment: environment)
            Issue.record("expected a configuration error")
            return []
        } catch let error as ConfigurationError {
            return error.problems.map { $0.description.replacingOccurrences(of: #"^.*/maintenanced\.yaml"#, with: "maintenanced.yaml", options: .regularExpression) }
        }
    }

    @Test("MAINTENANCED_ROLES_SCHEDULER_WINDOW_START without a length: the problem names the variable, not 1:1")
    func withoutAFile() throws {
        let found = try problems(file: nil, environment: ["MAINTENANCED_ROLES_SCHEDULER_WINDOW_START": "22:00"])
        #expect(found.count == 1, "\(found)")
        #expect(found.allSatisfy { $0.hasPrefix("environment variable MAINTENANCED_ROLES_SCHEDULER_WINDOW_START: at roles.scheduler.window") }, "\(found)")
        #expect(!found.contains { $0.hasPrefix("1:1:") }, "\(found)")
    }

    @Test("the same with a file that has no window: the problem names the variable, not the file's first line")
    func withAFileThatHasNoWindow() throws {
        let found = try problems(file: "# the service\nhttp:\n  port: 9000\n", environment: ["MAINTENANCED_ROLES_SCHEDULER_WINDOW_START": "22:00"])
        #expect(found.count == 1, "\(found)")
        #expect(found.allSatisfy { $0.hasPrefix("environment variable MAINTENANCED_ROLES_SCHEDULER_WINDOW_START: at roles.scheduler.window") }, "\(found)")
        #expect(!found.contains { $0.hasPrefix("maintenanced.yaml:2:1") }, "\(found)")
    }
}
