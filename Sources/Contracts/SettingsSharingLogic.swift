import Lifecycle

/// A role logic whose states share its settings (`SharesSettings`): it holds them once and gives
/// every state it creates or restores that one value, so a million servers hold one reference.
public protocol SettingsSharingLogic: RoleLogic where State: SharesSettings {
    /// The settings as every state of this logic holds them.
    var sharedSettings: SharedValue<State.Settings> { get set }
}

extension SettingsSharingLogic {
    /// Timeouts, budgets and operator settings applied to every server.
    public var settings: State.Settings {
        get { sharedSettings.value }
        set { sharedSettings = SharedValue(newValue) }
    }

    /// Restores the settings, which are not persisted with the state.
    public func configure(_ state: inout State) { state.sharedSettings = sharedSettings }

    /// A state for a key seen for the first time, under the shared settings.
    func fresh() -> State {
        var state = State()
        state.sharedSettings = sharedSettings
        return state
    }
}
