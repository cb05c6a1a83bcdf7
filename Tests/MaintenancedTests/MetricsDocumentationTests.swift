import Events
import Foundation
import MaintenancedTesting
import Observability
import Processor
import Testing

/// The README's metrics table is what an operator reads: it must name every metric the
/// service exports, with its labels, and every value a bounded label takes.
@Suite("The README's metrics table")
struct MetricsDocumentationTests {
    /// The metrics table's row that names `metric`, split into its cells.
    static func row(of metric: String, in readme: String) -> [String]? {
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(of: "| metric | labels | what |") else { return nil }
        return lines[header...].prefix { $0.hasPrefix("|") }.first { $0.contains("`\(metric)`") }.map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    @Test("every metric has a row with its labels")
    func everyMetricHasARow() throws {
        let readme = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        for metric in MetricName.all {
            let cells = try #require(Self.row(of: metric.name, in: readme), "README.md has no row for \(metric.name)")
            #expect(cells.count >= 3 && cells[1] == metric.labels.joined(separator: ", "), "\(metric.name): \(cells)")
        }
    }

    /// The metrics whose `reason` label takes a fixed set of values, with those values.
    static let reasons: [(metric: MetricName, values: [String])] = [
        (MetricName.snapshotsSkipped, SnapshotReport.Skip.allCases.map(\.rawValue)),
        (MetricName.deadLetters, DeadLetter.Reason.allCases.map(\.rawValue)),
    ]

    @Test("every reason a partition gets no snapshot, and every dead-letter reason, is in the table and in the metric's help", arguments: reasons)
    func everyReason(metric: MetricName, values: [String]) throws {
        let readme = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        let row = try #require(Self.row(of: metric.name, in: readme)).joined(separator: "|")
        for reason in values {
            #expect(row.contains("`\(reason)`"), "README.md's row of \(metric.name) does not name \(reason)")
            #expect(metric.help.contains(reason), "the help of \(metric.name) does not name \(reason)")
        }
    }
}
