import Lifecycle

// The changelog values of the lifecycle states, member by member in the order their
// Codable conformances wrote them before this codec (absent optionals left out). The
// codec lives here, not in Lifecycle: Lifecycle imports nothing, and the JSON string rule
// is JSON's; Contracts already maps the wire to the lifecycle core.

extension MaintenanceScheduler: ChangelogState, ChangelogValue {
    public func changelogValue() throws -> [UInt8] { changelogBytes() }
    public init(changelogValue value: [UInt8]) throws { self = try Self.read(changelogBytes: value) }

    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("claim", claim)
        writer.field("operational", operational)
        writer.field("power", power)
        writer.field("powerBefore", powerBefore)
        writer.field("queue", queue)
        writer.field("phase", phase)
        writer.field("wait", wait)
        writer.field("current", current)
        writer.field("outcome", outcome)
        writer.field("outcomeReason", outcomeReason)
        writer.field("approvalAskedFor", approvalAskedFor)
        writer.field("leaseRequestID", leaseRequestID)
        writer.field("powerRequestID", powerRequestID)
        writer.field("sequence", sequence)
        writer.field("powerSequence", powerSequence)
        writer.field("unanswered", unansweredPower.isEmpty ? nil : unansweredPower)
        writer.field("finished", finished.isEmpty ? nil : finished.map { Int($0) })
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> MaintenanceScheduler {
        var claim: Claim?, operational: OperationalState?, power: PowerState?, powerBefore: PowerState?
        var queue: [ServerMaintenance]?, phase: SchedulerPhase?, wait: Wait<SchedulerPhase>?, current: MaintenanceID?
        var outcome: MaintenanceStatus?, outcomeReason: String?, approvalAskedFor: MaintenanceID?
        var leaseRequestID: String?, powerRequestID: String?, sequence: Int?, powerSequence: Int?, unansweredPower: [Int]?
        var finished: [Int64] = []
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "claim": claim = try reader.optional()
            case "operational": operational = try OperationalState.read(from: &reader)
            case "power": power = try PowerState.read(from: &reader)
            case "powerBefore": powerBefore = try PowerState.read(from: &reader)
            case "queue": queue = try [ServerMaintenance].read(from: &reader)
            case "phase": phase = try SchedulerPhase.read(from: &reader)
            case "wait": wait = try reader.optional()
            case "current": current = try reader.optional()
            case "outcome": outcome = try reader.optional()
            case "outcomeReason": outcomeReason = try reader.optional()
            case "approvalAskedFor": approvalAskedFor = try reader.optional()
            case "leaseRequestID": leaseRequestID = try reader.optional()
            case "powerRequestID": powerRequestID = try reader.optional()
            case "sequence": sequence = try Int.read(from: &reader)
            case "powerSequence": powerSequence = try reader.optional()
            case "unanswered": unansweredPower = try reader.optional()
            case "finished": finished = ((try reader.optional() as [Int]?) ?? []).map { Int64($0) }
            default: try reader.skipValue()
            }
        }
        return MaintenanceScheduler(
            claim: claim, operational: try reader.required(operational, "operational"), power: try reader.required(power, "power"),
            powerBefore: try reader.required(powerBefore, "powerBefore"), queue: try reader.required(queue, "queue"),
            phase: try reader.required(phase, "phase"), wait: wait, current: current, outcome: outcome, outcomeReason: outcomeReason,
            approvalAskedFor: approvalAskedFor, leaseRequestID: leaseRequestID, powerRequestID: powerRequestID,
            sequence: try reader.required(sequence, "sequence"), powerSequence: powerSequence, unansweredPower: unansweredPower ?? [],
            finished: finished)
    }
}

extension PowerController: ChangelogState, ChangelogValue {
    public func changelogValue() throws -> [UInt8] { changelogBytes() }
    public init(changelogValue value: [UInt8]) throws { self = try Self.read(changelogBytes: value) }

    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("condition", condition)
        writer.field("desiredPower", desiredPower)
        writer.field("observedPower", observedPower)
        writer.field("operation", operation)
        writer.field("signOfLifeDeadline", signOfLifeDeadline)
        writer.field("updateCycle", install?.cycle)
        writer.field("updateRequest", install?.request)
        writer.field("finished", finished.isEmpty ? nil : finished)
        writer.field("statusSequence", statusSequence, omittedAt: 0)
        writer.field("newestUpdateCycle", newestUpdateCycle)
        writer.field("newestUpdateRequest", newestUpdateRequest)
        writer.field("updateDeadline", install?.deadline)
        writer.field("updateBoot", install?.boot)
        writer.field("offDeadline", install?.offDeadline)
        writer.field("boots", boots.boots.isEmpty ? nil : boots.boots)
        writer.field("bootEnded", boots.lastEnded ? true : nil)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> PowerController {
        var condition: ServerCondition?, desiredPower: PowerState?, observedPower: PowerState?, operation: Operation?
        var signOfLifeDeadline: Instant?, updateCycle: String?, updateRequest: String?, finished: [Finished] = [], statusSequence = 0
        var newestUpdateCycle: String?, newestUpdateRequest: String?, supersededUpdateRequest: String?, updateDeadline: Instant?
        var boots: [String] = [], bootEnded = false, updateBoot: String?, offDeadline: Instant?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "condition": condition = try ServerCondition.read(from: &reader)
            case "desiredPower": desiredPower = try PowerState.read(from: &reader)
            case "observedPower": observedPower = try PowerState.read(from: &reader)
            case "operation": operation = try reader.optional()
            case "signOfLifeDeadline": signOfLifeDeadline = try reader.optional()
            case "updateCycle": updateCycle = try reader.optional()
            case "updateRequest": updateRequest = try reader.optional()
            case "newestUpdateCycle": newestUpdateCycle = try reader.optional()
            case "newestUpdateRequest": newestUpdateRequest = try reader.optional()
            case "updateDeadline": updateDeadline = try reader.optional()
            case "boots": boots = try reader.optional() ?? []
            case "bootEnded": bootEnded = try reader.optional() ?? false
            case "updateBoot": updateBoot = try reader.optional()
            case "offDeadline": offDeadline = try reader.optional()
            // Written before the newest install was kept: the install a later start superseded, folded into it.
            case "supersededUpdateRequest": supersededUpdateRequest = try reader.optional()
            case "finished": finished = try reader.optional() ?? []
            // Written before `finished`: the one command carried out last, whoever asked for it.
            case "lastCompleted":
                if let request: PowerRequest = try reader.optional(), !finished.contains(where: { $0.request.requester == request.requester }) {
                    finished.append(Finished(request: request, completed: true, sequence: 0))
                }
            case "statusSequence": statusSequence = try reader.optional() ?? 0
            default: try reader.skipValue()
            }
        }
        return PowerController(
            condition: try reader.required(condition, "condition"), desiredPower: try reader.required(desiredPower, "desiredPower"),
            observedPower: try reader.required(observedPower, "observedPower"), operation: operation,
            signOfLifeDeadline: signOfLifeDeadline, updateCycle: updateCycle, finished: finished, statusSequence: statusSequence,
            updateRequest: updateRequest, newestUpdateCycle: newestUpdateCycle, newestUpdateRequest: newestUpdateRequest,
            supersededUpdateRequest: supersededUpdateRequest, updateDeadline: updateDeadline, boots: boots, bootEnded: bootEnded,
            updateBoot: updateBoot, offDeadline: offDeadline)
    }
}

extension UpdateOrchestrator: ChangelogState, ChangelogValue {
    public func changelogValue() throws -> [UInt8] { changelogBytes() }
    public init(changelogValue value: [UInt8]) throws { self = try Self.read(changelogBytes: value) }

    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("clusterID", clusterID)
        writer.field("server", server)
        writer.field("updateAvailable", updateAvailable)
        writer.field("requiresReboot", requiresReboot)
        writer.field("maintenance", maintenance)
        writer.field("lease", lease)
        writer.field("slot", slot)
        writer.field("wait", wait)
        writer.field("failure", failure)
        writer.field("sequence", sequence)
        writer.field("leaseSequence", leaseSequence)
        writer.field("powerRequestID", powerRequestID)
        writer.field("installAttempts", installAttempts, omittedAt: 0)
        writer.field("incusRequestID", incusRequestID)
        writer.field("statusSequence", statusSequence)
        writer.field("earlierInstallMayRun", earlierInstallMayRun, omittedAt: false)
        writer.field("incusAttempts", incusAttempts, omittedAt: 0)
        writer.field("nextUpdateAnnounced", nextUpdateAnnounced, omittedAt: false)
        writer.field("rebootAttempts", rebootAttempts, omittedAt: 0)
        writer.field("rebootRounds", rebootRounds, omittedAt: 0)
        writer.field("installStarted", installStarted, omittedAt: false)
        writer.field("slotRequests", slotRequests, omittedAt: 0)
        writer.field("leaseRequests", leaseRequests, omittedAt: 0)
        writer.field("powerRequestRebootSeen", powerRequestRebootSeen, omittedAt: false)
        writer.field("retriedInstallRequestUnread", retriedInstallRequestUnread, omittedAt: false)
        writer.field("givenUpRequests", givenUpRequests, omittedAt: [])
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> UpdateOrchestrator {
        var clusterID: String?, server: ServerCondition?, updateAvailable: Bool?, requiresReboot: Bool?
        var maintenance: MaintenanceState?, lease: Grant?, slot: Grant?, wait: Wait<UpdateStep>?, failure: Failure?
        var sequence: Int?, leaseSequence: Int?, powerRequestID: String?, installAttempts: Int?, incusRequestID: String?
        var statusSequence: Int?, earlierInstallMayRun: Bool?, incusAttempts: Int?, nextUpdateAnnounced: Bool?, rebootAttempts: Int?
        var rebootRounds: Int?, installStarted: Bool?, slotRequests: Int?, leaseRequests: Int?, powerRequestRebootSeen: Bool?
        var givenUpRequests: [String]?, retriedInstallRequestUnread: Bool?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "clusterID": clusterID = try reader.optional()
            case "server": server = try ServerCondition.read(from: &reader)
            case "updateAvailable": updateAvailable = try Bool.read(from: &reader)
            case "requiresReboot": requiresReboot = try Bool.read(from: &reader)
            case "maintenance": maintenance = try MaintenanceState.read(from: &reader)
            case "lease": lease = try Grant.read(from: &reader)
            case "slot": slot = try Grant.read(from: &reader)
            case "wait": wait = try reader.optional()
            case "failure": failure = try reader.optional()
            case "sequence": sequence = try Int.read(from: &reader)
            case "leaseSequence": leaseSequence = try Int.read(from: &reader)
            case "powerRequestID": powerRequestID = try reader.optional()
            case "installAttempts": installAttempts = try reader.optional()
            case "earlierInstallMayRun": earlierInstallMayRun = try reader.optional()
            case "incusAttempts": incusAttempts = try reader.optional()
            case "nextUpdateAnnounced": nextUpdateAnnounced = try reader.optional()
            case "rebootAttempts": rebootAttempts = try reader.optional()
            case "rebootRounds": rebootRounds = try reader.optional()
            case "installStarted": installStarted = try reader.optional()
            case "slotRequests": slotRequests = try reader.optional()
            case "leaseRequests": leaseRequests = try reader.optional()
            case "powerRequestRebootSeen": powerRequestRebootSeen = try reader.optional()
            case "incusRequestID": incusRequestID = try reader.optional()
            case "givenUpRequests": givenUpRequests = try reader.optional()
            case "retriedInstallRequestUnread": retriedInstallRequestUnread = try reader.optional()
            case "statusSequence": statusSequence = try reader.optional()
            default: try reader.skipValue()
            }
        }
        return UpdateOrchestrator(
            clusterID: clusterID, server: try reader.required(server, "server"),
            updateAvailable: try reader.required(updateAvailable, "updateAvailable"),
            requiresReboot: try reader.required(requiresReboot, "requiresReboot"),
            maintenance: try reader.required(maintenance, "maintenance"), lease: try reader.required(lease, "lease"),
            slot: try reader.required(slot, "slot"), wait: wait, failure: failure, sequence: try reader.required(sequence, "sequence"),
            leaseSequence: try reader.required(leaseSequence, "leaseSequence"), powerRequestID: powerRequestID,
            installAttempts: installAttempts, incusRequestID: incusRequestID, statusSequence: statusSequence,
            earlierInstallMayRun: earlierInstallMayRun, incusAttempts: incusAttempts,
            nextUpdateAnnounced: nextUpdateAnnounced, rebootAttempts: rebootAttempts, rebootRounds: rebootRounds,
            installStarted: installStarted, slotRequests: slotRequests, leaseRequests: leaseRequests,
            powerRequestRebootSeen: powerRequestRebootSeen, retriedInstallRequestUnread: retriedInstallRequestUnread,
            givenUpRequests: givenUpRequests)
    }
}

extension ClusterRollout: ChangelogState, ChangelogValue {
    public func changelogValue() throws -> [UInt8] { changelogBytes() }
    public init(changelogValue value: [UInt8]) throws { self = try Self.read(changelogBytes: value) }

    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("maxUnavailable", maxUnavailable)
        writer.field("holders", holding)
        writer.field("queue", waiting)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> ClusterRollout {
        var maxUnavailable: Int?, holding: [ClusterRollout.Slot]?, waiting: [ClusterRollout.Slot]?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "maxUnavailable": maxUnavailable = try Int.read(from: &reader)
            case "holders": holding = try [ClusterRollout.Slot].read(from: &reader)
            case "queue": waiting = try [ClusterRollout.Slot].read(from: &reader)
            default: try reader.skipValue()
            }
        }
        return ClusterRollout(
            maxUnavailable: try reader.required(maxUnavailable, "maxUnavailable"), holding: try reader.required(holding, "holders"),
            waiting: try reader.required(waiting, "queue"))
    }
}

// MARK: - The types inside the states

extension Claim: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("okToMaintenance", okToMaintenance)
        writer.field("owner", owner)
        writer.endObject()
    }

    /// A claim written before it kept its owner has none.
    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> Claim {
        var okToMaintenance: Bool?, owner: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "okToMaintenance": okToMaintenance = try Bool.read(from: &reader)
            case "owner": owner = try reader.optional()
            default: try reader.skipValue()
            }
        }
        return Claim(okToMaintenance: try reader.required(okToMaintenance, "okToMaintenance"), owner: owner)
    }
}

extension MaintenanceID: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("namespace", namespace)
        writer.field("name", name)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> MaintenanceID {
        var namespace: String?, name: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "namespace": namespace = try String.read(from: &reader)
            case "name": name = try String.read(from: &reader)
            default: try reader.skipValue()
            }
        }
        return MaintenanceID(namespace: try reader.required(namespace, "namespace"), name: try reader.required(name, "name"))
    }
}

extension MaintenanceRequest: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("type", type)
        writer.field("priority", priority)
        writer.field("policy", policy)
        writer.field("bootConfiguration", bootConfiguration)
        writer.field("power", power)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> MaintenanceRequest {
        var id: MaintenanceID?, type: String?, priority: Int?, policy: MaintenancePolicy?, bootConfiguration: String?, power: PowerState?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "id": id = try MaintenanceID.read(from: &reader)
            case "type": type = try String.read(from: &reader)
            case "priority": priority = try Int.read(from: &reader)
            case "policy": policy = try MaintenancePolicy.read(from: &reader)
            case "bootConfiguration": bootConfiguration = try reader.optional()
            case "power": power = try PowerState.read(from: &reader)
            default: try reader.skipValue()
            }
        }
        return MaintenanceRequest(
            id: try reader.required(id, "id"), type: try reader.required(type, "type"), priority: try reader.required(priority, "priority"),
            policy: try reader.required(policy, "policy"), bootConfiguration: bootConfiguration, power: try reader.required(power, "power"))
    }
}

extension ServerMaintenance: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("request", request)
        writer.field("arrival", arrival)
        writer.field("status", status)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> ServerMaintenance {
        var request: MaintenanceRequest?, arrival: Int?, status: MaintenanceStatus?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "request": request = try MaintenanceRequest.read(from: &reader)
            case "arrival": arrival = try Int.read(from: &reader)
            case "status": status = try MaintenanceStatus.read(from: &reader)
            default: try reader.skipValue()
            }
        }
        return ServerMaintenance(
            request: try reader.required(request, "request"), arrival: try reader.required(arrival, "arrival"),
            status: try reader.required(status, "status"))
    }
}

extension Wait: ChangelogValue where Step: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("step", step)
        writer.field("attempt", attempt)
        writer.field("deadline", deadline)
        writer.field("refusal", refusal)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> Wait {
        var step: Step?, attempt: Int?, deadline: Instant?, refusal: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "step": step = try Step.read(from: &reader)
            case "attempt": attempt = try Int.read(from: &reader)
            case "deadline": deadline = try Instant.read(from: &reader)
            case "refusal": refusal = try reader.optional()
            default: try reader.skipValue()
            }
        }
        return Wait(
            step: try reader.required(step, "step"), attempt: try reader.required(attempt, "attempt"),
            deadline: try reader.required(deadline, "deadline"), refusal: refusal)
    }
}

extension ServerCondition: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("status", status)
        writer.field("detail", detail)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> ServerCondition {
        var status: ServerStatus?, detail: StatusDetail?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "status": status = try ServerStatus.read(from: &reader)
            case "detail": detail = try StatusDetail.read(from: &reader)
            default: try reader.skipValue()
            }
        }
        let known = (try reader.required(status, "status"), try reader.required(detail, "detail"))
        guard let condition = ServerCondition(status: known.0, detail: known.1) else {
            throw reader.fail("\(known.1) is not a detail of \(known.0)")
        }
        return condition
    }
}

extension PowerRequest: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("kind", kind)
        writer.field("requester", requester)
        writer.field("id", id)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> PowerRequest {
        var kind: PowerOperationKind?, requester: Requester?, id: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "kind": kind = try PowerOperationKind.read(from: &reader)
            case "requester": requester = try Requester.read(from: &reader)
            case "id": id = try String.read(from: &reader)
            default: try reader.skipValue()
            }
        }
        return PowerRequest(try reader.required(kind, "kind"), by: try reader.required(requester, "requester"), id: try reader.required(id, "id"))
    }
}

extension ClusterRollout.Slot: ChangelogValue {
    /// Its member's id alone without a request id (as written before requests had one),
    /// else `{"member":…,"requestId":…}`.
    func write(to writer: inout ChangelogWriter) {
        guard let requestID else { return writer.string(member) }
        writer.beginObject()
        writer.field("member", member)
        writer.field("requestId", requestID)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> ClusterRollout.Slot {
        if reader.nextIsString() { return ClusterRollout.Slot(member: try reader.string()) }
        var member: String?, requestID: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "member": member = try String.read(from: &reader)
            case "requestId": requestID = try reader.optional()
            default: try reader.skipValue()
            }
        }
        return ClusterRollout.Slot(member: try reader.required(member, "member"), requestID: requestID)
    }
}

extension PowerController.Finished: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("request", request)
        writer.field("completed", completed)
        writer.field("sequence", sequence)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> PowerController.Finished {
        var request: PowerRequest?, completed: Bool?, sequence: Int?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "request": request = try PowerRequest.read(from: &reader)
            case "completed": completed = try Bool.read(from: &reader)
            case "sequence": sequence = try Int.read(from: &reader)
            default: try reader.skipValue()
            }
        }
        return PowerController.Finished(
            request: try reader.required(request, "request"), completed: try reader.required(completed, "completed"),
            sequence: try reader.required(sequence, "sequence"))
    }
}

extension PowerController.Operation: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("request", request)
        writer.field("wait", wait)
        writer.field("sequence", sequence)
        // Left out when it is the command's id (an operation of an older build), as that build wrote it.
        writer.field("bmcRequestID", bmcRequestID == request.id ? nil : bmcRequestID)
        writer.field("bootAtStart", bootAtStart)
        writer.field("carriedOut", carriedOut.isEmpty ? nil : carriedOut)
        writer.endObject()
    }

    /// A value without `bmcRequestID` (written before BMC request ids named the requester) carries the command's id.
    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> PowerController.Operation {
        var request: PowerRequest?, wait: Wait<PowerPhase>?, sequence: Int?, bmcRequestID: String?, bootAtStart: String?
        var carriedOut: [Int] = []
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "request": request = try PowerRequest.read(from: &reader)
            case "wait": wait = try Wait<PowerPhase>.read(from: &reader)
            case "sequence": sequence = try Int.read(from: &reader)
            case "bmcRequestID": bmcRequestID = try reader.optional()
            case "bootAtStart": bootAtStart = try reader.optional()
            case "carriedOut": carriedOut = try reader.optional() ?? []
            default: try reader.skipValue()
            }
        }
        let command = try reader.required(request, "request")
        return PowerController.Operation(
            request: command, wait: try reader.required(wait, "wait"), sequence: try reader.required(sequence, "sequence"),
            bmcRequestID: bmcRequestID ?? command.id, bootAtStart: bootAtStart, carriedOut: carriedOut)
    }
}

extension UpdateOrchestrator.Failure: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginObject()
        writer.field("step", step)
        writer.field("reason", reason)
        writer.field("installMayRun", installMayRun)
        writer.field("watchedInstall", watchedInstall)
        writer.endObject()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> UpdateOrchestrator.Failure {
        var step: UpdateStep?, reason: String?, installMayRun: Bool?, watchedInstall: Bool?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "step": step = try UpdateStep.read(from: &reader)
            case "reason": reason = try String.read(from: &reader)
            case "installMayRun": installMayRun = try reader.optional()
            case "watchedInstall": watchedInstall = try reader.optional()
            default: try reader.skipValue()
            }
        }
        return UpdateOrchestrator.Failure(
            step: try reader.required(step, "step"), reason: try reader.required(reason, "reason"), installMayRun: installMayRun,
            watchedInstall: watchedInstall)
    }
}
