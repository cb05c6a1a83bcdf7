/// The phases of a power operation (the power machine's states).
///
/// `awaitingLateAnswer`: the last attempt's BMC request timed out with the budget used, and is
/// unanswered. The BMC may still carry it out, so the command is not answered failed yet: its
/// requester would take the server as undisturbed (give its lease back) while the BMC powers it
/// off or reboots it. The BMC's answer ends it (PROTOCOL §4); nothing else is sent meanwhile.
public enum PowerPhase: String, DiagramState, CaseIterable {
    case idle, poweringOn, gracefulOff, forcedOff, rebooting, awaitingOnline, awaitingLateAnswer

    /// The label in the rendered diagram.
    public var label: String {
        switch self {
        case .idle: "Idle"
        case .poweringOn: "Powering on"
        case .gracefulOff: "Powering off (graceful)"
        case .forcedOff: "Powering off (forced)"
        case .rebooting: "Rebooting"
        case .awaitingOnline: "Rebooting (awaiting online)"
        case .awaitingLateAnswer: "Awaiting the BMC's late answer"
        }
    }

    public var diagramNode: DiagramNode { .state("Power" + rawValue.prefix(1).uppercased() + rawValue.dropFirst(), label) }
}
