extension PowerController {
    /// What the power controller consumes: server lifecycle events, power commands,
    /// BMC reports and ticks.
    public enum Input: Sendable, Hashable {
        /// The server was created (registered itself); `boot` is the boot it registered from (`bootId`),
        /// nil when it names none: the first boot the controller knows of the server.
        case registered(boot: String? = nil)
        /// Its configuration is done.
        case configurationDone
        /// A reconfiguration was triggered.
        case reconfigurationTriggered
        /// The server registered itself or a poll reached it: online, or a heartbeat; `boot` is the boot it
        /// comes from as the agent names it (`bootId`), nil when it names none.
        case signOfLife(boot: String? = nil)
        /// The OS update of cycle `cycleID` (nil: the report named none) started applying, answering
        /// the install request `requestID` (nil: the report named none).
        /// `boot`: the boot the install runs in, as the updater names it (`bootId`), nil when it names none.
        case updateStarted(cycleID: String?, requestID: String? = nil, boot: String? = nil)
        /// The OS update finished applying; whether it needs a reboot to take effect.
        case updateFinished(requiresReboot: Bool, cycleID: String?, requestID: String? = nil)
        /// The OS update stopped without being applied: the detail leaves updating
        /// as for `updateFinished`, and the change says the update failed.
        case updateFailed(cycleID: String?, requestID: String? = nil)
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
    public enum Output: Sendable, Hashable {
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
        /// The power command was not taken: another command (`running`) is carried out, one at a time.
        /// Nothing was done for it; it is answered failed (`busyReason`), so its requester's wait ends by
        /// a matched answer and the requester's retry budget decides what follows. The command counts as
        /// failed: a copy of it is a duplicate (PROTOCOL §4, `BusyPowerCommandAnsweredTests`).
        case operationBusy(PowerRequest, running: PowerRequest)
    }

    /// The reason a command refused while `running` is carried out is answered with: busy, and what runs
    /// (its operation and BMC request id, which names its requester).
    public static func busyReason(running: PowerRequest) -> String {
        "busy: \(running.kind.rawValue) \(running.bmcRequestID) runs"
    }

    /// The kind of an input, as the transition tables name it.
    public enum Trigger: Hashable, Sendable {
        case status(StatusTrigger)
        case power(PowerTrigger)
    }
}
