/// A simulated fleet: every server's plan. The same arguments give the same fleet,
/// so two runs (one of them with faults) can be compared server by server.
///
/// The mix covers both seeds' workflows: standalone servers and members of Incus
/// clusters; available servers, claimed ones whose owner must approve, and claimed
/// ones already approved; one to four maintenances per server with different
/// priorities, policies, boot configurations and power; some failed by the
/// operator, some cancelled while pending; updates with and without reboot, some
/// announced in the middle of the maintenances, some failing to apply once; BMCs
/// that fail a first attempt.
public struct FleetScenario: Sendable, Hashable {
    /// The servers, in id order.
    public var servers: [ServerPlan]

    /// Servers planned explicitly.
    public init(servers: [ServerPlan]) {
        self.servers = servers
    }

    /// The standard mix for `count` servers spread over `clusters` Incus clusters
    /// (every third server is a cluster member when there is at least one cluster).
    public init(servers count: Int, clusters: Int) {
        let width = max(4, String(count).count)
        servers = (0..<count).map { index in Self.plan(index, clusters: clusters, width: width) }
    }

    /// The id of server `index`: `server-0007`.
    public static func serverID(_ index: Int, width: Int = 4) -> String {
        let digits = String(index)
        return "server-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func plan(_ index: Int, clusters: Int, width: Int) -> ServerPlan {
        let id = serverID(index, width: width)
        var maintenances = [MaintenancePlan(name: "cleanup-\(id)", type: "Cleanup", priority: 0)]
        if index % 2 == 0 {
            maintenances.append(
                MaintenancePlan(
                    name: "bios-\(id)", type: "BIOSUpdate", priority: 10, bootConfiguration: "bios-2.3",
                    outcome: index % 25 == 10 ? .fail : .complete))
        }
        if index % 3 != 2 {
            maintenances.append(
                MaintenancePlan(
                    name: "firmware-\(id)", type: "FirmwareUpdate", priority: 5, enforced: true, bootConfiguration: "bmc-fw-7",
                    power: "on"))
        }
        if index % 10 == 7 {
            maintenances.append(MaintenancePlan(name: "audit-\(id)", type: "Audit", priority: -5, outcome: .cancel))
        }
        let claim: ServerPlan.Claim? =
            switch index % 4 {
            case 1: .needsApproval
            case 3: .preapproved
            default: nil
            }
        return ServerPlan(
            id: id,
            cluster: clusters > 0 && index % 3 == 0 ? "cluster-\((index / 3) % clusters)" : nil,
            claim: claim,
            maintenances: maintenances,
            updateRequiresReboot: index % 2 == 0,
            updateDuringMaintenance: index % 5 == 4,
            bmcFailures: index % 8 == 5 ? 1 : 0,
            updateFailures: index % 16 == 9 ? 1 : 0
        )
    }

    /// The plan of `server`.
    public func plan(of server: String) -> ServerPlan? {
        servers.first { $0.id == server }
    }

    /// Every cluster with its members.
    public var clusters: [String: [String]] {
        Dictionary(grouping: servers.filter { $0.cluster != nil }, by: { $0.cluster! }).mapValues { $0.map(\.id) }
    }
}
