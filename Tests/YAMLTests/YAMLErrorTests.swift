import Testing
import YAML

/// Every kind of error names the file, line, column and key path.
@Suite("YAML errors name the file, line, column and key path") struct YAMLErrorTests {
    struct Topic: Decodable {
        struct Spec: Decodable {
            var partitions: Int
            var replicationFactor: Int16?
            var key: Key?
            var configs: [String: String]?
        }
        enum Key: String, Decodable, CaseIterable { case server, cluster }
        var name: String
        var spec: Spec
        var events: [String]?
    }

    private func error(_ text: String, strict: Bool = true) throws -> YAMLError {
        try #require(throws: YAMLError.self) {
            try YAMLDecoder().decode(Topic.self, from: text, file: "topics/t.yaml", rejectUnknownKeys: strict)
        }
    }

    @Test("a type mismatch on a plain scalar is located") func typeMismatchOnAPlainScalar() throws {
        let error = try error("""
            name: server.lifecycle
            spec:
              partitions: twelve
            """)
        #expect(error.description == #"topics/t.yaml:3:15: at spec.partitions: expected an integer, found "twelve""#)
        #expect(error.kind == .typeMismatch(expected: "an integer", found: #""twelve""#))
        #expect(error.path == ["spec", "partitions"])
        #expect(error.mark == YAMLMark(line: 3, column: 15))
    }

    @Test("quoted scalars are strings") func quotedScalarsAreStrings() throws {
        let error = try error("name: x\nspec:\n  partitions: \"12\"\n")
        #expect(error.description == #"topics/t.yaml:3:15: at spec.partitions: expected an integer, found the string "12""#)
    }

    @Test("a collection where a scalar is expected is an error") func collectionWhereAScalarIsExpected() throws {
        let error = try error("name: [a, b]\nspec: {partitions: 1}\n")
        #expect(error.description == "topics/t.yaml:1:7: at name: expected a string, found a sequence")
    }

    @Test("null where a string is expected is an error") func nullWhereAStringIsExpected() throws {
        let error = try error("name:\nspec: {partitions: 1}\n")
        #expect(error.description == "topics/t.yaml:1:6: at name: expected a string, found null")
    }

    @Test("a scalar where a mapping is expected is an error") func scalarWhereAMappingIsExpected() throws {
        let error = try error("name: x\nspec: 12\n")
        #expect(error.description == "topics/t.yaml:2:7: at spec: expected a mapping, found 12")
    }

    @Test("an error inside a sequence names the element") func errorInsideASequence() throws {
        let error = try error("name: x\nspec: {partitions: 1}\nevents:\n  - a\n  - {b: c}\n")
        #expect(error.description == "topics/t.yaml:5:5: at events[1]: expected a string, found a mapping")
    }

    @Test("a missing key points at the mapping") func missingKeyPointsAtTheMapping() throws {
        let error = try error("name: x\nspec:\n  key: server\n")
        #expect(error.description == #"topics/t.yaml:3:3: at spec: missing required key "partitions""#)
        #expect(error.kind == .missingKey("partitions"))
    }

    @Test("a missing key at the root points at the document's start") func missingKeyAtTheRoot() throws {
        let error = try error("spec: {partitions: 1}\n")
        #expect(error.description == #"topics/t.yaml:1:1: missing required key "name""#)
    }

    @Test("an unknown key points at the key and suggests") func unknownKeyPointsAtTheKeyAndSuggests() throws {
        let error = try error("""
            name: x
            spec:
              partitions: 3
              replicationFactr: 3
            """)
        #expect(error.description
            == #"topics/t.yaml:4:3: at spec.replicationFactr: unknown key "replicationFactr" (did you mean "replicationFactor"?)"#)
        #expect(error.kind == .unknownKey("replicationFactr", suggestion: "replicationFactor"))
    }

    @Test("a misspelt required key is reported as the misspelling") func misspeltRequiredKeyIsReportedAsTheMisspelling() throws {
        let text = "name: x\nspec:\n  partitons: 3\n"
        let strict = try error(text)
        #expect(strict.description == #"topics/t.yaml:3:3: at spec.partitons: unknown key "partitons" (did you mean "partitions"?)"#)
        let lenient = try error(text, strict: false)
        #expect(lenient.description == #"topics/t.yaml:3:3: at spec: missing required key "partitions""#)
    }

    @Test("an unknown key with nothing close has no suggestion") func unknownKeyWithoutSuggestion() throws {
        let error = try error("name: x\nspec: {partitions: 3}\ncolour: blue\n")
        #expect(error.description == #"topics/t.yaml:3:1: at colour: unknown key "colour""#)
    }

    @Test("the first unknown key in document order is reported") func firstUnknownKeyInDocumentOrder() throws {
        let error = try error("name: x\nzzz: 1\nspec: {partitions: 3, aaa: 2}\n")
        #expect(error.path == ["zzz"])
    }

    @Test("keys of dictionaries are never unknown") func keysOfDictionariesAreNeverUnknown() throws {
        _ = try error("name: x\nspec: {partitions: 3, configs: {a: b}}\nbad: 1\n")
        let topic = try YAMLDecoder(rejectUnknownKeys: true).decode(
            Topic.self, from: "name: x\nspec: {partitions: 3, configs: {anything: goes}}\n")
        #expect(topic.spec.configs == ["anything": "goes"])
    }

    @Test("an out-of-range integer names the type's range") func outOfRangeInteger() throws {
        let error = try error("name: x\nspec: {partitions: 1, replicationFactor: 40000}\n")
        #expect(error.description
            == "topics/t.yaml:2:42: at spec.replicationFactor: 40000 is out of range for Int16 (-32768...32767)")
    }

    @Test("a bad enum value lists the cases") func badEnumValueListsTheCases() throws {
        let error = try error("name: x\nspec: {partitions: 1, key: partition}\n")
        #expect(error.description
            == #"topics/t.yaml:2:28: at spec.key: expected one of server, cluster, found "partition""#)
    }

    @Test("errors thrown by a type get a location") func errorsThrownByATypeGetALocation() throws {
        struct Positive: Decodable {
            var value: Int
            init(from decoder: any Decoder) throws {
                value = try decoder.singleValueContainer().decode(Int.self)
                if value <= 0 {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "must be positive"))
                }
            }
        }
        let error = try #require(throws: YAMLError.self) {
            try YAMLDecoder().decode([String: Positive].self, from: "a: 1\nb: -2\n", file: "p.yaml")
        }
        #expect(error.description == "p.yaml:2:4: at b: must be positive")
    }

    @Test("other errors thrown by a type get a location") func otherErrorsThrownByATypeGetALocation() throws {
        struct Failure: Error, CustomStringConvertible { var description: String { "no good" } }
        struct Fails: Decodable {
            init(from decoder: any Decoder) throws { throw Failure() }
        }
        let error = try #require(throws: YAMLError.self) {
            try YAMLDecoder().decode([Fails].self, from: "- 1\n", file: "p.yaml")
        }
        #expect(error.description == "p.yaml:1:3: at [0]: no good")
    }

    @Test("a syntax error uses the problem mark") func syntaxErrorUsesTheProblemMark() throws {
        let error = try error("name: x\nspec:\n  partitions: 1\n bad: [\n")
        guard case .syntax = error.kind else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(error.file == "topics/t.yaml")
        #expect(error.mark?.line == 4)
        #expect(error.description.hasPrefix("topics/t.yaml:4:"))
    }

    @Test("a syntax error mentions the context") func syntaxErrorMentionsTheContext() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser().parse("a: 1\nb: [1, 2\nc: 3\n", file: "s.yaml")
        }
        #expect(error.description.hasPrefix("s.yaml:"))
        #expect(error.description.contains("while parsing a flow sequence at 2:4"))
    }

    @Test("a duplicate key is an error") func duplicateKey() throws {
        let error = try error("name: x\nspec:\n  partitions: 1\n  partitions: 2\n")
        #expect(error.description == #"topics/t.yaml:4:3: at spec.partitions: duplicate key "partitions""#)
    }

    @Test("a boolean other than true or false is an error") func booleanMismatch() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAMLDecoder().decode([String: Bool].self, from: "enabled: yes\n")
        }
        #expect(error.description == #"1:10: at enabled: expected a boolean (true or false), found "yes""#)
    }

    @Test("a sequence too short for a tuple is an error") func sequenceTooShortForATuple() throws {
        struct Pair: Decodable {
            var a: Int
            var b: Int
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                a = try container.decode(Int.self)
                b = try container.decode(Int.self)
            }
        }
        let error = try #require(throws: YAMLError.self) { try YAMLDecoder().decode(Pair.self, from: "[1]") }
        #expect(error.description == "1:1: expected more than 1 elements")
    }
}
