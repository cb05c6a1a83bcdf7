import Contracts
import Events
import Kafka
import Logging
import MaintenancedClient
import Synchronization

/// The outside world of maintenanced, played through Kafka only: servers, BMCs,
/// Incus, the OS updater, the boot-config and maintenance operators and the claim
/// owners of a `FleetScenario`.
///
/// It reads `operator.requests` (what maintenanced asks the world to do),
/// `server.transitions` (what maintenanced reports) and the dead-letter topic, and
/// answers on the input topics after each reaction's delay. It is a Kafka client
/// like any other: the end-to-end tests, the demo and the benchmarks use it.
public final class FleetSimulator: Sendable {
    /// How the simulator runs.
    public struct Options: Sendable {
        /// How long the world takes to answer.
        public var timing: SimulatorTiming
        /// Seeds each server's delays.
        public var seed: UInt64
        /// Return from `run()` once every server has done its plan.
        public var stopWhenSettled: Bool

        public init(timing: SimulatorTiming = .fast, seed: UInt64 = 1, stopWhenSettled: Bool = true) {
            self.timing = timing
            self.seed = seed
            self.stopWhenSettled = stopWhenSettled
        }
    }

    /// Where the run is.
    public struct Progress: Sendable {
        /// The fleet as maintenanced reported it.
        public var view: FleetView
        /// How many servers are in each stage of their plan.
        public var stages: [SimulatedServer.Stage: Int]
        /// Events the simulator sent.
        public var sent: Int
        /// Requests it received on `operator.requests`.
        public var requests: Int
        /// Reactions scheduled and not yet sent.
        public var waiting: Int
        /// The servers that have not done their plan yet, with their stage.
        public var unfinished: [String: SimulatedServer.Stage]

        /// Whether every server has done its plan.
        public var isSettled: Bool { stages.count == 1 && stages[.done] != nil }
    }

    let scenario: FleetScenario
    let configuration: KafkaConfiguration
    let options: Options
    let logger: Logger
    private let state: Mutex<Progress>
    private let stopping = Atomic<Bool>(false)

    /// A simulator of `scenario` on the cluster `configuration` points at.
    public init(scenario: FleetScenario, configuration: KafkaConfiguration, options: Options = Options(), logger: Logger) {
        self.scenario = scenario
        self.configuration = configuration
        self.options = options
        self.logger = logger
        let unfinished = Dictionary(uniqueKeysWithValues: scenario.servers.map { ($0.id, SimulatedServer.Stage.registering) })
        state = Mutex(
            Progress(
                view: FleetView(), stages: [.registering: scenario.servers.count], sent: 0, requests: 0, waiting: 0, unfinished: unfinished))
    }

    /// Asks `run()` to stop: it sends nothing more, flushes what it sent and returns.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    /// A copy of where the run is.
    public var progress: Progress { state.withLock { $0 } }

    /// Plays the world until every server has done its plan (with `stopWhenSettled`)
    /// or `stop()` is called; returns the last progress. (Cancelling the task stops it
    /// too, but without waiting for the delivery of what it sent last.)
    public func run() async throws -> Progress {
        let producer = try EventProducer(configuration: configuration, logger: logger)
        var consumerConfiguration = configuration
        consumerConfiguration["group.id"] = nil
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        var assignment: [KafkaPartitionOffset] = []
        for topic in [TopicName.operatorRequests, TopicName.serverTransitions, TopicName.deadLetter] {
            let count = try await producer.partitionCount(of: topic)
            assignment += (0..<count).map { KafkaPartitionOffset(topic: topic, partition: $0, offset: .beginning) }
        }
        try consumer.assign(assignment)
        return try await consumer.closing { try await simulate(consumer: consumer, producer: producer) }
    }

    /// The simulation's loop over what `consumer` reads, answering through `producer`.
    private func simulate(consumer: KafkaConsumer, producer: EventProducer) async throws -> Progress {
        var servers: [String: SimulatedServer] = [:]
        var timers = TimerQueue()
        let start = wallClockMilliseconds()
        for (index, plan) in scenario.servers.enumerated() {
            var server = SimulatedServer(plan: plan, timing: options.timing, seed: options.seed &+ UInt64(index) &* 7919)
            for reaction in server.start(after: index * options.timing.registrationStagger) {
                timers.insert(reaction, due: start + Int64(reaction.delay))
            }
            servers[plan.id] = server
        }
        let codec = CloudEventCodec()
        var counter = 0
        var unflushed = 0
        // How long the next poll may wait for a message: zero while busy; when nothing
        // happened, until the next reaction is due (at most 250 ms, for `stop()`), on the
        // consumer's thread: the loop sleeps instead of waking every 2 ms.
        var wait = Duration.zero
        while !Task.isCancelled, !stopping.load(ordering: .relaxed) {
            // Never inline on a task's thread: with idle fetching a poll may probe end offsets for seconds.
            let batch = try await consumer.nextBatch(maxMessages: 2_000, timeout: wait)
            wait = .zero
            var changed = !batch.isEmpty
            if !batch.isEmpty {
                // Decode outside the lock; then update the servers and the view in place
                // (a copy of the view per batch would copy the whole fleet).
                var events: [(topic: String, event: CloudEvent)] = []
                var deadLetters = 0
                for message in batch {
                    let topic = message.topic
                    if topic == TopicName.deadLetter {
                        deadLetters += 1
                    } else if let event = try? codec.decode(EventMessage(message)), let key = event.subject, servers[key] != nil {
                        events.append((topic, event))
                    } else {
                        logger.warning("simulator: unreadable or unknown message on \(topic)[\(message.partition)]@\(message.offset)")
                    }
                }
                let reactions = state.withLock { progress in
                    progress.view.deadLetters += deadLetters
                    var reactions: [Reaction] = []
                    for (topic, event) in events {
                        let key = event.subject!
                        if topic == TopicName.operatorRequests {
                            progress.requests += 1
                            reactions += servers[key]!.handle(request: event)
                            continue
                        }
                        guard progress.view.apply(event) != nil, let view = progress.view.servers[key] else { continue }
                        let before = servers[key]!.stage
                        reactions += servers[key]!.observe(event, view: view)
                        let after = servers[key]!.stage
                        guard after != before else { continue }
                        progress.stages[before, default: 0] -= 1
                        if progress.stages[before] == 0 { progress.stages[before] = nil }
                        progress.stages[after, default: 0] += 1
                        progress.unfinished[key] = after == .done ? nil : after
                    }
                    return reactions
                }
                let now = wallClockMilliseconds()
                for reaction in reactions { timers.insert(reaction, due: now + Int64(reaction.delay)) }
            }
            let due = timers.popDue(at: wallClockMilliseconds()).filter { servers[$0.event.key]?.allows($0) ?? true }
            for reaction in due {
                counter += 1
                let sourceName = reaction.source.split(separator: "/").last.map(String.init) ?? "simulator"
                _ = try await producer.enqueue(
                    reaction.event, id: "sim-\(sourceName)-\(reaction.event.key)-\(counter)", source: reaction.source, time: wallClockMilliseconds())
            }
            unflushed += due.count
            changed = changed || !due.isEmpty
            let waiting = timers.count
            state.withLock {
                $0.sent += due.count
                $0.waiting = waiting
            }
            if !changed {
                if unflushed > 0 {
                    try await producer.flush()
                    unflushed = 0
                }
                if options.stopWhenSettled, progress.isSettled { break }
                let untilDue = timers.nextDue.map { max(1, $0 - wallClockMilliseconds()) } ?? 250
                wait = .milliseconds(min(untilDue, 250))
            }
        }
        try await producer.flush()
        try await producer.close()
        return progress
    }
}
