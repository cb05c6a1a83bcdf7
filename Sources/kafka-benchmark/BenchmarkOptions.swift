/// The benchmark's settings, from `--messages N --size B --partitions P --repetitions R`.
struct BenchmarkOptions {
    var messages = 200_000
    var valueSize = 150
    var partitions: Int32 = 16
    var repetitions = 5
    var keyCount = 1000

    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            guard let text = iterator.next(), let value = Int(text), value > 0 else {
                throw OptionError(message: "usage: kafka-benchmark [--messages N] [--size BYTES] [--partitions P] [--repetitions R]")
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
