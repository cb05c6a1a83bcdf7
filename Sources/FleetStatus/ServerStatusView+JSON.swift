import Events
import Lifecycle

extension ServerStatusView {
    /// The view as the API answers it (docs/API.md).
    public var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id),
            "status": .string(status),
            "power": [
                "observed": .string((parts.power?.observedPower ?? .unknown).rawValue),
                "desired": .string((parts.power?.desiredPower ?? .unknown).rawValue),
                // The newest boot the server's signs of life named, and whether a power off or reboot ended it.
                "boot": parts.power?.boots.last.map { .string($0) } ?? .null,
                "bootEnded": .bool(parts.power?.boots.lastEnded ?? false),
            ],
            "operational": .string(operational),
            // The owner's claim as the scheduler holds it: its owner (when server.claimed named one) and its label.
            "claim": parts.scheduler?.claim.map { claim in
                ["owner": claim.owner.map { .string($0) } ?? .null, "okToMaintenance": .bool(claim.okToMaintenance)]
            } ?? .null,
            "maintenanceState": .string(maintenanceState),
            "updateState": .string(updateState),
        ]
        object["cluster"] = parts.update?.clusterID.map { .string($0) } ?? .null
        object["maintenances"] = .array((parts.scheduler?.queue ?? []).map(Self.json))
        object["waits"] = .array(waits.map(\.json))
        object["stuck"] = .bool(isStuck)
        object["stuckReasons"] = .array(stuckReasons.map { .string($0) })
        if let failure = parts.update?.failure {
            object["updateFailure"] = ["step": .string(failure.step.rawValue), "reason": .string(failure.reason)]
        }
        object["owners"] = .object(JSONObject(Role.allCases.compactMap { role in parts.owners[role].map { (role.rawValue, JSONValue.string($0)) } }))
        if !parts.unavailable.isEmpty {
            object["unavailable"] = .object(JSONObject(parts.unavailable.sorted { $0.key < $1.key }.map { ($0.key.rawValue, JSONValue.string($0.value)) }))
        }
        return .object(object)
    }

    static func json(_ maintenance: ServerMaintenance) -> JSONValue {
        [
            "namespace": .string(maintenance.id.namespace), "name": .string(maintenance.id.name), "type": .string(maintenance.request.type),
            "priority": .int(Int64(maintenance.request.priority)), "policy": .string(maintenance.request.policy.rawValue),
            "status": .string(maintenance.status.label),
        ]
    }
}

extension RoleWait {
    /// The wait as the API answers it.
    public var json: JSONValue {
        [
            "role": .string(role.rawValue), "step": .string(step), "waitsFor": .string(waitsFor),
            "since": .string(StatusText.time(since.millisecondsSinceEpoch)), "until": .string(StatusText.time(until.millisecondsSinceEpoch)),
            "attempt": .int(Int64(attempt)), "attempts": .int(Int64(attempts)),
        ]
    }
}
