/// A step of the update cycle that waits on the outside world.
public enum UpdateStep: String, Sendable, Hashable, CaseIterable {
    case update, serverReady, lease, slot, evacuation, reboot, restore
}
