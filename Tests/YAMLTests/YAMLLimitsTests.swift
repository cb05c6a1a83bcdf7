import Testing
import YAML

@Suite("the YAML parser's limits on nesting and aliases") struct YAMLLimitsTests {
    @Test("deep nesting is an error, not a crash") func deepNestingIsAnErrorNotACrash() throws {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = try #require(throws: YAMLError.self) { try YAMLParser().parse(text, file: "deep.yaml") }
        #expect(error.kind == .limitExceeded("nesting deeper than 256 levels"))
        #expect(error.mark == YAMLMark(line: 1, column: 257))
    }

    @Test("nesting within the limit is fine") func nestingWithinTheLimitIsFine() throws {
        let depth = 256
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try YAMLParser().parse(text)
        let limited = YAMLParser(limits: YAMLLimits(maxDepth: 3))
        _ = try limited.parse("a: {b: [1]}")
        #expect(throws: YAMLError.self) { try limited.parse("a: {b: [[1]]}") }
    }

    @Test("aliases count towards depth") func aliasesCountTowardsDepth() {
        let limited = YAMLParser(limits: YAMLLimits(maxDepth: 4))
        #expect(throws: YAMLError.self) {
            try limited.parse("a: &a [[1]]\nb: [[*a]]\n")
        }
    }

    @Test("billion laughs is rejected") func billionLaughsIsRejected() throws {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(refs)]")
        }
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser().parse(lines.joined(separator: "\n"), file: "bomb.yaml")
        }
        #expect(error.kind == .limitExceeded("aliases expand to more than 100000 nodes"))
        #expect(error.file == "bomb.yaml")
    }

    @Test("modest alias use is fine") func modestAliasUseIsFine() throws {
        let node = try YAMLParser().parse("d: &d {x: 1}\nl: [*d, *d, *d]\n")
        #expect(node.mapping?["l"]?.sequence?.elements.count == 3)
    }
}
