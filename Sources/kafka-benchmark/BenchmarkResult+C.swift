import CKafkaBenchmarkLoops

extension BenchmarkResult {
    init(_ result: ckb_result) {
        self.init(seconds: result.seconds, messages: Int(result.messages), bytes: Int(result.bytes), failures: Int(result.failures))
    }
}
