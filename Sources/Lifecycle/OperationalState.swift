/// A server's operational state as the scheduler tracks it.
public enum OperationalState: String, Sendable, Hashable, CaseIterable {
    /// Free for claims.
    case available
    /// Claimed by an owner.
    case reserved
    /// Taken out for maintenance.
    case maintenance
}

/// The owner's claim on a server, as far as maintenance cares.
public struct Claim: Sendable, Hashable {
    /// The owner set `ok-to-maintenance` on the claim.
    public var okToMaintenance: Bool
    /// Who holds the claim, as its `server.claimed` named it; nil when it named none. An approval
    /// naming another owner is of an earlier claim, delivered late (another topic), and is stale.
    public var owner: String?

    /// Creates a claim.
    public init(okToMaintenance: Bool = false, owner: String? = nil) {
        self.okToMaintenance = okToMaintenance
        self.owner = owner
    }
}
