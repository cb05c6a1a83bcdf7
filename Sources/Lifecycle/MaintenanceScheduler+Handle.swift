extension MaintenanceScheduler: LifecycleMachine {

    /// Applies `input` in place; use `handle(_:at:)`, which commits only on success.
    public mutating func step(_ input: Input, at now: Instant) throws(Rejection) -> [Output] {
        let before = phase
        let trigger = Self.trigger(of: input)
        guard Self.table.accepts(before, trigger) else { throw rejection(of: input) }
        var outputs: [Output] = []
        try take(input, at: now, outputs: &outputs)
        advance(at: now, outputs: &outputs)
        if phase != before, !Self.table.contains(from: before, trigger, to: phase) {
            throw .notApplicable(state: before.label, input: "\(trigger.rawValue) (would lead to \(phase.label))")
        }
        return outputs
    }

    private func rejection(of input: Input) -> Rejection {
        let state = phase.label
        switch input {
        case let .bootConfigurationReady(id), let .bootConfigurationFailed(id, _), let .bootConfigurationReleased(id),
            let .maintenanceCompleted(id), let .maintenanceFailed(id, _):
            guard let maintenance = queue.first(where: { $0.id == id }) else { return .unknownMaintenance(id) }
            if id == current, outcome != nil { return .duplicate("\(Self.trigger(of: input).rawValue) of \(id)") }
            if id != current {
                return .stale("\(Self.trigger(of: input).rawValue) of \(id), but \(current.map { "\($0)" } ?? "no maintenance") is current")
            }
            return .notApplicable(state: "\(id) \(maintenance.status.label), \(state)", input: Self.trigger(of: input).rawValue)
        case let .cancel(id) where !queue.contains { $0.id == id }:
            return .unknownMaintenance(id)
        case let .powerCompleted(requestID), let .powerFailed(requestID, _, _):
            return .stale("power request \(requestID)")
        case let .leaseRequested(requestID) where requestID == leaseRequestID:
            return .duplicate("lease \(requestID)")
        case let .leaseReleased(requestID):
            return .stale("lease \(requestID)")
        default:
            return .notApplicable(state: state, input: Self.trigger(of: input).rawValue)
        }
    }

    // MARK: Inputs

    private mutating func take(_ input: Input, at now: Instant, outputs: inout [Output]) throws(Rejection) {
        switch input {
        case let .maintenanceRequested(request):
            guard !queue.contains(where: { $0.id == request.id }) else { throw .duplicate("maintenance \(request.id)") }
            // A maintenance id names one maintenance: a request for one this server finished is a copy.
            guard !finished.contains(request.id.fingerprint) else { throw .duplicate("maintenance \(request.id) (already finished)") }
            sequence += 1
            queue.append(ServerMaintenance(request: request, arrival: sequence, status: .pending))
            outputs.append(.maintenanceStateChanged(MaintenanceTransition(id: request.id, from: nil, to: .pending)))
        case let .cancel(id):
            try cancel(id, at: now, outputs: &outputs)
        case let .claimChanged(claim):
            try changeClaim(to: claim, outputs: &outputs)
        case let .approved(owner):
            // ok-to-maintenance is a label on the claim: only a claimed server can be approved, and only by the claim's
            // owner. An approval naming another owner than the claim's is of an earlier claim: sent before it was
            // released, delivered after another owner claimed the server (claims come on server.lifecycle, approvals on
            // maintenance.requests). Taken, it set the new owner's label, and a maintenance powered off a server its
            // owner had not approved (PROTOCOL §2).
            guard let claim else { throw .notApplicable(state: "not claimed", input: "maintenance approved") }
            if let owner, let holder = claim.owner, owner != holder {
                throw .stale("maintenance approved by \(owner), but the claim is \(holder)'s (an approval of an earlier claim)")
            }
            try changeClaim(to: Claim(okToMaintenance: true, owner: claim.owner), outputs: &outputs)
        case let .powerObserved(power, sequence):
            // A change the power controller sent again (it replayed its input) has a number already seen.
            if let sequence, let last = powerSequence, sequence <= last {
                throw .duplicate("power change #\(sequence) (#\(last) applied)")
            }
            guard power != self.power else { throw .duplicate("power \(power)") }
            self.power = power
            powerSequence = sequence ?? powerSequence
        case let .powerCompleted(requestID):
            try takeAnswer(requestID)
            guard requestID == powerRequestID else { return sendHeldPower(at: now, outputs: &outputs) }
            powerRequestID = nil
            if phase == .settingPower, let active {
                configureBoot(active, at: now, outputs: &outputs)
            } else {
                settle()
            }
        case let .powerFailed(requestID, reason, busy):
            try takeAnswer(requestID)
            guard requestID == powerRequestID else { return sendHeldPower(at: now, outputs: &outputs) }
            // Answered: the power controller runs an id once, so a retry is a new command with an id of its own.
            powerRequestID = nil
            // Refused as busy (another requester's command runs): nothing was done. The next attempt waits for
            // the wait's deadline (`tick`), as after a timeout: sent now it would meet the same busy power
            // controller and use the budget up at once (PROTOCOL §4, BusyPowerCommandAnsweredTests).
            guard !busy else {
                wait?.refusal = "power command answered \(reason)"
                return
            }
            retryOrFail(at: now, reason: "power failed: \(reason)", outputs: &outputs)
        case let .bootConfigurationReady(id):
            try requireCurrent(id, input)
            if let active { perform(active, at: now, outputs: &outputs) }
        case let .bootConfigurationFailed(id, reason):
            try requireCurrent(id, input)
            retryOrFail(at: now, reason: "boot configuration failed: \(reason)", outputs: &outputs)
        case let .bootConfigurationReleased(id):
            try requireCurrent(id, input)
            conclude(at: now, outputs: &outputs)
        case let .maintenanceCompleted(id):
            try requireCurrent(id, input)
            end(.complete, reason: nil, at: now, outputs: &outputs)
        case let .maintenanceFailed(id, reason):
            try requireCurrent(id, input)
            end(.failed, reason: reason, at: now, outputs: &outputs)
        case let .leaseRequested(requestID):
            if let held = leaseRequestID {
                throw held == requestID ? .duplicate("lease \(requestID)") : .notApplicable(
                    state: phase.label, input: "lease \(requestID) while \(held) has it")
            }
            leaseRequestID = requestID
            if phase == .awaitingApproval { settle() }
        case let .leaseReleased(requestID):
            guard requestID == leaseRequestID else { throw .stale("lease \(requestID)") }
            leaseRequestID = nil
            if phase == .leased { settle() }
        case .tick:
            if let wait, wait.isDue(at: now) {
                let timeout = settings.policy(of: wait.step).timeout
                // A power command held back made no attempt: its wait goes on (`isPowerCommandHeld`).
                guard !isPowerCommandHeld else {
                    self.wait?.deadline = now + timeout
                    return
                }
                retryOrFail(at: now, reason: wait.timeoutReason(after: timeout), outputs: &outputs)
            }
        }
    }

    /// A power answer must name a command sent and not answered yet: the current one, or one
    /// given up on, whose answer only ends it (it may hold the lease back, `advance`).
    private mutating func takeAnswer(_ requestID: String) throws(Rejection) {
        guard let number = Self.powerRequestNumber(requestID), let index = unansweredPower.firstIndex(of: number) else {
            // A state written before `unansweredPower` knows only the current command.
            guard requestID == powerRequestID else { throw .stale("power request \(requestID)") }
            return
        }
        unansweredPower.remove(at: index)
    }

    /// The answer of a command given up on arrived: a power command held back for it
    /// (`request(for:)`) is sent now, once no other is unanswered. Its attempt starts now, with
    /// the full timeout: nothing was sent before to wait for.
    private mutating func sendHeldPower(at now: Instant, outputs: inout [Output]) {
        guard isPowerCommandHeld, unansweredPower.isEmpty else { return }
        let timeout = settings.policy(of: phase).timeout
        wait?.deadline = now + timeout
        outputs += request(for: phase)
    }

    /// Takes `claim` as the server's claim (nil: unclaimed); the same claim again is a duplicate.
    private mutating func changeClaim(to claim: Claim?, outputs: inout [Output]) throws(Rejection) {
        guard claim != self.claim else { throw .duplicate("claim") }
        self.claim = claim
        if operational != .maintenance { setOperational(returnState, outputs: &outputs) }
    }

    /// Whether the power command of the phase (powering off as requested, or back on) is held back:
    /// asked for while an earlier command is unanswered, and not sent yet (`request(for:)`). Its wait
    /// has nothing to time out: no attempt was made, and the answer it waits for, the earlier
    /// command's, comes (the power controller answers every command it takes). Given up on at its
    /// timeout instead, the power on that ends a run was never sent and a server that was on stayed
    /// off (the seed powers it back on), leased to an update that cannot install on it.
    var isPowerCommandHeld: Bool {
        guard phase == .settingPower || phase == .restoringPower, let id = powerRequestID,
            let number = Self.powerRequestNumber(id)
        else { return false }
        return !unansweredPower.contains(number)
    }

    /// An answer (boot configuration, the operator's report) must name the maintenance the
    /// scheduler asked about: one that names another is stale.
    private func requireCurrent(_ id: MaintenanceID, _ input: Input) throws(Rejection) {
        guard id == current else {
            guard queue.contains(where: { $0.id == id }) else { throw .unknownMaintenance(id) }
            throw .stale("\(Self.trigger(of: input).rawValue) of \(id), but \(current.map { "\($0)" } ?? "no maintenance") is current")
        }
    }

    private mutating func cancel(_ id: MaintenanceID, at now: Instant, outputs: inout [Output]) throws(Rejection) {
        guard let index = queue.firstIndex(where: { $0.id == id }) else { throw .unknownMaintenance(id) }
        if queue[index].status == .pending {
            queue.remove(at: index)
            rememberFinished(id)
            outputs.append(.maintenanceStateChanged(MaintenanceTransition(id: id, from: .pending, to: .cancelled)))
            if current == id { settle() }
            if approvalAskedFor == id { approvalAskedFor = nil }
            return
        }
        guard [.settingPower, .configuringBoot, .inMaintenance].contains(phase) else {
            throw .notApplicable(state: phase.label, input: "cancel \(id) (already finishing)")
        }
        end(.cancelled, reason: nil, at: now, outputs: &outputs)
    }

    // MARK: Steps

    /// Back to idle, waiting for nothing; `advance` decides what comes next.
    private mutating func settle() {
        phase = .idle
        wait = nil
        current = nil
        powerRequestID = nil
    }

    private mutating func begin(_ phase: SchedulerPhase, at now: Instant, outputs: inout [Output]) {
        self.phase = phase
        let wait = Wait(phase, at: now, policy: settings.policy(of: phase))
        self.wait = wait
        powerRequestID = nil
        outputs += request(for: phase)
    }

    /// The request that starts (or restarts) what `phase` waits for. A retried power
    /// command keeps its request id, so the power controller sees a duplicate while it
    /// is still busy with it and its answer still counts.
    private mutating func request(for phase: SchedulerPhase) -> [Output] {
        let maintenance = queue.first { $0.id == current }
        switch phase {
        case .awaitingApproval:
            return current.map { [.maintenanceNeeded($0)] } ?? []
        case .settingPower, .restoringPower:
            let id = powerRequestID ?? {
                sequence += 1
                return Self.powerRequestID(sequence)
            }()
            powerRequestID = id
            let number = Self.powerRequestNumber(id)
            // One command at a time: while one sent earlier (given up on) is unanswered, the power
            // controller may still be busy with it and would answer this one busy, using the budget up
            // for nothing (PROTOCOL §1, §4). It is sent once that answer arrives.
            guard !unansweredPower.contains(where: { $0 != number }) else { return [] }
            if let number, !unansweredPower.contains(number) { unansweredPower.append(number) }
            let kind: PowerOperationKind = phase == .settingPower && maintenance?.request.power == .off ? .powerOff : .powerOn
            return [.power(PowerRequest(kind, by: .scheduler, id: id))]
        case .configuringBoot:
            guard let maintenance, let boot = maintenance.request.bootConfiguration else { return [] }
            return [.requestBootConfiguration(maintenance.id, bootConfiguration: boot)]
        case .inMaintenance:
            return current.map { [.maintenanceReady($0)] } ?? []
        case .releasingBoot:
            guard let maintenance, let boot = maintenance.request.bootConfiguration else { return [] }
            return [.releaseBootConfiguration(maintenance.id, bootConfiguration: boot)]
        case .idle, .leased:
            return []
        }
    }

    private mutating func retryOrFail(at now: Instant, reason: String, outputs: inout [Output]) {
        guard let wait else { return }
        if let retried = wait.retried(at: now, policy: settings.policy(of: wait.step)) {
            self.wait = retried
            outputs += request(for: retried.step)
            return
        }
        let reason = "\(reason) (attempt \(wait.attempt) of \(wait.attempt))"
        self.wait = nil
        switch wait.step {
        case .awaitingApproval:
            if let current, let index = queue.firstIndex(where: { $0.id == current }) {
                queue.remove(at: index)
                rememberFinished(current)
                outputs.append(.maintenanceStateChanged(
                    MaintenanceTransition(id: current, from: .pending, to: .failed, reason: "approval not given: \(reason)")))
            }
            approvalAskedFor = nil
            settle()
        case .settingPower, .configuringBoot, .inMaintenance:
            end(.failed, reason: reason, at: now, outputs: &outputs)
        case .releasingBoot:
            if outcome != .failed {
                outcome = .failed
                outcomeReason = "boot configuration not released: \(reason)"
            }
            conclude(at: now, outputs: &outputs)
        case .restoringPower:
            outputs.append(.powerRestoreFailed(reason: reason))
            settle()
        case .idle, .leased:
            settle()
        }
    }

    /// Starts `maintenance`: the server goes into maintenance (if it was not already in this run).
    private mutating func start(_ maintenance: ServerMaintenance, at now: Instant, outputs: inout [Output]) {
        guard let index = queue.firstIndex(of: maintenance) else { return }
        queue[index].status = .inMaintenance
        outputs.append(.maintenanceStateChanged(MaintenanceTransition(id: maintenance.id, from: .pending, to: .inMaintenance)))
        current = maintenance.id
        outcome = nil
        outcomeReason = nil
        if approvalAskedFor == maintenance.id { approvalAskedFor = nil }
        if operational != .maintenance {
            powerBefore = power
            setOperational(.maintenance, outputs: &outputs)
        }
        let desired = maintenance.request.power
        if desired != .unknown, power != desired {
            begin(.settingPower, at: now, outputs: &outputs)
        } else {
            configureBoot(maintenance, at: now, outputs: &outputs)
        }
    }

    private mutating func configureBoot(_ maintenance: ServerMaintenance, at now: Instant, outputs: inout [Output]) {
        if maintenance.request.bootConfiguration != nil {
            begin(.configuringBoot, at: now, outputs: &outputs)
        } else {
            perform(maintenance, at: now, outputs: &outputs)
        }
    }

    private mutating func perform(_ maintenance: ServerMaintenance, at now: Instant, outputs: inout [Output]) {
        begin(.inMaintenance, at: now, outputs: &outputs)
    }

    /// The active maintenance ends as `status`: release its boot configuration if it was requested, then conclude.
    private mutating func end(_ status: MaintenanceStatus, reason: String?, at now: Instant, outputs: inout [Output]) {
        outcome = status
        outcomeReason = reason
        powerRequestID = nil
        let bootRequested = phase == .configuringBoot || phase == .inMaintenance
        if bootRequested, active?.request.bootConfiguration != nil {
            begin(.releasingBoot, at: now, outputs: &outputs)
        } else {
            conclude(at: now, outputs: &outputs)
        }
    }

    /// The active maintenance leaves the queue; the run goes on with the next one, or
    /// ends: back to the operational state and powered on unless it was off.
    private mutating func conclude(at now: Instant, outputs: inout [Output]) {
        if let index = queue.firstIndex(where: { $0.id == current && $0.status == .inMaintenance }) {
            let finished = queue.remove(at: index)
            rememberFinished(finished.id)
            let status = outcome ?? .complete
            outputs.append(.maintenanceStateChanged(MaintenanceTransition(
                id: finished.id, from: .inMaintenance, to: status, reason: status == .failed ? outcomeReason : nil)))
        }
        outcome = nil
        outcomeReason = nil
        settle()
        if leaseRequestID == nil, let next = nextPending, isApproved(next), isWindowOpen(at: now) {
            start(next, at: now, outputs: &outputs)
            return
        }
        setOperational(returnState, outputs: &outputs)
        // Powered back on unless it is known to have been off before (the seed powers it on).
        // Asked even when it looks on: a power command given up on may still be carried out.
        if powerBefore != .off {
            begin(.restoringPower, at: now, outputs: &outputs)
        }
    }

    /// Keeps `id` as the newest finished maintenance, forgetting the oldest beyond `finishedLimit`.
    private mutating func rememberFinished(_ id: MaintenanceID) {
        var list = finished
        list.append(id.fingerprint)
        if list.count > Self.finishedLimit { list.removeFirst(list.count - Self.finishedLimit) }
        finished = list
    }

    private mutating func setOperational(_ state: OperationalState, outputs: inout [Output]) {
        guard operational != state else { return }
        outputs.append(.operationalStateChanged(from: operational, to: state))
        operational = state
    }

    /// Whether maintenances may start at `now`.
    public func isWindowOpen(at now: Instant) -> Bool { settings.window?.contains(now) ?? true }

    /// The scheduler's own decisions between runs: grant the lease, ask for approval, or start the next maintenance.
    private mutating func advance(at now: Instant, outputs: inout [Output]) {
        guard phase == .idle || phase == .awaitingApproval else { return }
        if let lease = leaseRequestID {
            settle()
            // The lease waits for the answers of the run's power commands, also those given up on:
            // the power controller may still carry one out (invariant 2). Nothing else starts meanwhile.
            guard unansweredPower.isEmpty else { return }
            phase = .leased
            outputs.append(.leaseGranted(requestID: lease))
            return
        }
        guard let next = nextPending else {
            settle()
            return
        }
        if !isApproved(next) {
            if phase == .awaitingApproval, current == next.id { return }
            current = next.id
            if approvalAskedFor != next.id {
                approvalAskedFor = next.id
                begin(.awaitingApproval, at: now, outputs: &outputs)
            } else {
                phase = .awaitingApproval
                wait = Wait(.awaitingApproval, at: now, policy: settings.approval)
            }
            return
        }
        guard isWindowOpen(at: now) else {
            settle()
            return
        }
        start(next, at: now, outputs: &outputs)
    }
}
