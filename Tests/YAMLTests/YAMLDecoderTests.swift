import Testing
import YAML

@Suite("the strict YAML decoder") struct YAMLDecoderTests {
    struct Scalars: Decodable, Equatable {
        var string: String
        var quotedNumber: String
        var bool: Bool
        var int: Int
        var int8: Int8
        var int16: Int16
        var int32: Int32
        var int64: Int64
        var uint: UInt
        var uint8: UInt8
        var uint16: UInt16
        var uint32: UInt32
        var uint64: UInt64
        var hex: Int
        var octal: Int
        var binary: UInt8
        var underscores: Int
        var double: Double
        var exponent: Double
        var intAsDouble: Double
        var float: Float
        var infinity: Double
        var present: String?
        var null: String?
        var tilde: Int?
        var empty: Bool?
    }

    @Test("every scalar kind decodes") func allScalarKinds() throws {
        let value = try YAMLDecoder().decode(Scalars.self, from: """
            string: hello world
            quotedNumber: "12"
            bool: True
            int: -42
            int8: -128
            int16: 32767
            int32: -2147483648
            int64: 9223372036854775807
            uint: 18446744073709551615
            uint8: 255
            uint16: 65535
            uint32: 4294967295
            uint64: 0xFFFFFFFFFFFFFFFF
            hex: 0x1F
            octal: 0o17
            binary: 0b1010
            underscores: 604_800_000
            double: -1.5
            exponent: 6.02e23
            intAsDouble: 3
            float: 0.25
            infinity: -.inf
            present: "x"
            null: null
            tilde: ~
            empty:
            """)
        #expect(value == Scalars(
            string: "hello world", quotedNumber: "12", bool: true, int: -42, int8: -128, int16: 32767,
            int32: -2_147_483_648, int64: .max, uint: .max, uint8: 255, uint16: 65535, uint32: .max, uint64: .max,
            hex: 31, octal: 15, binary: 10, underscores: 604_800_000, double: -1.5, exponent: 6.02e23,
            intAsDouble: 3, float: 0.25, infinity: -.infinity, present: "x", null: nil, tilde: nil, empty: nil))
    }

    @Test("NaN decodes") func nanDecodes() throws {
        #expect(try YAMLDecoder().decode(Double.self, from: ".nan").isNaN)
    }

    @Test("plain scalars decode as strings when asked for") func plainScalarsDecodeAsStringsWhenAskedFor() throws {
        #expect(try YAMLDecoder().decode([String].self, from: "[12, true, 1.5, abc]") == ["12", "true", "1.5", "abc"])
    }

    @Test("top-level scalars and collections decode") func topLevelScalarsAndCollections() throws {
        #expect(try YAMLDecoder().decode(Int.self, from: "7") == 7)
        #expect(try YAMLDecoder().decode(Int?.self, from: "") == nil)
        #expect(try YAMLDecoder().decode([Int].self, from: "- 1\n- 2\n") == [1, 2])
        #expect(try YAMLDecoder().decode([Int?].self, from: "[1, ~, 3]") == [1, nil, 3])
        #expect(try YAMLDecoder().decode([String: Int].self, from: "a: 1\nb: 2\n") == ["a": 1, "b": 2])
        #expect(try YAMLDecoder().decode([[String]].self, from: "[[a], [b, c], []]") == [["a"], ["b", "c"], []])
    }

    enum Color: String, Decodable, CaseIterable { case red, green }
    enum Level: Int, Decodable { case low = 1, high = 2 }

    struct Nested: Decodable, Equatable {
        struct Spec: Decodable, Equatable {
            var partitions: Int
            var configs: [String: String]
            var tags: [String]
        }
        var name: String
        var color: Color
        var level: Level
        var spec: Spec
        var items: [Spec]?
    }

    @Test("nested types and enums decode") func nestingAndEnums() throws {
        let value = try YAMLDecoder(rejectUnknownKeys: true).decode(Nested.self, from: """
            name: power.events
            color: green
            level: 2
            spec:
              partitions: 12
              configs:
                retention.ms: 604800000
                cleanup.policy: delete
              tags: [a, b]
            items:
              - partitions: 1
                configs: {}
                tags: []
            """)
        #expect(value == Nested(
            name: "power.events", color: .green, level: .high,
            spec: .init(partitions: 12, configs: ["retention.ms": "604800000", "cleanup.policy": "delete"], tags: ["a", "b"]),
            items: [.init(partitions: 1, configs: [:], tags: [])]))
    }

    @Test("anchors decode") func anchorsDecode() throws {
        let value = try YAMLDecoder().decode([String: [String: Int]].self, from: """
            base: &base {a: 1, b: 2}
            copy: *base
            """)
        #expect(value["copy"] == ["a": 1, "b": 2])
    }

    struct Settings: Decodable {
        var name: String
        var partitions: Int
        var extra: String?
    }

    @Test("lenient mode ignores unknown keys") func lenientModeIgnoresUnknownKeys() throws {
        let value = try YAMLDecoder().decode(Settings.self, from: "name: x\npartitions: 1\nother: 2\n")
        #expect(value.partitions == 1)
    }

    @Test("user info is passed through") func userInfoIsPassedThrough() throws {
        struct ReadsInfo: Decodable {
            var flag: Bool
            init(from decoder: any Decoder) throws {
                flag = decoder.userInfo[CodingUserInfoKey(rawValue: "flag")!] as? Bool ?? false
            }
        }
        let decoder = YAMLDecoder(userInfo: [CodingUserInfoKey(rawValue: "flag")!: true])
        #expect(try decoder.decode(ReadsInfo.self, from: "{}").flag)
    }

    @Test("types see their own mark") func typesSeeTheirOwnMark() throws {
        struct Located: Decodable {
            var mark: YAMLMark?
            var file: String?
            init(from decoder: any Decoder) throws {
                mark = decoder.yamlMark
                file = decoder.yamlFile
            }
        }
        let value = try YAMLDecoder().decode([String: Located].self, from: "a:\n  b: 1\n", file: "x.yaml")
        #expect(value["a"]?.mark == YAMLMark(line: 2, column: 3))
        #expect(value["a"]?.file == "x.yaml")
    }
}
