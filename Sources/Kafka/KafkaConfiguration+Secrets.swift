extension KafkaConfiguration: CustomStringConvertible {
    /// Whether the value of property `key` must never be shown: passwords, keys and secrets.
    public static func isSecret(key: String) -> Bool {
        let lowered = key.lowercased()
        return lowered.contains("password") || lowered.contains("secret")
            || lowered == "sasl.jaas.config" || lowered == "ssl.key.pem" || lowered == "ssl_key"
            || lowered.hasSuffix(".key.pem") || lowered.contains("oauthbearer.config")
    }

    /// The value to show for property `key`: the value, or `***` for secrets.
    public static func displayValue(key: String, value: String) -> String {
        isSecret(key: key) ? "***" : value
    }

    /// The properties sorted by name, with secret values masked.
    public var description: String {
        let pairs = properties.keys.sorted().map { key in
            "\(key)=\(Self.displayValue(key: key, value: properties[key]!))"
        }
        return "KafkaConfiguration(\(pairs.joined(separator: ", ")))"
    }
}
