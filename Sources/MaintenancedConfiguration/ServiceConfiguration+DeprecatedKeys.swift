import YAML

extension ServiceConfiguration {
    /// Keys renamed to the name of the lifecycle core's property they set. The old
    /// name is still read, as an alias, and the loader warns of it.
    public static let deprecatedKeys: [(old: YAMLPath, new: YAMLPath)] = [
        (["roles", "scheduler", "maintenanceWindow"], ["roles", "scheduler", "window"]),
        (["roles", "power", "heartbeatTimeout"], ["roles", "power", "signOfLifeTimeout"]),
    ]

    /// `path` as written in `root`: under the old name where `root` uses a deprecated key.
    static func written(_ path: YAMLPath, in root: YAMLNode) -> YAMLPath {
        for (old, new) in deprecatedKeys where path.components.starts(with: new.components) && root.node(at: old) != nil {
            return YAMLPath(old.components + path.components.dropFirst(new.components.count))
        }
        return path
    }
}
