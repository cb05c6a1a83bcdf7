/// The rollout of one Incus cluster (keyed by cluster id): at most `maxUnavailable`
/// members hold a slot (are disrupted by an update) at once; the others queue FIFO.
public struct ClusterRollout: LifecycleMachine {
    /// A member's slot request: the grant echoes its id, so that a member that withdrew a
    /// request and asked again does not take the first request's grant for the second's.
    public struct Slot: Sendable, Hashable {
        public var member: String
        /// The request's id; nil for requests made before requests had one.
        public var requestID: String?

        public init(member: String, requestID: String? = nil) {
            self.member = member
            self.requestID = requestID
        }
    }

    /// How many members may hold a slot at once (at least 1).
    public internal(set) var maxUnavailable: Int
    /// The slots held, in grant order.
    public internal(set) var holding: [Slot]
    /// The requests waiting for a slot, first come first served.
    public internal(set) var waiting: [Slot]

    /// The members holding a slot, in grant order.
    public var holders: [String] { holding.map(\.member) }
    /// The members waiting for a slot, first come first served.
    public var queue: [String] { waiting.map(\.member) }

    /// How many members are disrupted at once where nobody set a limit.
    public static let defaultMaxUnavailable = 1

    /// An idle rollout allowing `maxUnavailable` members at once.
    public init(maxUnavailable: Int = defaultMaxUnavailable) {
        self.maxUnavailable = max(1, maxUnavailable)
        self.holding = []
        self.waiting = []
    }

    /// What the rollout consumes.
    public enum Input: Sendable, Hashable {
        /// A member's orchestrator asks for a slot (`requestID`: what the grant echoes).
        case request(member: String, requestID: String? = nil)
        /// A member gives its slot back or withdraws its request.
        case release(member: String)
        /// An operator changes the limit (at least 1); lowering it revokes no slot.
        case setMaxUnavailable(Int)
    }

    /// What the rollout emits.
    public enum Output: Sendable, Hashable {
        /// The member may disrupt itself now: the grant of its request `requestID`.
        case granted(member: String, requestID: String? = nil)
        /// The member's slot is free again.
        case released(member: String)
    }

    /// The rollout's diagram state.
    public var phase: RolloutPhase {
        if holders.isEmpty { return .idle }
        return holders.count < maxUnavailable ? .rolling : .full
    }

    /// The table trigger of an input.
    public static func trigger(of input: Input) -> RolloutTrigger {
        switch input {
        case .request: .request
        case .release: .release
        case .setMaxUnavailable: .setLimit
        }
    }

    /// The rollout's arrows, kept as data.
    public static let table: TransitionTable<RolloutPhase, RolloutTrigger> = {
        typealias T = Transition<RolloutPhase, RolloutTrigger>
        return TransitionTable([
            T(.idle, .request, "request: granted", .rolling),
            T(.idle, .request, "request: granted", .full),
            T(.rolling, .request, "request: granted", .rolling),
            T(.rolling, .request, "request: granted", .full),
            T(.full, .request, "request: queued", .full),
            T(.rolling, .release, "release", .idle),
            T(.rolling, .release, "release", .rolling),
            T(.full, .release, "release: next granted", .full),
            T(.full, .release, "release", .rolling),
            T(.full, .release, "release", .idle),
            T(.idle, .setLimit, "limit changed", .idle),
            T(.rolling, .setLimit, "limit changed", .rolling),
            T(.rolling, .setLimit, "limit lowered", .full),
            T(.full, .setLimit, "limit changed", .full),
            T(.full, .setLimit, "limit raised", .rolling),
        ])
    }()

    /// Applies `input` in place; use `handle(_:at:)`, which commits only on success.
    public mutating func step(_ input: Input, at now: Instant) throws(Rejection) -> [Output] {
        let before = phase
        let outputs: [Output]
        switch input {
        case let .request(member, requestID):
            if holders.contains(member) || queue.contains(member) { throw .duplicate("slot request of \(member)") }
            waiting.append(Slot(member: member, requestID: requestID))
            outputs = grant()
        case let .release(member):
            if let index = holding.firstIndex(where: { $0.member == member }) {
                holding.remove(at: index)
                outputs = [.released(member: member)] + grant()
            } else if let index = waiting.firstIndex(where: { $0.member == member }) {
                waiting.remove(at: index)
                outputs = []
            } else {
                throw .stale("\(member) holds no slot")
            }
        case let .setMaxUnavailable(limit):
            guard limit >= 1 else { throw .invalid("maxUnavailable \(limit) is below 1") }
            maxUnavailable = limit
            outputs = grant()
        }
        guard Self.table.contains(from: before, Self.trigger(of: input), to: phase) else {
            throw .notApplicable(state: before.label, input: "\(Self.trigger(of: input))")
        }
        return outputs
    }

    /// Grants slots to the queue's head while there is room.
    private mutating func grant() -> [Output] {
        var outputs: [Output] = []
        while holding.count < maxUnavailable, !waiting.isEmpty {
            let slot = waiting.removeFirst()
            holding.append(slot)
            outputs.append(.granted(member: slot.member, requestID: slot.requestID))
        }
        return outputs
    }
}

extension ClusterRollout {
    /// A rollout from the members its changelog value holds, as held (the limit is not
    /// raised to 1 here: the value is restored as it was written).
    public init(maxUnavailable: Int, holding: [Slot], waiting: [Slot]) {
        self.init()
        self.maxUnavailable = maxUnavailable
        self.holding = holding
        self.waiting = waiting
    }

    /// A rollout of requests without ids (as tests and old changelog values have them).
    public init(maxUnavailable: Int, holders: [String], queue: [String]) {
        self.init(maxUnavailable: maxUnavailable, holding: holders.map { Slot(member: $0) }, waiting: queue.map { Slot(member: $0) })
    }
}
