import Events
import Lifecycle

extension EventCatalog {
    static let maintenanceRequests: [EventType] = [
        entry(
            EventName.maintenanceRequested, on: TopicName.maintenanceRequests, from: [maintenanceOperators], to: [scheduler],
            "Create a ServerMaintenance for the server: it queues by priority, then arrival. Its namespace and name name one "
                + "maintenance: a request naming one queued, or one of the last \(MaintenanceScheduler.finishedLimit) the server finished "
                + "(completed, failed or cancelled), is a copy and is rejected `duplicate`.",
            maintenanceRef([
                EventSchema.Field("type", .string(maxLength: 63), "Kind of maintenance, e.g. BIOSUpdate or Cleanup."),
                .optional("priority", .integer(minimum: -1000, maximum: 1000), "Higher runs first; default 0."),
                .optional("policy", .oneOf(["owner-approval", "enforced"]), "enforced skips the claim owner's approval; default owner-approval."),
                .optional("bootConfiguration", .string(), "ServerBootConfiguration the server uses during the maintenance."),
                .optional("power", .oneOf(["off", "on"]), "Power the server should have during the maintenance; default off."),
            ]),
            example: ["namespace": "ops", "name": "bios-update", "type": "BIOSUpdate", "priority": 10, "policy": "owner-approval", "bootConfiguration": "bios-2.3", "power": "off"]
        ),
        entry(
            EventName.maintenanceCancellationRequested, on: TopicName.maintenanceRequests, from: [maintenanceOperators], to: [scheduler],
            "Cancel a pending or active ServerMaintenance.", maintenanceRef(), example: ["namespace": "ops", "name": "bios-update"]
        ),
        entry(
            EventName.maintenanceApproved, on: TopicName.maintenanceRequests, from: [claimOwners], to: [scheduler],
            "The claim owner set ok-to-maintenance on the server's claim.",
            EventSchema([
                .optional(
                    "owner", .string(),
                    "The owner of the claim it approves, as its server.claimed and the maintenance.approval.requested name it. "
                        + "An approval naming another owner than the claim's is of an earlier claim, delivered late, and is stale "
                        + "(transition.rejected): it does not approve the new owner's claim. Without it any approval counts."),
            ]),
            example: ["owner": "team-a"]
        ),
        entry(
            EventName.maintenanceCompleted, on: TopicName.maintenanceRequests, from: [maintenanceOperators], to: [scheduler],
            "The maintenance operator finished the active maintenance.", maintenanceRef(), example: ["namespace": "ops", "name": "bios-update"]
        ),
        entry(
            EventName.maintenanceFailed, on: TopicName.maintenanceRequests, from: [maintenanceOperators], to: [scheduler],
            "The maintenance operator could not finish the active maintenance.", maintenanceRef([reason]),
            example: ["namespace": "ops", "name": "bios-update", "reason": "flash verification failed"]
        ),
        entry(
            EventName.bootConfigApplied, on: TopicName.maintenanceRequests, from: [bootConfigOperator], to: [scheduler],
            "The maintenance's boot configuration is in place.", maintenanceRef(), example: ["namespace": "ops", "name": "bios-update"]
        ),
        entry(
            EventName.bootConfigFailed, on: TopicName.maintenanceRequests, from: [bootConfigOperator], to: [scheduler],
            "The maintenance's boot configuration could not be applied.", maintenanceRef([reason]),
            example: ["namespace": "ops", "name": "bios-update", "reason": "image not found"]
        ),
        entry(
            EventName.bootConfigReleased, on: TopicName.maintenanceRequests, from: [bootConfigOperator], to: [scheduler],
            "The maintenance's boot configuration was released; the server boots as before.", maintenanceRef(),
            example: ["namespace": "ops", "name": "bios-update"]
        ),
        entry(
            EventName.disruptionRequested, on: TopicName.maintenanceRequests, from: [update], to: [scheduler],
            "The update orchestrator asks for the server's disruption lease (evacuation or reboot).", EventSchema([requestID]),
            example: ["requestId": "update-7"]
        ),
        entry(
            EventName.disruptionReleased, on: TopicName.maintenanceRequests, from: [update], to: [scheduler],
            "The update orchestrator gives the disruption lease back, or withdraws its request.", EventSchema([requestID]),
            example: ["requestId": "update-7"]
        ),
    ]

    static let serverLifecycle: [EventType] = [
        entry(
            EventName.serverRegistered, on: TopicName.serverLifecycle, from: [agents], to: [power],
            "The server registered itself: created, or back online after a reboot.", EventSchema([bootID]), example: ["bootId": "5f0c7a3e-2b1d-4c8e-9a6f-1d2e3f405162"]
        ),
        entry(
            EventName.serverConfigured, on: TopicName.serverLifecycle, from: [agents], to: [power],
            "The server's configuration is done.", empty, example: [:]
        ),
        entry(
            EventName.serverReconfigurationRequested, on: TopicName.serverLifecycle, from: [agents], to: [power],
            "A reconfiguration of the server was triggered.", empty, example: [:]
        ),
        entry(
            EventName.serverOnline, on: TopicName.serverLifecycle, from: [agents], to: [power],
            "A poll reached the server: it is online.", EventSchema([.optional("via", .oneOf(["poll", "self-register"]), "How it was seen."), bootID]),
            example: ["via": "poll", "bootId": "5f0c7a3e-2b1d-4c8e-9a6f-1d2e3f405162"]
        ),
        entry(
            EventName.serverHeartbeat, on: TopicName.serverLifecycle, from: [agents], to: [power],
            "A sign of life from the server's agent.", EventSchema([bootID]), example: ["bootId": "5f0c7a3e-2b1d-4c8e-9a6f-1d2e3f405162"]
        ),
        entry(
            EventName.serverClaimed, on: TopicName.serverLifecycle, from: [claimOwners], to: [scheduler],
            "The server is claimed (reserved); ok-to-maintenance says whether the owner allows maintenance.",
            EventSchema([
                .optional("owner", .string(), "Who holds the claim."),
                .optional("okToMaintenance", .boolean, "The ok-to-maintenance label of the claim; default false."),
            ]),
            example: ["owner": "team-a", "okToMaintenance": false]
        ),
        entry(
            EventName.serverReleased, on: TopicName.serverLifecycle, from: [claimOwners], to: [scheduler],
            "The server's claim was released: it is available.", empty, example: [:]
        ),
        entry(
            EventName.incusClusterJoined, on: TopicName.serverLifecycle, from: [incus], to: [update],
            "The server is a member of a clustered Incus: updates evacuate it first.",
            EventSchema([EventSchema.Field("cluster", .string(), "The Incus cluster id.")]), example: ["cluster": "cluster-1"]
        ),
        entry(
            EventName.incusClusterLeft, on: TopicName.serverLifecycle, from: [incus], to: [update],
            "The server left its Incus cluster.", empty, example: [:]
        ),
        entry(
            EventName.incusEvacuationCompleted, on: TopicName.serverLifecycle, from: [incus], to: [update],
            "Evacuation completed life cycle event.", EventSchema([echoedRequest("evacuation")]),
            example: ["requestId": "update-1-evacuation-1"]
        ),
        entry(
            EventName.incusEvacuationFailed, on: TopicName.serverLifecycle, from: [incus], to: [update],
            "The evacuation failed.", EventSchema([echoedRequest("evacuation"), reason]),
            example: ["requestId": "update-1-evacuation-1", "reason": "instance cannot migrate"]
        ),
        entry(
            EventName.incusRestoreCompleted, on: TopicName.serverLifecycle, from: [incus], to: [update],
            "Restore completed life cycle event.", EventSchema([echoedRequest("restore")]),
            example: ["requestId": "update-1-restore-1"]
        ),
        entry(
            EventName.incusRestoreFailed, on: TopicName.serverLifecycle, from: [incus], to: [update],
            "The restore failed.", EventSchema([echoedRequest("restore"), reason]),
            example: ["requestId": "update-1-restore-1", "reason": "instance failed to start"]
        ),
        entry(
            EventName.updateAvailable, on: TopicName.serverLifecycle, from: [osUpdate], to: [update],
            "An OS update is available for the server. Announced while a cycle runs past its install (or has failed), it is kept "
                + "and starts a cycle of its own when that one ends (or is installed by the retry). After the watch of an install the "
                + "server started on its own ended Failed (no cycle failed), it starts its cycle at once.", EventSchema([.optional("version", .string(), "The version on offer.")]),
            example: ["version": "2026.11.2"]
        ),
        entry(
            EventName.updateStarted, on: TopicName.serverLifecycle, from: [osUpdate], to: [power],
            "The OS update started applying (status detail updating). The updater runs one install at a time: a start naming "
                + "another install than the running one says that one ended without being applied (a later attempt, or a new cycle's install). "
                + "A start of an install earlier than the newest started (an earlier cycle or attempt), or a copy of the newest's start once "
                + "it ended, is a copy and is rejected `stale`.",
            EventSchema([echoedCycle, echoedInstallRequest, installBootID]),
            example: ["cycleId": "update-1", "requestId": "update-1-update-1", "bootId": "5f0c7a3e-2b1d-4c8e-9a6f-1d2e3f405162"]
        ),
        entry(
            EventName.updateCompleted, on: TopicName.serverLifecycle, from: [osUpdate], to: [power],
            "The OS update is applied; whether it needs a reboot to take effect.",
            EventSchema([EventSchema.Field("requiresReboot", .boolean, "Whether a reboot is needed."), echoedCycle, echoedInstallRequest]),
            example: ["requiresReboot": true, "cycleId": "update-1", "requestId": "update-1-update-1"]
        ),
        entry(
            EventName.updateFailed, on: TopicName.serverLifecycle, from: [osUpdate], to: [power, update],
            "The OS update could not be applied.", EventSchema([reason, echoedCycle, echoedInstallRequest]),
            example: ["reason": "checksum mismatch", "cycleId": "update-1", "requestId": "update-1-update-1"]
        ),
        entry(
            EventName.updateRetryRequested, on: TopicName.serverLifecycle, from: ["operators"], to: [update],
            "Resume a failed update cycle at the step that failed, with a fresh retry budget.", empty, example: [:]
        ),
    ]

    static let powerEvents: [EventType] = [
        entry(
            EventName.bmcPowerObserved, on: TopicName.powerEvents, from: [bmc], to: [power],
            "The power state the BMC sees.", EventSchema([EventSchema.Field("power", powerValue, "Observed power.")]), example: ["power": "on"]
        ),
        entry(
            EventName.bmcPowerCompleted, on: TopicName.powerEvents, from: [bmc], to: [power],
            "The BMC carried out a power request.",
            EventSchema([requestID, EventSchema.Field("sequence", .integer(minimum: 1, maximum: 1000), "The attempt, from the request.")]),
            example: ["requestId": "scheduler/maintenance-power-1", "sequence": 1]
        ),
        entry(
            EventName.bmcPowerFailed, on: TopicName.powerEvents, from: [bmc], to: [power],
            "The BMC could not carry out a power request.",
            EventSchema([requestID, EventSchema.Field("sequence", .integer(minimum: 1, maximum: 1000), "The attempt, from the request."), reason]),
            example: ["requestId": "scheduler/maintenance-power-1", "sequence": 1, "reason": "BMC timeout"]
        ),
    ]

    static let powerCommands: [EventType] = [
        EventName.powerOnRequested, EventName.powerOffRequested, EventName.powerRebootRequested,
    ].map { type in
        entry(
            type, on: TopicName.powerCommands, from: [scheduler, update, "operators"], to: [power],
            "Ask the power controller to " + (type == EventName.powerOnRequested ? "power the server on." : type == EventName.powerOffRequested ? "power the server off (graceful, then forced)." : "reboot the server."),
            EventSchema([commandID, requester]), example: ["requestId": "op-1", "requester": "operator"]
        )
    }
}
