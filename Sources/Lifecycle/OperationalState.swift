/// A server's operational state as the scheduler tracks it.
public enum OperationalState: String, Sendable, Codable, Hashable, CaseIterable {
    /// Free for claims.
    case available
    /// Claimed by an owner.
    case reserved
    /// Taken out for maintenance.
    case maintenance
}

/// The owner's claim on a server, as far as maintenance cares.
public struct Claim: Sendable, Codable, Hashable {
    /// The owner set `ok-to-maintenance` on the claim.
    public var okToMaintenance: Bool

    /// Creates a claim.
    public init(okToMaintenance: Bool = false) { self.okToMaintenance = okToMaintenance }
}
