/// A grant the orchestrator asks another machine for.
public enum Grant: String, Sendable, Hashable, CaseIterable {
    case none, requested, held
}
