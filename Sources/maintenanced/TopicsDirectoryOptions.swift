import ArgumentParser
import Topics
import YAML

/// The `--dir` option shared by the `topics` subcommands, and loading from it.
struct TopicsDirectoryOptions: ParsableArguments {
    @Option(
        name: [.customLong("dir"), .customLong("topics-dir")],
        help: ArgumentHelp(
            "A directory of topic declarations (*.yaml) to use instead of those built into maintenanced.", valueName: "path"))
    var dir: String?

    /// Where the declarations come from.
    var source: TopicSource { TopicSource(directory: dir) }

    /// The declarations, or exit 78 (configuration error) after printing
    /// every problem when they are not valid.
    func validCatalog() throws -> TopicCatalog {
        let catalog: TopicCatalog
        do {
            catalog = try TopicCatalog.load(from: source)
        } catch {
            throw CommandFailure(.configuration, "\(error)")
        }
        guard catalog.isValid else {
            let count = catalog.problems.count
            throw CommandFailure(
                .configuration,
                lines: catalog.problems.map { "\($0)" } + ["\(count) problem\(count == 1 ? "" : "s") in the topic declarations of \(source)"])
        }
        return catalog
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    var standardError = StandardError()
    print(line, to: &standardError)
}
