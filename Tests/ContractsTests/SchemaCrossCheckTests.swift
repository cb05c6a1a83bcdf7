import Events
import Testing

@testable import Contracts

@Suite("JSON Schemas, checked by an independent validator")
struct SchemaCrossCheckTests {
    @Test("every example is valid against its committed schema, and broken ones are not")
    func examples() async throws {
        var cases = EventCatalog.all.map { SchemaValidator.Case(schemaFile: $0.schemaFileName, instance: $0.example, label: $0.type) }
        // Controls: the validator must reject these, or this test proves nothing.
        let requested = EventCatalog.entry(for: EventName.maintenanceRequested)!
        cases.append(.init(schemaFile: requested.schemaFileName, instance: ["namespace": "ops"], label: "control: missing members"))
        cases.append(.init(schemaFile: requested.schemaFileName, instance: ["namespace": "ops", "name": "n", "type": "t", "extra": 1], label: "control: unknown member"))
        let failures = try await SchemaValidator.failures(cases)
        #expect(failures.keys.sorted() == ["control: missing members", "control: unknown member"], "\(failures)")
    }
}
