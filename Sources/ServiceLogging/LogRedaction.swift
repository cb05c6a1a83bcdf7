import Logging

/// Masks secret-looking metadata so that no password, token or key reaches a log.
public enum LogRedaction {
    /// The text shown instead of a secret value.
    public static let mask = "***"

    /// Whether values under `key` are secrets: passwords, secrets, tokens,
    /// credentials, JAAS configurations and private keys (`ssl.key.pem`, …).
    public static func isSecret(key: String) -> Bool {
        let lowered = key.lowercased()
        let words = ["password", "secret", "token", "credential", "jaas", "private", "passphrase"]
        if words.contains(where: { lowered.contains($0) }) { return true }
        return lowered == "ssl_key" || lowered.hasSuffix("key.pem") || lowered.hasSuffix(".key")
            || lowered == "apikey" || lowered == "api_key" || lowered.contains("oauthbearer.config")
    }

    /// `value` with every secret-keyed entry, at any depth, replaced by ``mask``.
    public static func redact(_ value: Logger.MetadataValue, key: String?) -> Logger.MetadataValue {
        if let key, isSecret(key: key) { return .string(mask) }
        switch value {
        case .dictionary(let dictionary):
            return .dictionary(redact(dictionary))
        case .array(let elements):
            return .array(elements.map { redact($0, key: nil) })
        case .string, .stringConvertible:
            return value
        }
    }

    /// `metadata` with every secret-keyed entry, at any depth, replaced by ``mask``.
    public static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var redacted = Logger.Metadata()
        for (key, value) in metadata { redacted[key] = redact(value, key: key) }
        return redacted
    }
}
