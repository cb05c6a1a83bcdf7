/// Who asked for a power operation, so the completion can be routed back.
public enum Requester: String, Sendable, Hashable, CaseIterable {
    case scheduler, updateOrchestrator, operatorRequest
}
