extension Duration {
    /// The duration in whole milliseconds, clamped to `Int32`, as librdkafka's timeouts take it.
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}
