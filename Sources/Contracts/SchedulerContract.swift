import Events
import Lifecycle

/// The maintenance scheduler's side of the contract: which inbound events are its
/// inputs, and which events its outputs become.
public enum SchedulerContract {
    /// The topics the scheduler consumes (its sequencer copies them into `scheduler.input`).
    public static let inputTopics = [TopicName.maintenanceRequests, TopicName.serverLifecycle, TopicName.serverTransitions]

    /// The scheduler input an inbound event stands for. `state` is the server's
    /// current scheduler state (nil when unknown), for events whose meaning depends on it.
    public static func route(_ event: InboundEvent, state: MaintenanceScheduler?) throws(EventDecodingError) -> Routed<MaintenanceScheduler.Input> {
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
            // ok-to-maintenance is a label on the claim: only a claimed server can be approved, and only by the
            // claim's owner. An approval naming another owner than the claim's is of an earlier claim: sent before it
            // was released, delivered after another owner claimed the server (server.claimed and server.released
            // come on server.lifecycle, approvals on maintenance.requests). Taken, it set the new owner's label,
            // and a maintenance powered off a server its owner had not approved.
            guard let claim = state?.claim else {
                return .reject(.notApplicable(state: "not claimed", input: "maintenance approved"))
            }
            if let owner = event.string("owner"), let holder = claim.owner, owner != holder {
                return .reject(.stale("maintenance approved by \(owner), but the claim is \(holder)'s (an approval of an earlier claim)"))
            }
            return .apply(.claimChanged(Claim(okToMaintenance: true, owner: claim.owner)), key: key)
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
