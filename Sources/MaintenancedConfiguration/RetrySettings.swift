/// How long one attempt of a step that waits on the outside world may take,
/// and how many attempts it gets before the step fails (the lifecycle core's
/// `RetryPolicy`). Written `{timeout: 20m, attempts: 2}`.
public struct RetrySettings: Sendable, Hashable, Decodable {
    /// The time one attempt may take.
    public var timeout: ConfigDuration
    /// The number of attempts in all (at least 1).
    public var attempts: Int

    /// A policy of `attempts` attempts of `timeout` each.
    public init(timeout: ConfigDuration, attempts: Int) {
        self.timeout = timeout
        self.attempts = attempts
    }

    private enum CodingKeys: String, CodingKey { case timeout, attempts }

    /// Decodes a policy; a missing key keeps the value of `defaults`.
    init(from decoder: any Decoder, defaults: RetrySettings) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        timeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .timeout) ?? defaults.timeout
        attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? defaults.attempts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        timeout = try container.decode(ConfigDuration.self, forKey: .timeout)
        attempts = try container.decode(Int.self, forKey: .attempts)
    }
}
