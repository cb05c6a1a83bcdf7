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
        var texts: [(path: String, text: String)] = []
        var problems: [YAMLError] = []
        for path in paths {
            do {
                texts.append((path, try read(path)))
            } catch {
                problems.append(error)
            }
        }
        return load(texts: texts, readProblems: problems)
    }

    /// Decodes each declaration of `texts` (a path for messages and the file's
    /// text) and validates the set: what ``load(directory:)`` does once it has
    /// read the files, whose `readProblems` are added to the catalog's.
    public static func load(texts: [(path: String, text: String)], readProblems: [YAMLError] = []) -> TopicCatalog {
        var files: [TopicFile] = []
        var problems = readProblems
        for (path, text) in texts {
            do {
                files.append(try TopicFile(path: path, text: text))
            } catch {
                problems.append(error)
            }
        }
        return TopicCatalog(files: files, loadProblems: problems)
    }

    /// Loads the declarations from `source`: those built into the binary, or a directory's.
    public static func load(from source: TopicSource) throws(YAMLError) -> TopicCatalog {
        switch source {
        case .embedded: embedded()
        case .directory(let directory): try load(directory: directory)
        }
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
