/// The triggers of the power machine.
public enum PowerTrigger: String, Sendable, Hashable, CaseIterable {
    case powerOn, powerOff, reboot, bmcSucceeded, bmcFailed, online, timeout, observed
}
