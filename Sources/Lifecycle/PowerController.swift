/// The power controller's state for one server: the server status with its detail,
/// desired and observed power, and the one power operation in flight.
///
/// It is the only owner of the server status; other roles see it through the
/// `statusChanged` outputs it emits.
public struct PowerController: Sendable, Hashable, SharesSettings {
    /// Time limits and retry budgets of the power controller.
    public struct Settings: Sendable, Hashable {
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
        /// An install of the server's own (its start named no cycle) reported started and not reported ended for
        /// this long is taken as ended without being applied: the updater lost it (it restarted) or does not report,
        /// and the status leaves Ready (updating), which every wait for the server needs. An install the orchestrator
        /// asked for is not timed here: it keeps the lease while it may run (PROTOCOL §1). nil keeps the status
        /// updating until a report.
        public var installReportTimeout: Milliseconds?
        /// During an install in a boot the signs of life name, how long a power off the BMC reports waits for a sign of
        /// life before it ends the install (shut down). The report may be of a power cycle before the install's boot,
        /// delivered late (another topic): a sign of life of that boot, once the BMC sees the power on, shows the
        /// install still runs; one of another boot, or none in this time, that the off ended it. nil: at once.
        public var installOffConfirmation: Milliseconds?
        /// Whether a sign of life must name its boot (`bootId`): one that names none is rejected (`invalid`). Without
        /// the boot a late sign of life cannot be told from a current one (it ends a reboot still under way, shows an
        /// off server on), so a fleet whose agents all name it makes that a rule instead of a hope.
        public var requireBootId: Bool

        /// Creates settings; the defaults suit a physical server.
        public init(
            signOfLifeTimeout: Milliseconds? = nil,
            powerOn: RetryPolicy = RetryPolicy(timeout: .minutes(2), attempts: 3),
            gracefulOffTimeout: Milliseconds = .minutes(5),
            forcedOff: RetryPolicy = RetryPolicy(timeout: .minutes(2), attempts: 3),
            reboot: RetryPolicy = RetryPolicy(timeout: .minutes(15), attempts: 2),
            installReportTimeout: Milliseconds? = .hours(3),
            installOffConfirmation: Milliseconds? = .minutes(2),
            requireBootId: Bool = false
        ) {
            self.signOfLifeTimeout = signOfLifeTimeout
            self.powerOn = powerOn
            self.gracefulOffTimeout = gracefulOffTimeout
            self.forcedOff = forcedOff
            self.reboot = reboot
            self.installReportTimeout = installReportTimeout
            self.installOffConfirmation = installOffConfirmation
            self.requireBootId = requireBootId
        }

        /// The policy of a command of `kind` in `phase`: its timeout and attempts. A graceful off has one
        /// attempt before it is forced; a command awaiting the BMC's late answer has used its budget.
        public func policy(of phase: PowerPhase, for kind: PowerOperationKind) -> RetryPolicy {
            switch phase {
            case .poweringOn, .idle: powerOn
            case .gracefulOff: RetryPolicy(timeout: gracefulOffTimeout, attempts: 1)
            case .forcedOff: forcedOff
            case .rebooting, .awaitingOnline: reboot
            case .awaitingLateAnswer:
                switch kind {
                case .powerOn: powerOn
                case .powerOff: forcedOff
                case .reboot: reboot
                }
            }
        }
    }

    /// The power operation in flight.
    public struct Operation: Sendable, Hashable {
        /// The command being carried out.
        public var request: PowerRequest
        /// Where the operation is (the wait's step), the attempt and its deadline.
        public var wait: Wait<PowerPhase>
        /// The sequence number of the last BMC request sent.
        public var sequence: Int
        /// The request id its BMC requests carry and their answers echo: the command's
        /// `bmcRequestID`; for an operation started before BMC request ids named the requester,
        /// the command's id, so that its BMC answers still count after an upgrade.
        public var bmcRequestID: String
        /// The boot the server last showed when the command was taken (`PowerController.boots`); nil when none
        /// was named. A reboot ends it: only a boot after it is the reboot's.
        public var bootAtStart: String?
        /// The sequences of this command's BMC requests the BMC answered carried out, in order: the current one's,
        /// and earlier ones answered late (after their attempt timed out). A reboot carried out twice needs two
        /// boots after its start before the server is back from the last one (`PROTOCOL.md` §4).
        public var carriedOut: [Int]

        /// `bmcRequestID` nil: the command's (`PowerRequest.bmcRequestID`).
        public init(
            request: PowerRequest, wait: Wait<PowerPhase>, sequence: Int, bmcRequestID: String? = nil, bootAtStart: String? = nil,
            carriedOut: [Int] = []
        ) {
            self.request = request
            self.wait = wait
            self.sequence = sequence
            self.bmcRequestID = bmcRequestID ?? request.bmcRequestID
            self.bootAtStart = bootAtStart
            self.carriedOut = carriedOut
        }
    }

    /// A command the controller finished, the last of its requester (of operators, one of the last
    /// `operatorMemory`): asked again with its id
    /// it is a duplicate, whether it was carried out or failed, whatever the operation (an id
    /// names one command and runs once: its requester timed out while the answer was on its
    /// way, and a second run's answer could not be told from the first's). A requester runs a
    /// command again after its failure with a new id.
    public struct Finished: Sendable, Hashable {
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

    /// The settings as one value every server's state shares (`SharesSettings`): the role's logic
    /// gives each state its (`PowerLogic`), so the states hold one reference to them instead of a copy each.
    public var sharedSettings = Self.defaultSettings
    /// The default settings, shared by every state decoded before the logic configures it.
    static let defaultSettings = SharedValue(Settings())

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
    /// The install running while the status is Ready (updating), nil otherwise.
    public internal(set) var install: Install?
    /// The cycle of the newest install whose start the controller took (`InstallOrder`: cycle
    /// `update-N`), nil before any. Reports of an earlier install (an earlier cycle, or an earlier
    /// attempt of this one) are stale, and so is a copy of this install's start once it ended: the
    /// OS updater runs one install at a time, and the orchestrator asks for each install once, so
    /// such a start is a copy (late, or sent again), not an install that begins.
    /// Optional in the changelog, so states written before it existed still restore.
    public internal(set) var newestUpdateCycle: String?
    /// The install request of that install as its start named it (`update-N-update-K`), nil when it named none.
    public internal(set) var newestUpdateRequest: String?
    /// The commands the controller finished, the last of each role and the last `operatorMemory` of
    /// operators: what a command with the same id again is (`Finished`). Each role has one command
    /// outstanding at a time and retries only that one, so its last is the one a retry can repeat.
    /// Operators are many people and tools under one requester: one operator's retry of a command
    /// can come after another's command finished, and it must still be a duplicate (it would run
    /// the first command again: a second reboot of a server its operator took as rebooted once).
    public internal(set) var finished: [Finished]
    /// How many status and observed-power changes the server has had: each carries its number.
    /// Left out of the changelog at 0 (none yet), which is what a value written before it existed means.
    public internal(set) var statusSequence: Int
    /// The boots the server's signs of life named, and whether the last has ended: a sign of life of
    /// an ended boot was sent before it ended and arrives late, and is stale (`PROTOCOL.md` §4).
    public internal(set) var boots: BootLedger
    /// How many finished operator commands `finished` keeps: a copy of an older one runs again.
    public static let operatorMemory = 8

    /// A server the controller has not heard of yet: unknown, power unknown, under the default settings.
    public init() { self.init(settings: nil) }

    /// A server the controller has not heard of yet: unknown, power unknown.
    public init(settings: Settings? = nil) {
        self.sharedSettings = settings.map { SharedValue($0) } ?? Self.defaultSettings
        self.condition = .unknown
        self.desiredPower = .unknown
        self.observedPower = .unknown
        self.operation = nil
        self.signOfLifeDeadline = nil
        self.install = nil
        self.newestUpdateCycle = nil
        self.newestUpdateRequest = nil
        self.finished = []
        self.statusSequence = 0
        self.boots = BootLedger()
    }

    /// The server status.
    public var status: ServerStatus { condition.status }
    /// The status detail.
    public var detail: StatusDetail { condition.detail }
    /// The phase of the power machine: idle or the phase of the operation in flight.
    public var phase: PowerPhase { operation?.wait.step ?? .idle }

    /// When a `tick` next has something to decide (an operation's timeout, an install without a
    /// report, or a ready server going unresponsive); nil when nothing is timed. Lets the runtime
    /// schedule ticks.
    public var nextDeadline: Instant? {
        let install = install?.nextDeadline
        guard let operation else { return [install, condition.status == .ready ? signOfLifeDeadline : nil].compactMap { $0 }.min() }
        // Awaiting a late answer, the operation is not timed: only the BMC's answer ends it.
        return [operation.wait.step == .awaitingLateAnswer ? nil : operation.wait.deadline, install].compactMap { $0 }.min()
    }
}

extension PowerController {
    /// A state from the members its changelog value holds (the settings are not persisted:
    /// the logic configures them after restoring), for the changelog codec outside this module.
    ///
    /// A value written before the newest install was kept has none: the install running, or the one
    /// an older build kept as superseded by a later start (`supersededUpdateRequest`), is the newest
    /// known, so copies of their starts stay stale.
    public init(
        condition: ServerCondition, desiredPower: PowerState, observedPower: PowerState, operation: Operation?,
        signOfLifeDeadline: Instant?, updateCycle: String?, finished: [Finished], statusSequence: Int = 0,
        updateRequest: String? = nil, newestUpdateCycle: String? = nil, newestUpdateRequest: String? = nil,
        supersededUpdateRequest: String? = nil, updateDeadline: Instant? = nil, boots: [String] = [], bootEnded: Bool = false,
        updateBoot: String? = nil, offDeadline: Instant? = nil
    ) {
        self.init()
        self.condition = condition
        self.desiredPower = desiredPower
        self.observedPower = observedPower
        self.operation = operation
        self.signOfLifeDeadline = signOfLifeDeadline
        // The install members mean something only while updating (a state leaves none behind when it leaves it).
        if condition == .updating {
            install = Install(cycle: updateCycle, request: updateRequest, deadline: updateDeadline, boot: updateBoot, offDeadline: offDeadline)
        }
        self.newestUpdateCycle = newestUpdateCycle
        self.newestUpdateRequest = newestUpdateRequest
        if let superseded = InstallOrder(requestID: supersededUpdateRequest), let supersededUpdateRequest {
            keepIfNewest(cycleID: "update-\(superseded.cycle)", requestID: supersededUpdateRequest)
        }
        if let install { keepIfNewest(cycleID: install.cycle, requestID: install.request) }
        self.finished = finished
        self.statusSequence = statusSequence
        self.boots = BootLedger(boots: boots, lastEnded: bootEnded)
    }
}
