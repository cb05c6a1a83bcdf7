import Foundation
import Testing

/// The layers of docs/ARCHITECTURE.md hold in the code: no source file imports a target
/// of a higher layer, and every target folder is in the table.
@Suite("The package's layers")
struct ArchitectureTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Target name → layer number, read from the table under "## Layers" of docs/ARCHITECTURE.md.
    static func layers() throws -> [String: Int] {
        let text = try String(contentsOf: repository.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        guard let section = text.components(separatedBy: "## Layers").dropFirst().first else { return [:] }
        var layers: [String: Int] = [:]
        for line in section.split(separator: "\n").prefix(while: { !$0.hasPrefix("## ") }) {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, let layer = Int(cells[0]) else { continue }
            for target in cells[2].split(separator: ",") { layers[target.trimmingCharacters(in: .whitespaces)] = layer }
        }
        return layers
    }

    /// The modules each target under Sources/ imports, with the file that imports each.
    static func imports() throws -> [String: [(module: String, file: String)]] {
        let sources = repository.appendingPathComponent("Sources")
        var imports: [String: [(module: String, file: String)]] = [:]
        for target in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() where !target.hasPrefix(".") {
            imports[target] = []
            let folder = sources.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
                    guard words.count >= 2, words[0] == "import" else { continue }
                    imports[target, default: []].append((String(words[words.count - 1]), "\(target)/\(file)"))
                }
            }
        }
        return imports
    }

    @Test("every target folder has a layer, and no source file imports a target of a higher layer")
    func layering() throws {
        let layers = try Self.layers()
        #expect(layers.count >= 20, "the table of docs/ARCHITECTURE.md was not read: \(layers)")
        let imports = try Self.imports()
        #expect(Set(imports.keys) == Set(layers.keys), "Sources/ and the table differ: \(Set(imports.keys).symmetricDifference(Set(layers.keys)).sorted())")
        var checked = 0
        for (target, modules) in imports {
            guard let own = layers[target] else { continue }
            for (module, file) in modules {
                // Modules outside the package (Foundation, Logging, NIO…) have no layer.
                guard let layer = layers[module] else { continue }
                checked += 1
                #expect(layer <= own, "\(file) (layer \(own)) imports \(module) of layer \(layer)")
            }
        }
        #expect(checked > 50, "only \(checked) imports of package targets were checked")
    }

    @Test("Package.swift declares the targets in the order of their layers")
    func packageOrder() throws {
        let layers = try Self.layers()
        let manifest = try String(contentsOf: Self.repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        var order: [String] = []
        let targets = manifest.components(separatedBy: "\n    targets: [\n").dropFirst().joined()  // the package's target list
        for line in targets.split(separator: "\n") {
            for kind in [".target(name: \"", ".executableTarget(name: \"", ".systemLibrary(name: \"", "name: \""] {
                guard let range = line.range(of: kind) else { continue }
                let name = line[range.upperBound...].prefix { $0 != "\"" }
                if layers[String(name)] != nil, order.last != String(name) { order.append(String(name)) }
                break
            }
        }
        #expect(Set(order) == Set(layers.keys), "Package.swift and the table differ: \(Set(order).symmetricDifference(Set(layers.keys)).sorted())")
        let numbers = order.compactMap { layers[$0] }
        #expect(numbers == numbers.sorted(), "targets out of layer order: \(zip(order, numbers).map { "\($0) \($1)" })")
    }
}
