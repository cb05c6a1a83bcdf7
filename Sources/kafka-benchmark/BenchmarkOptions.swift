import ArgumentParser

/// The benchmark's settings, parsed like the service's own command line.
struct BenchmarkOptions: ParsableArguments {
    /// The loops, by the names `--only` takes.
    static let loopNames = [
        "swift-producer": "Swift producer", "c-producer": "C producer", "c-producer-dr-thread": "C producer, DR thread",
        "swift-consumer": "Swift consumer", "c-consumer": "C consumer",
    ]

    @Option(help: "Messages per loop and repetition.")
    var messages = 200_000
    @Option(name: .customLong("size"), help: "Bytes per message value.")
    var valueSize = 150
    @Option(help: "Partitions of each topic.")
    var partitions: Int32 = 16
    @Option(help: "Measured repetitions (a warm-up runs first unless --only is given).")
    var repetitions = 5
    @Option(
        name: .customLong("only"),
        help: ArgumentHelp(
            "Run only these loops, comma-separated, without the warm-up (e.g. to count instructions under callgrind): \(loopNames.keys.sorted().joined(separator: ", ")). The consumers read what c-producer writes, so a consumer needs c-producer too.",
            valueName: "loops"))
    var onlyList: String?
    /// Distinct message keys.
    var keyCount: Int { 1000 }

    /// With `--only`: the loops to run, by display name.
    var only: Set<String>? {
        onlyList.map { Set($0.split(separator: ",").compactMap { Self.loopNames[String($0)] }) }
    }

    mutating func validate() throws {
        for (name, value) in [("--messages", messages), ("--size", valueSize), ("--partitions", Int(partitions)), ("--repetitions", repetitions)] where value <= 0 {
            throw ValidationError("\(name) must be positive, not \(value)")
        }
        if let onlyList {
            let names = onlyList.split(separator: ",").map(String.init)
            if let unknown = names.first(where: { Self.loopNames[$0] == nil }) {
                throw ValidationError("--only: unknown loop \(unknown); the loops are \(Self.loopNames.keys.sorted().joined(separator: ", "))")
            }
            if names.contains(where: { $0.hasSuffix("consumer") }) && !names.contains("c-producer") {
                throw ValidationError("--only: the consumers read what c-producer writes; add c-producer")
            }
        }
        // The mock keeps only the newest 100k messages / ~5 MB of a partition and drops older ones silently.
        let perPartition = messages / Int(partitions)
        guard perPartition <= 100_000, perPartition * (valueSize + 64) <= 5_000_000 else {
            throw ValidationError("\(perPartition) messages of \(valueSize) B per partition exceed the embedded broker's retention; add partitions")
        }
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
