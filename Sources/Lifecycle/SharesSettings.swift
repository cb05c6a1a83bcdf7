/// A state whose role's settings every server's state shares: held as one `SharedValue`, not a
/// copy per server, and not persisted with the state (they are the same for every server, so the
/// role's logic gives each state it creates or restores its value; a decoded state has the defaults).
public protocol SharesSettings {
    /// Limits, budgets and operator settings, the same for every server.
    associatedtype Settings: Sendable & Hashable
    /// The settings as one value every server's state shares.
    var sharedSettings: SharedValue<Settings> { get set }
    /// A state for a server not heard of yet, under the default settings.
    init()
}

extension SharesSettings {
    /// The settings, read through the shared value; setting them gives this state a value of its own.
    public var settings: Settings {
        get { sharedSettings.value }
        set { sharedSettings = SharedValue(newValue) }
    }
}
