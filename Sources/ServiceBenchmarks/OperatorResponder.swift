import Contracts
import Events

/// The outside world of a fleet simulation: the downstream operators (boot configuration,
/// maintenance, BMC, Incus, OS update, claim owners) answering the requests the roles send,
/// each with the success event the catalogue names for it.
enum OperatorResponder {
    /// The events that answer `event` (a request on `operator.requests`), for `server`.
    static func answers(to event: CloudEvent, server: String) -> [OutgoingEvent] {
        let data = event.data ?? [:]
        func members(_ names: String...) -> JSONValue {
            var object = JSONObject()
            for name in names { if let value = data[name] { object[name] = value } }
            return .object(object)
        }
        switch event.type {
        case EventName.bootConfigApplyRequested:
            return [OutgoingEvent(EventName.bootConfigApplied, key: server, members("namespace", "name"))]
        case EventName.bootConfigReleaseRequested:
            return [OutgoingEvent(EventName.bootConfigReleased, key: server, members("namespace", "name"))]
        case EventName.maintenanceStartRequested:
            return [OutgoingEvent(EventName.maintenanceCompleted, key: server, members("namespace", "name"))]
        case EventName.maintenanceApprovalRequested:
            return [OutgoingEvent(EventName.maintenanceApproved, key: server)]
        case EventName.bmcPowerRequested:
            var answers = [OutgoingEvent(EventName.bmcPowerCompleted, key: server, members("requestId", "sequence"))]
            switch data["action"]?.stringValue {
            case "power-on": answers.append(OutgoingEvent(EventName.bmcPowerObserved, key: server, ["power": "on"]))
            case "graceful-off", "forced-off": answers.append(OutgoingEvent(EventName.bmcPowerObserved, key: server, ["power": "off"]))
            case "reboot": answers.append(OutgoingEvent(EventName.serverOnline, key: server, ["via": "self-register"]))
            default: break
            }
            return answers
        case EventName.incusEvacuationRequested:
            return [OutgoingEvent(EventName.incusEvacuationCompleted, key: server, members("requestId"))]
        case EventName.incusRestoreRequested:
            return [OutgoingEvent(EventName.incusRestoreCompleted, key: server, members("requestId"))]
        case EventName.updateInstallRequested:
            return [
                OutgoingEvent(EventName.updateStarted, key: server, members("cycleId", "requestId")),
                OutgoingEvent(
                    EventName.updateCompleted, key: server,
                    ["requiresReboot": true, "cycleId": data["cycleId"] ?? .null, "requestId": data["requestId"] ?? .null]),
            ]
        default:
            return []
        }
    }
}
