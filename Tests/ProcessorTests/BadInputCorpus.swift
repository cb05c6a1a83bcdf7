import Contracts
import Events
import Lifecycle

/// The reliability corpus of issue 9: per role, a normal sequence of valid
/// events, the malformed messages of every dead-letter class (docs/EVENTS.md), and
/// valid events that do not fit the state (unknown server, late, duplicated, out
/// of order).
enum BadInputCorpus {
    /// Every `dlq.reason` the runtime gives to an event read from an input topic: all of
    /// `DeadLetter.Reason` but a record of the role's own log it cannot read (`BundleFoldTests`).
    static let reasons = Set(DeadLetter.Reason.allCases.filter { $0 != .invalidRoleLog }.map(\.rawValue))

    // MARK: Valid sequences

    static func valid(for role: Role) -> [WireInput] {
        switch role {
        case .scheduler:
            [
                .event(EventName.maintenanceRequested, "server-1", id: "s-1", time: 1_000, ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]),
                .event(EventName.serverClaimed, "server-2", id: "s-2", time: 2_000, ["owner": "team-a", "okToMaintenance": false]),
                .event(EventName.maintenanceRequested, "server-2", id: "s-3", time: 3_000, ["namespace": "ops", "name": "clean", "type": "Cleanup"]),
                .event(EventName.maintenanceApproved, "server-2", id: "s-4", time: 4_000),
                .event(EventName.maintenanceRequested, "server-1", id: "s-5", time: 5_000, ["namespace": "ops", "name": "second", "type": "Cleanup", "priority": 5]),
                .event(EventName.maintenanceCancellationRequested, "server-1", id: "s-6", time: 6_000, ["namespace": "ops", "name": "second"]),
            ]
        case .power:
            [
                .event(EventName.serverRegistered, "server-1", id: "p-1", time: 1_000),
                .event(EventName.serverConfigured, "server-1", id: "p-2", time: 2_000),
                .event(EventName.bmcPowerObserved, "server-1", id: "p-3", time: 3_000, ["power": "on"]),
                .event(EventName.serverRegistered, "server-2", id: "p-4", time: 4_000),
                .event(EventName.serverConfigured, "server-2", id: "p-5", time: 5_000),
                .event(EventName.updateStarted, "server-2", id: "p-6", time: 6_000),
                .event(EventName.updateCompleted, "server-2", id: "p-7", time: 7_000, ["requiresReboot": false]),
                .event(EventName.powerOffRequested, "server-1", id: "p-8", time: 8_000, ["requestId": "op-1", "requester": "operator"]),
            ]
        case .update:
            [
                .event(EventName.incusClusterJoined, "server-1", id: "u-1", time: 1_000, ["cluster": "cluster-1"]),
                .event(EventName.incusClusterJoined, "server-2", id: "u-2", time: 2_000, ["cluster": "cluster-1"]),
                .event(EventName.updateAvailable, "server-1", id: "u-3", time: 3_000, ["version": "2026.1"]),
                .event(EventName.updateAvailable, "server-2", id: "u-4", time: 4_000, ["version": "2026.1"]),
                .event(EventName.incusClusterLeft, "server-2", id: "u-5", time: 5_000),
            ]
        }
    }

    // MARK: Valid but wrong (each answered by one transition.rejected)

    /// Their times are not after the valid events', so that they do not move stream time.
    static func wrong(for role: Role) -> [WireInput] {
        func rejected(_ type: String, _ server: String, id: String, _ data: JSONObject = [:]) -> WireInput {
            .event(type, server, id: id, time: 1_000, data, expect: .rejected(eventID: id))
        }
        switch role {
        case .scheduler:
            return [
                rejected(EventName.maintenanceCompleted, "server-9", id: "unknown-server", ["namespace": "ops", "name": "bios"]),
                rejected(EventName.maintenanceCompleted, "server-1", id: "late", ["namespace": "ops", "name": "second"]),
                rejected(EventName.maintenanceRequested, "server-1", id: "duplicated", ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]),
                rejected(EventName.maintenanceApproved, "server-1", id: "out-of-order"),
            ]
        case .power:
            return [
                rejected(EventName.serverConfigured, "server-9", id: "unknown-server"),
                rejected(EventName.bmcPowerCompleted, "server-1", id: "late", ["requestId": "op-0", "sequence": 1]),
                rejected(EventName.serverConfigured, "server-1", id: "duplicated"),
                rejected(EventName.updateCompleted, "server-1", id: "out-of-order", ["requiresReboot": true]),
            ]
        case .update:
            return [
                rejected(EventName.incusEvacuationCompleted, "server-9", id: "unknown-server", ["requestId": "update-1-evacuation-1"]),
                rejected(EventName.disruptionGranted, "server-1", id: "late", ["requestId": "old-request"]),
                rejected(EventName.incusClusterJoined, "server-1", id: "duplicated", ["cluster": "cluster-1"]),
                rejected(EventName.incusRestoreCompleted, "server-1", id: "out-of-order", ["requestId": "update-1-restore-1"]),
            ]
        }
    }

    // MARK: Malformed (each becomes one dead letter)

    /// A valid event of the role, the base the malformed ones are made from.
    static func base(for role: Role) -> (type: String, data: JSONObject) {
        switch role {
        case .scheduler: (EventName.maintenanceRequested, ["namespace": "ops", "name": "bad", "type": "BIOSUpdate"])
        case .power: (EventName.bmcPowerObserved, ["power": "off"])
        case .update: (EventName.incusClusterJoined, ["cluster": "cluster-9"])
        }
    }

    /// Data that breaks the base type's schema.
    static func schemaBreakers(for role: Role) -> [JSONObject] {
        switch role {
        case .scheduler: [["namespace": "ops", "name": "bad"], ["namespace": "ops", "name": "bad", "type": "BIOSUpdate", "priority": "high"]]
        case .power: [[:], ["power": 7]]
        case .update: [[:], ["cluster": ["nested": true]]]
        }
    }

    static func malformed(for role: Role) -> [WireInput] {
        let (type, data) = base(for: role)
        let topic = EventCatalog.entry(for: type)!.topic
        let codec = CloudEventCodec()
        let event = CloudEvent(id: "bad", source: "/reliability", type: type, subject: "server-1", time: 500, data: .object(data))
        let good = codec.encode(event, key: "server-1")
        let partition = Partitioner.partition(of: "server-1", count: WireInput.partitionCount)

        func bad(_ name: String, _ reason: String, _ change: (inout EventMessage) -> Void) -> WireInput {
            var message = good
            change(&message)
            return .bad(name, reason, on: topic, message)
        }
        func header(_ name: String, _ value: [UInt8]?) -> (inout EventMessage) -> Void {
            { message in
                message.headers.removeAll { $0.name == name }
                if let value { message.headers.append(MessageHeader(name: name, value: value)) }
            }
        }
        func value(_ text: String) -> (inout EventMessage) -> Void { { $0.value = Array(text.utf8) } }

        var inputs = [
            bad("over the size limit", "too-large", value(#"{"pad":""# + String(repeating: "x", count: 1 << 20) + #""}"#)),
            bad("header not UTF-8", "invalid-utf8", header("ce_source", [0xC3, 0x28])),
            bad("value not UTF-8", "invalid-utf8") { $0.value = Array(#"{"power":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8) },
            bad("content-type not UTF-8", "invalid-utf8", header("content-type", [0xFF])),
            bad("not JSON", "not-json", value("{not json")),
            bad("truncated JSON", "not-json") { $0.value.removeLast() },
            bad("trailing garbage", "not-json") { $0.value += Array(" }".utf8) },
            bad("33 levels of data", "too-deep", value(#"{"a":"# + String(repeating: "[", count: 33) + String(repeating: "]", count: 33) + "}")),
            bad("1 MB of nesting", "too-deep", value(String(repeating: "[", count: 1_000_000))),
            bad("no id", "missing-attribute", header("ce_id", nil)),
            bad("no source", "missing-attribute", header("ce_source", nil)),
            bad("no type", "missing-attribute", header("ce_type", nil)),
            bad("structured, no specversion", "missing-attribute") {
                $0.headers = [MessageHeader(name: "content-type", string: "application/cloudevents+json")]
                $0.value = Array(#"{"id":"bad","source":"/r","type":"x"}"#.utf8)
            },
            bad("time not RFC 3339", "invalid-attribute", header("ce_time", Array("yesterday".utf8))),
            bad("empty id", "invalid-attribute", header("ce_id", [])),
            bad("id twice", "invalid-attribute") { $0.headers.append(MessageHeader(name: "ce_id", string: "other")) },
            bad("bad extension name", "invalid-attribute", header("ce_Trace-ID", Array("abc".utf8))),
            bad("type on the wrong topic", "invalid-attribute", header("ce_type", Array(EventName.disruptionGranted.utf8))),
            bad("specversion 0.3", "unsupported-specversion", header("ce_specversion", Array("0.3".utf8))),
            bad("text data", "unsupported-content-type", header("content-type", Array("text/plain".utf8))),
            bad("structured base64 data", "unsupported-content-type") {
                $0.headers = [MessageHeader(name: "content-type", string: "application/cloudevents+json")]
                $0.value = Array(#"{"specversion":"1.0","id":"bad","source":"/r","type":"\#(type)","data_base64":"AAEC"}"#.utf8)
            },
            bad("unknown type", "unknown-type", header("ce_type", Array("dev.maintenanced.no.such.thing".utf8))),
            bad("data not an object", "schema-violation", value("[1,2,3]")),
            bad("no key", "invalid-key") { $0.key = nil },
            bad("empty key", "invalid-key") { $0.key = [] },
            bad("key is not the subject", "invalid-key") { $0.key = Array("server-2".utf8) },
            WireInput.bad("on another partition", "wrong-partition", on: topic, good, partition: (partition + 1) % WireInput.partitionCount),
        ]
        // A type only roles send, on this topic, from an outside source (the base's).
        if let roleOnly = EventCatalog.types(on: topic).first(where: { EventCatalog.producingRoles(of: $0) != nil }) {
            inputs.append(bad("a role's event from another source", "invalid-attribute", header("ce_type", Array(roleOnly.type.utf8))))
        }
        for (index, broken) in schemaBreakers(for: role).enumerated() {
            inputs.append(bad("schema breaker \(index + 1)", "schema-violation", value(String(decoding: JSONWriter.bytes(.object(broken)), as: UTF8.self))))
        }
        return inputs
    }

    /// The valid sequence with every malformed and wrong input of the role mixed in:
    /// after each valid event, the next few bad ones.
    static func mixed(for role: Role) -> [WireInput] {
        let valid = valid(for: role)
        var bad = malformed(for: role) + wrong(for: role)
        let perStep = (bad.count + valid.count - 1) / valid.count
        var inputs: [WireInput] = []
        for input in valid {
            inputs.append(input)
            inputs += bad.prefix(perStep)
            bad.removeFirst(min(perStep, bad.count))
        }
        return inputs
    }
}
