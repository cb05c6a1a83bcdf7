import Events
import Foundation
import MaintenancedTesting

/// Validates JSON instances against the committed schema files with an independent
/// validator: python-jsonschema (draft 2020-12), which check-jsonschema is built on.
enum SchemaValidator {
    struct Case {
        var schemaFile: String
        var instance: JSONValue
        var label: String
    }

    /// The labels of the cases that failed validation, with the validator's message.
    static func failures(_ cases: [Case]) async throws -> [String: String] {
        // One file with every case, its instance inline: a file per case, each written
        // atomically (and so flushed to the disk), held a thread of the test pool for seconds.
        let listFile = FileManager.default.temporaryDirectory.appendingPathComponent("schema-check-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: listFile) }
        let list: [JSONValue] = cases.map { item in
            ["schema": .string(RepositoryFiles.url("topics/schemas/" + item.schemaFile).path), "instance": item.instance, "label": .string(item.label)]
        }
        try JSONWriter.string(.array(list)).write(to: listFile, atomically: false, encoding: .utf8)
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator, FormatChecker
            failures = {}
            for case in json.load(open(sys.argv[1])):
                schema = json.load(open(case["schema"]))
                Draft202012Validator.check_schema(schema)
                errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(case["instance"]))
                if errors:
                    failures[case["label"]] = errors[0].message
            json.dump(failures, sys.stdout)
            """
        let run = try await ChildProcess.run(["python3", "-c", script, listFile.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        guard run.status == 0 else {
            throw ValidatorError(message: "python3 jsonschema failed (install it with scripts/setup): \(run.errors)")
        }
        guard case .object(let object) = try JSONParser().parse(Array(run.output.utf8)) else { return [:] }
        var result: [String: String] = [:]
        for member in object.members { result[member.key] = member.value.stringValue ?? "" }
        return result
    }

    struct ValidatorError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
