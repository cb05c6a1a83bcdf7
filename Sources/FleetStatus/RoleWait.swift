import Lifecycle

/// One thing a role waits for on a server: what, since when, until when, which attempt.
public struct RoleWait: Sendable, Hashable {
    /// The role that waits (scheduler, power, update).
    public var role: Role
    /// The step's name in the state machine (`awaitingApproval`, `poweringOn`, `update`, …).
    public var step: String
    /// What it waits for, in words, with the event that ends the wait.
    public var waitsFor: String
    /// When the attempt started: its deadline minus the step's timeout (the lifecycle states
    /// record the deadline, not the start).
    public var since: Instant
    /// When the attempt times out (it is then retried, or the step fails).
    public var until: Instant
    /// The attempt in progress, from 1.
    public var attempt: Int
    /// The attempts the step's policy allows.
    public var attempts: Int

    /// Creates a wait.
    public init(role: Role, step: String, waitsFor: String, since: Instant, until: Instant, attempt: Int, attempts: Int) {
        self.role = role
        self.step = step
        self.waitsFor = waitsFor
        self.since = since
        self.until = until
        self.attempt = attempt
        self.attempts = attempts
    }

    /// The wait of `wait` under `policy`.
    init<Step>(role: Role, step: String, waitsFor: String, wait: Wait<Step>, policy: RetryPolicy) {
        self.init(
            role: role, step: step, waitsFor: waitsFor,
            since: Instant(millisecondsSinceEpoch: wait.deadline.millisecondsSinceEpoch - policy.timeout.value), until: wait.deadline,
            attempt: wait.attempt, attempts: policy.attempts)
    }

    /// Every step name a wait can have, for validating `waiting=` queries (idle and leased phases wait for nothing).
    public static let stepNames: Set<String> = Set(
        SchedulerPhase.allCases.filter { $0 != .idle && $0 != .leased }.map(\.rawValue)
            + PowerPhase.allCases.filter { $0 != .idle }.map(\.rawValue) + [offConfirmationStep] + UpdateStep.allCases.map(\.rawValue))

    /// The power controller's wait for a sign of life of an install's boot after the BMC reported the power off
    /// during the install (`PowerController.Install.offDeadline`, PROTOCOL §4).
    public static let offConfirmationStep = "offConfirmation"
}
