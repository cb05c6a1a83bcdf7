/// A decoder the fuzz harness drives: each takes arbitrary bytes and must
/// either accept them or reject them with an error — never trap, hang or
/// exhaust memory. A target traps (and so reports a crash) only when one of its
/// own consistency checks fails.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// The CloudEvent codec and the contract checks of `InboundEvent`.
    case cloudevent
    /// The YAML parser, the strict decoder and validation of the service configuration.
    case config
    /// The YAML parser, the strict decoder and validation of one topic declaration.
    case topic

    /// Runs one input through the target.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .cloudevent: Self.runCloudEvent(bytes)
        case .config: Self.runConfiguration(bytes)
        case .topic: Self.runTopic(bytes)
        }
    }
}
