extension TopicSpec {
    /// The declaration fitted to a cluster of `brokers` brokers: replication
    /// factor and `min.insync.replicas` at most the broker count. For
    /// development clusters (the embedded one has 1 to 3 brokers); production
    /// clusters get the declarations as they are.
    public func fitted(toBrokers brokers: Int) -> TopicSpec {
        var spec = self
        spec.replicationFactor = max(1, min(replicationFactor, brokers))
        if let minISR = configs["min.insync.replicas"].flatMap(Int.init), minISR > spec.replicationFactor {
            spec.configs["min.insync.replicas"] = "\(spec.replicationFactor)"
        }
        return spec
    }
}
