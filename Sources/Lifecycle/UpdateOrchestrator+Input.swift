extension UpdateOrchestrator {
    /// What the orchestrator consumes: the power controller's status changes, the
    /// operators' reports, grants, power answers and ticks.
    public enum Input: Sendable, Hashable {
        /// A status change from the power controller (its `statusChanged` output).
        case serverStatus(StatusChange)
        /// An OS update is available for the server.
        case updateAvailable
        /// The OS-update operator could not apply the update of cycle `cycleID` (nil: it named none),
        /// answering the install request `requestID` (nil: it named none).
        case updateFailed(cycleID: String?, reason: String, requestID: String? = nil)
        /// The scheduler granted the disruption lease with this request id.
        case leaseGranted(requestID: String)
        /// The rollout of `cluster` granted a slot to the request `requestID` (nil: a grant of an
        /// older version, which named no request).
        case slotGranted(requestID: String?, cluster: String)
        /// Incus reported the evacuation `requestID` completed (lifecycle event).
        case evacuationCompleted(requestID: String)
        /// Incus reported the evacuation `requestID` failed.
        case evacuationFailed(requestID: String, reason: String)
        /// Incus reported the restore `requestID` completed (lifecycle event).
        case restoreCompleted(requestID: String)
        /// Incus reported the restore `requestID` failed.
        case restoreFailed(requestID: String, reason: String)
        /// The power controller completed the reboot request.
        case powerCompleted(requestID: String)
        /// The power controller gave up on the reboot request, or (`busy`) did not take it because another
        /// requester's command ran: nothing was done for it.
        case powerFailed(requestID: String, reason: String, busy: Bool = false)
        /// The server joined (non-nil) or left (nil) an Incus cluster.
        case clusterMembership(String?)
        /// An operator asks to resume a failed cycle at the step that failed, with a fresh budget.
        case retry
        /// Time passes: decides timeouts due at `now`.
        case tick
    }

    /// What the orchestrator emits, in order.
    public enum Output: Sendable, Hashable {
        /// The derived update state changed (to `server.transitions`); `reason` for `failed`.
        case updateStateChanged(from: UpdateState, to: UpdateState, reason: String?)
        /// The maintenance (evacuation) state changed (to `server.transitions`).
        case maintenanceStateChanged(from: MaintenanceState, to: MaintenanceState)
        /// Ask the OS-update operator to apply the update; its reports echo `cycleID`.
        case triggerUpdate(requestID: String, cycleID: String)
        /// Ask the Incus adapter to evacuate the server.
        case evacuate(requestID: String)
        /// Ask the Incus adapter to restore the server.
        case restore(requestID: String)
        /// A power command for the power controller (the reboot).
        case power(PowerRequest)
        /// Ask the scheduler for the disruption lease.
        case requestLease(requestID: String)
        /// Give the disruption lease back (or withdraw the request).
        case releaseLease(requestID: String)
        /// Ask the cluster's rollout for a slot.
        case requestSlot(clusterID: String, requestID: String)
        /// Give the slot back (or withdraw the request).
        case releaseSlot(clusterID: String)
    }

    /// The kind of an input as the transition table names it; `decision` marks the
    /// orchestrator's own steps (evacuation or restore triggered).
    public enum Trigger: Hashable, Sendable {
        case status(StatusTrigger)
        case updateAvailable, updateFailed, leaseGranted, slotGranted
        case evacuationCompleted, evacuationFailed, restoreCompleted, restoreFailed
        case powerCompleted, powerFailed, clusterMembership, retry, timeout, decision
    }

    /// The table trigger of `input`.
    public static func trigger(of input: Input) -> Trigger {
        switch input {
        case let .serverStatus(change): .status(change.trigger)
        case .updateAvailable: .updateAvailable
        case .updateFailed: .updateFailed
        case .leaseGranted: .leaseGranted
        case .slotGranted: .slotGranted
        case .evacuationCompleted: .evacuationCompleted
        case .evacuationFailed: .evacuationFailed
        case .restoreCompleted: .restoreCompleted
        case .restoreFailed: .restoreFailed
        case .powerCompleted: .powerCompleted
        case .powerFailed: .powerFailed
        case .clusterMembership: .clusterMembership
        case .retry: .retry
        case .tick: .timeout
        }
    }
}
