import Events

/// The `-o table` output of `maintenanced get`, from the API's JSON answers. Times are
/// spans from `now` (the reader's clock, milliseconds since the epoch): a time of day alone
/// would not say which day, nor in which zone.
public enum StatusTable {
    /// `get servers`: one line per server, its waits in the last columns. EVACUATION is the
    /// update orchestrator's maintenance state (`maintenanceState`: not in maintenance,
    /// evacuating, …), named apart from the scheduler's maintenances.
    public static func servers(_ answer: JSONValue, now: Int64) -> [String] {
        var rows = [["SERVER", "STATUS", "OPERATIONAL", "EVACUATION", "UPDATE", "STUCK", "WAITS FOR (ROLE STEP ATTEMPT, SINCE, DEADLINE)"]]
        for server in answer["servers"]?.arrayValue ?? [] {
            let waits = (server["waits"]?.arrayValue ?? []).map { waitText($0, now: now) }
            rows.append([
                text(server["id"]), text(server["status"]), text(server["operational"]), text(server["maintenanceState"]),
                text(server["updateState"]), server["stuck"]?.boolValue == true ? "yes" : "no", waits.isEmpty ? "-" : waits.joined(separator: "; "),
            ])
        }
        var lines = align(rows)
        if let next = answer["next"]?.intValue { lines.append("(more: --offset \(next); \(text(answer["total"])) in all)") }
        for (role, reason) in answer["unavailable"]?.objectValue?.members ?? [] { lines.append("warning: \(role) state incomplete: \(text(reason))") }
        return lines
    }

    /// `get server ID`: its states, maintenances, waits, why it is stuck, recent transitions.
    public static func server(_ server: JSONValue, now: Int64) -> [String] {
        var lines = [
            "server:       \(text(server["id"]))",
            "status:       \(text(server["status"])) (power observed \(text(server["power"]?["observed"])), desired \(text(server["power"]?["desired"]))"
                + (server["power"]?["boot"]?.stringValue.map { ", boot \($0)\(server["power"]?["bootEnded"]?.boolValue == true ? " (ended)" : "")" } ?? "") + ")",
            "operational:  \(text(server["operational"]))" + Self.claim(server["claim"]),
            "evacuation:   \(text(server["maintenanceState"])) (maintenance state)",
            "update:       \(text(server["updateState"]))" + (server["cluster"]?.stringValue.map { " (cluster \($0))" } ?? ""),
            "stuck:        \(server["stuck"]?.boolValue == true ? "yes" : "no")",
        ]
        for reason in server["stuckReasons"]?.arrayValue ?? [] { lines.append("  - \(text(reason))") }
        let waits = server["waits"]?.arrayValue ?? []
        lines.append("waits:" + (waits.isEmpty ? "        none" : ""))
        for wait in waits {
            lines.append("  \(text(wait["role"])) \(text(wait["step"])): \(text(wait["waitsFor"]))")
            lines.append(
                "    since \(text(wait["since"])) (\(relative(wait["since"], now: now))), until \(text(wait["until"])) (\(relative(wait["until"], now: now))), "
                    + "attempt \(text(wait["attempt"])) of \(text(wait["attempts"]))")
        }
        let maintenances = server["maintenances"]?.arrayValue ?? []
        lines.append("maintenances:" + (maintenances.isEmpty ? " none queued" : ""))
        for maintenance in maintenances {
            lines.append("  \(text(maintenance["namespace"]))/\(text(maintenance["name"])) \(text(maintenance["type"])) priority \(text(maintenance["priority"])): \(text(maintenance["status"]))")
        }
        let owners = (server["owners"]?.objectValue?.members ?? []).map { "\($0.key) \(text($0.value))" }
        if !owners.isEmpty { lines.append("answered by:  " + owners.joined(separator: ", ")) }
        let transitions = server["transitions"]?.arrayValue ?? []
        lines.append("recent transitions:" + (transitions.isEmpty ? " none seen" : ""))
        for entry in transitions { lines.append("  \(text(entry["time"])) \(text(entry["role"])): \(text(entry["summary"]))") }
        return lines
    }

    /// `get clusters`.
    public static func clusters(_ answer: JSONValue) -> [String] {
        var rows = [["CLUSTER", "ROLLOUT", "HELD/MAX", "HOLDERS", "QUEUED"]]
        for cluster in answer["clusters"]?.arrayValue ?? [] {
            let holders = (cluster["holders"]?.arrayValue ?? []).map(text)
            let queue = (cluster["queue"]?.arrayValue ?? []).map(text)
            rows.append([
                text(cluster["id"]), text(cluster["phase"]), "\(holders.count)/\(text(cluster["maxUnavailable"]))",
                holders.isEmpty ? "-" : holders.joined(separator: ","), queue.isEmpty ? "-" : queue.joined(separator: ","),
            ])
        }
        return align(rows)
    }

    /// One wait in a cell: `update update 1/2, since 6m05s ago, deadline in 53m55s`.
    static func waitText(_ wait: JSONValue, now: Int64) -> String {
        "\(text(wait["role"])) \(text(wait["step"])) \(text(wait["attempt"]))/\(text(wait["attempts"])), "
            + "since \(relative(wait["since"], now: now)), deadline \(relative(wait["until"], now: now))"
    }

    /// An RFC 3339 value as a span from `now`: `6m05s ago`, `in 1d02h`, `now`; the value as
    /// written when it is not a time.
    static func relative(_ value: JSONValue?, now: Int64) -> String {
        guard let written = value?.stringValue, let time = RFC3339.parse(written) else { return text(value) }
        if abs(time - now) < 1000 { return "now" }
        return time < now ? "\(StatusText.span(now - time)) ago" : "in \(StatusText.span(time - now))"
    }

    /// " (claimed by OWNER, ok-to-maintenance yes|no)" for a claimed server, "" otherwise.
    static func claim(_ claim: JSONValue?) -> String {
        guard let claim, claim != .null else { return "" }
        let owner = claim["owner"]?.stringValue.map { " by \($0)" } ?? ""
        return " (claimed\(owner), ok-to-maintenance \(claim["okToMaintenance"]?.boolValue == true ? "yes" : "no"))"
    }

    static func text(_ value: JSONValue?) -> String {
        guard let value else { return "-" }
        switch value {
        case .string(let string): return string
        case .int(let int): return String(int)
        case .bool(let bool): return String(bool)
        case .null: return "-"
        default: return JSONWriter.string(value)
        }
    }

    /// Columns padded to their widest cell; the last column is not padded.
    static func align(_ rows: [[String]]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
    }
}
