import Events
import Lifecycle

/// The maintenance scheduler's side of the contract: which inbound events are its
/// inputs, and which events its outputs become.
public enum SchedulerContract {
    /// The topics the scheduler consumes (its sequencer copies them into `scheduler.input`).
    public static let inputTopics = [TopicName.maintenanceRequests, TopicName.serverLifecycle, TopicName.serverTransitions]

    /// The scheduler input an inbound event stands for: what it means depends on the event alone (the rules
    /// that depend on the state, such as whose approval counts, are the scheduler's).
    public static func route(_ event: InboundEvent) throws(EventDecodingError) -> Routed<MaintenanceScheduler.Input> {
        let key = event.key
        switch event.event.type {
        case EventName.maintenanceRequested:
            let request = MaintenanceRequest(
                id: try MaintenanceID(event),
                type: try event.required("type"),
                priority: event.int("priority") ?? 0,
                policy: event.string("policy") == MaintenancePolicy.enforced.wireName ? .enforced : .ownerApproval,
                bootConfiguration: event.string("bootConfiguration"),
                power: event.string("power") == "on" ? .on : .off
            )
            return .apply(.maintenanceRequested(request), key: key)
        case EventName.maintenanceCancellationRequested:
            return .apply(.cancel(try MaintenanceID(event)), key: key)
        case EventName.maintenanceApproved:
            // Whose approval counts is the scheduler's rule (`MaintenanceScheduler.Input.approved`).
            return .apply(.approved(owner: event.string("owner")), key: key)
        case EventName.maintenanceCompleted:
            return .apply(.maintenanceCompleted(try MaintenanceID(event)), key: key)
        case EventName.maintenanceFailed:
            return .apply(.maintenanceFailed(try MaintenanceID(event), reason: try event.required("reason")), key: key)
        case EventName.bootConfigApplied:
            return .apply(.bootConfigurationReady(try MaintenanceID(event)), key: key)
        case EventName.bootConfigFailed:
            return .apply(.bootConfigurationFailed(try MaintenanceID(event), reason: try event.required("reason")), key: key)
        case EventName.bootConfigReleased:
            return .apply(.bootConfigurationReleased(try MaintenanceID(event)), key: key)
        case EventName.disruptionRequested:
            return .apply(.leaseRequested(requestID: try event.required("requestId")), key: key)
        case EventName.disruptionReleased:
            return .apply(.leaseReleased(requestID: try event.required("requestId")), key: key)
        case EventName.serverClaimed:
            return .apply(.claimChanged(Claim(okToMaintenance: event.bool("okToMaintenance") ?? false, owner: event.string("owner"))), key: key)
        case EventName.serverReleased:
            return .apply(.claimChanged(nil), key: key)
        case EventName.serverPowerChanged:
            let power = PowerState(rawValue: try event.required("power")) ?? .unknown
            return .apply(.powerObserved(power, sequence: event.int("sequence")), key: key)
        case EventName.powerCommandCompleted where event.string("requester") == Requester.scheduler.wireName:
            return .apply(.powerCompleted(requestID: try event.required("requestId")), key: key)
        case EventName.powerCommandFailed where event.string("requester") == Requester.scheduler.wireName:
            return .apply(
                .powerFailed(requestID: try event.required("requestId"), reason: try event.required("reason"), busy: event.bool("busy") ?? false),
                key: key)
        default:
            return .ignore
        }
    }

    /// The events the scheduler's outputs for `server` become; `state` is the state after the step.
    public static func events(for outputs: [MaintenanceScheduler.Output], server: String, state: MaintenanceScheduler) -> [OutgoingEvent] {
        outputs.map { output in
            switch output {
            case let .maintenanceStateChanged(transition):
                var data = JSONObject(transition.id.wireMembers)
                if let from = transition.from { data["from"] = .string(from.label) }
                data["to"] = .string(transition.to.label)
                if let type = state.queue.first(where: { $0.id == transition.id })?.request.type { data["type"] = .string(type) }
                if let reason = transition.reason { data["reason"] = .string(reason) }
                return OutgoingEvent(EventName.maintenanceStateChanged, key: server, .object(data))
            case let .operationalStateChanged(from, to):
                return OutgoingEvent(EventName.serverOperationalStateChanged, key: server, ["from": .string(from.wireName), "to": .string(to.wireName)])
            case let .maintenanceNeeded(id):
                // Names the claim's owner when its claim did: the owner's approval echoes it (`maintenance.approved`).
                let owner = state.claim?.owner.map { [("owner", JSONValue.string($0))] } ?? []
                return OutgoingEvent(EventName.maintenanceApprovalRequested, key: server, .object(JSONObject(id.wireMembers + owner)))
            case let .power(request):
                return PowerContract.command(request, server: server)
            case let .requestBootConfiguration(id, bootConfiguration):
                return OutgoingEvent(EventName.bootConfigApplyRequested, key: server, .object(JSONObject(id.wireMembers + [("bootConfiguration", .string(bootConfiguration))])))
            case let .releaseBootConfiguration(id, bootConfiguration):
                return OutgoingEvent(EventName.bootConfigReleaseRequested, key: server, .object(JSONObject(id.wireMembers + [("bootConfiguration", .string(bootConfiguration))])))
            case let .maintenanceReady(id):
                var data = JSONObject(id.wireMembers)
                if let type = state.queue.first(where: { $0.id == id })?.request.type { data["type"] = .string(type) }
                return OutgoingEvent(EventName.maintenanceStartRequested, key: server, .object(data))
            case let .leaseGranted(requestID):
                return OutgoingEvent(EventName.disruptionGranted, key: server, ["requestId": .string(requestID)])
            case let .powerRestoreFailed(reason):
                return OutgoingEvent(EventName.maintenancePowerRestoreFailed, key: server, ["reason": .string(reason)])
            }
        }
    }
}
