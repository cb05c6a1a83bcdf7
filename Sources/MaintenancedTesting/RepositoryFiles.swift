import Foundation

/// Files of the repository that the tests read or compare the code with.
public enum RepositoryFiles {
    /// The repository root, found from this source file's path.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MaintenancedTesting
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// The repository's topic declarations (topics/).
    public static let topicsDirectory: String = url("topics").path

    /// The file or folder at `relativePath` below the root.
    public static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// The text of the file at `relativePath` below the root.
    public static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }
}
