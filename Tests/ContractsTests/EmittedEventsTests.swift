import Events
import Testing

@testable import Contracts
@testable import Lifecycle

/// Every kind of output each role can emit, as the events the contract makes of them.
enum EmittedSamples {
    static let id = MaintenanceID(namespace: "ops", name: "bios-update")
    static let requests = PowerOperationKind.allCases.flatMap { kind in Requester.allCases.map { PowerRequest(kind, by: $0, id: "req-1") } }

    static var scheduler: [MaintenanceScheduler.Output] {
        var outputs: [MaintenanceScheduler.Output] = []
        for to in MaintenanceStatus.allCases {
            outputs.append(.maintenanceStateChanged(MaintenanceTransition(id: id, from: nil, to: to)))
            outputs.append(.maintenanceStateChanged(MaintenanceTransition(id: id, from: .pending, to: to, reason: "because")))
        }
        for from in OperationalState.allCases { for to in OperationalState.allCases { outputs.append(.operationalStateChanged(from: from, to: to)) } }
        outputs += [.maintenanceNeeded(id), .requestBootConfiguration(id, bootConfiguration: "boot-1"), .releaseBootConfiguration(id, bootConfiguration: "boot-1"), .maintenanceReady(id), .leaseGranted(requestID: "lease-1"), .powerRestoreFailed(reason: "BMC down")]
        outputs += requests.map { .power($0) }
        return outputs
    }

    static func covers(_ output: MaintenanceScheduler.Output) -> String {
        switch output {
        case .maintenanceStateChanged: "maintenanceStateChanged"
        case .operationalStateChanged: "operationalStateChanged"
        case .maintenanceNeeded: "maintenanceNeeded"
        case .power: "power"
        case .requestBootConfiguration: "requestBootConfiguration"
        case .releaseBootConfiguration: "releaseBootConfiguration"
        case .maintenanceReady: "maintenanceReady"
        case .leaseGranted: "leaseGranted"
        case .powerRestoreFailed: "powerRestoreFailed"
        }
    }

    static var power: [PowerController.Output] {
        var outputs: [PowerController.Output] = []
        for from in ServerCondition.all {
            for to in ServerCondition.all {
                for trigger in StatusTrigger.allCases { outputs.append(.statusChanged(StatusChange(from: from, to: to, trigger: trigger))) }
            }
        }
        outputs.append(.statusChanged(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true)))
        outputs += PowerState.allCases.map { .observedPowerChanged($0, sequence: 1) }
        outputs += BMCAction.allCases.map { .bmc(BMCRequest(action: $0, requestID: "req-1", sequence: 2)) }
        outputs += requests.map { .operationCompleted($0) }
        outputs += requests.map { .operationFailed($0, reason: "BMC timeout") }
        outputs += requests.map { .operationBusy($0, running: PowerRequest(.reboot, by: .operatorRequest, id: "op-1")) }
        return outputs
    }

    static func covers(_ output: PowerController.Output) -> String {
        switch output {
        case .statusChanged: "statusChanged"
        case .observedPowerChanged: "observedPowerChanged"
        case .bmc: "bmc"
        case .operationCompleted: "operationCompleted"
        case .operationFailed: "operationFailed"
        case .operationBusy: "operationBusy"
        }
    }

    static var update: [UpdateOrchestrator.Output] {
        var outputs: [UpdateOrchestrator.Output] = []
        for from in UpdateState.allCases {
            for to in UpdateState.allCases { outputs.append(.updateStateChanged(from: from, to: to, reason: to == .failed ? "timed out" : nil)) }
        }
        for from in MaintenanceState.allCases { for to in MaintenanceState.allCases { outputs.append(.maintenanceStateChanged(from: from, to: to)) } }
        outputs += [.triggerUpdate(requestID: "u-1", cycleID: "update-1"), .evacuate(requestID: "e-1"), .restore(requestID: "r-1"), .requestLease(requestID: "l-1"), .releaseLease(requestID: "l-1"), .requestSlot(clusterID: "cluster-1", requestID: "update-1-slot"), .releaseSlot(clusterID: "cluster-1")]
        outputs += requests.map { .power($0) }
        return outputs
    }

    static func covers(_ output: UpdateOrchestrator.Output) -> String {
        switch output {
        case .updateStateChanged: "updateStateChanged"
        case .maintenanceStateChanged: "maintenanceStateChanged"
        case .triggerUpdate: "triggerUpdate"
        case .evacuate: "evacuate"
        case .restore: "restore"
        case .power: "power"
        case .requestLease: "requestLease"
        case .releaseLease: "releaseLease"
        case .requestSlot: "requestSlot"
        case .releaseSlot: "releaseSlot"
        }
    }

    static let rollout: [ClusterRollout.Output] = [.granted(member: "server-1"), .granted(member: "server-2", requestID: "update-3-slot"), .released(member: "server-1")]

    static func covers(_ output: ClusterRollout.Output) -> String {
        switch output {
        case .granted: "granted"
        case .released: "released"
        }
    }

    static var rejections: [OutgoingEvent] {
        let inbound = try! InboundEvent(
            event: CloudEvent(id: "in-1", source: "/tests", type: EventName.maintenanceCompleted, subject: "server-1", data: ["namespace": "ops", "name": "x"]),
            topic: TopicName.maintenanceRequests, key: Array("server-1".utf8))
        let all: [Rejection] = [.notApplicable(state: "Idle", input: "complete"), .duplicate("claim"), .stale("old"), .unknownMaintenance(id), .invalid("limit")]
        return Role.allCases.flatMap { role in all.map { RejectionEvent.make($0, of: inbound, by: role) } }
    }

    /// Every event the contracts can make, with a label for messages.
    static var all: [(String, OutgoingEvent)] {
        var events: [(String, OutgoingEvent)] = []
        for output in scheduler { for event in SchedulerContract.events(for: [output], server: "server-1", state: MaintenanceScheduler()) { events.append(("scheduler \(output)", event)) } }
        for output in power { for event in PowerContract.events(for: [output], server: "server-1") { events.append(("power \(output)", event)) } }
        for output in update { for event in UpdateContract.events(for: [output], server: "server-1") { events.append(("update \(output)", event)) } }
        for output in rollout { for event in RolloutContract.events(for: [output], cluster: "cluster-1") { events.append(("rollout \(output)", event)) } }
        events += rejections.map { ("rejection", $0) }
        return events
    }
}

@Suite("Events the roles emit")
struct EmittedEventsTests {
    @Test("the samples cover every output case of every role")
    func coverage() {
        #expect(Set(EmittedSamples.scheduler.map(EmittedSamples.covers)).count == 9)
        #expect(Set(EmittedSamples.power.map(EmittedSamples.covers)).count == 6)
        #expect(Set(EmittedSamples.update.map(EmittedSamples.covers)).count == 10)
        #expect(Set(EmittedSamples.rollout.map(EmittedSamples.covers)).count == 2)
    }

    @Test("every emitted event is catalogued, on its topic, and valid against its schema")
    func valid() throws {
        for (label, event) in EmittedSamples.all {
            let entry = try #require(EventCatalog.entry(for: event.type), "\(label): \(event.type) is not catalogued")
            #expect(event.topic == entry.topic, "\(label)")
            #expect(entry.producers.contains { $0.hasPrefix("maintenanced/") }, "\(label): \(event.type) is not produced by a role")
            #expect(throws: Never.self, "\(label)") { try entry.schema.validate(event.data, type: event.type) }
        }
    }

    @Test("an independent validator accepts every emitted event's data against the committed schema")
    func independentlyValid() async throws {
        var seen = Set<String>()
        var cases: [SchemaValidator.Case] = []
        for (label, event) in EmittedSamples.all {
            let text = event.type + JSONWriter.string(event.data)
            guard seen.insert(text).inserted, let entry = EventCatalog.entry(for: event.type) else { continue }
            cases.append(.init(schemaFile: entry.schemaFileName, instance: event.data, label: label))
        }
        let failures = try await SchemaValidator.failures(cases)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("a binary-mode round trip of an emitted event gives it back with the same id")
    func roundTrip() throws {
        let codec = CloudEventCodec()
        for (_, outgoing) in EmittedSamples.all.prefix(50) {
            // As its producer sends it: a type only one role produces carries that role's source.
            let role = EventCatalog.entry(for: outgoing.type).flatMap(EventCatalog.producingRoles(of:))?.first ?? .power
            let id = EventID.derive(from: "input-1", role: role.rawValue, index: 0)
            let event = outgoing.cloudEvent(id: id, source: role.source, time: 1_000)
            let message = codec.encode(event, key: outgoing.key)
            let decoded = try codec.decode(message)
            #expect(decoded == event)
            let inbound = try InboundEvent(event: decoded, topic: outgoing.topic, key: message.key)
            #expect(inbound.key == outgoing.key)
        }
    }
}
