import Foundation

/// Temporary files for configuration tests, removed with the directory.
struct ConfigurationFixtures {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "maintenanced-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
