/// A change of server status, with the trigger that caused it.
public struct StatusChange: Sendable, Hashable {
    /// Before.
    public var from: ServerCondition
    /// After.
    public var to: ServerCondition
    /// What caused it.
    public var trigger: StatusTrigger
    /// For `updateFinished`: whether the update needs a reboot; nil otherwise.
    public var requiresReboot: Bool?
    /// For `updateFinished`: true when the update stopped without being applied; nil otherwise.
    public var updateFailed: Bool?
    /// For `updateStarted` and `updateFinished`: the update cycle the agent's report named, if any.
    public var cycleID: String?
    /// For `updateStarted` and `updateFinished`: the install request (`update-N-update-A`) the
    /// agent's report named, if any: which attempt of the cycle it answers.
    public var requestID: String?
    /// The number of this change among the server's status changes (1, 2, …): a replayed
    /// change carries the number it had, so a consumer that saw it already knows it. Nil
    /// from changes made before the numbers existed.
    public var sequence: Int?

    /// Creates a change.
    public init(
        from: ServerCondition, to: ServerCondition, trigger: StatusTrigger, requiresReboot: Bool? = nil, updateFailed: Bool? = nil,
        cycleID: String? = nil, requestID: String? = nil, sequence: Int? = nil
    ) {
        self.from = from
        self.to = to
        self.trigger = trigger
        self.requiresReboot = requiresReboot
        self.updateFailed = updateFailed
        self.cycleID = cycleID
        self.requestID = requestID
        self.sequence = sequence
    }
}
