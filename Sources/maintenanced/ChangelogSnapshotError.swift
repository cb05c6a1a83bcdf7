/// Why the state topics could not be read in full.
enum ChangelogSnapshotError: Error, CustomStringConvertible {
    case incomplete([String])

    var description: String {
        switch self {
        case .incomplete(let partitions): "not read to their end within 120 s: \(partitions.joined(separator: ", "))"
        }
    }
}
