import Testing
import YAML

@Suite("the YAML parser: nodes with marks") struct YAMLParserTests {
    @Test("a mapping keeps key order and marks") func mappingKeepsKeyOrderAndMarks() throws {
        let node = try YAMLParser().parse("""
            zeta: 1
            alpha:
              - x
              - "y"
            mid: {a: b}
            """)
        let mapping = try #require(node.mapping)
        #expect(mapping.entries.map { $0.key.scalar?.value } == ["zeta", "alpha", "mid"])
        #expect(mapping.mark == YAMLMark(line: 1, column: 1))
        #expect(mapping["zeta"]?.mark == YAMLMark(line: 1, column: 7))
        let sequence = try #require(mapping["alpha"]?.sequence)
        #expect(sequence.mark == YAMLMark(line: 3, column: 3))
        #expect(sequence.elements[1].mark == YAMLMark(line: 4, column: 5))
        #expect(sequence.elements[1].scalar?.style == .doubleQuoted)
        #expect(mapping["mid"]?.mapping?["a"]?.scalar?.value == "b")
    }

    @Test("every scalar style and tags are parsed") func scalarStylesAndTags() throws {
        let node = try YAMLParser().parse("""
            plain: a b
            single: 'it''s'
            double: "tab\\there"
            literal: |
              line 1
              line 2
            folded: >
              one
              two
            tagged: !!str 12
            """)
        let mapping = try #require(node.mapping)
        #expect(mapping["plain"]?.scalar == YAMLScalar("a b", style: .plain, mark: YAMLMark(line: 1, column: 8)))
        #expect(mapping["single"]?.scalar?.value == "it's")
        #expect(mapping["single"]?.scalar?.style == .singleQuoted)
        #expect(mapping["double"]?.scalar?.value == "tab\there")
        #expect(mapping["literal"]?.scalar?.value == "line 1\nline 2\n")
        #expect(mapping["literal"]?.scalar?.style == .literal)
        #expect(mapping["folded"]?.scalar?.value == "one two\n")
        #expect(mapping["folded"]?.scalar?.style == .folded)
        #expect(mapping["tagged"]?.tag == "tag:yaml.org,2002:str")
        #expect(mapping["tagged"]?.scalar?.isString == true)
    }

    @Test("anchors and aliases are resolved") func anchorsAndAliasesAreResolved() throws {
        let node = try YAMLParser().parse("""
            base: &base {partitions: 12, key: server}
            copy: *base
            list: [&x 1, *x]
            """)
        let mapping = try #require(node.mapping)
        #expect(mapping["copy"]?.mapping?["partitions"]?.scalar?.value == "12")
        #expect(mapping["list"]?.sequence?.elements.map { $0.scalar?.value } == ["1", "1"])
    }

    @Test("an undefined alias is an error") func undefinedAliasIsAnError() {
        #expect {
            try YAMLParser().parse("a: *nowhere\n", file: "f.yaml")
        } throws: { error in
            (error as? YAMLError)?.description == #"f.yaml:1:4: at a: syntax error: undefined alias "nowhere""#
        }
    }

    @Test("empty input is null, and more than one document is an error where one is expected") func documents() throws {
        let parser = YAMLParser()
        #expect(try parser.parseDocuments("").isEmpty)
        #expect(try parser.parse("").isNull)
        #expect(try parser.parse("# only a comment\n").isNull)
        #expect(try parser.parseDocuments("a: 1\n---\nb: 2\n").count == 2)
        let error = try #require(throws: YAMLError.self) { try parser.parse("a: 1\n---\nb: 2\n", file: "two.yaml") }
        #expect(error.description == "two.yaml:3:1: expected one YAML document, found 2")
    }

    @Test("nodes are looked up by path") func nodeLookupByPath() throws {
        let node = try YAMLParser().parse("""
            spec:
              brokers: [a, b]
              configs:
                retention.ms: 1000
            """)
        #expect(node.node(at: ["spec", "brokers", 1])?.scalar?.value == "b")
        #expect(node.node(at: ["spec", "configs", "retention.ms"])?.mark == YAMLMark(line: 4, column: 19))
        #expect(node.keyMark(at: ["spec", "configs", "retention.ms"]) == YAMLMark(line: 4, column: 5))
        #expect(node.node(at: ["spec", "missing"]) == nil)
        let deepest = node.deepestNode(along: ["spec", "configs", "nope", "deeper"])
        #expect(deepest.path == ["spec", "configs"])
        #expect(YAMLPath(["spec", "brokers", 1]).description == "spec.brokers[1]")
        #expect(YAMLPath(["configs", "retention.ms"]).description == #"configs["retention.ms"]"#)
    }

    @Test("bytes are parsed as UTF-8, and invalid bytes are unreadable") func bytesInput() throws {
        let node = try YAMLParser().parse(bytes: Array("a: ü\n".utf8))
        #expect(node.mapping?["a"]?.scalar?.value == "ü")
        let error = try #require(throws: YAMLError.self) { try YAMLParser().parse(bytes: [0x61, 0x3A, 0x20, 0xFF]) }
        guard case .unreadable = error.kind else {
            Issue.record("expected an unreadable-input error, got \(error)")
            return
        }
    }
}
