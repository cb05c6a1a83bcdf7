import Foundation
import Kafka
import Synchronization
import Testing

@Suite("Blocking work on threads of its own", .timeLimit(.minutes(2)))
struct DedicatedThreadTests {
    @Test("the body runs on a new thread of the given name and its result comes back")
    func runsOnItsThread() async {
        let caller = KafkaPartitionReaderTests.threadName()
        let seen = await DedicatedThread.run(name: "dedicated-test") { (KafkaPartitionReaderTests.threadName(), 6 * 7) }
        #expect(seen.0 == "dedicated-test")
        #expect(seen.0 != caller)
        #expect(seen.1 == 42)
    }

    /// Swift's tasks run on as many threads as there are cores, and a body run on one of
    /// them holds it: more bodies than cores could not all be blocked at once. Here each
    /// waits until all have started. (The wait is long because the other suites' tests, run
    /// in parallel, may hold the task threads for a while before these tasks start.)
    @Test("more blocking bodies than cores all block at once: none holds a thread Swift's tasks run on")
    func blockingBodiesLeaveTheTaskThreads() async {
        let bodies = ProcessInfo.processInfo.activeProcessorCount + 1
        let progress = Progress()
        let waits = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<bodies {
                group.addTask {
                    await DedicatedThread.run(name: "dedicated-wait") {
                        progress.started.withLock { $0 += 1 }
                        let deadline = ContinuousClock.now + .seconds(60)
                        while ContinuousClock.now < deadline {
                            if progress.started.withLock({ $0 }) == bodies { return true }
                            usleep(1_000)
                        }
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(waits.count == bodies)
        #expect(waits.allSatisfy { $0 }, "a body waited 60 s in vain for the others: the bodies held the task threads")
    }

    /// How many bodies started.
    private final class Progress: Sendable {
        let started = Mutex(0)
    }
}
