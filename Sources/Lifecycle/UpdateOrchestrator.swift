/// The update orchestrator's state for one server: its view of the server status,
/// the maintenance (evacuation) state, the update facts and the step it waits for.
///
/// The update state is computed from these (`updateState`), never stored apart.
/// Disruptive steps need the scheduler's disruption lease and, for a clustered Incus
/// member, a rollout slot of its cluster.
public struct UpdateOrchestrator: Sendable, Hashable, SharesSettings {
    /// Time limits and retry budgets of the update cycle's steps.
    public struct Settings: Sendable, Hashable {
        /// From triggering the update until it finished applying.
        public var update: RetryPolicy
        /// Waiting for the server to be ready before a step that needs it.
        public var serverReady: RetryPolicy
        /// Waiting for the scheduler's disruption lease.
        public var lease: RetryPolicy
        /// Waiting for the cluster's rollout slot.
        public var slot: RetryPolicy
        /// From triggering evacuation until the evacuation completed event.
        public var evacuation: RetryPolicy
        /// From triggering the reboot until the server is online again.
        public var reboot: RetryPolicy
        /// From triggering restore until the restore completed event.
        public var restore: RetryPolicy

        /// Creates settings; the defaults suit an Incus cluster member.
        public init(
            update: RetryPolicy = RetryPolicy(timeout: .minutes(60), attempts: 2),
            serverReady: RetryPolicy = RetryPolicy(timeout: .minutes(30), attempts: 4),
            lease: RetryPolicy = RetryPolicy(timeout: .hours(6), attempts: 4),
            slot: RetryPolicy = RetryPolicy(timeout: .hours(6), attempts: 4),
            evacuation: RetryPolicy = RetryPolicy(timeout: .minutes(30), attempts: 2),
            reboot: RetryPolicy = RetryPolicy(timeout: .minutes(30), attempts: 2),
            restore: RetryPolicy = RetryPolicy(timeout: .minutes(30), attempts: 2)
        ) {
            self.update = update
            self.serverReady = serverReady
            self.lease = lease
            self.slot = slot
            self.evacuation = evacuation
            self.reboot = reboot
            self.restore = restore
        }

        /// The policy of `step`.
        public func policy(of step: UpdateStep) -> RetryPolicy {
            switch step {
            case .update: update
            case .serverReady: serverReady
            case .lease: lease
            case .slot: slot
            case .evacuation: evacuation
            case .reboot: reboot
            case .restore: restore
            }
        }
    }

    /// Why the cycle failed and at which step; `retry` resumes it there.
    public struct Failure: Sendable, Hashable {
        /// The step that gave up.
        public var step: UpdateStep
        /// Why.
        public var reason: String
        /// True when the install timed out without a report: it may still run, so the
        /// cycle keeps the disruption lease until the server reports the update ended, the
        /// server goes offline (which ends an install whose start was reported, `installStarted`)
        /// or an operator retries. Also true when the install was interrupted once too often and
        /// its last request was never reported started: the updater may still read it. Nil (false) otherwise.
        public var installMayRun: Bool?
        /// True when the step that gave up watched an install the server started on its own (no update
        /// announced, no cycle: the service asked for nothing and holds nothing for it). Nothing the service
        /// started failed, so an update announced starts its cycle at once instead of waiting for a person's
        /// retry (PROTOCOL §1). Nil (false) otherwise, and in a failure written before the field existed.
        public var watchedInstall: Bool?

        public init(step: UpdateStep, reason: String, installMayRun: Bool?, watchedInstall: Bool? = nil) {
            self.step = step
            self.reason = reason
            self.installMayRun = installMayRun
            self.watchedInstall = watchedInstall
        }
    }

    /// The settings as one value every server's state shares (`SharesSettings`): the role's logic
    /// gives each state its (`UpdateLogic`), so the states hold one reference to them instead of a copy each.
    public var sharedSettings = Self.defaultSettings
    /// The default settings, shared by every state decoded before the logic configures it.
    static let defaultSettings = SharedValue(Settings())

    /// The Incus cluster the server is a member of; nil when it is not clustered.
    public internal(set) var clusterID: String?
    /// The server status as the power controller last reported it.
    public internal(set) var server: ServerCondition
    /// Whether an OS update is available and not applied yet.
    public internal(set) var updateAvailable: Bool
    /// Whether the applied update still needs a reboot to take effect.
    public internal(set) var requiresReboot: Bool
    /// The maintenance (evacuation) state.
    public internal(set) var maintenance: MaintenanceState
    /// The scheduler's disruption lease.
    public internal(set) var lease: Grant
    /// The cluster's rollout slot.
    public internal(set) var slot: Grant
    /// The step waited for, with its attempt and deadline.
    public internal(set) var wait: Wait<UpdateStep>?
    /// Set when the cycle gave up.
    public internal(set) var failure: Failure?
    /// Counts cycles and operator retries, for request ids.
    public internal(set) var sequence: Int
    /// The `sequence` the disruption lease was requested in (its request id survives a retry).
    public internal(set) var leaseSequence: Int
    /// The reboot power request not answered yet, if any.
    public internal(set) var powerRequestID: String?
    /// True when the reboot of the unanswered power request (`powerRequestID`) was already counted: the view saw the
    /// server back from rebooting while it was unanswered. Its completion is then only its answer; otherwise the
    /// completion counts as the reboot (the power controller completes a reboot once the server is seen again), also
    /// when the view showed it as a power cycle (shut down or unresponsive → online). Without the mark, a completion
    /// arriving late (another topic) after an install of the server's own needed a reboot again would count as that
    /// new round's reboot. Cleared with the answer.
    public internal(set) var powerRequestRebootSeen: Bool = false
    /// How many install requests this cycle has made (an interrupted install counts).
    public internal(set) var installAttempts: Int = 0
    /// True when an install attempt of this cycle ended while the server stayed up and a later one was
    /// asked for: given up on at its timeout, it may still run and report; ended by its `update.failed`,
    /// a copy of that report or its status change (on another topic) may still come. So a report naming
    /// no install request can no longer be attributed to the latest attempt (`answersInstall`): the cycle
    /// counts such reports only while it asked for one install (PROTOCOL §2). Cleared by a new cycle and
    /// by the server going offline once the latest install was reported started (the updater consumed every
    /// request, and offline ended their installs, PROTOCOL §4); set by it otherwise, since the latest request
    /// may still be consumed once the server is back and is an earlier attempt once the next is asked for.
    public internal(set) var earlierInstallMayRun: Bool = false
    /// How many requests the evacuation, or the restore once evacuated, has made in this cycle
    /// (one interrupted by the server going away counts): the next continues the count, so no two
    /// requests share an id and the budget ends the step.
    public internal(set) var incusAttempts: Int = 0
    /// How many reboot attempts this cycle's reboot step has made (the first may be the server's own
    /// reboot, waited for without a command): the next continues the count, also after a wait for the
    /// grants, so the budget ends the step. Cleared when the server came back online from a reboot.
    public internal(set) var rebootAttempts: Int = 0
    /// How many times an update applied under this cycle id has needed a reboot: the cycle's own install,
    /// then each install applied after a reboot (the server's own, during the restore or once the cycle
    /// ended, watched under its id) that needs one again. Each is a round of its own, whose evacuation,
    /// reboot and restore request ids name it from the second on (`roundID`), so no request repeats the id of
    /// one the previous round made: the power controller carries a completed reboot's id out once. Reset by
    /// a new cycle id.
    public internal(set) var rebootRounds: Int = 0
    /// True when the OS updater reported the start of the install asked for last (`installRequestID`): it
    /// consumed that request, so the install runs on the server and the server going offline ends it (PROTOCOL §4).
    /// False while the request may still wait in `operator.requests` for an updater that lags: the updater starts it
    /// whenever it reads it, also after the server rebooted, so a failed cycle keeps its lease for it until a report of
    /// it (or an operator retry). Cleared by each install request and each new cycle.
    public internal(set) var installStarted: Bool = false
    /// True when an operator retried a failed cycle whose last install request was never reported started: the retry
    /// starts a new cycle id but does not take that request back, so an updater that lags may still start it. A failed
    /// cycle keeps its lease for it (`installRequestUnread`) until an install report of the current cycle's latest
    /// request (the updater reads its requests in order, one install at a time: the old one was read before) or a failure
    /// report of it. Kept across further retries.
    public internal(set) var retriedInstallRequestUnread: Bool = false
    /// How many slot requests the lease's cycle has made (`slotRequestID`): a membership change withdraws a slot
    /// request and the member asks again, maybe the same cluster (c1 → c2 → c1), so each request needs an id of its
    /// own; a lagging grant of a withdrawn one is then stale. Reset when the lease is asked for in a new cycle.
    public internal(set) var slotRequests: Int = 0
    /// How many lease requests the cycle id `leaseSequence` has made (`leaseRequestID`): the lease goes back when a cycle
    /// ends and is asked for again under the same cycle id when an install the server runs on its own afterwards needs a
    /// reboot, so each request needs an id of its own; a late copy of the grant of one given back is then stale
    /// (PROTOCOL §2: a request id names one request). Reset when the lease is asked for in a new cycle.
    public internal(set) var leaseRequests: Int = 0
    /// True when an OS update was announced while a cycle ran (past its install) or had failed:
    /// the newest announcement is kept and starts a cycle when this one ends (or on retry),
    /// without disturbing the running cycle.
    public internal(set) var nextUpdateAnnounced: Bool = false
    /// The evacuation or restore request not answered yet, if any: only its answer counts.
    public internal(set) var incusRequestID: String?
    /// The evacuation and restore requests the cycle gave up on (their step timed out and asked again with a new id,
    /// the cycle failed, or an operator retried it) that Incus has not answered yet: a lagging adapter still carries
    /// them out, so each holds the lease as the request outstanding does (`unansweredRequests`) until its answer, which
    /// ends only it (PROTOCOL §1). A reboot command is never here: it is sent again with its id while unanswered
    /// (`powerRequestID`). Ids, oldest first.
    public internal(set) var givenUpRequests: [String] = []
    /// Every disruptive request of the orchestrator's that its peer has not answered: the reboot command, the
    /// evacuation or restore outstanding, and those given up on. The lease (and slot) goes back only once none is
    /// left: the power controller and the Incus adapter answer every request they take, also one given up on, so each
    /// leaves with its answer (PROTOCOL §1, §4).
    public var unansweredRequests: [String] { [powerRequestID, incusRequestID].compactMap { $0 } + givenUpRequests }
    /// The number of the last status change applied to the view (see `StatusChange.sequence`).
    public internal(set) var statusSequence: Int?

    /// A server that is up to date and not clustered, status unknown, under the default settings.
    public init() { self.init(settings: nil) }

    /// A server that is up to date and not clustered, status unknown.
    public init(settings: Settings? = nil, clusterID: String? = nil, server: ServerCondition = .unknown) {
        self.sharedSettings = settings.map { SharedValue($0) } ?? Self.defaultSettings
        self.clusterID = clusterID
        self.server = server
        self.updateAvailable = false
        self.requiresReboot = false
        self.maintenance = .notInMaintenance
        self.lease = .none
        self.slot = .none
        self.wait = nil
        self.failure = nil
        self.sequence = 0
        self.leaseSequence = 0
        self.powerRequestID = nil
        self.incusRequestID = nil
        self.statusSequence = nil
    }

    /// The id of the update cycle in progress (counts announced updates and operator
    /// retries): the install request carries it and the OS updater's reports echo it.
    public var cycleID: String { "update-\(sequence)" }

    /// When a `tick` next has something to decide: the deadline of the step waited for.
    public var nextDeadline: Instant? { wait?.deadline }

    /// The seed's update state, computed from the status, the maintenance state and the update facts.
    public var updateState: UpdateState {
        if failure != nil { return .failed }
        switch maintenance {
        case .evacuating: return .evacuating
        case .restoring: return .restoring
        case .evacuated:
            if server == .rebooting { return .inMaintenanceRebooting }
            return requiresReboot ? .inMaintenanceRebootPending : .inMaintenanceRestorePending
        case .notInMaintenance:
            if requiresReboot {
                if server == .rebooting { return .rebooting }
                return clusterID == nil ? .rebootPending : .evacuationPending
            }
            if server == .updating { return .updating }
            return updateAvailable ? .updatePending : .upToDate
        }
    }
}

extension UpdateOrchestrator {
    /// A state from the members its changelog value holds (the settings are not persisted:
    /// the logic configures them after restoring), for the changelog codec outside this module;
    /// a member the value does not hold (nil) has its default.
    public init(
        clusterID: String?, server: ServerCondition, updateAvailable: Bool, requiresReboot: Bool, maintenance: MaintenanceState,
        lease: Grant, slot: Grant, wait: Wait<UpdateStep>?, failure: Failure?, sequence: Int, leaseSequence: Int,
        powerRequestID: String?, installAttempts: Int?, incusRequestID: String?, statusSequence: Int?,
        earlierInstallMayRun: Bool? = nil, incusAttempts: Int? = nil, nextUpdateAnnounced: Bool? = nil, rebootAttempts: Int? = nil,
        rebootRounds: Int? = nil, installStarted: Bool? = nil, slotRequests: Int? = nil, leaseRequests: Int? = nil,
        powerRequestRebootSeen: Bool? = nil, retriedInstallRequestUnread: Bool? = nil, givenUpRequests: [String]? = nil
    ) {
        self.init(clusterID: clusterID, server: server)
        self.updateAvailable = updateAvailable
        self.requiresReboot = requiresReboot
        self.maintenance = maintenance
        self.lease = lease
        self.slot = slot
        self.wait = wait
        self.failure = failure
        self.sequence = sequence
        self.leaseSequence = leaseSequence
        self.powerRequestID = powerRequestID
        self.installAttempts = installAttempts ?? 0
        self.incusRequestID = incusRequestID
        self.statusSequence = statusSequence
        self.earlierInstallMayRun = earlierInstallMayRun ?? false
        self.incusAttempts = incusAttempts ?? 0
        self.rebootAttempts = rebootAttempts ?? 0
        self.rebootRounds = rebootRounds ?? 0
        self.nextUpdateAnnounced = nextUpdateAnnounced ?? false
        self.installStarted = installStarted ?? false
        self.slotRequests = slotRequests ?? 0
        self.leaseRequests = leaseRequests ?? 0
        self.powerRequestRebootSeen = powerRequestRebootSeen ?? false
        self.retriedInstallRequestUnread = retriedInstallRequestUnread ?? false
        self.givenUpRequests = givenUpRequests ?? []
    }
}
