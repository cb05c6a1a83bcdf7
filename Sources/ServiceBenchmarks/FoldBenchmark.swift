import Contracts
import Lifecycle
import Events
import Glibc
import Processor

/// The `fold` section: each role's own work per input event without Kafka — the
/// sequencer (pass over or buffer, choose the order, make the log's copy) and the fold
/// (read the copy, decode, check, step, encode outputs, write the changelog) — over the
/// simulated fleet's input, in the benchmark's thread, timed by that thread's CPU clock.
/// No broker and no client library: what the service itself costs per event, steady
/// enough to compare two builds side by side. Printed, not in `--json`.
extension ServiceBenchmark {
    func foldTable(_ simulation: FleetSimulation) throws -> String {
        var lines = [
            "Own work per input event without Kafka (µs of the thread's CPU; in-process, no broker; median of \(options.repetitions)):",
            "",
            "| role | input events | taken | outputs | sequencer µs/event | fold µs/event | of it decode and check µs/event | together µs/event |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for role in options.roles {
            let input = simulation.input(of: role)
            var runs: [FoldRun] = []
            for _ in 0..<max(1, options.repetitions) { runs.append(try fold(input, role: role)) }
            let run = runs.sorted { $0.sequencer + $0.fold < $1.sequencer + $1.fold }[runs.count / 2]
            let decode = decodeMicroseconds(input, role: role)
            let count = Double(input.count)
            let (sequencer, fold) = (run.sequencer / count, run.fold / count)
            progress("fold \(role.rawValue): sequencer \(format(sequencer)) µs, fold \(format(fold)) µs per event")
            lines.append("| \(role.rawValue) | \(input.count) | \(run.taken) | \(run.outputs) | \(format(sequencer)) | \(format(fold)) | "
                + "\(format(decode / Double(input.count))) | \(format(sequencer + fold)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// One pass of a role over its input: microseconds of CPU in the sequencer and in the fold.
    private struct FoldRun {
        var sequencer = 0.0
        var fold = 0.0
        var taken = 0
        var outputs = 0
    }

    /// Feeds `input` to a fresh sequencer and engine of `role` in batches of 500, as the
    /// runner does after each poll (ends answered with what was written so far).
    private func fold(_ input: [InputRecord], role: Role) throws -> FoldRun {
        var engine = FleetSimulation.makeEngine(role, partitions: options.partitions)
        // No ticks: the input's own events are what is measured.
        var sequencer = Sequencer(
            sourceTopics: engine.sourceTopics, tickedTopics: [], passedTypes: engine.passedTypes,
            settings: Sequencer.Settings(tickInterval: .max / 2, maxIdle: 10_000))
        for topic in engine.sourceTopics {
            for partition in 0..<options.partitions { sequencer.assigned(topic: topic, partition: partition, position: 0, at: 0) }
        }
        var sourceOffsets: [String: [Int32: Int64]] = [:]
        let positioned = input.map { record in
            let partition = Partitioner.partition(of: record.key, count: options.partitions)
            let offset = sourceOffsets[record.topic, default: [:]][partition, default: 0]
            sourceOffsets[record.topic, default: [:]][partition] = offset + 1
            return (record, partition, offset)
        }
        var written: [String: [Int32: Int64]] = [:]
        var logOffsets: [Int32: Int64] = [:]
        var run = FoldRun()
        var start = 0
        let now: Int64 = 1_764_806_400_000
        while start < positioned.count {
            let batch = positioned[start..<min(start + 500, positioned.count)]
            start += batch.count
            let sequencing = threadCPUMicroseconds()
            for (record, partition, offset) in batch {
                written[record.topic, default: [:]][partition] = offset + 1
                // As the runner asks it: the type's bytes in the message.
                if record.message.headers.withValue(named: "ce_type", { sequencer.takes(topic: record.topic, type: $0) }) {
                    sequencer.received(topic: record.topic, partition: partition, offset: offset, timestamp: now + offset, message: record.message)
                } else {
                    sequencer.passed(topic: record.topic, partition: partition, offset: offset, timestamp: now + offset)
                }
            }
            for ask in sequencer.endsToAsk(at: now) {
                sequencer.ended(topic: ask.topic, partition: ask.partition, offset: written[ask.topic]?[ask.partition] ?? 0)
            }
            let appends = sequencer.drain(at: now)
            _ = sequencer.takeCommitPositions()
            let folding = threadCPUMicroseconds()
            for append in appends {
                let offset = logOffsets[append.partition, default: 0]
                logOffsets[append.partition] = offset + 1
                // As the runner folds its own appends: the bundle's entries as appended, not read back.
                run.outputs += engine.process(.bundle(append.bundle.records), partition: append.partition, offset: offset).count
            }
            run.outputs += try engine.takeChangelog().count
            _ = engine.takeReport()
            let done = threadCPUMicroseconds()
            run.sequencer += folding - sequencing
            run.fold += done - folding
            run.taken += appends.reduce(0) { $0 + $1.bundle.records.count }
        }
        guard sequencer.pendingCount == 0 else { throw BenchmarkError("fold \(role.rawValue): \(sequencer.pendingCount) events left unsequenced") }
        return run
    }

    /// Microseconds of CPU to decode the events `role` takes and check them against the
    /// catalogue (what the fold does before it steps a state).
    private func decodeMicroseconds(_ input: [InputRecord], role: Role) -> Double {
        let codec = CloudEventCodec()
        let passed = FleetSimulation.makeEngine(role, partitions: 1).passedTypes
        let taken = input.filter { record in record.message.header("ce_type").map { passed[record.topic]?.contains($0) != true } ?? true }
        let start = threadCPUMicroseconds()
        var valid = 0
        for record in taken {
            if (try? InboundEvent(message: record.message, topic: record.topic, codec: codec)) != nil { valid += 1 }
        }
        let elapsed = threadCPUMicroseconds() - start
        precondition(valid == taken.count, "the simulated input decodes")
        return elapsed
    }

    /// The calling thread's CPU time, microseconds.
    private func threadCPUMicroseconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1e6 + Double(spec.tv_nsec) / 1e3
    }
}
