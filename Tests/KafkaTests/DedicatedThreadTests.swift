import Foundation
import Kafka
import Synchronization
import Testing

@Suite("Blocking work on threads of its own", .timeLimit(.minutes(1)))
struct DedicatedThreadTests {
    @Test("the body runs on a new thread of the given name and its result comes back")
    func runsOnItsThread() async {
        let caller = KafkaPartitionReaderTests.threadName()
        let seen = await DedicatedThread.run(name: "dedicated-test") { (KafkaPartitionReaderTests.threadName(), 6 * 7) }
        #expect(seen.0 == "dedicated-test")
        #expect(seen.0 != caller)
        #expect(seen.1 == 42)
    }

    /// Swift's tasks run on as many threads as there are cores: bodies run there would
    /// block them all, and a body that waits for a task would never see it run. More
    /// bodies than cores each wait until all have started and a task has run beside them.
    @Test("bodies that block do not hold the threads Swift's tasks run on")
    func blockingBodiesLeaveTheTaskThreads() async {
        let bodies = ProcessInfo.processInfo.activeProcessorCount + 1
        let progress = Progress()
        let waits = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<bodies {
                group.addTask {
                    await DedicatedThread.run(name: "dedicated-wait") {
                        progress.started.withLock { $0 += 1 }
                        let deadline = ContinuousClock.now + .seconds(10)
                        while ContinuousClock.now < deadline {
                            if progress.started.withLock({ $0 }) == bodies, progress.taskRan.withLock({ $0 }) { return true }
                            usleep(1_000)
                        }
                        return false
                    }
                }
            }
            // A task of its own, while every body blocks: it needs a free task thread.
            group.addTask {
                while progress.started.withLock({ $0 }) < bodies { try? await Task.sleep(for: .milliseconds(1)) }
                progress.taskRan.withLock { $0 = true }
                return true
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(waits.count == bodies + 1)
        #expect(waits.allSatisfy { $0 }, "a body waited 10 s in vain: the bodies held the task threads")
    }

    /// How many bodies started, and whether the task beside them ran.
    private final class Progress: Sendable {
        let started = Mutex(0)
        let taskRan = Mutex(false)
    }
}
