/// The triggers of the server status diagram.
public enum StatusTrigger: String, Sendable, Hashable, CaseIterable {
    case create, configurationDone, triggerReconfiguration, reboot, shutdown, unresponsive, online
    case signOfLife, updateStarted, updateFinished
}
