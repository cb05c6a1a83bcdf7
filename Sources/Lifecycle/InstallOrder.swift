/// An OS-update install's place among a server's installs, read from the ids the update
/// orchestrator gives them: the cycle `update-N` (N counts the server's cycles, announced
/// updates and operator retries, and only grows) and the install request `update-N-update-K`
/// (K counts the cycle's attempts). The OS updater's reports echo both, so the power
/// controller can tell a copy of an earlier install's report from a report of a newer one
/// without knowing which install the orchestrator asks for now. Ids of another form (an
/// install nobody asked for, an updater that echoes nothing) have no place: `init` is nil.
struct InstallOrder: Sendable, Hashable {
    /// N of the cycle `update-N`.
    var cycle: Int
    /// K of the install request `update-N-update-K`; nil when the report named no request (or one of another form).
    var attempt: Int?

    /// The place of the install a report names, nil when its cycle id is not `update-N`.
    init?(cycleID: String?, requestID: String?) {
        guard let cycleID, let cycle = Self.number(after: "update-", in: cycleID) else { return nil }
        self.cycle = cycle
        self.attempt = requestID.flatMap { Self.number(after: "\(cycleID)-update-", in: $0) }
    }

    /// The place of an install request `update-N-update-K` alone (its cycle is part of it).
    init?(requestID: String?) {
        guard let requestID, requestID.hasPrefix("update-") else { return nil }
        let cycleDigits = requestID.dropFirst("update-".count).prefix { $0 != "-" }
        self.init(cycleID: "update-\(cycleDigits)", requestID: requestID)
        guard attempt != nil else { return nil }
    }

    /// Whether this install came before `newest`: an earlier cycle, or an earlier attempt of the
    /// same cycle (when both name their attempt). A report that names no attempt is not earlier
    /// than another of its cycle: nothing says which attempt it is.
    func precedes(_ newest: InstallOrder) -> Bool {
        if cycle != newest.cycle { return cycle < newest.cycle }
        guard let attempt, let newestAttempt = newest.attempt else { return false }
        return attempt < newestAttempt
    }

    /// Whether this install came after `other`: a later cycle, or a later attempt of the same cycle
    /// than one that named none or an earlier one.
    func follows(_ other: InstallOrder) -> Bool {
        if cycle != other.cycle { return cycle > other.cycle }
        guard let attempt else { return false }
        return attempt > (other.attempt ?? 0)
    }

    /// The decimal number `text` has after `prefix`, nil when it has another form.
    private static func number(after prefix: String, in text: String) -> Int? {
        guard text.hasPrefix(prefix) else { return nil }
        let digits = text.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return Int(digits)
    }
}
