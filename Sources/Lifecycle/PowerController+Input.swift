extension PowerController {
    /// What the power controller consumes: server lifecycle events, power commands,
    /// BMC reports and ticks.
    public enum Input: Sendable, Codable, Hashable {
        /// The server was created (registered itself).
        case registered
        /// Its configuration is done.
        case configurationDone
        /// A reconfiguration was triggered.
        case reconfigurationTriggered
        /// The server registered itself or a poll reached it: online, or a heartbeat.
        case signOfLife
        /// The OS update of cycle `cycleID` (nil: the report named none) started applying.
        case updateStarted(cycleID: String?)
        /// The OS update finished applying; whether it needs a reboot to take effect.
        case updateFinished(requiresReboot: Bool, cycleID: String?)
        /// The OS update stopped without being applied: the detail leaves updating
        /// as for `updateFinished`, and the change says the update failed.
        case updateFailed(cycleID: String?)
        /// A power command from the scheduler, the update orchestrator or an operator.
        case command(PowerRequest)
        /// The BMC carried out the request with this id and sequence.
        case bmcSucceeded(requestID: String, sequence: Int)
        /// The BMC could not carry out the request.
        case bmcFailed(requestID: String, sequence: Int, reason: String)
        /// The BMC reports the power it sees.
        case powerObserved(PowerState)
        /// Time passes: decides timeouts due at `now`.
        case tick
    }

    /// What the power controller emits, in order.
    public enum Output: Sendable, Codable, Hashable {
        /// The status or detail changed (to `server.transitions`).
        case statusChanged(StatusChange)
        /// The observed power changed (to `server.transitions`); numbered like the status
        /// changes (one count for both), so a consumer knows a change sent again.
        case observedPowerChanged(PowerState, sequence: Int)
        /// A request for the BMC adapter (to `operator.requests`).
        case bmc(BMCRequest)
        /// The power command finished; the requester may continue.
        case operationCompleted(PowerRequest)
        /// The power command failed after its retries; the requester decides what next.
        case operationFailed(PowerRequest, reason: String)
    }

    /// The kind of an input, as the transition tables name it.
    public enum Trigger: Hashable, Sendable {
        case status(StatusTrigger)
        case power(PowerTrigger)
    }
}

/// A change of server status, with the trigger that caused it.
public struct StatusChange: Sendable, Codable, Hashable {
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
    /// The number of this change among the server's status changes (1, 2, …): a replayed
    /// change carries the number it had, so a consumer that saw it already knows it. Nil
    /// from changes made before the numbers existed.
    public var sequence: Int?

    /// Creates a change.
    public init(
        from: ServerCondition, to: ServerCondition, trigger: StatusTrigger, requiresReboot: Bool? = nil, updateFailed: Bool? = nil,
        cycleID: String? = nil, sequence: Int? = nil
    ) {
        self.from = from
        self.to = to
        self.trigger = trigger
        self.requiresReboot = requiresReboot
        self.updateFailed = updateFailed
        self.cycleID = cycleID
        self.sequence = sequence
    }
}

/// The triggers of the server status diagram.
public enum StatusTrigger: String, Sendable, Codable, Hashable, CaseIterable {
    case create, configurationDone, triggerReconfiguration, reboot, shutdown, unresponsive, online
    case signOfLife, updateStarted, updateFinished
}

/// The triggers of the power machine.
public enum PowerTrigger: String, Sendable, Codable, Hashable, CaseIterable {
    case powerOn, powerOff, reboot, bmcSucceeded, bmcFailed, online, timeout, observed
}
