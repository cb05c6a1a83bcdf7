/// The power controller's state for one server: the server status with its detail,
/// desired and observed power, and the one power operation in flight.
///
/// It is the only owner of the server status; other roles see it through the
/// `statusChanged` outputs it emits.
public struct PowerController: Sendable, Codable, Hashable {
    /// Time limits and retry budgets of the power controller.
    public struct Settings: Sendable, Codable, Hashable {
        /// A ready server that shows no sign of life for this long becomes offline (unresponsive); nil disables it.
        public var signOfLifeTimeout: Milliseconds?
        /// Each attempt of a power on.
        public var powerOn: RetryPolicy
        /// How long a graceful power off may take before it is forced.
        public var gracefulOffTimeout: Milliseconds
        /// Each attempt of a forced power off.
        public var forcedOff: RetryPolicy
        /// Each attempt of a reboot: first until the BMC accepts it, then until the server is online again.
        public var reboot: RetryPolicy

        /// Creates settings; the defaults suit a physical server.
        public init(
            signOfLifeTimeout: Milliseconds? = nil,
            powerOn: RetryPolicy = RetryPolicy(timeout: .minutes(2), attempts: 3),
            gracefulOffTimeout: Milliseconds = .minutes(5),
            forcedOff: RetryPolicy = RetryPolicy(timeout: .minutes(2), attempts: 3),
            reboot: RetryPolicy = RetryPolicy(timeout: .minutes(15), attempts: 2)
        ) {
            self.signOfLifeTimeout = signOfLifeTimeout
            self.powerOn = powerOn
            self.gracefulOffTimeout = gracefulOffTimeout
            self.forcedOff = forcedOff
            self.reboot = reboot
        }
    }

    /// The power operation in flight.
    public struct Operation: Sendable, Codable, Hashable {
        /// The command being carried out.
        public var request: PowerRequest
        /// Where the operation is (the wait's step), the attempt and its deadline.
        public var wait: Wait<PowerPhase>
        /// The sequence number of the last BMC request sent.
        public var sequence: Int

        public init(request: PowerRequest, wait: Wait<PowerPhase>, sequence: Int) {
            self.request = request
            self.wait = wait
            self.sequence = sequence
        }
    }

    /// A command the controller finished, the last of its requester: asked again with its id
    /// it is a duplicate, whether it was carried out or failed (an id runs once: its requester
    /// timed out while the answer was on its way, and a second run's answer could not be told
    /// from the first's). A requester runs a command again after its failure with a new id.
    public struct Finished: Sendable, Codable, Hashable {
        public var request: PowerRequest
        /// Carried out (true) or failed after its budget.
        public var completed: Bool
        /// The sequence of the last BMC request sent for it; 0 when none was.
        public var sequence: Int

        public init(request: PowerRequest, completed: Bool, sequence: Int) {
            self.request = request
            self.completed = completed
            self.sequence = sequence
        }
    }

    /// Limits, budgets and operator settings. Not persisted with the state: they are
    /// the same for every server, so the runtime sets them from its configuration
    /// after restoring a state (which decodes with the defaults).
    public var settings = Settings()

    /// The persisted fields: everything but `settings`.
    private enum CodingKeys: String, CodingKey {
        case condition, desiredPower, observedPower, operation, signOfLifeDeadline, updateCycle, updateRequest
        case storedFinished = "finished"
        case storedStatusSequence = "statusSequence"
        case supersededUpdateRequest
    }
    /// Status and detail.
    public internal(set) var condition: ServerCondition
    /// The power the last command asked for.
    public internal(set) var desiredPower: PowerState
    /// The power the BMC last reported.
    public internal(set) var observedPower: PowerState
    /// The operation in flight, if any.
    public internal(set) var operation: Operation?
    /// When a ready server without a sign of life becomes unresponsive; nil when not watched.
    public internal(set) var signOfLifeDeadline: Instant?
    /// The update cycle the running OS update belongs to, as its start report named it;
    /// nil when no update runs or its report named none. A finish naming another cycle is stale.
    public internal(set) var updateCycle: String?
    /// The install request the running OS update answers, as its start report named it (`requestId`);
    /// nil when no update runs or its report named none. A finish naming another request is stale.
    public internal(set) var updateRequest: String?
    /// The install request whose running update a later install's start superseded (the updater runs
    /// one install at a time); a copy of its start arriving afterwards is stale. Nil when none was.
    /// Optional in the changelog, so states written before it existed still restore.
    public internal(set) var supersededUpdateRequest: String?
    /// The last command each requester had finished (at most one each): what a command with
    /// the same id again is (`Finished`). Each requester has one command outstanding at a time
    /// and retries only that one, so its last is the one a retry can repeat.
    public internal(set) var finished: [Finished] {
        get { storedFinished ?? [] }
        set { storedFinished = newValue.isEmpty ? nil : newValue }
    }
    /// Optional in the changelog, so states without it (and those written before it) restore.
    private var storedFinished: [Finished]?
    /// How many status and observed-power changes the server has had: each carries its number.
    public internal(set) var statusSequence: Int {
        get { storedStatusSequence ?? 0 }
        set { storedStatusSequence = newValue }
    }
    /// Optional in the changelog, so states written before it existed still restore.
    private var storedStatusSequence: Int?

    /// A server the controller has not heard of yet: unknown, power unknown.
    public init(settings: Settings = Settings()) {
        self.settings = settings
        self.condition = .unknown
        self.desiredPower = .unknown
        self.observedPower = .unknown
        self.operation = nil
        self.signOfLifeDeadline = nil
        self.updateCycle = nil
        self.updateRequest = nil
        self.supersededUpdateRequest = nil
        self.storedFinished = nil
        self.storedStatusSequence = nil
    }

    /// The server status.
    public var status: ServerStatus { condition.status }
    /// The status detail.
    public var detail: StatusDetail { condition.detail }
    /// The phase of the power machine: idle or the phase of the operation in flight.
    public var phase: PowerPhase { operation?.wait.step ?? .idle }

    /// When a `tick` next has something to decide (an operation's timeout, or a ready
    /// server going unresponsive); nil when nothing is timed. Lets the runtime schedule ticks.
    public var nextDeadline: Instant? {
        if let operation { return operation.wait.deadline }
        return condition.status == .ready ? signOfLifeDeadline : nil
    }
}

extension PowerController {
    /// A state from the members its changelog value holds (the settings are not persisted:
    /// the logic configures them after restoring), for the changelog codec outside this module;
    /// `statusSequence` is nil when the value has none.
    public init(
        condition: ServerCondition, desiredPower: PowerState, observedPower: PowerState, operation: Operation?,
        signOfLifeDeadline: Instant?, updateCycle: String?, finished: [Finished], statusSequence: Int?,
        updateRequest: String? = nil, supersededUpdateRequest: String? = nil
    ) {
        self.init()
        self.condition = condition
        self.desiredPower = desiredPower
        self.observedPower = observedPower
        self.operation = operation
        self.signOfLifeDeadline = signOfLifeDeadline
        self.updateCycle = updateCycle
        self.updateRequest = updateRequest
        self.supersededUpdateRequest = supersededUpdateRequest
        self.finished = finished
        self.storedStatusSequence = statusSequence
    }

    /// The status sequence as the changelog holds it (nil: none written yet).
    public var persistedStatusSequence: Int? { storedStatusSequence }
}
