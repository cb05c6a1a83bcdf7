import Testing

@testable import Lifecycle

/// A role's settings are the same for every server, and a state holds them as one shared value
/// (`SharedValue`), not inline: at a million tracked servers an inline copy each cost about a
/// tenth of the memory per server (BENCHMARKS.md, session 40).
@Suite("States share their role's settings instead of holding a copy each")
struct SharedSettingsTests {
    @Test("a state's settings take one reference in it, whatever the settings hold")
    func settingsAreAReference() {
        #expect(MemoryLayout<SharedValue<MaintenanceScheduler.Settings>>.size == MemoryLayout<Int>.size)
        #expect(MemoryLayout<SharedValue<PowerController.Settings>>.size == MemoryLayout<Int>.size)
        #expect(MemoryLayout<SharedValue<UpdateOrchestrator.Settings>>.size == MemoryLayout<Int>.size)
        #expect(MemoryLayout<MaintenanceScheduler.Settings>.size > 4 * MemoryLayout<Int>.size, "the settings themselves are larger")
    }

    @Test("settings set on a state are read back, change nothing else, and compare by value")
    func valueSemantics() {
        var custom = PowerController.Settings()
        custom.installOffConfirmation = nil
        var power = PowerController()
        let before = power
        power.settings = custom
        #expect(power.settings == custom && power.settings.installOffConfirmation == nil)
        #expect(before.settings == PowerController.Settings(), "the copy taken before keeps its settings")
        #expect(power != before)
        power.settings = PowerController.Settings()
        #expect(power == before, "equal settings in separate values compare equal")
        #expect(SharedValue(custom) == SharedValue(custom) && SharedValue(custom).hashValue == SharedValue(custom).hashValue)
    }
}
