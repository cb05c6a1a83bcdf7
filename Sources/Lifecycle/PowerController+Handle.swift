extension PowerController: LifecycleMachine {

    /// The table trigger `input` fires in the current state; nil for `tick`, which is
    /// always accepted and fires the timeouts that are due.
    public func trigger(of input: Input) -> Trigger? {
        switch input {
        case .registered: .status(.create)
        case .configurationDone: .status(.configurationDone)
        case .reconfigurationTriggered: .status(.triggerReconfiguration)
        case .signOfLife: .status(condition.status == .offline ? .online : .signOfLife)
        case .updateStarted: .status(.updateStarted)
        case .updateFinished, .updateFailed: .status(.updateFinished)
        case let .command(request):
            switch request.kind {
            case .powerOn: .power(.powerOn)
            case .powerOff: .power(.powerOff)
            case .reboot: .power(.reboot)
            }
        case .bmcSucceeded: .power(.bmcSucceeded)
        case .bmcFailed: .power(.bmcFailed)
        case .powerObserved: .power(.observed)
        case .tick: nil
        }
    }

    /// Applies `input` in place; use `handle(_:at:)`, which commits only on success.
    public mutating func step(_ input: Input, at now: Instant) throws(Rejection) -> [Output] {
        switch input {
        case let .registered(boot):
            try requireBoot(boot, "the registration")
            let outputs = try changeStatus(.create, at: now)
            if let boot { boots.note(boot) }
            return outputs
        case .configurationDone, .reconfigurationTriggered:
            guard case let .status(trigger)? = trigger(of: input) else { return [] }
            return try changeStatus(trigger, at: now)
        case let .updateStarted(cycleID, requestID, boot):
            if let install, cycleID == install.cycle, requestID == install.request {
                throw .duplicate("update started\(cycleID.map { " (cycle \($0))" } ?? "")\(requestID.map { " (install \($0))" } ?? "")")
            }
            try requireNotEarlierInstall(cycleID, requestID, start: true)
            var outputs: [Output] = []
            // A power off reported during the superseded install and not confirmed yet waits on for the new one
            // (it does not stand when the superseded install ends, `followStatus`).
            let offPending = install?.offDeadline
            if let superseded = install {
                // The OS updater runs one install at a time: its start of another install (a later attempt,
                // or a new cycle's) says the one that ran has ended without being applied. The view says so,
                // then follows the new install, whose reports name it. A copy of the superseded start is
                // stale afterwards: it names an install earlier than the newest.
                install?.offDeadline = nil
                outputs = followStatus(.updateFinished, updateFailed: true, cycleID: superseded.cycle, requestID: superseded.request)
            }
            outputs += try changeStatus(.updateStarted, at: now, cycleID: cycleID, requestID: requestID)
            // Only an install of the server's own (naming no cycle) is timed: one the orchestrator asked for keeps its
            // lease while it may run, and the orchestrator's timeout, an operator's retry or the next start ends it.
            install = Install(
                cycle: cycleID, request: requestID, deadline: cycleID == nil ? settings.installReportTimeout.map { now + $0 } : nil,
                boot: boot ?? boots.current, offDeadline: offPending)
            keepIfNewest(cycleID: cycleID, requestID: requestID)
            return outputs
        case let .updateFinished(requiresReboot, cycleID, requestID):
            try requireRunningUpdate(cycleID, requestID)
            return try changeStatus(.updateFinished, at: now, requiresReboot: requiresReboot, cycleID: cycleID, requestID: requestID)
        case let .updateFailed(cycleID, requestID):
            try requireRunningUpdate(cycleID, requestID)
            return try changeStatus(.updateFinished, at: now, updateFailed: true, cycleID: cycleID, requestID: requestID)
        case let .signOfLife(boot):
            return try signOfLife(boot: boot, at: now)
        case let .command(request):
            return try command(request, at: now)
        case let .bmcSucceeded(requestID, sequence):
            if var operation, operation.request.kind == .reboot, operation.bmcRequestID == requestID, sequence < operation.sequence,
                operation.wait.step != .awaitingOnline, !operation.carriedOut.contains(sequence)
            {
                // An earlier attempt of the reboot, given up on when it timed out, was carried out late: the server
                // reboots once more than the current attempt says. The BMC adapter answers in order, so this arrives
                // before the current attempt's answer; a boot seen now may be that reset's, not the last one's.
                operation.carriedOut.append(sequence)
                self.operation = operation
                return []
            }
            let operation = try current(requestID: requestID, sequence: sequence, trigger: .bmcSucceeded)
            return bmcSucceeded(operation, at: now)
        case let .bmcFailed(requestID, sequence, reason):
            let operation = try current(requestID: requestID, sequence: sequence, trigger: .bmcFailed)
            if operation.wait.step == .awaitingLateAnswer {
                return fail(operation, reason: "\(operation.request.kind.rawValue) failed after \(operation.wait.attempt) attempt(s): the last timed out, then the BMC answered failed: \(reason)")
            }
            return retryOrFail(operation, at: now, reason: "BMC failed: \(reason)", lastRequestAnswered: true)
        case let .powerObserved(power):
            let outputs = observe(power)
            // The BMC sees the server off: it is shut down, whatever runs, unless a reboot does (its off is the
            // reboot's, and the reboot's answer moves the status). Ignored during a power on (the server lost
            // power, or a power off carried out late), the status stayed Ready (updating) for an install that
            // the power off ended, and no wait for the server got past it (hostile seed 6175).
            guard power == .off, operation?.request.kind != .reboot else { return outputs }
            // During an install in a known boot, the off is confirmed first: the report may be of a power cycle before
            // the install's boot, delivered after its start (another topic). Taken at once, it ended the install in the
            // view while it ran, and a failed cycle gave its lease back during it (hostile seeds 7022, 8453).
            if install?.boot != nil, let confirmation = settings.installOffConfirmation {
                if install?.offDeadline == nil { install?.offDeadline = now + confirmation }
                return outputs
            }
            return outputs + followStatus(.shutdown)
        case .tick:
            return tick(at: now)
        }
    }

    // MARK: Status

    /// A finish report that names a cycle must name the update that runs: a report of
    /// another cycle (late, or of an attempt given up on) is stale and changes nothing. So is one
    /// that names an install request other than the one whose start was reported (a late report
    /// of an attempt given up on, while the retried attempt runs), or an install earlier than the
    /// newest started.
    private func requireRunningUpdate(_ cycleID: String?, _ requestID: String?) throws(Rejection) {
        if let cycleID {
            guard let install, install.cycle == nil || install.cycle == cycleID else {
                throw .stale("update report of cycle \(cycleID), but \(install?.cycle.map { "cycle \($0) runs" } ?? "no update of that cycle runs")")
            }
        }
        // The install that runs named no cycle (the server's own): a report of an earlier cycle is still not its.
        try requireNotEarlierInstall(cycleID, requestID, start: false)
        if let requestID, let running = install?.request, requestID != running {
            throw .stale("update report of install \(requestID), but install \(running) runs")
        }
    }

    /// A report of an install earlier than the newest whose start was taken (an earlier cycle, or an
    /// earlier attempt of the same cycle, `InstallOrder`) is stale: a late copy, sent again or delayed,
    /// of an install that has ended. So is the start of the newest install itself once it is not
    /// running (it finished, failed, was superseded, or the server went away): the orchestrator asks
    /// for each install once and the updater reports each start once, so that start is a copy too.
    /// Without it the copy puts the status view back in updating while the next cycle waits for its
    /// install, the orchestrator follows, and the cycle's own reports no longer fit.
    /// A report naming no cycle, or ids of another form, has no place and is not checked here.
    private func requireNotEarlierInstall(_ cycleID: String?, _ requestID: String?, start: Bool) throws(Rejection) {
        guard let order = InstallOrder(cycleID: cycleID, requestID: requestID),
            let newest = InstallOrder(cycleID: newestUpdateCycle, requestID: newestUpdateRequest)
        else { return }
        let named = "cycle \(cycleID ?? "-")\(requestID.map { ", install \($0)" } ?? "")"
        let newestNamed = "cycle \(newestUpdateCycle ?? "-")\(newestUpdateRequest.map { ", install \($0)" } ?? "")"
        if order.precedes(newest) {
            throw .stale("update report of \(named), earlier than the newest install started (\(newestNamed))")
        }
        if start, order.attempt != nil, order == newest {
            throw .stale("update started of \(named), whose install already started and is no longer running")
        }
    }

    /// Keeps the install a start named as the newest when it follows the newest kept (`InstallOrder`).
    mutating func keepIfNewest(cycleID: String?, requestID: String?) {
        guard let order = InstallOrder(cycleID: cycleID, requestID: requestID) else { return }
        if let newest = InstallOrder(cycleID: newestUpdateCycle, requestID: newestUpdateRequest), !order.follows(newest) { return }
        newestUpdateCycle = cycleID
        newestUpdateRequest = order.attempt == nil ? nil : requestID
    }

    /// Applies a status trigger that must have an arrow from the current condition.
    private mutating func changeStatus(
        _ trigger: StatusTrigger, at now: Instant, requiresReboot: Bool? = nil, updateFailed: Bool? = nil, cycleID: String? = nil,
        requestID: String? = nil
    ) throws(Rejection) -> [Output] {
        guard Self.statusTable.accepts(condition, trigger) else {
            throw .notApplicable(state: condition.description, input: trigger.rawValue)
        }
        signOfLifeDeadline = settings.signOfLifeTimeout.map { now + $0 }
        return followStatus(trigger, requiresReboot: requiresReboot, updateFailed: updateFailed, cycleID: cycleID, requestID: requestID)
    }

    /// Follows a status arrow when the table has one, and does nothing otherwise
    /// (a power effect on a server whose status has no such arrow).
    private mutating func followStatus(
        _ trigger: StatusTrigger, requiresReboot: Bool? = nil, updateFailed: Bool? = nil, cycleID: String? = nil,
        requestID: String? = nil
    ) -> [Output] {
        guard let to = Self.statusTable.targets(from: condition, on: trigger).first, to != condition else { return [] }
        statusSequence += 1
        let change = StatusChange(
            from: condition, to: to, trigger: trigger, requiresReboot: requiresReboot, updateFailed: updateFailed, cycleID: cycleID,
            requestID: requestID, sequence: statusSequence)
        // A power off the BMC reported during the install and not confirmed yet stands once the install ends as ready
        // (its report or timeout): no install is left to keep running, and the status follows the off as without one.
        let offStands = to == .ready && install?.offDeadline != nil
        if to != .updating { install = nil }
        condition = to
        return [.statusChanged(change)] + (offStands ? followStatus(.shutdown) : [])
    }

    /// A sign of life; one that names its boot (`bootId`) is checked against the boots seen (`boots`). One of a
    /// boot that has ended (a later boot was seen, or a power off or reboot the BMC carried out ended it), or one
    /// while the power is seen off, was sent before that end and arrives late (another topic than the BMC's
    /// answers): it is stale. Taken, it showed a server on that was off, and ended a reboot still under way, whose
    /// requester then gave its lease back while the server rebooted (hostile seed 1412); except one of the install's boot
    /// while a power off reported during the install waits for it (seed 19854). Awaiting the server after a reboot, a boot after the command's start
    /// ends it only when it is the last reset's: as many boots after the start as resets the BMC carried out (an
    /// attempt given up on and carried out late is one more, seed 8078); an earlier one is noted and changes nothing.
    /// A sign of life that names no boot is taken as before: any after the reboot's reset ends it.
    /// With `Settings.requireBootId`, a registration or sign of life (`what`) must name its boot.
    private func requireBoot(_ boot: String?, _ what: String) throws(Rejection) {
        if boot == nil, settings.requireBootId {
            throw .invalid("\(what) names no boot (bootId), which roles.power.requireBootId requires")
        }
    }

    private mutating func signOfLife(boot: String?, at now: Instant) throws(Rejection) -> [Output] {
        try requireBoot(boot, "the sign of life")
        var outputs: [Output] = []
        if let boot {
            if let ended = boots.endOf(boot) { throw .stale("sign of life of boot \(boot), which has ended (\(ended))") }
            // With the power seen off, no boot runs: the server boots again only after power on, which the BMC
            // reports (or a power on carried out says) before. A boot not seen before the power went off is one
            // too (hostile seed 7174: a boot after a power loss, seen only after a maintenance power off).
            // Except the install's boot while an off reported during the install waits for confirmation: that is the
            // confirmation (the off was of an earlier power cycle; the BMC's report that the power is back may lag
            // hours behind the server's own, hostile seed 19854, and the install was taken as ended under it).
            if observedPower == .off, install?.offDeadline == nil || boot != install?.boot {
                throw .stale("sign of life of boot \(boot) while the power is seen off (sent before it went off)")
            }
            boots.note(boot)
            if let operation, operation.wait.step == .awaitingOnline, boots.count(after: operation.bootAtStart) < max(1, operation.carriedOut.count) {
                return []
            }
            if let install, install.offDeadline != nil {
                // A power off reported during the install waits for this: the install's boot alive (the BMC sees the
                // power on again) says the off was of an earlier power cycle; another boot, that it ended the install.
                if boot == install.boot { self.install?.offDeadline = nil } else { outputs = followStatus(.shutdown) }
            }
        }
        let wasOffline = condition.status == .offline
        outputs += try changeStatus(wasOffline ? .online : .signOfLife, at: now)
        if wasOffline { outputs += observe(.on) }
        if let operation, operation.wait.step == .awaitingOnline {
            self.operation = nil
            outputs += observe(.on)
            outputs.append(completed(operation.request, sequence: operation.sequence))
        }
        return outputs
    }

    // MARK: Power

    private mutating func command(_ request: PowerRequest, at now: Instant) throws(Rejection) -> [Output] {
        // A command id runs once. A copy of a command already carried out (its requester timed out
        // while the answer was on its way) must not run it again: a second reboot after the first one
        // completed would disrupt a server its requester no longer holds. Nor does a copy of one that
        // failed: its failure may be on its way to the requester, which would take it for the answer
        // of the second run and give its lease back while the second run reboots the server. A
        // requester runs a command again after its failure with a new id, so each answer names one run.
        // An id names one command of its requester, whatever the operation: another operation under
        // the id of one finished is a duplicate too (its BMC requests would repeat the first's).
        if let previous = finished.first(where: { $0.request.requester == request.requester && $0.request.id == request.id }) {
            throw .duplicate("power request \(request.id) (already \(previous.completed ? "completed" : "failed"))")
        }
        if let running = operation?.request {
            // The id of the command running (whatever the operation): a copy, not a command of its own.
            if running.requester == request.requester, running.id == request.id { throw .duplicate("power request \(request.id)") }
            // One operation at a time: a command while another runs is answered failed, busy, naming what runs.
            // Rejected (`transition.rejected`, not an answer) it stayed unanswered, and a requester that holds
            // its lease back while a command of its own is unanswered held it for good (PROTOCOL §4). Nothing
            // was done for it, and it counts as failed: a copy of it is a duplicate, so a copy arriving once the
            // power controller is free does not run what its requester took as failed.
            remember(Finished(request: request, completed: false, sequence: 0))
            return [.operationBusy(request, running: running)]
        }
        guard case let .power(trigger)? = trigger(of: .command(request)), Self.powerTable.accepts(phase, trigger) else {
            throw .notApplicable(state: phase.label, input: "\(request.kind.rawValue) \(request.id)")
        }
        // Power on and off go to the BMC whatever the power looks like: the observation may be
        // stale (a command given up on may still be carried out; a sign of life sent before a
        // power off may arrive after it), and the BMC carries out an action the server is
        // already in as a success. Answered from the observation, the command could leave a
        // server off that its requester takes for on (`PowerOnAfterGivenUpPowerOffTests`).
        switch request.kind {
        case .powerOn:
            desiredPower = .on
            return start(request, phase: .poweringOn, action: .powerOn, policy: settings.powerOn, at: now)
        case .powerOff:
            desiredPower = .off
            return start(request, phase: .gracefulOff, action: .gracefulOff, policy: settings.policy(of: .gracefulOff, for: .powerOff), at: now)
        case .reboot:
            desiredPower = .on
            return start(request, phase: .rebooting, action: .reboot, policy: settings.reboot, at: now)
        }
    }

    private mutating func start(
        _ request: PowerRequest, phase: PowerPhase, action: BMCAction, policy: RetryPolicy, at now: Instant
    ) -> [Output] {
        // A command runs once (its id is never run again), so its BMC requests count from 1.
        let operation = Operation(request: request, wait: Wait(phase, at: now, policy: policy), sequence: 1, bootAtStart: boots.last)
        self.operation = operation
        return [.bmc(BMCRequest(action: action, requestID: operation.bmcRequestID, sequence: operation.sequence))]
    }

    /// The operation a BMC report answers; rejects a report for another request or an older sequence.
    private func current(requestID: String, sequence: Int, trigger: PowerTrigger) throws(Rejection) -> Operation {
        guard let operation, operation.bmcRequestID == requestID, operation.sequence == sequence else {
            throw .stale("BMC report for \(requestID)#\(sequence)")
        }
        guard Self.powerTable.accepts(operation.wait.step, trigger) else {
            throw .notApplicable(state: operation.wait.step.label, input: trigger.rawValue)
        }
        return operation
    }

    private mutating func bmcSucceeded(_ operation: Operation, at now: Instant) -> [Output] {
        switch operation.wait.step {
        case .awaitingLateAnswer:
            // Carried out after the last attempt timed out: what it did is the command's outcome. A reboot
            // still has to bring the server back, within a reboot's timeout; its budget is used, so that
            // timeout fails the command.
            var carriedOut = operation
            switch operation.request.kind {
            case .reboot: carriedOut.wait.step = .rebooting
            case .powerOn: carriedOut.wait.step = .poweringOn
            case .powerOff: carriedOut.wait.step = .forcedOff
            }
            return bmcSucceeded(carriedOut, at: now)
        case .rebooting:
            var next = operation
            next.wait.step = .awaitingOnline
            next.wait.deadline = now + settings.reboot.timeout
            if !next.carriedOut.contains(operation.sequence) { next.carriedOut.append(operation.sequence) }
            self.operation = next
            // The reset ended the boot the command started with. A boot seen since may be the reboot's own, its
            // sign of life having come before the BMC's answer (another topic): it stays (seed 7144).
            boots.end(operation.bootAtStart)
            return followStatus(.reboot)
        case .gracefulOff, .forcedOff:
            self.operation = nil
            // The off ended the boot the command started with. Not a later one: the BMC's answer can come after signs of
            // life of a boot that began after the off, when the power came back (hostile seed 7820); while the power is
            // seen off, a sign of life of any boot is stale anyway.
            boots.end(operation.bootAtStart)
            return observe(.off) + followStatus(.shutdown) + [completed(operation.request, sequence: operation.sequence)]
        case .poweringOn, .idle, .awaitingOnline:
            self.operation = nil
            return observe(.on) + [completed(operation.request, sequence: operation.sequence)]
        }
    }

    /// Retries the operation's current step (or escalates a graceful off), or fails it
    /// when its budget is used. With the budget used and the last BMC request unanswered (it
    /// timed out), the command waits for that answer instead (`awaitingLateAnswer`): answered
    /// failed now, its requester would give its lease back while the BMC may still carry the
    /// request out (a power off or reboot under another role's lease, PROTOCOL §4).
    private mutating func retryOrFail(_ operation: Operation, at now: Instant, reason: String, lastRequestAnswered: Bool) -> [Output] {
        var next = operation
        next.sequence += 1
        let action: BMCAction
        switch operation.wait.step {
        case .gracefulOff:
            next.wait = Wait(.forcedOff, at: now, policy: settings.forcedOff)
            action = .forcedOff
        case .poweringOn, .forcedOff, .rebooting, .awaitingOnline, .idle, .awaitingLateAnswer:
            let policy = settings.policy(of: operation.wait.step, for: operation.request.kind)
            guard var retried = operation.wait.retried(at: now, policy: policy) else {
                if !lastRequestAnswered {
                    var waiting = operation
                    waiting.wait.step = .awaitingLateAnswer
                    self.operation = waiting
                    return []
                }
                let failure = "\(operation.request.kind.rawValue) failed after \(operation.wait.attempt) attempt(s): \(reason)"
                let status = operation.wait.step == .awaitingOnline ? followStatus(.unresponsive) : []
                return status + fail(operation, reason: failure)
            }
            if retried.step == .awaitingOnline { retried.step = .rebooting }
            next.wait = retried
            action = bmcAction(of: retried.step)
        }
        self.operation = next
        return [.bmc(BMCRequest(action: action, requestID: operation.bmcRequestID, sequence: next.sequence))]
    }

    private func bmcAction(of phase: PowerPhase) -> BMCAction {
        switch phase {
        case .poweringOn, .idle: .powerOn
        case .gracefulOff: .gracefulOff
        case .forcedOff: .forcedOff
        case .rebooting, .awaitingOnline, .awaitingLateAnswer: .reboot
        }
    }

    /// Ends the operation failed after its budget and answers its requester; remembers it,
    /// so that a copy of the command is a duplicate.
    private mutating func fail(_ operation: Operation, reason: String) -> [Output] {
        self.operation = nil
        remember(Finished(request: operation.request, completed: false, sequence: operation.sequence))
        return [.operationFailed(operation.request, reason: reason)]
    }

    /// The answer for a command carried out (its last BMC request `sequence`); remembers it,
    /// so that a retry of it is a duplicate.
    private mutating func completed(_ request: PowerRequest, sequence: Int) -> Output {
        remember(Finished(request: request, completed: true, sequence: sequence))
        return .operationCompleted(request)
    }

    /// Keeps `command` as its requester's last finished one: in place of the one before for a role, besides the
    /// last `operatorMemory` for operators (many people and tools, each retrying its own).
    private mutating func remember(_ command: Finished) {
        let requester = command.request.requester
        var list = finished.filter { $0.request.requester != requester || (requester == .operatorRequest && $0.request.id != command.request.id) }
        list.append(command)
        if requester == .operatorRequest {
            let operators = list.indices.filter { list[$0].request.requester == .operatorRequest }
            if operators.count > Self.operatorMemory { list.remove(at: operators[0]) }
        }
        finished = list
    }

    private mutating func observe(_ power: PowerState) -> [Output] {
        guard observedPower != power else { return [] }
        observedPower = power
        statusSequence += 1
        return [.observedPowerChanged(power, sequence: statusSequence)]
    }

    // MARK: Time

    private mutating func tick(at now: Instant) -> [Output] {
        if let operation, operation.wait.step != .awaitingLateAnswer, operation.wait.isDue(at: now) {
            let step = operation.wait.step
            // Awaiting online, the BMC answered the reboot: only the server's return is missing.
            return retryOrFail(operation, at: now, reason: "\(step.label) timed out after \(settings.policy(of: step, for: operation.request.kind).timeout)", lastRequestAnswered: step == .awaitingOnline)
        }
        if let deadline = install?.offDeadline, now >= deadline {
            // No sign of life after the BMC reported the power off: the off was real, and it ended the install.
            return followStatus(.shutdown)
        }
        if let install, let deadline = install.deadline, now >= deadline {
            // No report of the server's own install for `installReportTimeout`: the updater lost it (it restarted) or
            // does not report. Taken as ended without being applied, as a start of another install would say: a report
            // of it arriving later is stale (it is no longer running), and waits for the server get past it.
            return followStatus(.updateFinished, updateFailed: true, cycleID: install.cycle, requestID: install.request)
        }
        if condition.status == .ready, operation == nil, let deadline = signOfLifeDeadline, now >= deadline {
            signOfLifeDeadline = nil
            return followStatus(.unresponsive)
        }
        return []
    }
}
