/// A change of one `ServerMaintenance`'s state; `from` is nil when it was just created.
public struct MaintenanceTransition: Sendable, Hashable {
    /// Which maintenance.
    public var id: MaintenanceID
    /// Before (nil on creation).
    public var from: MaintenanceStatus?
    /// After.
    public var to: MaintenanceStatus
    /// Why, for `failed`.
    public var reason: String?
}
