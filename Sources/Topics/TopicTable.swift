/// The declared topics as a plain-text table for people: name, partitions,
/// replication factor, cleanup policy, key, event types, and optionally the
/// state on a broker. Event types go one a line.
public struct TopicTable: Sendable {
    public var specs: [TopicSpec]
    /// Per topic name, what the broker says (`ok`, `missing`, what differs);
    /// `nil` for no broker column.
    public var brokerStatus: [String: [String]]?

    public init(specs: [TopicSpec], brokerStatus: [String: [String]]? = nil) {
        self.specs = specs
        self.brokerStatus = brokerStatus
    }

    /// The table, with a header line and columns padded to their widest cell.
    public func render() -> String {
        var header = ["NAME", "PARTITIONS", "RF", "CLEANUP", "KEY", "EVENTS"]
        if brokerStatus != nil { header.append("BROKER") }
        var rows = [header]
        for spec in specs {
            let status = brokerStatus.map { $0[spec.name] ?? ["?"] } ?? []
            let lines = max(spec.events.count, status.count, 1)
            for line in 0..<lines {
                var row = line == 0
                    ? [spec.name, "\(spec.partitions)", "\(spec.replicationFactor)", spec.cleanupPolicy.rawValue, spec.key.rawValue]
                    : ["", "", "", "", ""]
                row.append(line < spec.events.count ? spec.events[line] : "")
                if brokerStatus != nil { row.append(line < status.count ? status[line] : "") }
                rows.append(row)
            }
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(to: widths[column])
            }.joined(separator: "  ")
        }.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }

    fileprivate var trailingSpacesRemoved: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
