/// The phases of a power operation (the power machine's states).
public enum PowerPhase: String, DiagramState, Codable, CaseIterable {
    case idle, poweringOn, gracefulOff, forcedOff, rebooting, awaitingOnline

    /// The label in the rendered diagram.
    public var label: String {
        switch self {
        case .idle: "Idle"
        case .poweringOn: "Powering on"
        case .gracefulOff: "Powering off (graceful)"
        case .forcedOff: "Powering off (forced)"
        case .rebooting: "Rebooting"
        case .awaitingOnline: "Rebooting (awaiting online)"
        }
    }

    public var diagramNode: DiagramNode { .state("Power" + rawValue.prefix(1).uppercased() + rawValue.dropFirst(), label) }
}
