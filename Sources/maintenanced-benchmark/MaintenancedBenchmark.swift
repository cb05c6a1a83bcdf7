import ServiceBenchmarks

/// `maintenanced-benchmark`: the roles' throughput against a raw librdkafka pass-through
/// and a Python baseline, latency, restore time and memory, and the service at rest (see
/// BENCHMARKS.md and `--help`). `maintenanced-benchmark c-passthrough …` is the
/// pass-through's own process, started by the throughput section.
@main
struct MaintenancedBenchmark {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == CPassThroughCommand.configuration.commandName {
            CPassThroughCommand.main(Array(arguments.dropFirst()))
        } else {
            await MaintenancedBenchmarkCommand.main(arguments)
        }
    }
}
