/// One measured loop: how many messages and bytes in how long.
struct BenchmarkResult {
    var seconds: Double
    var messages: Int
    var bytes: Int
    var failures: Int
    /// CPU time of the whole process (client, librdkafka and mock broker threads) during the loop.
    var cpuSeconds: Double = 0

    var cpuMicrosecondsPerMessage: Double { cpuSeconds * 1e6 / Double(max(messages, 1)) }
    var messagesPerSecond: Double { Double(messages) / seconds }
    var megabytesPerSecond: Double { Double(bytes) / seconds / 1_000_000 }

    /// A Markdown table of the medians, with Swift as a percentage of C for each pair.
    static func table(_ results: [String: [BenchmarkResult]], pairs: [(swift: String, c: String)]) -> String {
        func median(_ name: String, _ value: (BenchmarkResult) -> Double) -> Double {
            let values = (results[name] ?? []).map(value).sorted()
            guard !values.isEmpty else { return 0 }
            return values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
        }
        var lines = [
            "| loop | msgs/s (median) | MB/s (median) | min–max msgs/s | Swift % of C (msgs/s) | process CPU µs/msg (median) | Swift % of C (CPU per msg, C/Swift) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        var listed: Set<String> = []
        for pair in pairs {
            let both = results[pair.swift] != nil && results[pair.c] != nil
            for name in [pair.swift, pair.c] where results[name] != nil {
                let label = name == pair.swift && listed.contains(name) ? "\(name) (vs \(pair.c))" : name
                listed.insert(name)
                let rates = (results[name] ?? []).map(\.messagesPerSecond)
                let isSwift = name == pair.swift && both
                let ratio = isSwift
                    ? String(format1: 100 * median(pair.swift, \.messagesPerSecond) / median(pair.c, \.messagesPerSecond)) + " %" : ""
                let cpuRatio = isSwift
                    ? String(format1: 100 * median(pair.c, \.cpuMicrosecondsPerMessage) / median(pair.swift, \.cpuMicrosecondsPerMessage)) + " %" : ""
                lines.append("| \(label) | \(Int(median(name, \.messagesPerSecond))) | \(String(format1: median(name, \.megabytesPerSecond))) | "
                    + "\(Int(rates.min() ?? 0))–\(Int(rates.max() ?? 0)) | \(ratio) | \(String(format2: median(name, \.cpuMicrosecondsPerMessage))) | \(cpuRatio) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
