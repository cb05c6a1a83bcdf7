/// The rollout of one Incus cluster (keyed by cluster id): at most `maxUnavailable`
/// members hold a slot (are disrupted by an update) at once; the others queue FIFO.
public struct ClusterRollout: LifecycleMachine {
    /// How many members may hold a slot at once (at least 1).
    public internal(set) var maxUnavailable: Int
    /// The members holding a slot, in grant order.
    public internal(set) var holders: [String]
    /// The members waiting for a slot, first come first served.
    public internal(set) var queue: [String]

    /// How many members are disrupted at once where nobody set a limit.
    public static let defaultMaxUnavailable = 1

    /// An idle rollout allowing `maxUnavailable` members at once.
    public init(maxUnavailable: Int = defaultMaxUnavailable) {
        self.maxUnavailable = max(1, maxUnavailable)
        self.holders = []
        self.queue = []
    }

    /// What the rollout consumes.
    public enum Input: Sendable, Codable, Hashable {
        /// A member's orchestrator asks for a slot.
        case request(member: String)
        /// A member gives its slot back or withdraws its request.
        case release(member: String)
        /// An operator changes the limit (at least 1); lowering it revokes no slot.
        case setMaxUnavailable(Int)
    }

    /// What the rollout emits.
    public enum Output: Sendable, Codable, Hashable {
        /// The member may disrupt itself now.
        case granted(member: String)
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
        case let .request(member):
            if holders.contains(member) || queue.contains(member) { throw .duplicate("slot request of \(member)") }
            queue.append(member)
            outputs = grant()
        case let .release(member):
            if let index = holders.firstIndex(of: member) {
                holders.remove(at: index)
                outputs = [.released(member: member)] + grant()
            } else if let index = queue.firstIndex(of: member) {
                queue.remove(at: index)
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
        while holders.count < maxUnavailable, !queue.isEmpty {
            let member = queue.removeFirst()
            holders.append(member)
            outputs.append(.granted(member: member))
        }
        return outputs
    }
}

extension ClusterRollout {
    /// A rollout from the members its changelog value holds, as held (the limit is not
    /// raised to 1 here: the value is restored as it was written).
    public init(maxUnavailable: Int, holders: [String], queue: [String]) {
        self.init()
        self.maxUnavailable = maxUnavailable
        self.holders = holders
        self.queue = queue
    }
}
