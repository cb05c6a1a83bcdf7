/// The maintenance scheduler's state for one server: its queue of
/// `ServerMaintenance`s, the run in progress, the operational state, the claim, and
/// the disruption lease it gives the update orchestrator.
///
/// It is the single arbiter of disruptive work on the server: it starts no
/// maintenance while the lease is held, and grants the lease only between runs.
public struct MaintenanceScheduler: Sendable, Hashable, SharesSettings {
    /// Operator settings, time limits and retry budgets of the scheduler.
    public struct Settings: Sendable, Hashable {
        /// Start maintenances on claimed servers without the owner's approval.
        public var alwaysPerformMaintenance: Bool
        /// Maintenances start only inside this daily window; nil means any time.
        public var window: MaintenanceWindow?
        /// Waiting for `ok-to-maintenance` after asking (`maintenance-needed`).
        public var approval: RetryPolicy
        /// Each power command (before and after the maintenance).
        public var power: RetryPolicy
        /// Applying and releasing the boot configuration.
        public var bootConfiguration: RetryPolicy
        /// The maintenance operator's work, from ready until complete or failed.
        public var maintenance: RetryPolicy

        /// Creates settings.
        public init(
            alwaysPerformMaintenance: Bool = false,
            window: MaintenanceWindow? = nil,
            approval: RetryPolicy = RetryPolicy(timeout: .hours(24), attempts: 3),
            power: RetryPolicy = RetryPolicy(timeout: .minutes(20), attempts: 2),
            bootConfiguration: RetryPolicy = RetryPolicy(timeout: .minutes(10), attempts: 3),
            maintenance: RetryPolicy = RetryPolicy(timeout: .hours(8), attempts: 1)
        ) {
            self.alwaysPerformMaintenance = alwaysPerformMaintenance
            self.window = window
            self.approval = approval
            self.power = power
            self.bootConfiguration = bootConfiguration
            self.maintenance = maintenance
        }

        /// The policy of the wait in `phase`.
        public func policy(of phase: SchedulerPhase) -> RetryPolicy {
            switch phase {
            case .awaitingApproval: approval
            case .settingPower, .restoringPower, .idle, .leased: power
            case .configuringBoot, .releasingBoot: bootConfiguration
            case .inMaintenance: maintenance
            }
        }
    }

    /// The settings as one value every server's state shares (`SharesSettings`): the role's logic
    /// gives each state its (`SchedulerLogic`), so the states hold one reference to them instead of a copy each.
    public var sharedSettings = Self.defaultSettings
    /// The default settings, shared by every state decoded before the logic configures it.
    static let defaultSettings = SharedValue(Settings())

    /// The owner's claim, nil when unclaimed.
    public internal(set) var claim: Claim?
    /// The operational state.
    public internal(set) var operational: OperationalState
    /// The power the power controller last observed.
    public internal(set) var power: PowerState
    /// The power at the start of the run; the server is powered back on at its end unless this is `off`.
    public internal(set) var powerBefore: PowerState
    /// Pending maintenances and the active one, in arrival order.
    public internal(set) var queue: [ServerMaintenance]
    /// Where the scheduler is.
    public internal(set) var phase: SchedulerPhase
    /// The attempt and deadline of what `phase` waits for.
    public internal(set) var wait: Wait<SchedulerPhase>?
    /// The maintenance the phase is about (the active one, or the one awaiting approval).
    public internal(set) var current: MaintenanceID?
    /// How the active maintenance ends, once known (while its boot configuration is released).
    public internal(set) var outcome: MaintenanceStatus?
    /// Why it failed, for `failed`.
    public internal(set) var outcomeReason: String?
    /// The maintenance `maintenance-needed` was last emitted for.
    public internal(set) var approvalAskedFor: MaintenanceID?
    /// The lease request granted (phase `leased`) or waiting for the run to end.
    public internal(set) var leaseRequestID: String?
    /// The power request not answered yet.
    public internal(set) var powerRequestID: String?
    /// The numbers of every power command sent and not answered yet (`maintenance-power-N`),
    /// the current one (`powerRequestID`) and those given up on: a command given up on may
    /// still be carried out (the power controller lags), so the lease is granted only once none
    /// is left (PROTOCOL §1). The power controller answers every command it takes, so each
    /// leaves with its answer. Numbers, not ids: the state of a busy server stays small.
    public internal(set) var unansweredPower: [Int] {
        get { storedUnansweredPower ?? [] }
        set { storedUnansweredPower = newValue.isEmpty ? nil : newValue }
    }
    /// Nil (none) in the changelog unless set, so states written before it existed still restore.
    private var storedUnansweredPower: [Int]?

    /// The id of the scheduler's power command number `number`.
    public static func powerRequestID(_ number: Int) -> String { "maintenance-power-\(number)" }

    /// The number of the scheduler's power command `id`; nil for an id of another form.
    public static func powerRequestNumber(_ id: String) -> Int? {
        let prefix = "maintenance-power-"
        guard id.hasPrefix(prefix) else { return nil }
        return Int(id.dropFirst(prefix.count))
    }
    /// Counts arrivals and power requests.
    public internal(set) var sequence: Int
    /// The number of the last observed-power change applied (see `PowerController.statusSequence`).
    public internal(set) var powerSequence: Int?
    /// The maintenances this server finished last (completed, failed or cancelled), oldest first, at
    /// most `finishedLimit`, each as its id's `fingerprint`: a maintenance id names one maintenance,
    /// so a request naming one of them is a copy (a producer's retry, an operator's outbox replayed
    /// after a restart) and a `duplicate`, not a new maintenance that powers the server off again.
    /// Bounded like the power controller's finished commands: a copy arriving after this many
    /// later maintenances of the server finished is taken as a new one.
    public internal(set) var finished: [Int64] {
        get { storedFinished ?? [] }
        set { storedFinished = newValue.isEmpty ? nil : newValue }
    }
    /// Optional in the changelog, so states without it (and those written before it) restore.
    private var storedFinished: [Int64]?
    /// How many finished maintenances a server keeps (`finished`).
    public static let finishedLimit = 4

    /// An available server with no maintenance, under the default settings.
    public init() { self.init(settings: nil) }

    /// An available server with no maintenance.
    public init(settings: Settings? = nil, claim: Claim? = nil, power: PowerState = .unknown) {
        self.sharedSettings = settings.map { SharedValue($0) } ?? Self.defaultSettings
        self.claim = claim
        self.operational = claim == nil ? .available : .reserved
        self.power = power
        self.powerBefore = power
        self.queue = []
        self.phase = .idle
        self.wait = nil
        self.current = nil
        self.outcome = nil
        self.outcomeReason = nil
        self.approvalAskedFor = nil
        self.leaseRequestID = nil
        self.powerRequestID = nil
        self.sequence = 0
        self.powerSequence = nil
        self.storedUnansweredPower = nil
        self.storedFinished = nil
    }

    /// The operational state the server returns to after maintenance: reserved when claimed.
    public var returnState: OperationalState { claim == nil ? .available : .reserved }

    /// The maintenance that is in maintenance, if any.
    public var active: ServerMaintenance? { queue.first { $0.status == .inMaintenance } }

    /// The pending maintenance to run next: highest priority, then earliest arrival.
    public var nextPending: ServerMaintenance? {
        queue.filter { $0.status == .pending }.min { $0.precedes($1) }
    }

    /// When a `tick` next has something to decide at or after `now`: the deadline of what
    /// is waited for, or, when an approved maintenance waits for the window, its opening.
    public func nextDeadline(after now: Instant) -> Instant? {
        if let wait { return wait.deadline }
        guard phase == .idle, let window = settings.window, let next = nextPending, isApproved(next) else { return nil }
        return window.nextOpening(atOrAfter: now)
    }

    /// Whether `maintenance` may start without (more) approval.
    public func isApproved(_ maintenance: ServerMaintenance) -> Bool {
        guard let claim else { return true }
        return claim.okToMaintenance || maintenance.request.policy == .enforced || settings.alwaysPerformMaintenance
    }
}

extension MaintenanceScheduler {
    /// A state from the members its changelog value holds (the settings are not persisted:
    /// the logic configures them after restoring), for the changelog codec outside this module.
    public init(
        claim: Claim?, operational: OperationalState, power: PowerState, powerBefore: PowerState, queue: [ServerMaintenance],
        phase: SchedulerPhase, wait: Wait<SchedulerPhase>?, current: MaintenanceID?, outcome: MaintenanceStatus?,
        outcomeReason: String?, approvalAskedFor: MaintenanceID?, leaseRequestID: String?, powerRequestID: String?,
        sequence: Int, powerSequence: Int?, unansweredPower: [Int] = [], finished: [Int64] = []
    ) {
        self.init(claim: claim, power: power)
        self.operational = operational
        self.powerBefore = powerBefore
        self.queue = queue
        self.phase = phase
        self.wait = wait
        self.current = current
        self.outcome = outcome
        self.outcomeReason = outcomeReason
        self.approvalAskedFor = approvalAskedFor
        self.leaseRequestID = leaseRequestID
        self.powerRequestID = powerRequestID
        self.sequence = sequence
        self.powerSequence = powerSequence
        self.unansweredPower = unansweredPower
        self.finished = finished
    }
}
