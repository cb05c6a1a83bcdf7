import Events
import Lifecycle

extension EventCatalog {
    static let serverTransitions: [EventType] = [
        entry(
            EventName.serverStatusChanged, on: TopicName.serverTransitions, from: [power], to: [update, pipelines],
            "The server status or its detail changed.",
            EventSchema([
                EventSchema.Field("from", condition, "Before."),
                EventSchema.Field("to", condition, "After."),
                EventSchema.Field("trigger", .oneOf(["create", "configurationDone", "triggerReconfiguration", "reboot", "shutdown", "unresponsive", "online", "signOfLife", "updateStarted", "updateFinished"]), "What caused it."),
                .optional("requiresReboot", .boolean, "For updateFinished: whether the update needs a reboot."),
                .optional("updateFailed", .boolean, "For updateFinished: true when the update stopped without being applied."),
                .optional("cycleId", .string(), "For updateStarted and updateFinished: the update cycle the OS updater's report named."),
                .optional("requestId", .string(), "For updateStarted and updateFinished: the install request (the attempt) the OS updater's report named."),
                changeSequence,
            ]),
            example: ["from": ["status": "Offline", "detail": "rebooting"], "to": ["status": "Ready", "detail": "none"], "trigger": "online"]
        ),
        entry(
            EventName.serverPowerChanged, on: TopicName.serverTransitions, from: [power], to: [scheduler, pipelines],
            "The observed power of the server changed.", EventSchema([EventSchema.Field("power", powerValue, "Observed power."), changeSequence]),
            example: ["power": "off", "sequence": 4]
        ),
        entry(
            EventName.powerCommandCompleted, on: TopicName.serverTransitions, from: [power], to: [scheduler, update, pipelines],
            "A power command is done; the requester continues.",
            EventSchema([requestID, requester, EventSchema.Field("operation", .oneOf(["on", "off", "reboot"]), "The operation.")]),
            example: ["requestId": "maint-1", "requester": "scheduler", "operation": "off"]
        ),
        entry(
            EventName.powerCommandFailed, on: TopicName.serverTransitions, from: [power], to: [scheduler, update, pipelines],
            "A power command failed after its retries, or was not taken because another requester's command runs (busy: nothing was "
                + "done; a copy of the command is a duplicate, and the requester retries at its wait's deadline with a new command).",
            EventSchema([
                requestID, requester, EventSchema.Field("operation", .oneOf(["on", "off", "reboot"]), "The operation."), reason,
                .optional("busy", .boolean, "True when the command was not taken because another command runs (the reason names it); absent otherwise."),
            ]),
            example: ["requestId": "maint-1", "requester": "scheduler", "operation": "off", "reason": "BMC timeout"]
        ),
        entry(
            EventName.serverMaintenanceStateChanged, on: TopicName.serverTransitions, from: [update], to: [pipelines],
            "The server's maintenance (evacuation) state changed.",
            EventSchema([EventSchema.Field("from", evacuationState, "Before."), EventSchema.Field("to", evacuationState, "After.")]),
            example: ["from": "not in maintenance", "to": "evacuating"]
        ),
        entry(
            EventName.serverUpdateStateChanged, on: TopicName.serverTransitions, from: [update], to: [pipelines],
            "The server's update state (derived from status, maintenance state and update) changed.",
            EventSchema([EventSchema.Field("from", updateState, "Before."), EventSchema.Field("to", updateState, "After."), .optional("reason", .string(maxLength: 2000), "Why, for Failed.")]),
            example: ["from": "update pending", "to": "updating"]
        ),
        entry(
            EventName.serverOperationalStateChanged, on: TopicName.serverTransitions, from: [scheduler], to: [pipelines],
            "The server's operational state (Available, Reserved, Maintenance) changed.",
            EventSchema([EventSchema.Field("from", operationalState, "Before."), EventSchema.Field("to", operationalState, "After.")]),
            example: ["from": "Reserved", "to": "Maintenance"]
        ),
        entry(
            EventName.maintenanceStateChanged, on: TopicName.serverTransitions, from: [scheduler], to: [maintenanceOperators, pipelines],
            "A ServerMaintenance changed state.",
            maintenanceRef([
                .optional("from", maintenanceStatus, "Before; absent when it was just created."),
                EventSchema.Field("to", maintenanceStatus, "After."),
                .optional("type", .string(maxLength: 63), "Kind of maintenance."),
                .optional("reason", .string(maxLength: 2000), "Why, for Failed and Cancelled."),
            ]),
            example: ["namespace": "ops", "name": "bios-update", "from": "Pending", "to": "InMaintenance", "type": "BIOSUpdate"]
        ),
        entry(
            EventName.maintenancePowerRestoreFailed, on: TopicName.serverTransitions, from: [scheduler], to: [pipelines],
            "After the last maintenance the server could not be powered back on.", EventSchema([reason]),
            example: ["reason": "BMC timeout"]
        ),
        entry(
            EventName.disruptionGranted, on: TopicName.serverTransitions, from: [scheduler], to: [update],
            "The scheduler granted the disruption lease: no maintenance starts until it is released.", EventSchema([requestID]),
            example: ["requestId": "update-7"]
        ),
        entry(
            EventName.rolloutSlotGranted, on: TopicName.serverTransitions, from: [update], to: [update, pipelines],
            "The server's cluster rollout granted it a slot: it may be disrupted now.",
            EventSchema([EventSchema.Field("cluster", .string(), "The Incus cluster id."), slotRequestID]),
            example: ["cluster": "cluster-1", "requestId": "update-3-slot"]
        ),
        entry(
            EventName.rolloutSlotFreed, on: TopicName.serverTransitions, from: [update], to: [pipelines],
            "The server's rollout slot was given back.",
            EventSchema([EventSchema.Field("cluster", .string(), "The Incus cluster id.")]), example: ["cluster": "cluster-1"]
        ),
        entry(
            EventName.transitionRejected, on: TopicName.serverTransitions, from: [scheduler, power, update], to: [pipelines],
            "A valid event did not fit the current state (late, duplicated, out of order): nothing changed.",
            EventSchema([
                EventSchema.Field("role", .oneOf(Role.allCases.map(\.rawValue)), "The role that rejected it."),
                EventSchema.Field("eventId", .string(), "The id of the rejected event."),
                EventSchema.Field("eventType", .string(), "The type of the rejected event."),
                EventSchema.Field("code", .oneOf(["not-applicable", "duplicate", "stale", "unknown-maintenance", "invalid"]), "The kind of rejection."),
                reason,
            ]),
            example: ["role": "scheduler", "eventId": "e-1", "eventType": .string(EventName.maintenanceCompleted), "code": "unknown-maintenance", "reason": "unknown maintenance ops/bios-update"]
        ),
    ]

    static let operatorRequests: [EventType] = [
        entry(
            EventName.bootConfigApplyRequested, on: TopicName.operatorRequests, from: [scheduler], to: [bootConfigOperator],
            "Put the maintenance's boot configuration in place.",
            maintenanceRef([EventSchema.Field("bootConfiguration", .string(), "The ServerBootConfiguration to use.")]),
            example: ["namespace": "ops", "name": "bios-update", "bootConfiguration": "bios-2.3"]
        ),
        entry(
            EventName.bootConfigReleaseRequested, on: TopicName.operatorRequests, from: [scheduler], to: [bootConfigOperator],
            "Release the maintenance's boot configuration.",
            maintenanceRef([EventSchema.Field("bootConfiguration", .string(), "The ServerBootConfiguration to release.")]),
            example: ["namespace": "ops", "name": "bios-update", "bootConfiguration": "bios-2.3"]
        ),
        entry(
            EventName.bmcPowerRequested, on: TopicName.operatorRequests, from: [power], to: [bmc],
            "Carry out a power action; report back with the same requestId and sequence. An action the server is already in "
                + "(power-on of a server that is on, an off of one that is off) is reported as succeeded: the service sends it "
                + "whatever the power looks like, since its observation may be stale. Answer every request taken, in the order "
                + "they came, also one carried out after its sequence was superseded or timed out: the service answers no power "
                + "command while its last BMC request is unanswered (the BMC may still carry it out), so a request never "
                + "answered keeps its command, and the requester's disruption lease, waiting.",
            EventSchema([
                EventSchema.Field("action", .oneOf(["power-on", "graceful-off", "forced-off", "reboot"]), "The action."),
                EventSchema.Field(
                    "requestId", .string(),
                    "The power command this carries out, as `<requester>/<requestId>` (`scheduler/maintenance-power-3`, "
                        + "`update/update-1-reboot`, `operator/op-1`): command ids belong to each requester, so no two requesters' "
                        + "commands share a BMC request. Answers carry it back."),
                EventSchema.Field("sequence", .integer(minimum: 1, maximum: 1000), "Counts attempts and escalations of the request."),
            ]),
            example: ["action": "graceful-off", "requestId": "scheduler/maintenance-power-1", "sequence": 1]
        ),
        entry(
            EventName.incusEvacuationRequested, on: TopicName.operatorRequests, from: [update], to: [incus],
            "Evacuate the server's instances to other cluster members.", EventSchema([requestID]), example: ["requestId": "evacuate-1"]
        ),
        entry(
            EventName.incusRestoreRequested, on: TopicName.operatorRequests, from: [update], to: [incus],
            "Restore the server's instances.", EventSchema([requestID]), example: ["requestId": "restore-1"]
        ),
        entry(
            EventName.updateInstallRequested, on: TopicName.operatorRequests, from: [update], to: [osUpdate],
            "Apply the available OS update.", EventSchema([requestID, cycleID]), example: ["requestId": "update-1-update-1", "cycleId": "update-1"]
        ),
        entry(
            EventName.maintenanceStartRequested, on: TopicName.operatorRequests, from: [scheduler], to: [maintenanceOperators],
            "The maintenance is active and the server prepared: do the work, then report completed or failed.",
            maintenanceRef([.optional("type", .string(maxLength: 63), "Kind of maintenance.")]),
            example: ["namespace": "ops", "name": "bios-update", "type": "BIOSUpdate"]
        ),
        entry(
            EventName.maintenanceApprovalRequested, on: TopicName.operatorRequests, from: [scheduler], to: [claimOwners],
            "maintenance-needed: the claimed server waits for its owner's ok-to-maintenance.",
            maintenanceRef([.optional("owner", .string(), "The claim's owner, when its server.claimed named one: the approval echoes it.")]),
            example: ["namespace": "ops", "name": "bios-update", "owner": "team-a"]
        ),
    ]

    static let clusterRollouts: [EventType] = [
        entry(
            EventName.rolloutSlotRequested, on: TopicName.clusterRollouts, key: .cluster, from: [update], to: [update],
            "A member asks its cluster's rollout for a slot to be disrupted.",
            EventSchema([EventSchema.Field("member", .string(), "The server id."), slotRequestID]),
            example: ["member": "server-1", "requestId": "update-3-slot"]
        ),
        entry(
            EventName.rolloutSlotReleased, on: TopicName.clusterRollouts, key: .cluster, from: [update], to: [update],
            "A member gives its slot back (or withdraws its request).",
            EventSchema([EventSchema.Field("member", .string(), "The server id.")]), example: ["member": "server-1"]
        ),
        entry(
            EventName.rolloutLimitSet, on: TopicName.clusterRollouts, key: .cluster, from: ["operators"], to: [update],
            "Set how many members of the cluster may be disrupted at once.",
            EventSchema([EventSchema.Field("maxUnavailable", .integer(minimum: 1, maximum: 1000), "The limit.")]), example: ["maxUnavailable": 2]
        ),
    ]
}
