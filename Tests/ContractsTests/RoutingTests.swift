import Events
import Lifecycle
import Testing

@testable import Contracts

@Suite("Inbound events reach the roles the catalogue names")
struct RoutingTests {
    func inbound(_ entry: EventType, data: JSONValue? = nil) throws -> InboundEvent {
        var data = data ?? entry.example
        // Power command results matter to the requester only.
        if entry.type == EventName.powerCommandCompleted || entry.type == EventName.powerCommandFailed, data["requester"] == nil {
            data = entry.example
        }
        let key = entry.key == .cluster ? "cluster-1" : "server-1"
        // A type only roles send comes from its producer's source (another is refused: LeaseReleaseSourceTests).
        let source = EventCatalog.producingRoles(of: entry)?.first?.source ?? "/tests"
        return try InboundEvent(
            event: CloudEvent(id: "in-1", source: source, type: entry.type, subject: key, data: data),
            topic: entry.topic, key: Array(key.utf8))
    }

    enum Outcome: Equatable { case apply, ignore, reject }

    func outcome<Input>(_ routed: Routed<Input>) -> Outcome {
        switch routed {
        case .apply: .apply
        case .ignore: .ignore
        case .reject: .reject
        }
    }

    @Test("each consumed type is applied by its consumer roles and ignored by the others")
    func routing() throws {
        for entry in EventCatalog.all {
            var variants: [JSONValue] = [entry.example]
            if entry.type == EventName.powerCommandCompleted || entry.type == EventName.powerCommandFailed {
                variants = ["scheduler", "update", "operator"].map { requester in
                    var object = entry.example.objectValue!
                    object["requester"] = .string(requester)
                    return .object(object)
                }
            }
            for data in variants {
                let event = try inbound(entry, data: data)
                let requester = data["requester"]?.stringValue
                let scheduler = outcome(try SchedulerContract.route(event))
                let power = outcome(try PowerContract.route(event, state: nil))
                let update = outcome(try UpdateContract.route(event))
                let rollout = outcome(try RolloutContract.route(event))
                let wantsScheduler = entry.consumers.contains(EventCatalog.scheduler) && (requester == nil || requester == "scheduler")
                let wantsUpdate = entry.consumers.contains(EventCatalog.update) && (requester == nil || requester == "update")
                #expect(scheduler == (wantsScheduler ? .apply : .ignore), "scheduler and \(entry.type) \(data)")
                #expect(power == (entry.consumers.contains(EventCatalog.power) ? .apply : .ignore), "power and \(entry.type)")
                let cluster = entry.key == .cluster
                #expect(update == (wantsUpdate && !cluster ? .apply : .ignore), "update and \(entry.type) \(data)")
                #expect(rollout == (wantsUpdate && cluster ? .apply : .ignore), "rollout and \(entry.type)")
            }
        }
    }

    @Test("the types a role's sequencer passes over are exactly those its contracts ignore, whatever the state (the scheduler's depend on the event alone)")
    func passedOverTypesAreIgnored() throws {
        for role in Role.allCases {
            for entry in EventCatalog.all where EventCatalog.types(on: entry.topic, notTakenBy: role).contains(entry.type) {
                let event = try inbound(entry)
                switch role {
                case .scheduler:
                    #expect(outcome(try SchedulerContract.route(event)) == .ignore, "scheduler and \(entry.type)")
                case .power:
                    #expect(outcome(try PowerContract.route(event, state: nil)) == .ignore, "power and \(entry.type)")
                    #expect(outcome(try PowerContract.route(event, state: PowerController())) == .ignore, "power and \(entry.type)")
                case .update:
                    #expect(outcome(try UpdateContract.route(event)) == .ignore, "update and \(entry.type)")
                    #expect(outcome(try RolloutContract.route(event)) == .ignore, "rollout and \(entry.type)")
                }
            }
            // What a role takes is never passed over.
            for entry in EventCatalog.all where entry.consumers.contains(EventCatalog.party(role)) {
                #expect(!EventCatalog.types(on: entry.topic, notTakenBy: role).contains(entry.type))
            }
        }
        // Its own outputs are among what the scheduler passes over.
        #expect(EventCatalog.types(on: TopicName.serverTransitions, notTakenBy: .scheduler).contains(EventName.maintenanceStateChanged))
    }

    @Test("approval needs a claim; a known server registering again is online")
    func stateDependent() throws {
        let approved = try inbound(EventCatalog.entry(for: EventName.maintenanceApproved)!)
        // The approval names its owner; whether it counts is the scheduler's rule (ApprovalOwnerTests).
        guard case .apply(.approved(let owner), _) = try SchedulerContract.route(approved) else {
            Issue.record("an approval is not routed to the scheduler as one")
            return
        }
        #expect(owner == "team-a")
        var unclaimed = MaintenanceScheduler()
        #expect(throws: Rejection.notApplicable(state: "not claimed", input: "maintenance approved")) {
            try unclaimed.step(.approved(owner: nil), at: Instant(millisecondsSinceEpoch: 0))
        }
        var claimed = MaintenanceScheduler(claim: Claim())
        _ = try claimed.step(.approved(owner: "team-a"), at: Instant(millisecondsSinceEpoch: 0))
        #expect(claimed.claim == Claim(okToMaintenance: true))

        let registered = try inbound(EventCatalog.entry(for: EventName.serverRegistered)!)
        guard case .apply(.registered(boot: "5f0c7a3e-2b1d-4c8e-9a6f-1d2e3f405162"), _) = try PowerContract.route(registered, state: nil) else {
            Issue.record("a new server's registration is not create from the boot it names")
            return
        }
        guard case .apply(.registered(boot: nil), _) = try PowerContract.route(try inbound(EventCatalog.entry(for: EventName.serverRegistered)!, data: [:]), state: nil) else {
            Issue.record("a registration that names no boot is not create from none")
            return
        }
        var known = PowerController()
        _ = known.handle(.registered(), at: Instant(millisecondsSinceEpoch: 0))
        guard case .apply(.signOfLife(boot: "5f0c7a3e-2b1d-4c8e-9a6f-1d2e3f405162"), _) = try PowerContract.route(registered, state: known) else {
            Issue.record("a known server's registration is not a sign of life of the boot it names")
            return
        }
    }

    @Test("signs of life pass the boot they name on; one without names none; a bootId that is not a string is a schema violation")
    func signOfLifeBoot() throws {
        var known = PowerController()
        _ = known.handle(.registered(), at: Instant(millisecondsSinceEpoch: 0))
        for type in [EventName.serverHeartbeat, EventName.serverOnline, EventName.serverRegistered] {
            let entry = try #require(EventCatalog.entry(for: type))
            let named = try PowerContract.route(try inbound(entry, data: ["bootId": "b-7"]), state: known)
            guard case .apply(.signOfLife(boot: "b-7"), _) = named else { Issue.record("\(type): \(named)"); continue }
            let unnamed = try PowerContract.route(try inbound(entry, data: [:]), state: known)
            guard case .apply(.signOfLife(boot: nil), _) = unnamed else { Issue.record("\(type): \(unnamed)"); continue }
            #expect(throws: EventDecodingError.self, "\(type)") { try inbound(entry, data: ["bootId": 7]) }
        }
    }

    @Test("an event on the wrong topic, without a key, or keyed by another subject is refused")
    func refusals() {
        let entry = EventCatalog.entry(for: EventName.maintenanceRequested)!
        let event = CloudEvent(id: "1", source: "/t", type: entry.type, subject: "server-1", data: entry.example)
        #expect(throws: EventDecodingError.self) { try InboundEvent(event: event, topic: TopicName.serverLifecycle, key: Array("server-1".utf8)) }
        #expect(throws: EventDecodingError.self) { try InboundEvent(event: event, topic: entry.topic, key: nil) }
        #expect(throws: EventDecodingError.self) { try InboundEvent(event: event, topic: entry.topic, key: Array("server-2".utf8)) }
        var unknown = event
        unknown.type = "dev.maintenanced.nonsense"
        #expect(throws: EventDecodingError.unknownType("dev.maintenanced.nonsense")) { try InboundEvent(event: unknown, topic: entry.topic, key: Array("server-1".utf8)) }
    }

    @Test("answers carry their request: an Incus answer without requestId is a schema violation; update reports pass their cycleId on")
    func echoedIDs() throws {
        for type in [EventName.incusEvacuationCompleted, EventName.incusRestoreCompleted, EventName.incusEvacuationFailed, EventName.incusRestoreFailed] {
            let entry = try #require(EventCatalog.entry(for: type))
            var data = entry.example.objectValue ?? [:]
            data["requestId"] = nil
            #expect(throws: EventDecodingError.self, "\(type)") { try inbound(entry, data: .object(data)) }
        }
        let completed = try #require(EventCatalog.entry(for: EventName.incusEvacuationCompleted))
        let routed = try UpdateContract.route(try inbound(completed, data: ["requestId": "update-3-evacuation-1"]))
        guard case .apply(.evacuationCompleted(let requestID), _) = routed else { Issue.record("\(routed)"); return }
        #expect(requestID == "update-3-evacuation-1")

        let finished = try #require(EventCatalog.entry(for: EventName.updateCompleted))
        let power = try PowerContract.route(try inbound(finished, data: ["requiresReboot": true, "cycleId": "update-3"]), state: nil)
        guard case .apply(.updateFinished(true, let cycle, nil), _) = power else { Issue.record("\(power)"); return }
        #expect(cycle == "update-3")
        let failed = try #require(EventCatalog.entry(for: EventName.updateFailed))
        let update = try UpdateContract.route(try inbound(failed, data: ["reason": "disk", "cycleId": "update-3"]))
        guard case .apply(.updateFailed("update-3", "disk", nil), _) = update else { Issue.record("\(update)"); return }
        // The status change passes the cycle on to the orchestrator.
        let change = PowerContract.events(
            for: [.statusChanged(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true, cycleID: "update-3"))],
            server: "server-1")
        #expect(change.first?.data["cycleId"] == "update-3")
        #expect(UpdateContract.events(for: [.triggerUpdate(requestID: "update-3-update-1", cycleID: "update-3")], server: "server-1").first?.data
            == ["requestId": "update-3-update-1", "cycleId": "update-3"])
    }
}

@Suite("A power command answered busy reaches its requester as a busy failure (PROTOCOL §4)")
struct BusyPowerAnswerRoutingTests {
    /// The event the power controller emits for `request` answered busy, as its requester reads it.
    private func emitted(_ request: PowerRequest) throws -> InboundEvent {
        let running = PowerRequest(.reboot, by: .operatorRequest, id: "op-1")
        let events = PowerContract.events(for: [.operationBusy(request, running: running)], server: "server-1")
        #expect(events.count == 1 && events.first?.type == EventName.powerCommandFailed)
        let entry = try #require(EventCatalog.entry(for: EventName.powerCommandFailed))
        let data = try #require(events.first?.data)
        #expect(data["busy"] == .bool(true) && data["reason"] == .string("busy: reboot operator/op-1 runs"), "\(data)")
        return try InboundEvent(
            event: CloudEvent(id: "in-1", source: Role.power.source, type: entry.type, subject: "server-1", data: data),
            topic: entry.topic, key: Array("server-1".utf8))
    }

    @Test("the scheduler and the orchestrator take power.command.failed with busy as a busy failure; without it as a failure")
    func busyRouted() throws {
        let scheduler = try SchedulerContract.route(try emitted(PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-2")))
        guard case .apply(.powerFailed(requestID: "maintenance-power-2", reason: "busy: reboot operator/op-1 runs", busy: true), _) = scheduler else {
            Issue.record("scheduler: \(scheduler)")
            return
        }
        let update = try UpdateContract.route(try emitted(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")))
        guard case .apply(.powerFailed(requestID: "update-1-reboot", reason: "busy: reboot operator/op-1 runs", busy: true), _) = update else {
            Issue.record("orchestrator: \(update)")
            return
        }
        // A failure after the power controller's retries carries no busy field, and is not busy.
        let failed = PowerContract.events(for: [.operationFailed(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot"), reason: "BMC timeout")],
                                          server: "server-1")
        #expect(failed.first?.data["busy"] == nil)
    }
}
