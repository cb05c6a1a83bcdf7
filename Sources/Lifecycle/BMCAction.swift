/// What the BMC adapter is asked to do.
public enum BMCAction: String, Sendable, Hashable, CaseIterable {
    case powerOn, gracefulOff, forcedOff, reboot
}
