import Contracts
import Events

/// One server of the simulated world, with its BMC, its agent, its Incus member,
/// its OS updater, its claim owner and the operators working on it.
///
/// Pure: it takes the requests maintenanced sends for the server and the
/// transitions it reports, and gives the events the world answers with, each
/// after a delay. It answers each request id once (consumers of maintenanced
/// recognise redelivered requests by `ce_id`), and moves the server through its
/// plan: register, then the maintenances, then the OS update.
public struct SimulatedServer: Sendable {
    /// Where the server is in its plan.
    public enum Stage: String, Sendable, Hashable {
        /// Registering and being configured.
        case registering
        /// Its maintenances are filed and not all done.
        case maintaining
        /// Its OS update is announced and not yet applied.
        case updating
        /// Everything planned is done.
        case done
    }

    /// The plan.
    public let plan: ServerPlan
    /// Where it is in the plan.
    public private(set) var stage = Stage.registering
    /// Whether the server is powered on.
    public private(set) var poweredOn = true
    /// Whether the update was announced.
    public private(set) var updateAnnounced = false
    var bmcFailuresLeft: Int
    var updateFailuresLeft: Int
    var approvalGiven = false
    var powerReported = false
    var configurationSent = false
    var awaitingBoot = false
    /// Counts the server's boots: its agent names the current one in its signs of life (`bootId`).
    var boot = 1
    var answered: Set<String> = []
    var random: SeededGenerator
    let timing: SimulatorTiming

    public init(plan: ServerPlan, timing: SimulatorTiming, seed: UInt64) {
        self.plan = plan
        self.timing = timing
        self.bmcFailuresLeft = plan.bmcFailures
        self.updateFailuresLeft = plan.updateFailures
        self.random = SeededGenerator(seed: seed)
    }

    // MARK: Sources

    static let agent = "/simulator/agent"
    static let bmc = "/simulator/bmc"
    static let incus = "/simulator/incus"
    static let osUpdate = "/simulator/os-update"
    static let maintenanceOperator = "/simulator/maintenance-operator"
    static let bootConfig = "/simulator/boot-config"
    static let claimOwner = "/simulator/claim-owner"

    // MARK: Start

    /// The server appears: it registers, joins its cluster and is claimed, as
    /// planned. Its BMC reports it on once maintenanced knows the server, and its
    /// configuration finishes once maintenanced knows it is on (see `observe`), so
    /// each role sees these in the same order on every run.
    public mutating func start(after delay: Int = 0) -> [Reaction] {
        var reactions = [
            Reaction(delay: delay, event: event(EventName.serverRegistered, ["bootId": .string("\(plan.id)/boot-\(boot)")]), source: Self.agent)
        ]
        if let cluster = plan.cluster {
            reactions.append(Reaction(delay: delay, event: event(EventName.incusClusterJoined, ["cluster": .string(cluster)]), source: Self.incus))
        }
        switch plan.claim {
        case .needsApproval:
            reactions.append(Reaction(delay: delay, event: event(EventName.serverClaimed, ["owner": "team-a", "okToMaintenance": false]), source: Self.claimOwner))
        case .preapproved:
            reactions.append(Reaction(delay: delay, event: event(EventName.serverClaimed, ["owner": "team-b", "okToMaintenance": true]), source: Self.claimOwner))
        case nil:
            break
        }
        return reactions
    }

    // MARK: Requests

    /// Answers a request maintenanced sent for this server on `operator.requests`.
    public mutating func handle(request: CloudEvent) -> [Reaction] {
        guard answered.insert(request.id).inserted else { return [] }
        let data = request.data ?? .null
        switch request.type {
        case EventName.bmcPowerRequested:
            return powerAction(data)
        case EventName.bootConfigApplyRequested:
            return [Reaction(delay: pick(timing.bootConfiguration), event: event(EventName.bootConfigApplied, .object(maintenanceID(data))), source: Self.bootConfig)]
        case EventName.bootConfigReleaseRequested:
            return [Reaction(delay: pick(timing.bootConfiguration), event: event(EventName.bootConfigReleased, .object(maintenanceID(data))), source: Self.bootConfig)]
        case EventName.maintenanceStartRequested:
            let id = "\(data["namespace"]?.stringValue ?? "")/\(data["name"]?.stringValue ?? "")"
            let outcome = plan.maintenances.first { $0.id == id }?.outcome ?? .complete
            if outcome == .fail {
                var members = maintenanceID(data)
                members["reason"] = "simulated: flash verification failed"
                return [Reaction(delay: pick(timing.maintenanceWork), event: event(EventName.maintenanceFailed, .object(members)), source: Self.maintenanceOperator)]
            }
            return [Reaction(delay: pick(timing.maintenanceWork), event: event(EventName.maintenanceCompleted, .object(maintenanceID(data))), source: Self.maintenanceOperator)]
        case EventName.maintenanceApprovalRequested:
            guard !approvalGiven else { return [] }
            approvalGiven = true
            // The owner's approval names the claim it approves, as the request names it.
            let owner = data["owner"].map { JSONValue.object(JSONObject([("owner", $0)])) } ?? .object(JSONObject())
            return [Reaction(delay: pick(timing.approval), event: event(EventName.maintenanceApproved, owner), source: Self.claimOwner)]
        case EventName.incusEvacuationRequested:
            return [Reaction(delay: pick(timing.incus), event: event(EventName.incusEvacuationCompleted, requestID(data)), source: Self.incus)]
        case EventName.incusRestoreRequested:
            return [Reaction(delay: pick(timing.incus), event: event(EventName.incusRestoreCompleted, requestID(data)), source: Self.incus)]
        case EventName.updateInstallRequested:
            // The OS updater echoes the install's cycle and request (the attempt) in every report.
            let cycle = data["cycleId"] ?? ""
            let request = data["requestId"] ?? ""
            let started = pick(timing.update)
            if updateFailuresLeft > 0 {
                updateFailuresLeft -= 1
                return [
                    Reaction(delay: started, event: event(EventName.updateStarted, ["cycleId": cycle, "requestId": request]), source: Self.osUpdate),
                    Reaction(
                        delay: started + pick(timing.update),
                        event: event(EventName.updateFailed, ["reason": "simulated: checksum mismatch", "cycleId": cycle, "requestId": request]), source: Self.osUpdate),
                ]
            }
            return [
                Reaction(delay: started, event: event(EventName.updateStarted, ["cycleId": cycle, "requestId": request]), source: Self.osUpdate),
                Reaction(
                    delay: started + pick(timing.update),
                    event: event(EventName.updateCompleted, ["requiresReboot": .bool(plan.updateRequiresReboot), "cycleId": cycle, "requestId": request]),
                    source: Self.osUpdate),
            ]
        default:
            return []
        }
    }

    private mutating func powerAction(_ data: JSONValue) -> [Reaction] {
        var answer: JSONObject = ["requestId": data["requestId"] ?? "", "sequence": data["sequence"] ?? 1]
        let delay = pick(timing.bmc)
        if bmcFailuresLeft > 0 {
            bmcFailuresLeft -= 1
            answer["reason"] = "simulated: BMC did not answer"
            return [Reaction(delay: delay, event: event(EventName.bmcPowerFailed, .object(answer)), source: Self.bmc)]
        }
        switch data["action"]?.stringValue {
        case "power-on":
            if !poweredOn {
                awaitingBoot = true
                boot += 1
            }
            poweredOn = true
        case "graceful-off", "forced-off":
            poweredOn = false
            awaitingBoot = false
        case "reboot":
            poweredOn = true
            awaitingBoot = true
            boot += 1
        default:
            break
        }
        return [Reaction(delay: delay, event: event(EventName.bmcPowerCompleted, .object(answer)), source: Self.bmc)]
    }

    /// Whether `reaction` can still happen when its time comes: the OS updater of a
    /// server that was powered off in the meantime reports nothing.
    public func allows(_ reaction: Reaction) -> Bool {
        reaction.source != Self.osUpdate || poweredOn
    }

    // MARK: Transitions

    /// Follows what maintenanced reported about the server: a server that went
    /// offline to reboot, or was powered on, registers itself once it has booted;
    /// and the plan moves on when a stage is over.
    public mutating func observe(_ transition: CloudEvent, view: ServerView) -> [Reaction] {
        var reactions: [Reaction] = []
        if stage == .registering, !configurationSent {
            if view.status == "Pending/none", view.power == "unknown", !powerReported {
                powerReported = true
                reactions.append(Reaction(delay: pick(timing.bmc), event: event(EventName.bmcPowerObserved, ["power": "on"]), source: Self.bmc))
            } else if view.status == "Pending/none", view.power == "on" {
                configurationSent = true
                reactions.append(Reaction(delay: pick(timing.boot), event: event(EventName.serverConfigured), source: Self.agent))
            }
        }
        if awaitingBoot, poweredOn, view.status.hasPrefix("Offline/"),
            transition.type == EventName.serverStatusChanged || transition.type == EventName.serverPowerChanged
        {
            awaitingBoot = false
            reactions.append(
                Reaction(delay: pick(timing.boot), event: event(EventName.serverRegistered, ["bootId": .string("\(plan.id)/boot-\(boot)")]), source: Self.agent))
        }
        reactions += advance(view)
        return reactions
    }

    private mutating func advance(_ view: ServerView) -> [Reaction] {
        let resting = view.status == "Ready/none" && view.operationalState == plan.restingOperationalState
        switch stage {
        case .registering:
            guard resting, view.power == "on" else { return [] }
            stage = .maintaining
            var reactions: [Reaction] = []
            for maintenance in plan.maintenances {
                reactions.append(Reaction(delay: 0, event: request(maintenance), source: Self.maintenanceOperator))
                if maintenance.outcome == .cancel {
                    reactions.append(
                        Reaction(
                            delay: 0, event: event(EventName.maintenanceCancellationRequested, ["namespace": .string(maintenance.namespace), "name": .string(maintenance.name)]),
                            source: Self.maintenanceOperator))
                }
            }
            if plan.updateDuringMaintenance { reactions.append(announceUpdate()) }
            if plan.maintenances.isEmpty { stage = .updating }
            return reactions
        case .maintaining:
            let finished = plan.maintenances.allSatisfy { view.maintenances[$0.id] == $0.finalState }
            guard finished, resting, view.power == "on" else { return [] }
            stage = .updating
            return updateAnnounced ? advance(view) : [announceUpdate()]
        case .updating:
            guard view.updatesCompleted > 0, view.updateState == "Up to date", view.maintenanceState == "not in maintenance", !view.holdsSlot,
                resting
            else {
                return []
            }
            stage = .done
            return []
        case .done:
            return []
        }
    }

    private mutating func announceUpdate() -> Reaction {
        updateAnnounced = true
        return Reaction(delay: 0, event: event(EventName.updateAvailable, ["version": "2026.11.2"]), source: Self.osUpdate)
    }

    private func request(_ maintenance: MaintenancePlan) -> OutgoingEvent {
        var data: JSONObject = [
            "namespace": .string(maintenance.namespace), "name": .string(maintenance.name), "type": .string(maintenance.type),
            "priority": .int(Int64(maintenance.priority)), "policy": .string(maintenance.enforced ? "enforced" : "owner-approval"),
            "power": .string(maintenance.power),
        ]
        if let boot = maintenance.bootConfiguration { data["bootConfiguration"] = .string(boot) }
        return event(EventName.maintenanceRequested, .object(data))
    }

    // MARK: Helpers

    private func event(_ type: String, _ data: JSONValue = [:]) -> OutgoingEvent {
        OutgoingEvent(type, key: plan.id, data)
    }

    private func maintenanceID(_ data: JSONValue) -> JSONObject {
        ["namespace": data["namespace"] ?? "", "name": data["name"] ?? ""]
    }

    private func requestID(_ data: JSONValue) -> JSONValue {
        ["requestId": data["requestId"] ?? ""]
    }

    private mutating func pick(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound == range.upperBound ? range.lowerBound : Int.random(in: range, using: &random)
    }
}
