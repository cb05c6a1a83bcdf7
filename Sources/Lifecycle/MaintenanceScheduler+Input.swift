extension MaintenanceScheduler {
    /// What the scheduler consumes: maintenance requests and reports, the claim, power
    /// answers, boot-config answers, lease requests and ticks.
    public enum Input: Sendable, Hashable {
        /// A maintenance operator created a `ServerMaintenance` for this server.
        case maintenanceRequested(MaintenanceRequest)
        /// Cancel a pending or the active maintenance.
        case cancel(MaintenanceID)
        /// The claim changed (nil: unclaimed); carries `ok-to-maintenance`.
        case claimChanged(Claim?)
        /// The claim's owner set `ok-to-maintenance` on it (`maintenance.approved`); `owner` names the claim it
        /// approves (nil: the approval named none). A change of the claim in the transition table.
        case approved(owner: String?)
        /// The power controller observed this power.
        case powerObserved(PowerState, sequence: Int? = nil)
        /// The power controller completed the scheduler's power request.
        case powerCompleted(requestID: String)
        /// The power controller gave up on it, or (`busy`) did not take it because another requester's
        /// command ran: nothing was done for it.
        case powerFailed(requestID: String, reason: String, busy: Bool = false)
        /// The boot-config operator applied the maintenance's boot configuration.
        case bootConfigurationReady(MaintenanceID)
        /// It could not.
        case bootConfigurationFailed(MaintenanceID, reason: String)
        /// It released the boot configuration.
        case bootConfigurationReleased(MaintenanceID)
        /// The maintenance operator finished the work.
        case maintenanceCompleted(MaintenanceID)
        /// The maintenance operator failed.
        case maintenanceFailed(MaintenanceID, reason: String)
        /// The update orchestrator asks for the disruption lease.
        case leaseRequested(requestID: String)
        /// It gives the lease back or withdraws its request.
        case leaseReleased(requestID: String)
        /// Time passes: decides timeouts due and the window at `now`.
        case tick
    }

    /// What the scheduler emits, in order.
    public enum Output: Sendable, Hashable {
        /// A `ServerMaintenance` changed state (to `server.transitions`).
        case maintenanceStateChanged(MaintenanceTransition)
        /// The server's operational state changed (to `server.transitions`).
        case operationalStateChanged(from: OperationalState, to: OperationalState)
        /// Ask the claim's owner for approval (`maintenance-needed`).
        case maintenanceNeeded(MaintenanceID)
        /// A power command for the power controller.
        case power(PowerRequest)
        /// Ask the boot-config operator to apply the maintenance's boot configuration.
        case requestBootConfiguration(MaintenanceID, bootConfiguration: String)
        /// Ask it to release it.
        case releaseBootConfiguration(MaintenanceID, bootConfiguration: String)
        /// The server is prepared; the maintenance operator may do its work.
        case maintenanceReady(MaintenanceID)
        /// The update orchestrator may disrupt the server.
        case leaseGranted(requestID: String)
        /// Powering the server back on after the run failed.
        case powerRestoreFailed(reason: String)
    }

    /// The kind of an input as the transition table names it.
    public enum Trigger: String, Hashable, Sendable, CaseIterable {
        case maintenanceRequested, cancel, claimChanged, powerObserved, powerCompleted, powerFailed
        case bootConfigurationReady, bootConfigurationFailed, bootConfigurationReleased
        case maintenanceCompleted, maintenanceFailed, leaseRequested, leaseReleased, timeout
    }

    /// The table trigger of `input`.
    public static func trigger(of input: Input) -> Trigger {
        switch input {
        case .maintenanceRequested: .maintenanceRequested
        case .cancel: .cancel
        case .claimChanged, .approved: .claimChanged
        case .powerObserved: .powerObserved
        case .powerCompleted: .powerCompleted
        case .powerFailed: .powerFailed
        case .bootConfigurationReady: .bootConfigurationReady
        case .bootConfigurationFailed: .bootConfigurationFailed
        case .bootConfigurationReleased: .bootConfigurationReleased
        case .maintenanceCompleted: .maintenanceCompleted
        case .maintenanceFailed: .maintenanceFailed
        case .leaseRequested: .leaseRequested
        case .leaseReleased: .leaseReleased
        case .tick: .timeout
        }
    }
}
