import Events
import Lifecycle

/// The update orchestrator's side of the contract (the per-server part; the
/// per-cluster rollout is `RolloutContract`).
public enum UpdateContract {
    /// The server-keyed topics the orchestrator consumes (its sequencer copies them into `update.input`).
    public static let inputTopics = [TopicName.serverLifecycle, TopicName.serverTransitions]

    /// The orchestrator input an inbound event stands for.
    public static func route(_ event: InboundEvent) throws(EventDecodingError) -> Routed<UpdateOrchestrator.Input> {
        let key = event.key
        switch event.event.type {
        case EventName.serverStatusChanged:
            guard let from = ServerCondition(status: event.string("from.status"), detail: event.string("from.detail")),
                let to = ServerCondition(status: event.string("to.status"), detail: event.string("to.detail")),
                let trigger = StatusTrigger(rawValue: try event.required("trigger"))
            else {
                throw .schemaViolation(type: event.event.type, path: "$", reason: "not a status change the seed allows")
            }
            let change = StatusChange(
                from: from, to: to, trigger: trigger, requiresReboot: event.bool("requiresReboot"), updateFailed: event.bool("updateFailed"),
                cycleID: event.string("cycleId"), requestID: event.string("requestId"), sequence: event.int("sequence"))
            return .apply(.serverStatus(change), key: key)
        case EventName.updateAvailable:
            return .apply(.updateAvailable, key: key)
        case EventName.updateFailed:
            return .apply(.updateFailed(cycleID: event.string("cycleId"), reason: try event.required("reason"), requestID: event.string("requestId")), key: key)
        case EventName.updateRetryRequested:
            return .apply(.retry, key: key)
        case EventName.disruptionGranted:
            return .apply(.leaseGranted(requestID: try event.required("requestId")), key: key)
        case EventName.rolloutSlotGranted:
            return .apply(.slotGranted(requestID: event.string("requestId"), cluster: try event.required("cluster")), key: key)
        case EventName.incusEvacuationCompleted:
            return .apply(.evacuationCompleted(requestID: try event.required("requestId")), key: key)
        case EventName.incusEvacuationFailed:
            return .apply(.evacuationFailed(requestID: try event.required("requestId"), reason: try event.required("reason")), key: key)
        case EventName.incusRestoreCompleted:
            return .apply(.restoreCompleted(requestID: try event.required("requestId")), key: key)
        case EventName.incusRestoreFailed:
            return .apply(.restoreFailed(requestID: try event.required("requestId"), reason: try event.required("reason")), key: key)
        case EventName.incusClusterJoined:
            return .apply(.clusterMembership(try event.required("cluster")), key: key)
        case EventName.incusClusterLeft:
            return .apply(.clusterMembership(nil), key: key)
        case EventName.powerCommandCompleted where event.string("requester") == Requester.updateOrchestrator.wireName:
            return .apply(.powerCompleted(requestID: try event.required("requestId")), key: key)
        case EventName.powerCommandFailed where event.string("requester") == Requester.updateOrchestrator.wireName:
            return .apply(
                .powerFailed(requestID: try event.required("requestId"), reason: try event.required("reason"), busy: event.bool("busy") ?? false),
                key: key)
        default:
            return .ignore
        }
    }

    /// The events the orchestrator's outputs for `server` become.
    public static func events(for outputs: [UpdateOrchestrator.Output], server: String) -> [OutgoingEvent] {
        outputs.map { output in
            switch output {
            case let .updateStateChanged(from, to, reason):
                var data: JSONObject = ["from": .string(from.label), "to": .string(to.label)]
                if let reason { data["reason"] = .string(reason) }
                return OutgoingEvent(EventName.serverUpdateStateChanged, key: server, .object(data))
            case let .maintenanceStateChanged(from, to):
                return OutgoingEvent(EventName.serverMaintenanceStateChanged, key: server, ["from": .string(from.label), "to": .string(to.label)])
            case let .triggerUpdate(requestID, cycleID):
                return OutgoingEvent(EventName.updateInstallRequested, key: server, ["requestId": .string(requestID), "cycleId": .string(cycleID)])
            case let .evacuate(requestID):
                return OutgoingEvent(EventName.incusEvacuationRequested, key: server, ["requestId": .string(requestID)])
            case let .restore(requestID):
                return OutgoingEvent(EventName.incusRestoreRequested, key: server, ["requestId": .string(requestID)])
            case let .power(request):
                return PowerContract.command(request, server: server)
            case let .requestLease(requestID):
                return OutgoingEvent(EventName.disruptionRequested, key: server, ["requestId": .string(requestID)])
            case let .releaseLease(requestID):
                return OutgoingEvent(EventName.disruptionReleased, key: server, ["requestId": .string(requestID)])
            case let .requestSlot(clusterID, requestID):
                return OutgoingEvent(EventName.rolloutSlotRequested, key: clusterID, ["member": .string(server), "requestId": .string(requestID)])
            case let .releaseSlot(clusterID):
                return OutgoingEvent(EventName.rolloutSlotReleased, key: clusterID, ["member": .string(server)])
            }
        }
    }
}
