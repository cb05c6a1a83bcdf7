#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import YAML

extension TopicCatalog {
    /// Loads every `*.yaml` and `*.yml` file of `directory` (not its
    /// subdirectories) and validates the set. A file that does not decode is a
    /// problem of the catalog; only a directory that cannot be read, or has no
    /// declarations at all, is an error.
    public static func load(directory: String) throws(YAMLError) -> TopicCatalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw YAMLError(.unreadable("cannot read the topics directory (is it there?)"), file: directory)
        }
        let paths = names
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0 }
        guard !paths.isEmpty else {
            throw YAMLError(.unreadable("no topic declarations (*.yaml) found"), file: directory)
        }
        var files: [TopicFile] = []
        var problems: [YAMLError] = []
        for path in paths {
            do {
                files.append(try TopicFile(path: path, text: try read(path)))
            } catch {
                problems.append(error)
            }
        }
        return TopicCatalog(files: files, loadProblems: problems)
    }

    private static func read(_ path: String) throws(YAMLError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw YAMLError(.unreadable("cannot read the file"), file: path)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw YAMLError(.unreadable("the file is not UTF-8"), file: path)
        }
        return text
    }
}
