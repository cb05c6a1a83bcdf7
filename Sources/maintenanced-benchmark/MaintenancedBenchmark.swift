import Foundation
import ServiceBenchmarks

/// `maintenanced-benchmark`: the roles' throughput against a raw librdkafka pass-through
/// and a Python baseline, latency, restore time and memory (see BENCHMARKS.md).
@main
struct MaintenancedBenchmark {
    static func main() async {
        do {
            let options = try ServiceBenchmarkOptions(arguments: Array(CommandLine.arguments.dropFirst()))
            try await ServiceBenchmark(options: options) { line in
                print(line)
                fflush(nil)
            }.run()
        } catch {
            FileHandle.standardError.write(Data("maintenanced-benchmark: \(error)\n".utf8))
            exit(1)
        }
    }
}
