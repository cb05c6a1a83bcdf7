import Events
import Foundation
import Lifecycle
import MaintenancedTesting
import Testing

/// The role runtime writes states to the changelog with `JSONValueEncoder` and reads them
/// back with `JSONValueDecoder`; changelogs written earlier by Foundation's `JSONEncoder`
/// must still restore. Every state reached by random input sequences goes through all four
/// combinations.
@Suite("Property-based: state coding")
struct StateCodingProperties {
    static func check<M: LifecycleMachine>(
        _ start: M, _ random: inout SeededGenerator, _ next: (M, Instant, inout SeededGenerator) -> (M.Input, Instant)
    ) -> String? {
        var machine = start
        for (input, time) in randomSequence(start, length: 60, &random, next) {
            _ = machine.handle(input, at: time)
            do {
                let ours = try JSONValueEncoder().encodeBytes(machine)
                let foundation = Array(try JSONEncoder().encode(machine))
                let decodedOurs = try JSONValueDecoder().decode(M.self, from: ours)
                let foundationReadsOurs = try JSONDecoder().decode(M.self, from: Data(ours))
                let oursReadsFoundation = try JSONValueDecoder().decode(M.self, from: foundation)
                for (name, decoded) in [("round trip", decodedOurs), ("Foundation reading ours", foundationReadsOurs), ("ours reading Foundation", oursReadsFoundation)] {
                    guard restore(decoded, settingsFrom: machine) == machine else { return "\(M.self) \(name) differs: \(String(decoding: ours, as: UTF8.self))" }
                }
                guard try JSONParser().parse(ours).sortingMembers == JSONParser().parse(foundation).sortingMembers else {
                    return "\(M.self) JSON differs from Foundation's: \(String(decoding: ours, as: UTF8.self)) vs \(String(decoding: foundation, as: UTF8.self))"
                }
            } catch {
                return "\(M.self): \(error)"
            }
        }
        return nil
    }

    @Test("every state encodes to the JSON Foundation writes, and both decoders read both back to the same state")
    func roundTrips() {
        forAllSeeds(60) { random in
            Self.check(Scheduler(settings: SchedulerProperties.settings, power: .on), &random, randomInput)
                ?? Self.check(Orchestrator(settings: OrchestratorProperties.settings, clusterID: "c1", server: .ready), &random, randomInput)
                ?? Self.check(PowerController(settings: PowerController.Settings(signOfLifeTimeout: .minutes(5))), &random, randomInput)
        }
    }
}
