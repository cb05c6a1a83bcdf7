extension TopicSpec {
    /// The declaration with another replication factor, and `min.insync.replicas`
    /// lowered to it where it was higher. For development clusters with fewer
    /// brokers than production (the embedded one gives every topic
    /// min(3, brokers)); production clusters get the declarations as they are.
    public func withReplicationFactor(_ factor: Int) -> TopicSpec {
        var spec = self
        spec.replicationFactor = factor
        if let minISR = configs["min.insync.replicas"].flatMap(Int.init), minISR > factor {
            spec.configs["min.insync.replicas"] = "\(factor)"
        }
        return spec
    }
}
