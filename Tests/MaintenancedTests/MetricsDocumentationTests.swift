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

    @Test("every reason a partition gets no snapshot is in the table and in the metric's help")
    func everySnapshotSkipReason() throws {
        let readme = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        let row = try #require(Self.row(of: MetricName.snapshotsSkipped.name, in: readme)).joined(separator: "|")
        for reason in SnapshotReport.Skip.allCases {
            #expect(row.contains("`\(reason.rawValue)`"), "README.md's row does not name \(reason.rawValue)")
            #expect(MetricName.snapshotsSkipped.help.contains(reason.rawValue), "the help does not name \(reason.rawValue)")
        }
    }
}
