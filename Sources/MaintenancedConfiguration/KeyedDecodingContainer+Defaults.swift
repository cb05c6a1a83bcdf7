extension KeyedDecodingContainer {
    /// The value under `key`, or `fallback` when the key is absent.
    func decode<T: Decodable>(_ type: T.Type = T.self, forKey key: Key, default fallback: T) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? fallback
    }

    /// The retry policy under `key`; keys it leaves out keep `fallback`'s values.
    func decode(_ type: RetrySettings.Type = RetrySettings.self, forKey key: Key, default fallback: RetrySettings) throws
        -> RetrySettings
    {
        guard contains(key) else { return fallback }
        return try RetrySettings(from: superDecoder(forKey: key), defaults: fallback)
    }
}
