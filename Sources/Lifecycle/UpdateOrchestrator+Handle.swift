extension UpdateOrchestrator: LifecycleMachine {

    /// The id of this cycle's disruption lease request; the grant must echo it. The lease goes back when a cycle ends
    /// and can be asked for again under the same cycle id (the server's own install after it needs a reboot): from the
    /// cycle id's second request on the id counts them (`update-N-lease-K`), so a late grant of one given back is stale.
    /// With no lease asked for or held, it is the current cycle id's first request id, as before the count existed.
    public var leaseRequestID: String {
        let id = "update-\(lease == .none ? sequence : leaseSequence)-lease"
        return lease != .none && leaseRequests > 1 ? "\(id)-\(leaseRequests)" : id
    }
    /// The id of the slot request: the slot is given back with the lease, so it is the lease's cycle's; the grant must
    /// echo it. A membership change withdraws the request and the member asks again, maybe the same cluster: from the
    /// second request on the id counts them (`update-N-slot-K`), so a lagging grant of a withdrawn request is stale.
    public var slotRequestID: String {
        let id = "update-\(lease == .none ? sequence : leaseSequence)-slot"
        return slotRequests > 1 ? "\(id)-\(slotRequests)" : id
    }

    /// Applies `input` in place; use `handle(_:at:)`, which commits only on success.
    public mutating func step(_ input: Input, at now: Instant) throws(Rejection) -> [Output] {
        let before = updateState
        let trigger = Self.trigger(of: input)
        var outputs: [Output] = []
        // The late answer of a request the cycle gave up on, whatever the state: it ends that request, and the lease it
        // held may go back (PROTOCOL §1).
        if let requestID = Self.incusAnswer(of: input), requestID != incusRequestID, givenUpRequests.contains(requestID) {
            try Self.transition(&self, from: before, on: trigger, outputs: &outputs) { machine, _ throws(Rejection) in
                try machine.takeLateAnswer(input, of: requestID)
            }
            try Self.transition(&self, from: updateState, on: .decision, outputs: &outputs) { machine, requests in
                machine.advance(at: now, requests: &requests)
            }
            return outputs
        }
        // An answer that names a request or cycle other than the current one is stale,
        // whatever the state: it changes nothing.
        if let stale = staleness(of: input) { throw stale }
        if trigger != .timeout, !Self.table.accepts(before, trigger) {
            throw rejection(of: input, in: before)
        }
        try Self.transition(&self, from: before, on: trigger, outputs: &outputs) { machine, requests throws(Rejection) in
            try machine.take(input, at: now, requests: &requests)
        }
        try Self.transition(&self, from: updateState, on: .decision, outputs: &outputs) { machine, requests in
            machine.advance(at: now, requests: &requests)
        }
        return outputs
    }

    /// Runs `body`, then checks the arrow it took is in the table and emits the state
    /// changes before the requests `body` made.
    private static func transition(
        _ machine: inout UpdateOrchestrator, from before: UpdateState, on trigger: Trigger, outputs: inout [Output],
        _ body: (inout UpdateOrchestrator, inout [Output]) throws(Rejection) -> Void
    ) throws(Rejection) {
        let maintenanceBefore = machine.maintenance
        var requests: [Output] = []
        try body(&machine, &requests)
        let after = machine.updateState
        let maintenance = machine.maintenance
        let failure = machine.failure
        if after != before, !table.contains(from: before, trigger, to: after) {
            throw .notApplicable(state: before.label, input: "\(trigger) (would lead to \(after.label))")
        }
        if maintenance != maintenanceBefore {
            outputs.append(.maintenanceStateChanged(from: maintenanceBefore, to: maintenance))
        }
        if after != before {
            outputs.append(.updateStateChanged(from: before, to: after, reason: after == .failed ? failure?.reason : nil))
        }
        outputs += requests
    }

    private func rejection(of input: Input, in state: UpdateState) -> Rejection {
        switch input {
        case .updateAvailable where state == .updatePending || state == .updating:
            .duplicate("update available")
        // A grant in a state without its row answers no outstanding request there (the rows are the states one
        // can be outstanding in, GrantOutstandingStatesTests): it is a duplicate of the grant held, or of a
        // request withdrawn (PROTOCOL §1).
        case let .leaseGranted(requestID) where lease != .requested:
            lease == .held ? .duplicate("lease \(requestID)") : .stale("lease \(requestID): no lease request is outstanding")
        case let .slotGranted(requestID, cluster) where slot != .requested:
            slot == .held ? .duplicate("slot") : .stale("slot grant\(requestID.map { " of \($0)" } ?? "") from \(cluster), but no slot is asked for")
        case .retry:
            .notApplicable(state: state.label, input: "retry (nothing failed)")
        default:
            .notApplicable(state: state.label, input: "\(Self.trigger(of: input))")
        }
    }

    /// The late answer of `requestID`, an evacuation or restore the cycle gave up on. Incus carries its requests out in
    /// the order asked, so a completion is the member's place in its cluster only when no later request was asked
    /// for (none outstanding, none given up on after it): a member still evacuating is then evacuated, one still
    /// restoring is restored, as by the answer of the request outstanding (Failed or not; the cycle goes on from there).
    /// Otherwise the later request decides, and the answer only ends its own request.
    private mutating func takeLateAnswer(_ input: Input, of requestID: String) throws(Rejection) {
        let lastWord = incusRequestID == nil && givenUpRequests.last == requestID
        givenUpRequests.removeAll { $0 == requestID }
        guard lastWord else { return }
        switch input {
        case .evacuationCompleted where maintenance == .evacuating:
            try move(.evacuationCompleted)
        case .restoreCompleted where maintenance == .restoring:
            try move(.restoreCompleted)
        default:
            return
        }
        incusAttempts = 0
        // No later request is outstanding: a wait for the server, or for this answer, ends.
        if [.serverReady, .evacuation, .restore].contains(wait?.step) { wait = nil }
    }

    /// The evacuation or restore request `input` answers, if it is an Incus answer.
    private static func incusAnswer(of input: Input) -> String? {
        switch input {
        case let .evacuationCompleted(requestID), let .evacuationFailed(requestID, _), let .restoreCompleted(requestID), let .restoreFailed(requestID, _):
            requestID
        default:
            nil
        }
    }

    /// Why `input` answers a request that is not the current one, or nil when it does (or names none).
    private func staleness(of input: Input) -> Rejection? {
        if let requestID = Self.incusAnswer(of: input) {
            guard requestID != incusRequestID else { return nil }
            return .stale("\(Self.trigger(of: input)) of \(requestID), but \(incusRequestID.map { "\($0) is outstanding" } ?? "no evacuation or restore is outstanding")")
        }
        switch input {
        case let .updateFailed(cycleID, _, requestID):
            guard let cycleID else {
                // A report that names no cycle counts only while none runs (the server updated
                // on its own), as for the status view's reports.
                guard updateAvailable else { return nil }
                return .stale("update failed naming no cycle, but cycle \(self.cycleID) runs")
            }
            guard cycleID == self.cycleID else { return .stale("update failed for cycle \(cycleID), but the cycle is \(self.cycleID)") }
            guard !answersInstall(requestID) else { return nil }
            if let requestID { return .stale("update failed for install \(requestID), but the latest install asked for is \(installRequestID ?? "none")") }
            return .stale(
                "update failed naming no install request, but \(installRequestID ?? "an install") was asked for after an earlier attempt ended "
                    + "and may still report: the report cannot be attributed")
        default:
            return nil
        }
    }

    // MARK: Inputs

    private mutating func take(_ input: Input, at now: Instant, requests: inout [Output]) throws(Rejection) {
        switch input {
        case let .serverStatus(change):
            try view(change, at: now)
        case .updateAvailable:
            if updateState == .upToDate, unansweredRequests.isEmpty {
                startAnnouncedCycle()
            } else if updateAvailable, installAttempts == 0, [.updatePending, .updating].contains(updateState) {
                // No install asked for yet: the one to come installs the newest update.
                throw .duplicate("update available")
            } else {
                // A cycle runs past its install, or failed, or is over with a disruptive request of its own
                // unanswered (its grants still held): keep the announcement for when it ends.
                guard !nextUpdateAnnounced else { throw .duplicate("update available (kept for the next cycle)") }
                nextUpdateAnnounced = true
            }
        case let .updateFailed(_, reason, _):
            // A report of the install asked for last (`staleness`): the updater consumed its request, and it ended.
            if updateAvailable {
                installStarted = true
                retriedInstallRequestUnread = false
            }
            try failed(.update, reason: reason, at: now, requests: &requests)
        case let .leaseGranted(requestID):
            guard lease == .requested, requestID == leaseRequestID else {
                throw lease == .held ? .duplicate("lease \(requestID)") : .stale("lease \(requestID)")
            }
            lease = .held
            if wait?.step == .lease { wait = nil }
        case let .slotGranted(requestID, cluster):
            // A grant of another request (one withdrawn, of an earlier cycle) or of another
            // cluster's rollout is not this request's.
            guard requestID == nil || requestID == slotRequestID, cluster == clusterID else {
                let asked = slot == .none ? "no slot is asked for" : "\(slotRequestID) of \(clusterID ?? "no cluster") is"
                throw .stale("slot grant\(requestID.map { " of \($0)" } ?? "") from \(cluster), but \(asked)")
            }
            guard slot == .requested else { throw slot == .held ? .duplicate("slot") : .stale("slot") }
            slot = .held
            if wait?.step == .slot { wait = nil }
        case .evacuationCompleted:
            try incusCompleted(.evacuationCompleted)
        case let .evacuationFailed(_, reason):
            try failed(.evacuation, reason: reason, at: now, requests: &requests)
        case .restoreCompleted:
            // A reboot still pending after a restore of this round (a retried cycle resumed at the restore of the
            // failed one's evacuation) is a round of its own: its evacuation, reboot and restore must not repeat the
            // ids this round used (PROTOCOL §3, RestoreBeforePendingRebootTests).
            let roundRestored = incusRequestID?.hasPrefix("\(roundID)-\(UpdateStep.restore.rawValue)-") == true
            try incusCompleted(.restoreCompleted)
            if requiresReboot, roundRestored { rebootRounds = max(rebootRounds + 1, 2) }
        case let .restoreFailed(_, reason):
            try failed(.restore, reason: reason, at: now, requests: &requests)
        case let .powerCompleted(requestID):
            guard requestID == powerRequestID else { throw .stale("power request \(requestID)") }
            // The power controller completes a reboot only once it saw the server again: the server rebooted, also
            // when the view showed it as a power cycle (shut down or unresponsive → online) rather than rebooting →
            // online. Unless the view counted this command's reboot already (a reboot needed since is a new round's).
            if requiresReboot, !powerRequestRebootSeen { rebooted() }
            powerRequestID = nil
            powerRequestRebootSeen = false
        case let .powerFailed(requestID, reason, busy):
            guard requestID == powerRequestID else { throw .stale("power request \(requestID)") }
            powerRequestID = nil
            powerRequestRebootSeen = false
            // Refused as busy (another requester's command runs): nothing was done, and nothing of the cycle is
            // unanswered. The reboot step's next attempt, a new command, waits for the step's deadline (`tick`), as
            // after a timeout: sent now it would meet the same busy power controller and use the budget up at once
            // (PROTOCOL §4, BusyPowerCommandAnsweredTests).
            if wait?.step == .reboot, !busy { retryOrFail(at: now, reason: "reboot failed: \(reason)", requests: &requests) }
            if wait?.step == .reboot, busy { wait?.refusal = "reboot answered \(reason)" }
        case let .clusterMembership(cluster):
            // A fact about the server, taken in every state. A slot held or asked for belongs to the
            // cluster it was asked of: it goes back there, and a slot wait ends, so the cycle asks the
            // new cluster (or none) where it next needs a slot.
            guard cluster != clusterID else { throw .duplicate("cluster membership \(cluster ?? "none")") }
            // The withdrawn request counts (also one of a state written before the count), so the next has an id of its own.
            if slot != .none { slotRequests = max(slotRequests, 1) }
            releaseSlot(requests: &requests)
            if wait?.step == .slot { wait = nil }
            clusterID = cluster
        case .retry:
            // A new cycle: reports of the failed one are stale from now on, and an update
            // not applied yet is installed again (under the lease) with a fresh budget.
            // The failed cycle's last install request, never reported started, is not taken back by the retry.
            if installRequestUnread { retriedInstallRequestUnread = true }
            failure = nil
            wait = nil
            beginCycleID()
            giveUpIncusRequest()
            // An update announced meanwhile is installed by the retried install when the cycle
            // resumes there; otherwise it starts its own cycle once this one ends (`advance`).
            if updateAvailable { nextUpdateAnnounced = false }
        case .tick:
            if let wait, wait.isDue(at: now) {
                let timeout = settings.policy(of: wait.step).timeout
                retryOrFail(at: now, reason: wait.timeoutReason(after: timeout), timedOut: true, requests: &requests)
            }
        }
    }

    /// Applies a status change of the power controller to the view; it must follow on the last one.
    private mutating func view(_ change: StatusChange, at now: Instant) throws(Rejection) {
        // A change the power controller sent again (it replayed its input after a restart)
        // carries the number it had: applying it again would move the view back.
        if let number = change.sequence, let last = statusSequence, number <= last {
            throw .duplicate("status change #\(number) (#\(last) applied)")
        }
        guard change.from == server else {
            if change.to == server { throw .duplicate("status \(change.to)") }
            throw .stale("status change from \(change.from), but the server is \(server)")
        }
        server = change.to
        statusSequence = change.sequence ?? statusSequence
        // An update report counts for the cycle only when it names the cycle's id and answers
        // the install asked for last (`answersInstall`); one that names no cycle counts only
        // while no cycle runs (the server updated on its own).
        let ofThisCycle = updateAvailable ? change.cycleID == cycleID && answersInstall(change.requestID) : change.cycleID == nil
        switch change.trigger {
        case .updateStarted where ofThisCycle:
            // The updater consumed the install request asked for last: the install runs on the server. It reads its
            // requests in order: one of the cycle a retry ended was read before.
            installStarted = true
            if updateAvailable { retriedInstallRequestUnread = false }
        case .updateFinished where failure?.installMayRun == true && ofThisCycle:
            // The install that timed out has ended after all: the failed cycle can give its lease back.
            // Only a report of the last attempt says so: one of an earlier attempt leaves the last one possibly running.
            failure?.installMayRun = nil
            retriedInstallRequestUnread = false
        case .updateFinished where change.updateFailed == true:
            // Not applied: the update is still available, and the step still waits for
            // its outcome (the update.failed event retries it or fails the cycle).
            break
        case .updateFinished where ofThisCycle:
            if updateAvailable { retriedInstallRequestUnread = false }
            if !requiresReboot, change.requiresReboot == true {
                // A reboot round of its own: the cycle's install starts the first; an install the cycle did
                // not ask for (the server's own, after a reboot of this cycle id or after the cycle ended) is
                // never the first, also in a state written before the count existed.
                rebootRounds = max(rebootRounds + 1, updateAvailable ? 1 : 2)
            }
            updateAvailable = false
            requiresReboot = requiresReboot || change.requiresReboot == true
            if wait?.step == .update { wait = nil }
        case .online where change.from == .rebooting:
            rebooted()
        case .reboot, .shutdown, .unresponsive:
            // The install's reports come from the server itself: once it is offline they
            // cannot come. Wait for it to be ready, then ask again (an attempt of the step).
            // So has the install a failed cycle kept its lease for, if it was reported started: it can give the
            // lease back. An install request never reported started may still wait for an updater that lags,
            // which starts it once the server is back: offline does not end it (InstallRequestConsumedAfterRebootTests).
            // An earlier attempt given up on has ended too (reports naming no request are the next attempt's) only
            // once the latest was read: the updater reads in order, so an unread latest may have an unread earlier
            // one before it, whose unnamed reports would pass for the latest's (UnreadEarlierInstallAfterOfflineTests);
            // and the unread one is itself an earlier attempt once the next is asked for, that may report
            // (UnconsumedInstallRequestAcrossOfflineTests).
            if wait?.step == .update { wait = Wait(.serverReady, at: now, policy: settings.serverReady) }
            if !installRequestUnread {
                earlierInstallMayRun = false
                failure?.installMayRun = nil
            } else if installAttempts > 0 {
                earlierInstallMayRun = true
            }
        default:
            break
        }
        if server == .ready, wait?.step == .serverReady { wait = nil }
    }

    /// The server rebooted (seen back from rebooting, or the reboot command completed): the applied update took effect
    /// and the reboot step ends. A reboot command still unanswered has had its reboot counted: its completion is then
    /// only its answer (`powerRequestRebootSeen`).
    private mutating func rebooted() {
        requiresReboot = false
        rebootAttempts = 0
        if wait?.step == .reboot { wait = nil }
        if powerRequestID != nil { powerRequestRebootSeen = true }
    }

    /// Whether the install asked for last was never reported started nor answered: its request may still wait in
    /// `operator.requests` for an updater that lags, which starts it whenever it reads it (also after the server went
    /// offline, and whichever wait of the cycle gave up since: the install's, the server's after it went away, a
    /// retry's), so a cycle that fails keeps its lease for it (PROTOCOL §1, `InstallRequestUnstartedServerReadyTimeoutTests`).
    /// A retry does not take such a request back (`retriedInstallRequestUnread`).
    var installRequestUnread: Bool { retriedInstallRequestUnread || (updateAvailable && installAttempts > 0 && !installStarted) }

    /// The install request of this cycle's latest attempt (`update-N-update-A`), nil before the first.
    public var installRequestID: String? { installAttempts > 0 ? "\(cycleID)-update-\(installAttempts)" : nil }

    /// Whether an OS updater's report of this cycle naming the install request `requestID` answers
    /// the install asked for last. A report naming another attempt's request is of an attempt given
    /// up on. A report naming none (an updater that does not echo `requestId`) can be attributed only
    /// while no earlier attempt may still report (`earlierInstallMayRun`): once an attempt ended (timed
    /// out, or failed by a report: a copy of it and its status change may still come) and a later one
    /// was asked for, it may be the late report of the earlier one, and taking it would end the step
    /// (or the cycle, and give the lease back) while the later install may run (PROTOCOL §2).
    func answersInstall(_ requestID: String?) -> Bool {
        guard let requestID else { return !earlierInstallMayRun }
        return requestID == installRequestID
    }

    private func expect(_ step: UpdateStep, _ what: String) throws(Rejection) {
        guard wait?.step == step else { throw .stale("\(what): no \(step.rawValue) outstanding") }
    }

    /// Incus finished the evacuation or the restore: the maintenance state moves on, nothing is outstanding.
    private mutating func incusCompleted(_ trigger: EvacuationTrigger) throws(Rejection) {
        try move(trigger)
        incusRequestID = nil
        incusAttempts = 0
        wait = nil
    }

    /// The outstanding `step` (update, evacuation, restore) failed: it is retried, or the cycle fails.
    private mutating func failed(_ step: UpdateStep, reason: String, at now: Instant, requests: inout [Output]) throws(Rejection) {
        try expect(step, "\(step.rawValue) failed")
        // Incus answered the request outstanding: it is not given up on.
        if step == .evacuation || step == .restore { incusRequestID = nil }
        retryOrFail(at: now, reason: "\(step.rawValue) failed: \(reason)", requests: &requests)
    }

    /// Moves the maintenance state along its seed arrow.
    private mutating func move(_ trigger: EvacuationTrigger) throws(Rejection) {
        guard let to = MaintenanceState.table.targets(from: maintenance, on: trigger).first else {
            throw .notApplicable(state: maintenance.label, input: trigger.rawValue)
        }
        maintenance = to
    }

    // MARK: Steps

    private mutating func retryOrFail(at now: Instant, reason: String, timedOut: Bool = false, requests: inout [Output]) {
        guard let wait else { return }
        guard let retried = wait.retried(at: now, policy: settings.policy(of: wait.step)) else {
            let installMayRun = wait.step == .update && timedOut && server.status == .ready
            fail(wait.step, reason: "\(reason) (attempt \(wait.attempt) of \(wait.attempt))", installMayRun: installMayRun,
                 watchedInstall: wait.step == .update && !updateAvailable, requests: &requests)
            return
        }
        switch wait.step {
        case .update where !updateAvailable:
            // The server's own install, only watched: the orchestrator asked for nothing, so it asks for
            // nothing again (an install is asked for only for an announced update, under the lease).
            self.wait = retried
        case .update, .evacuation, .restore, .reboot:
            // A request that disrupts the server. The attempt that failed counts, and the next one is asked
            // for the way the first was (`advance`, `start`): under the lease (and a slot of the member's
            // cluster), once the server is ready, for an announced update, as the next attempt of the
            // step's budget, also after a wait for the grants or for the server.
            // The attempt given up on may still report while the next one is asked for: at its timeout it may still run;
            // ended by its failure report, a copy of that report (the updater's producer retried) or its status change
            // (through the power controller, on another topic: no order with the report) may still come. Either way a
            // later report naming no request may be this attempt's (`answersInstall`). Only the server going offline ends
            // that (`view`), and only a report naming the latest request is then the latest attempt's.
            if wait.step == .update, !timedOut || server.status == .ready { earlierInstallMayRun = true }
            countAttempt(wait)
            if wait.step != .update && wait.step != .reboot { giveUpIncusRequest() }
            self.wait = nil
        case .serverReady, .lease, .slot:
            self.wait = retried
            requests += request(for: retried)
        }
    }

    /// Records that `wait`'s attempt was made: the step's next request continues the count (`start`).
    /// The wait's attempt is the count for a state written before the step's counter existed.
    private mutating func countAttempt(_ wait: Wait<UpdateStep>) {
        switch wait.step {
        case .update: installAttempts = max(installAttempts, wait.attempt)
        case .evacuation, .restore: incusAttempts = max(incusAttempts, wait.attempt)
        case .reboot: rebootAttempts = max(rebootAttempts, wait.attempt)
        case .serverReady, .lease, .slot: break
        }
    }

    /// The cycle gives up at `step`; `advance` gives the grants back once nothing of it can still disrupt the server.
    /// `installMayRun`: an install reported started (or timed out with the server ready) may still run. Whatever the step
    /// that gave up, an install request of the cycle never reported started (nor answered) may run too (`installRequestUnread`).
    private mutating func fail(
        _ step: UpdateStep, reason: String, installMayRun: Bool = false, watchedInstall: Bool = false, requests: inout [Output]
    ) {
        let installMayRun = installMayRun || installRequestUnread
        failure = Failure(step: step, reason: reason, installMayRun: installMayRun ? true : nil, watchedInstall: watchedInstall ? true : nil)
        wait = nil
        giveUpIncusRequest()
    }

    /// The evacuation or restore request outstanding is given up on (its step timed out, the cycle failed or an operator
    /// retried it): no answer of it moves the cycle any more, but Incus may still carry it out, so it holds the lease
    /// until its answer (`givenUpRequests`).
    private mutating func giveUpIncusRequest() {
        if let incusRequestID { givenUpRequests.append(incusRequestID) }
        incusRequestID = nil
    }

    /// A new cycle for an announced update: a new cycle id, fresh budgets.
    private mutating func startAnnouncedCycle() {
        updateAvailable = true
        nextUpdateAnnounced = false
        beginCycleID()
    }

    /// The next cycle id, with fresh budgets and nothing of the last id's installs (an operator
    /// retry, or an update announced): a reboot still pending is the new id's first round.
    private mutating func beginCycleID() {
        sequence += 1
        installAttempts = 0
        incusAttempts = 0
        rebootAttempts = 0
        rebootRounds = requiresReboot ? 1 : 0
        earlierInstallMayRun = false
        installStarted = false
    }

    /// What the evacuation, reboot and restore request ids of the current reboot round start with: the cycle id
    /// in the first round (the ids written before rounds existed), `update-N-round-R` from the second, so a
    /// later round's requests never repeat an id of an earlier one (PROTOCOL §3: an id names one request).
    public var roundID: String { rebootRounds > 1 ? "\(cycleID)-round-\(rebootRounds)" : cycleID }

    /// The request that starts (or restarts) the step waited for.
    private mutating func request(for wait: Wait<UpdateStep>) -> [Output] {
        let id = "\(wait.step == .update ? cycleID : roundID)-\(wait.step.rawValue)-\(wait.attempt)"
        switch wait.step {
        case .update:
            installAttempts = wait.attempt
            installStarted = false
            return [.triggerUpdate(requestID: id, cycleID: cycleID)]
        case .serverReady: return []
        case .lease: return [.requestLease(requestID: leaseRequestID)]
        case .slot: return clusterID.map { [.requestSlot(clusterID: $0, requestID: slotRequestID)] } ?? []
        case .evacuation, .restore:
            incusAttempts = wait.attempt
            incusRequestID = id
            return [wait.step == .evacuation ? .evacuate(requestID: id) : .restore(requestID: id)]
        case .reboot:
            // One power command at a time, each run of a reboot a command of its own. While the command sent
            // last is unanswered (the step timed out, or an operator retried the failed cycle) it is sent again
            // with its id: the power controller runs an id once, so the copy is a duplicate there while it runs
            // or once it finished (its answer, on its way, still counts), and runs only a command it never took
            // (rejected while it was busy). Once the power controller answered it failed, the next attempt is a
            // new command with an id of its own (`-reboot-A`): a late copy of the failure then names another
            // command and is stale. A new id is never sent while one is unanswered, so no command the power
            // controller carries out is forgotten, and none is rejected as busy behind it and left unanswered.
            // A reboot of a later round is another command too, named by its round.
            let id = powerRequestID ?? (wait.attempt == 1 ? "\(roundID)-reboot" : "\(roundID)-reboot-\(wait.attempt)")
            rebootAttempts = wait.attempt
            powerRequestID = id
            return [.power(PowerRequest(.reboot, by: .updateOrchestrator, id: id))]
        }
    }

    /// The requests `step` has made in this cycle (its phase, for the evacuation and the restore),
    /// counted across restarts after the server went away; 0 for steps that start afresh.
    private func attemptsMade(_ step: UpdateStep) -> Int {
        switch step {
        case .update: installAttempts
        case .evacuation, .restore: incusAttempts
        case .reboot: rebootAttempts
        case .serverReady, .lease, .slot: 0
        }
    }

    /// Asks for `step`: the next attempt of this cycle's budget, which an attempt interrupted by
    /// the server going away has spent too (install, evacuation, restore); fails the cycle when it is used.
    private mutating func start(_ step: UpdateStep, at now: Instant, requests: inout [Output]) {
        let policy = settings.policy(of: step)
        var wait = Wait(step, at: now, policy: policy)
        wait.attempt = attemptsMade(step) + 1
        guard wait.attempt <= policy.attempts else {
            let what = step == .update ? "install" : step.rawValue
            // An install request never reported started may still be read by an updater that lags: the lease stays for it.
            fail(step, reason: "\(step.rawValue) interrupted: the server went away during the \(what) (attempt \(wait.attempt - 1) of \(policy.attempts))",
                 requests: &requests)
            releaseGrantsOfFailedCycle(requests: &requests)
            return
        }
        self.wait = wait
        requests += request(for: wait)
    }

    /// A failed cycle keeps its lease (and slot) while it may still disrupt the server: a member
    /// still evacuated (or evacuating, or restoring) until a retry finishes the cycle; an install
    /// that timed out without a report, or that the server still reports, until it ended.
    private mutating func releaseGrantsOfFailedCycle(requests: inout [Output]) {
        guard let failure, maintenance == .notInMaintenance, failure.installMayRun != true, server != .updating, unansweredRequests.isEmpty else {
            return
        }
        releaseGrants(requests: &requests)
    }

    private mutating func releaseGrants(requests: inout [Output]) {
        releaseSlot(requests: &requests)
        if lease != .none {
            requests.append(.releaseLease(requestID: leaseRequestID))
            // The request given back counts (also one of a state written before the count), so the next has an id of its own.
            leaseRequests = max(leaseRequests, 1)
        }
        lease = .none
    }

    /// Gives the slot back (or withdraws its request) to the cluster it was asked of: the current one,
    /// as a membership change releases it before it records the new cluster.
    private mutating func releaseSlot(requests: inout [Output]) {
        if slot != .none, let clusterID { requests.append(.releaseSlot(clusterID: clusterID)) }
        slot = .none
    }

    /// The orchestrator's own decisions: trigger the next step when nothing is awaited.
    private mutating func advance(at now: Instant, requests: inout [Output]) {
        // The maintenance (evacuation) state is the member's place in its cluster: one that left it has
        // nothing to restore (its instances stay with the cluster), and a restore of a server in no cluster
        // cannot succeed. Once no evacuation or restore request is unanswered (also one given up on: Incus may
        // still carry it out, and its completion, when no later request follows it, is the member's place), the
        // state ends without a request, also while Failed; the cycle goes on as for a standalone server (a reboot
        // still pending runs under the lease alone).
        // The round whose evacuation was asked for ends with it: a member that joins a cluster again before its reboot is
        // evacuated anew, and that evacuation (with the reboot and restore after it) is the next round's, whose ids name it,
        // so `-evacuation-1` does not name a second request (PROTOCOL §3, LeftClusterEvacuationIDTests), as for a restore
        // completed with a reboot still pending.
        if clusterID == nil, maintenance != .notInMaintenance, incusRequestID == nil, givenUpRequests.isEmpty {
            try? move(.leftCluster)
            incusAttempts = 0
            rebootRounds = max(rebootRounds + 1, 2)
            // No request is outstanding: a wait for the server, or for the answers of requests given up on, ends.
            if [.serverReady, .evacuation, .restore].contains(wait?.step) { wait = nil }
        }
        // The lease (and slot) is given back only once no disruptive request of the cycle is unanswered, also one given
        // up on: a reboot the power controller, or an evacuation or restore Incus, still carries out disrupts the server.
        if updateState == .upToDate {
            // The cycle is over (also when an unannounced update was interrupted): wait for nothing.
            wait = nil
            guard unansweredRequests.isEmpty else { return }
            releaseGrants(requests: &requests)
            // An update announced during the cycle starts its own now (asking for the lease again).
            guard nextUpdateAnnounced else { return }
            startAnnouncedCycle()
        }
        // The watch of an install the server started on its own gave up: no cycle of the service failed, and
        // nothing is held for it. An update announced starts its cycle, as from Up to date, without a person's
        // retry (the watch's end, with its reason, was emitted); a cycle's own failure waits for the retry.
        if failure?.watchedInstall == true, nextUpdateAnnounced, unansweredRequests.isEmpty {
            failure = nil
            releaseGrants(requests: &requests)
            startAnnouncedCycle()
        }
        if failure != nil {
            releaseGrantsOfFailedCycle(requests: &requests)
            return
        }
        guard wait == nil else { return }
        let state = updateState
        switch state {
        case .upToDate:
            break
        case .updatePending, .updating:
            guard updateAvailable else {
                // The server installs an update nobody asked for: wait for it to finish.
                wait = Wait(.update, at: now, policy: settings.update)
                return
            }
            // The install needs the server undisturbed: only under the scheduler's lease.
            // A server that still reports an earlier install (a retry) is asked again.
            guard holdsLease(at: now, requests: &requests), server == .updating || isReady(at: now) else { return }
            start(.update, at: now, requests: &requests)
        case .rebooting, .inMaintenanceRebooting:
            // The reboot step retries with a reboot command at its timeout: it runs only under the
            // lease and, for a clustered member, a slot of its cluster (invariant 3), also when the
            // server rebooted on its own before the cycle held them (a retry, a lease granted late).
            guard holdsGrants(at: now, requests: &requests) else { return }
            if rebootAttempts == 0 {
                // The server reboots (on its own): the first attempt waits for it without a command.
                wait = Wait(.reboot, at: now, policy: settings.reboot)
            } else {
                // An attempt timed out or failed: the next one sends the command again.
                start(.reboot, at: now, requests: &requests)
            }
        case .evacuationPending, .rebootPending, .evacuating, .inMaintenanceRebootPending,
            .inMaintenanceRestorePending, .restoring:
            // A member in no cluster is asked for no evacuation or restore (a restore of a server in no cluster cannot
            // succeed): its maintenance state ends once Incus answered the requests given up on (above).
            if clusterID == nil, [.evacuating, .inMaintenanceRestorePending, .restoring].contains(state) {
                awaitGivenUpAnswers(maintenance == .evacuating ? .evacuation : .restore, at: now)
                return
            }
            guard holdsGrants(at: now, requests: &requests), isReady(at: now) else { return }
            switch state {
            case .evacuationPending:
                maintenance = .evacuating
                start(.evacuation, at: now, requests: &requests)
            case .evacuating:
                start(.evacuation, at: now, requests: &requests)
            case .inMaintenanceRestorePending:
                maintenance = .restoring
                start(.restore, at: now, requests: &requests)
            case .restoring:
                start(.restore, at: now, requests: &requests)
            default:
                start(.reboot, at: now, requests: &requests)
            }
        case .failed:
            break
        }
    }

    /// A member in no cluster whose evacuation or restore given up on is unanswered: nothing is asked, and `step` waits
    /// for that answer as an attempt of its budget, so a deadline ends the wait (the budget used, the cycle fails and
    /// keeps the lease until the answer, PROTOCOL §4).
    private mutating func awaitGivenUpAnswers(_ step: UpdateStep, at now: Instant) {
        let policy = settings.policy(of: step)
        var wait = Wait(step, at: now, policy: policy)
        wait.attempt = min(attemptsMade(step) + 1, policy.attempts)
        self.wait = wait
    }

    /// Whether the server is ready; otherwise waits for it.
    private mutating func isReady(at now: Instant) -> Bool {
        if server == .ready { return true }
        wait = Wait(.serverReady, at: now, policy: settings.serverReady)
        return false
    }

    /// Whether the scheduler's disruption lease is held; otherwise asks and waits.
    private mutating func holdsLease(at now: Instant, requests: inout [Output]) -> Bool {
        guard lease != .held else { return true }
        if lease == .none {
            // A new cycle's lease: its lease and slot requests count from the first. Another lease of the same cycle id,
            // after the first went back, goes on counting, so no lease or slot request id of the cycle repeats; in a state
            // written before the lease count, a lease of this cycle id was asked for once the id was recorded
            // (`leaseSequence` is set only here; cycle ids start at 1).
            if leaseSequence != sequence {
                slotRequests = 0
                leaseRequests = 0
            } else if sequence > 0 {
                leaseRequests = max(leaseRequests, 1)
            }
            leaseSequence = sequence
            leaseRequests += 1
            lease = .requested
            requests.append(.requestLease(requestID: leaseRequestID))
        }
        wait = Wait(.lease, at: now, policy: settings.lease)
        return false
    }

    /// Whether the lease (and for a cluster member the slot) is held; otherwise asks and waits.
    private mutating func holdsGrants(at now: Instant, requests: inout [Output]) -> Bool {
        guard holdsLease(at: now, requests: &requests) else { return false }
        if let clusterID, slot != .held {
            if slot == .none {
                slotRequests += 1
                slot = .requested
                requests.append(.requestSlot(clusterID: clusterID, requestID: slotRequestID))
            }
            wait = Wait(.slot, at: now, policy: settings.slot)
            return false
        }
        return true
    }
}
