/// A grant the orchestrator asks another machine for.
public enum Grant: String, Sendable, Codable, Hashable, CaseIterable {
    case none, requested, held
}
