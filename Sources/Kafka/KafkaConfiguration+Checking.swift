import CRdKafka
import Foundation

extension KafkaConfiguration {
    /// What librdkafka says of setting property `key` to `value`: an unknown property, or a
    /// value it does not take (out of range, not one of its choices); nil when it takes it.
    /// The properties this package reads itself pass. A secret's value is never repeated.
    /// Checked alone, as `rd_kafka_conf_set` checks it: what depends on other properties is
    /// found when a client is made.
    public static func problem(setting key: String, to value: String) -> String? {
        let conf = rd_kafka_conf_new()!
        defer { rd_kafka_conf_destroy(conf) }
        return set(key, to: value, in: conf)
    }

    /// Sets `key` to `value` in `conf`, or says why librdkafka refused it.
    static func set(_ key: String, to value: String, in conf: OpaquePointer) -> String? {
        guard !packageProperties.contains(key) else { return nil }
        var errstr = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
        guard result != RD_KAFKA_CONF_OK else { return nil }
        // An unknown name's message does not hold the value; an invalid value's does.
        if result == RD_KAFKA_CONF_INVALID, isSecret(key: key) { return "invalid value for secret property \(key) (value not shown)" }
        return String(cBuffer: errstr).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
