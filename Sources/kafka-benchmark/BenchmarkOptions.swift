/// The benchmark's settings, from `--messages N --size B --partitions P --repetitions R --only LOOPS`.
struct BenchmarkOptions {
    /// The four loops, by the names `--only` takes.
    static let loopNames = ["swift-producer": "Swift producer", "c-producer": "C producer", "c-producer-dr-thread": "C producer, DR thread", "swift-consumer": "Swift consumer", "c-consumer": "C consumer"]
    /// With `--only`: the loops to run (no warm-up), e.g. to count instructions under callgrind. The consumers read what the C producer wrote, so a consumer needs `c-producer` too.
    var only: Set<String>?
    var messages = 200_000
    var valueSize = 150
    var partitions: Int32 = 16
    var repetitions = 5
    var keyCount = 1000

    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            if name == "--only", let list = iterator.next() {
                let loops = list.split(separator: ",").map { Self.loopNames[String($0)] }
                guard loops.allSatisfy({ $0 != nil }) else {
                    throw OptionError(message: "--only takes a comma-separated list of \(Self.loopNames.keys.sorted())")
                }
                only = Set(loops.compactMap { $0 })
                if only!.contains(where: { $0.hasSuffix("consumer") }) && !only!.contains("C producer") {
                    throw OptionError(message: "--only: the consumers read what c-producer writes; add c-producer")
                }
                continue
            }
            guard let text = iterator.next(), let value = Int(text), value > 0 else {
                throw OptionError(message: "usage: kafka-benchmark [--messages N] [--size BYTES] [--partitions P] [--repetitions R] [--only LOOP,…]")
            }
            switch name {
            case "--messages": messages = value
            case "--size": valueSize = value
            case "--partitions": partitions = Int32(value)
            case "--repetitions": repetitions = value
            default: throw OptionError(message: "unknown option \(name)")
            }
        }
        // The mock keeps only the newest 100k messages / ~5 MB of a partition and drops older ones silently.
        let perPartition = messages / Int(partitions)
        guard perPartition <= 100_000, perPartition * (valueSize + 64) <= 5_000_000 else {
            throw OptionError(message: "\(perPartition) messages of \(valueSize) B per partition exceed the mock's retention; add partitions")
        }
    }

    /// A usage error.
    struct OptionError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

extension BenchmarkOptions {
    /// Whether the loop named `name` (e.g. "Swift producer") runs.
    func runs(_ name: String) -> Bool {
        only?.contains(name) ?? true
    }

    /// The repetitions to run; repetition 0 is the warm-up, which `--only` leaves out.
    var rounds: ClosedRange<Int> {
        (only == nil ? 0 : 1)...repetitions
    }
}
