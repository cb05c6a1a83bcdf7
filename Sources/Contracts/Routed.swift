import Lifecycle

/// What a role makes of an inbound event.
public enum Routed<Input: Sendable>: Sendable {
    /// Apply this input to the state of `key`.
    case apply(Input, key: String)
    /// Not for this role (another role consumes it, or it is this role's own output).
    case ignore
    /// For this role, but it cannot be applied (answered with `transition.rejected`).
    case reject(Rejection)
}
