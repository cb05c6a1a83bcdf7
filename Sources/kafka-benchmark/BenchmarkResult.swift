/// One measured loop: how many messages and bytes in how long.
struct BenchmarkResult {
    var seconds: Double
    var messages: Int
    var bytes: Int
    var failures: Int

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
            "| loop | msgs/s (median) | MB/s (median) | min–max msgs/s | Swift % of C |",
            "|---|---:|---:|---:|---:|",
        ]
        for pair in pairs {
            for name in [pair.swift, pair.c] {
                let rates = (results[name] ?? []).map(\.messagesPerSecond)
                let ratio = name == pair.swift
                    ? String(format1: 100 * median(pair.swift, \.messagesPerSecond) / median(pair.c, \.messagesPerSecond)) + " %"
                    : ""
                lines.append("| \(name) | \(Int(median(name, \.messagesPerSecond))) | \(String(format1: median(name, \.megabytesPerSecond))) | "
                    + "\(Int(rates.min() ?? 0))–\(Int(rates.max() ?? 0)) | \(ratio) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// `value` with one decimal.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(abs(tenths % 10))"
    }
}
