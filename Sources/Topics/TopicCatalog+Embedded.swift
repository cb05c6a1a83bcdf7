extension TopicCatalog {
    /// The prefix of the embedded declarations' paths in messages:
    /// `embedded:topics/power.events.yaml:10:13: …`.
    public static let embeddedPathPrefix = "embedded:topics/"

    /// The declarations built into the binary (``EmbeddedTopicFiles``, generated
    /// from topics/*.yaml by scripts/embed-topics), decoded and validated as
    /// ``load(directory:)`` does a directory's files.
    public static func embedded() -> TopicCatalog {
        load(texts: EmbeddedTopicFiles.all.map { (embeddedPathPrefix + $0.name, $0.text) })
    }
}
