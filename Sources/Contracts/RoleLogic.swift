import Events
import Lifecycle

/// One role's logic over one kind of keyed state: the bridge between the event
/// contract and a lifecycle state machine. Pure: no Kafka, no clock.
public protocol RoleLogic: Sendable {
    /// The per-key state (a lifecycle machine), persisted in the changelog by its
    /// hand-written codec (`ChangelogState`): the runtime writes every changed state after each batch.
    associatedtype State: ChangelogState

    /// The role this logic belongs to.
    var role: Role { get }
    /// The topics whose events this logic takes (they are co-partitioned with its changelog).
    var inputTopics: [String] { get }
    /// The compacted changelog topic of the state.
    var changelogTopic: String { get }
    /// Whether clock ticks of the role reach this state (the server-keyed states; not the rollouts).
    var takesTicks: Bool { get }

    /// Applies an inbound event to the state of its key (nil: the key has no state yet).
    /// `state` changes only when the outcome is `.applied`: the runtime keeps what it passed
    /// in otherwise, without a copy of its own.
    func step(_ event: InboundEvent, state: inout State?, at now: Instant) throws(EventDecodingError) -> StepOutcome
    /// Decides the timeouts due at `now` for one key.
    func tick(key: String, state: inout State, at now: Instant) -> [OutgoingEvent]
    /// When the state of a key next needs a tick, if ever.
    func nextDeadline(of state: State, after now: Instant) -> Instant?
    /// Restores settings that are not persisted with the state.
    func configure(_ state: inout State)
}

/// What became of an inbound event.
public enum StepOutcome: Sendable {
    /// Not for this logic.
    case ignored
    /// Applied; these events follow.
    case applied([OutgoingEvent])
    /// For this logic but not applicable now: nothing changed.
    case rejected(Rejection)
}

extension RoleLogic {
    /// Carries out what the contract made of an event: applies the input to a copy of the
    /// key's machine (`fresh` if it has none) and maps the outputs to events (shared by the logics).
    func run<Machine: LifecycleMachine>(
        _ routed: Routed<Machine.Input>, on machine: inout Machine?, fresh: @autoclosure () -> Machine, at now: Instant,
        events: (Machine, [Machine.Output], _ key: String) -> [OutgoingEvent]
    ) -> StepOutcome {
        let input: Machine.Input
        let key: String
        switch routed {
        case .ignore: return .ignored
        case .reject(let rejection): return .rejected(rejection)
        case .apply(let routedInput, let routedKey): (input, key) = (routedInput, routedKey)
        }
        // Taken out, not copied: `handle` makes the one copy a rejection needs.
        let held = machine != nil
        var next = machine.take() ?? fresh()
        switch next.handle(input, at: now) {
        case .success(let outputs):
            machine = next
            return .applied(events(next, outputs, key))
        case .failure(let rejection):
            if held { machine = next }
            return .rejected(rejection)
        }
    }
}
