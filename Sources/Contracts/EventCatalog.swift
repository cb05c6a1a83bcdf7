import Events
import Lifecycle

/// Every event type maintenanced consumes or emits: the contract with the teams
/// that produce its input and act on its output. docs/EVENTS.md and the JSON
/// Schemas under topics/schemas/ are generated from this list (and checked
/// against it by the tests), so they cannot drift from the code.
public enum EventCatalog {
    /// All event types, grouped by topic.
    public static let all: [EventType] =
        maintenanceRequests + serverLifecycle + powerEvents + powerCommands + serverTransitions + operatorRequests
        + clusterRollouts

    private static let index: [String: EventType] = Dictionary(uniqueKeysWithValues: all.map { ($0.type, $0) })

    /// The entry for a CloudEvents type, or nil for a type this service does not know.
    public static func entry(for type: String) -> EventType? { index[type] }

    /// The event types carried by `topic`.
    public static func types(on topic: String) -> [EventType] { all.filter { $0.topic == topic } }

    /// The event types `topic` carries that `role` does not take: other roles' inputs, and
    /// outputs (its own among them). A role's sequencer passes over them (`Sequencer`).
    public static func types(on topic: String, notTakenBy role: Role) -> Set<String> {
        Set(types(on: topic).filter { !$0.consumers.contains(party(role)) }.map(\.type))
    }

    /// The topics `role` writes its outputs to.
    public static func outputTopics(of role: Role) -> Set<String> {
        Set(all.filter { $0.producers.contains(party(role)) }.map(\.topic))
    }

    /// The party name of a role in `producers` and `consumers`.
    static func party(_ role: Role) -> String { "maintenanced/\(role.rawValue)" }

    /// The roles that produce `entry`'s type when only roles do (nil when an outside party
    /// may too): its events are taken only with one of their sources.
    public static func producingRoles(of entry: EventType) -> [Role]? { roleOnlyTypes[entry.type] }

    /// The types only roles produce, with those roles: computed once, asked for every input.
    private static let roleOnlyTypes: [String: [Role]] = Dictionary(
        uniqueKeysWithValues: all.compactMap { entry in
            let roles = Role.allCases.filter { entry.producers.contains(party($0)) }
            return roles.count == entry.producers.count ? (entry.type, roles) : nil
        })

    // MARK: Parties

    static let scheduler = party(.scheduler)
    static let power = party(.power)
    static let update = party(.update)
    static let maintenanceOperators = "maintenance operators"
    static let claimOwners = "claim owners"
    static let bootConfigOperator = "boot-config operator"
    static let agents = "server agents and pollers"
    static let incus = "Incus adapters"
    static let osUpdate = "OS update adapters"
    static let bmc = "BMC adapters"
    static let pipelines = "pipelines and dashboards"

    // MARK: Shared fields

    static let namespace = EventSchema.Field("namespace", .string(), "Namespace of the ServerMaintenance.")
    static let name = EventSchema.Field("name", .string(), "Name of the ServerMaintenance within its namespace.")
    static let requestID = EventSchema.Field("requestId", .string(), "Id of the request this event belongs to; answers carry it back.")
    static let reason = EventSchema.Field("reason", .string(maxLength: 2000), "Why, in words.")
    /// The boot an install runs in: lets a power off reported during it be told from one of an earlier power cycle.
    static let installBootID = EventSchema.Field.optional(
        "bootId", .string(maxLength: 128),
        "The boot the install runs in (as the agent's signs of life name it). A power off the BMC reports during the install "
            + "waits `roles.power.installOffConfirmation` for a sign of life: of this boot, the off was of an earlier power cycle "
            + "and the install runs on; of another boot, or none, the off ended it. Without it the newest boot seen is taken.")
    /// The boot a sign of life comes from: what lets the power controller tell a late sign of life from a new one.
    static let bootID = EventSchema.Field.optional(
        "bootId", .string(maxLength: 128),
        "The boot the sign of life comes from: the kernel's boot id (`/proc/sys/kernel/random/boot_id`) or any id that changes "
            + "with every boot. A sign of life of a boot that has ended (a later boot was seen, or a power off or reboot the BMC "
            + "carried out ended it) is stale, and a reboot ends only at a boot after it. Without it a sign of life is taken as "
            + "current: one sent before a reboot and delivered after the BMC's answer ends the reboot early; with "
            + "`roles.power.requireBootId` one without it is rejected (invalid).")
    /// A power command's id: the requester's, naming one command.
    static let commandID = EventSchema.Field(
        "requestId", .string(),
        "The requester's id for this command; the answer carries it back. An id names one command of its requester: a command "
            + "repeating the id of one carried out is rejected `duplicate`, whatever its operation (a retry sends the same command "
            + "again; one that failed may be retried, not replaced by another operation).")
    /// The update cycle an OS-update request belongs to; the updater's reports echo it.
    /// A slot request's id, which its grant echoes: optional, as events written before slot
    /// requests had ids have none.
    static let slotRequestID = EventSchema.Field.optional(
        "requestId", .string(), "The slot request's id (`update-N-slot`, `update-N-slot-K` from a cycle's second request on); the grant carries it back. "
            + "Absent in events of older versions.")
    static let cycleID = EventSchema.Field("cycleId", .string(), "The update cycle; the OS updater's reports carry it back.")
    /// An OS-update report's echo of its cycle: optional for updates the server runs on its own.
    static let echoedCycle = EventSchema.Field.optional(
        "cycleId", .string(),
        "The `cycleId` of the `update.install.requested` this report answers. Required for an install maintenanced asked for: "
            + "a report naming another cycle is rejected `stale`, and so is one of a cycle earlier than the newest whose install "
            + "started (`update-N`: N grows with each cycle); one naming none counts only when no cycle runs.")
    /// An OS-update report's echo of the install request (the attempt) it answers: optional, so
    /// updaters that echo only the cycle stay readable.
    static let echoedInstallRequest = EventSchema.Field.optional(
        "requestId", .string(),
        "The `requestId` of the `update.install.requested` this report answers (the attempt, `update-N-update-A`). "
            + "A report naming another attempt's request is rejected `stale`. Without it a report counts only while the cycle "
            + "asked for one install: once an attempt was retried, a report naming no request cannot be attributed and is "
            + "rejected `stale` (the attempt ends at its timeout).")

    /// The number of a power controller's change among the server's status and power changes.
    static let changeSequence = EventSchema.Field.optional(
        "sequence", .integer(minimum: 1, maximum: Int64(Int32.max)),
        "The number of this change among the server's status and power changes: a change sent again (the power controller "
            + "replayed its input after a restart) has the same number, and a consumer that applied it ignores it.")

    /// An answer's echo of the request it answers: required, matched to the request outstanding.
    static func echoedRequest(_ what: String) -> EventSchema.Field {
        EventSchema.Field(
            "requestId", .string(),
            "The `requestId` of the \(what) request this answers; an answer for any other request is rejected `stale`.")
    }
    static let powerValue = EventSchema.Kind.oneOf(["on", "off", "unknown"])
    static let requester = EventSchema.Field("requester", .oneOf(["scheduler", "update", "operator"]), "Who asked for the power operation.")
    static let condition = EventSchema.Kind.object([
        EventSchema.Field("status", .oneOf(["Unknown", "Pending", "Ready", "Offline"]), "Server status."),
        EventSchema.Field("detail", .oneOf(["none", "re-configuring", "updating", "rebooting", "shut down", "unresponsive"]), "Status detail."),
    ])
    static let maintenanceStatus = EventSchema.Kind.oneOf(["Pending", "InMaintenance", "Complete", "Failed", "Cancelled"])
    static let operationalState = EventSchema.Kind.oneOf(["Available", "Reserved", "Maintenance"])
    static let evacuationState = EventSchema.Kind.oneOf(["not in maintenance", "evacuating", "evacuated", "restoring"])
    static let updateState = EventSchema.Kind.oneOf([
        "Up to date", "update pending", "updating", "Evacuation pending", "Reboot pending", "Rebooting", "Evacuating",
        "In maintenance (reboot pending)", "In maintenance (rebooting)", "In maintenance (restore pending)", "Restoring", "Failed",
    ])
    static let empty = EventSchema([])

    static func maintenanceRef(_ more: [EventSchema.Field] = []) -> EventSchema { EventSchema([namespace, name] + more) }

    static func entry(
        _ type: String, on topic: String, key: EventType.Key = .server, from producers: [String], to consumers: [String],
        _ summary: String, _ schema: EventSchema, example: JSONValue
    ) -> EventType {
        EventType(type: type, topic: topic, key: key, producers: producers, consumers: consumers, summary: summary, schema: schema, example: example)
    }
}
