import Events
import Lifecycle

/// The power controller's side of the contract.
public enum PowerContract {
    /// The topics the power controller consumes (its sequencer copies them into `power.input`).
    public static let inputTopics = [TopicName.serverLifecycle, TopicName.powerEvents, TopicName.powerCommands]

    /// The power controller input an inbound event stands for; `state` is the server's current state, if any.
    public static func route(_ event: InboundEvent, state: PowerController?) throws(EventDecodingError) -> Routed<PowerController.Input> {
        let key = event.key
        switch event.event.type {
        case EventName.serverRegistered:
            // "create" for a new server; a known server that registers itself again is
            // online ("self register"), like a poll that reaches it.
            guard let state, state.condition != .unknown else { return .apply(.registered(boot: event.string("bootId")), key: key) }
            return .apply(.signOfLife(boot: event.string("bootId")), key: key)
        case EventName.serverConfigured:
            return .apply(.configurationDone, key: key)
        case EventName.serverReconfigurationRequested:
            return .apply(.reconfigurationTriggered, key: key)
        case EventName.serverOnline, EventName.serverHeartbeat:
            return .apply(.signOfLife(boot: event.string("bootId")), key: key)
        case EventName.updateStarted:
            return .apply(.updateStarted(cycleID: event.string("cycleId"), requestID: event.string("requestId"), boot: event.string("bootId")), key: key)
        case EventName.updateCompleted:
            return .apply(.updateFinished(requiresReboot: event.bool("requiresReboot") ?? false, cycleID: event.string("cycleId"),
                requestID: event.string("requestId")), key: key)
        case EventName.updateFailed:
            // The update stopped applying: the detail goes back from updating, and the
            // status change says the update failed, so the orchestrator does not take it
            // as applied; it learns the reason from the same event.
            return .apply(.updateFailed(cycleID: event.string("cycleId"), requestID: event.string("requestId")), key: key)
        case EventName.bmcPowerObserved:
            return .apply(.powerObserved(PowerState(rawValue: try event.required("power")) ?? .unknown), key: key)
        case EventName.bmcPowerCompleted:
            return .apply(.bmcSucceeded(requestID: try event.required("requestId"), sequence: event.int("sequence") ?? 1), key: key)
        case EventName.bmcPowerFailed:
            return .apply(
                .bmcFailed(requestID: try event.required("requestId"), sequence: event.int("sequence") ?? 1, reason: try event.required("reason")),
                key: key)
        case EventName.powerOnRequested, EventName.powerOffRequested, EventName.powerRebootRequested:
            let kind: PowerOperationKind =
                event.event.type == EventName.powerOnRequested ? .powerOn : event.event.type == EventName.powerOffRequested ? .powerOff : .reboot
            let requester = Requester(wireName: try event.required("requester")) ?? .operatorRequest
            // A command in a role's name comes from that role: its answer moves the role's state.
            if let role = requester.role, event.event.source != role.source {
                throw .invalidAttribute(
                    name: "source", reason: "'\(event.event.source)' may not ask as requester \(requester.wireName): only \(role.source) does")
            }
            return .apply(.command(PowerRequest(kind, by: requester, id: try event.required("requestId"))), key: key)
        default:
            return .ignore
        }
    }

    /// The power command event for `request` (emitted by the scheduler and the orchestrator).
    public static func command(_ request: PowerRequest, server: String) -> OutgoingEvent {
        OutgoingEvent(request.kind.commandType, key: server, ["requestId": .string(request.id), "requester": .string(request.requester.wireName)])
    }

    /// The events the power controller's outputs for `server` become.
    public static func events(for outputs: [PowerController.Output], server: String) -> [OutgoingEvent] {
        outputs.map { output in
            switch output {
            case let .statusChanged(change):
                var data: JSONObject = ["from": change.from.wireValue, "to": change.to.wireValue, "trigger": .string(change.trigger.rawValue)]
                if let requiresReboot = change.requiresReboot { data["requiresReboot"] = .bool(requiresReboot) }
                if let updateFailed = change.updateFailed { data["updateFailed"] = .bool(updateFailed) }
                if let cycleID = change.cycleID { data["cycleId"] = .string(cycleID) }
                if let requestID = change.requestID { data["requestId"] = .string(requestID) }
                if let sequence = change.sequence { data["sequence"] = .int(Int64(sequence)) }
                return OutgoingEvent(EventName.serverStatusChanged, key: server, .object(data))
            case let .observedPowerChanged(power, sequence):
                return OutgoingEvent(EventName.serverPowerChanged, key: server, ["power": .string(power.rawValue), "sequence": .int(Int64(sequence))])
            case let .bmc(request):
                return OutgoingEvent(
                    EventName.bmcPowerRequested, key: server,
                    ["action": .string(request.action.wireName), "requestId": .string(request.requestID), "sequence": .int(Int64(request.sequence))])
            case let .operationCompleted(request):
                return OutgoingEvent(
                    EventName.powerCommandCompleted, key: server,
                    ["requestId": .string(request.id), "requester": .string(request.requester.wireName), "operation": .string(request.kind.wireName)])
            case let .operationFailed(request, reason):
                return OutgoingEvent(
                    EventName.powerCommandFailed, key: server,
                    [
                        "requestId": .string(request.id), "requester": .string(request.requester.wireName),
                        "operation": .string(request.kind.wireName), "reason": .string(reason),
                    ])
            case let .operationBusy(request, running):
                return OutgoingEvent(
                    EventName.powerCommandFailed, key: server,
                    [
                        "requestId": .string(request.id), "requester": .string(request.requester.wireName),
                        "operation": .string(request.kind.wireName), "reason": .string(PowerController.busyReason(running: running)),
                        "busy": .bool(true),
                    ])
            }
        }
    }
}
