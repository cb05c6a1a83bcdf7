/// A power operation the power controller performs through the BMC.
public enum PowerOperationKind: String, Sendable, Hashable, CaseIterable {
    case powerOn, powerOff, reboot
}
