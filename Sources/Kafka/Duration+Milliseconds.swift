extension Duration {
    /// The duration in milliseconds, rounded up, clamped to `Int32`, as librdkafka's timeouts take it.
    ///
    /// Rounded up so that a wait never ends before its deadline: truncated, the last
    /// millisecond before every deadline became a zero timeout, and a loop that waits
    /// until a deadline polled in a spin for it (at rest, each consumer thread did so
    /// before every probe: BENCHMARKS.md, session 13). librdkafka 2.0.2's own main loop
    /// truncates like that (librdkafka #4684).
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        var total = seconds * 1000 + attoseconds / perMillisecond
        if attoseconds % perMillisecond > 0 { total += 1 }
        return Int32(clamping: total)
    }
}
