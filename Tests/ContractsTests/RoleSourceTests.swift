import Contracts
import Events
import Lifecycle
import Testing

@Suite struct RoleSourceTests {
    @Test func eachRoleNamesItselfAsSource() {
        for role in Role.allCases {
            #expect(role.source == "/maintenanced/\(role.rawValue)")
            #expect(Role(source: role.source) == role)
        }
    }

    @Test func schemaIDFollowsTheType() throws {
        var entry = try #require(EventCatalog.entry(for: EventName.maintenanceRequested))
        #expect(entry.schemaID == EventType.schemaBase + EventName.maintenanceRequested + ".json")
        entry.type = "dev.maintenanced.other"
        #expect(entry.schemaID == EventType.schemaBase + "dev.maintenanced.other.json")
    }
}
