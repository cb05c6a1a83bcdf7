import Contracts
import Events
import Lifecycle
import MaintenancedTesting
import Testing

/// The changelog codec reads back what it writes, on random states, and reads the values
/// older builds wrote through Codable (`JSONValueEncoder`, Foundation's `JSONEncoder`) unchanged.
@Suite("Changelog values: written and read by the codec, as older builds wrote them through Codable")
struct ChangelogStateTests {
    /// The seeded generator, so a failing seed can be run again.
    typealias Random = SeededGenerator

    static let texts = ["", "ops", "m-1", "quote \" and \\ back", "line\nfeed\ttab\r", "\u{01}\u{1F}", "é ü ß", "😀 emoji", "sep \u{2028}\u{2029}", "/slash"]

    static func text(_ random: inout Random) -> String { texts.randomElement(using: &random)! }
    static func maybe<T>(_ random: inout Random, _ make: (inout Random) -> T) -> T? { Bool.random(using: &random) ? make(&random) : nil }
    static func int(_ random: inout Random) -> Int { [0, 1, -1, Int.max, Int.min, Int.random(in: -1_000_000...1_000_000, using: &random)].randomElement(using: &random)! }
    static func instant(_ random: inout Random) -> Instant { Instant(millisecondsSinceEpoch: Int64(int(&random))) }
    static func pick<T: CaseIterable>(_ random: inout Random) -> T { Array(T.allCases).randomElement(using: &random)! }
    static func id(_ random: inout Random) -> MaintenanceID { MaintenanceID(namespace: text(&random), name: text(&random)) }
    static func wait<Step: CaseIterable>(_ random: inout Random) -> Wait<Step> {
        Wait(step: pick(&random), attempt: int(&random), deadline: instant(&random), refusal: maybe(&random, text))
    }
    static func condition(_ random: inout Random) -> ServerCondition { ServerCondition.all.randomElement(using: &random)! }
    static func powerRequest(_ random: inout Random) -> PowerRequest { PowerRequest(pick(&random), by: pick(&random), id: text(&random)) }

    static func scheduler(_ random: inout Random) -> MaintenanceScheduler {
        let queue = (0..<Int.random(in: 0...3, using: &random)).map { _ in
            ServerMaintenance(
                request: MaintenanceRequest(
                    id: id(&random), type: text(&random), priority: int(&random), policy: pick(&random),
                    bootConfiguration: maybe(&random, text), power: pick(&random)),
                arrival: int(&random), status: pick(&random))
        }
        return MaintenanceScheduler(
            claim: maybe(&random) { Claim(okToMaintenance: Bool.random(using: &$0)) }, operational: pick(&random), power: pick(&random),
            powerBefore: pick(&random), queue: queue, phase: pick(&random), wait: maybe(&random, wait), current: maybe(&random, id),
            outcome: maybe(&random, pick), outcomeReason: maybe(&random, text), approvalAskedFor: maybe(&random, id),
            leaseRequestID: maybe(&random, text), powerRequestID: maybe(&random, text), sequence: int(&random), powerSequence: maybe(&random, int),
            unansweredPower: (0..<Int.random(in: 0...2, using: &random)).map { _ in int(&random) },
            finished: (0..<Int.random(in: 0...4, using: &random)).map { _ in Int64(int(&random)) })
    }

    static func power(_ random: inout Random) -> PowerController {
        PowerController(
            condition: condition(&random), desiredPower: pick(&random), observedPower: pick(&random),
            operation: maybe(&random) {
                PowerController.Operation(
                    request: powerRequest(&$0), wait: wait(&$0), sequence: int(&$0), bootAtStart: maybe(&$0, text),
                    carriedOut: Array(1...Int.random(in: 1...3, using: &$0)).dropLast(Int.random(in: 0...1, using: &$0)).map { $0 })
            },
            signOfLifeDeadline: maybe(&random, instant), updateCycle: maybe(&random, text), finished: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                PowerController.Finished(request: powerRequest(&random), completed: Bool.random(using: &random), sequence: int(&random))
            },
            statusSequence: maybe(&random, int) ?? 0, updateRequest: maybe(&random, text), newestUpdateCycle: maybe(&random, text),
            newestUpdateRequest: maybe(&random, text), updateDeadline: maybe(&random, instant),
            boots: (0..<Int.random(in: 0...3, using: &random)).map { _ in text(&random) }, bootEnded: Bool.random(using: &random),
            updateBoot: maybe(&random, text), offDeadline: maybe(&random, instant))
    }

    static func update(_ random: inout Random) -> UpdateOrchestrator {
        UpdateOrchestrator(
            clusterID: maybe(&random, text), server: condition(&random), updateAvailable: Bool.random(using: &random),
            requiresReboot: Bool.random(using: &random), maintenance: pick(&random), lease: pick(&random), slot: pick(&random),
            wait: maybe(&random, wait),
            failure: maybe(&random) { UpdateOrchestrator.Failure(step: pick(&$0), reason: text(&$0), installMayRun: maybe(&$0) { Bool.random(using: &$0) }) },
            sequence: int(&random), leaseSequence: int(&random), powerRequestID: maybe(&random, text), installAttempts: maybe(&random, int),
            incusRequestID: maybe(&random, text), statusSequence: maybe(&random, int),
            // Every member the changelog keeps, also those written only when set: one the codec left out fails here.
            earlierInstallMayRun: maybe(&random) { _ in true }, incusAttempts: maybe(&random) { Int.random(in: 1...9, using: &$0) },
            nextUpdateAnnounced: maybe(&random) { _ in true }, rebootAttempts: maybe(&random) { Int.random(in: 1...9, using: &$0) },
            rebootRounds: maybe(&random) { Int.random(in: 2...9, using: &$0) }, installStarted: maybe(&random) { _ in true },
            slotRequests: maybe(&random) { Int.random(in: 1...9, using: &$0) }, leaseRequests: maybe(&random) { Int.random(in: 1...9, using: &$0) },
            powerRequestRebootSeen: maybe(&random) { _ in true }, retriedInstallRequestUnread: maybe(&random) { _ in true },
            givenUpRequests: maybe(&random) { random in (1...Int.random(in: 1...3, using: &random)).map { _ in text(&random) } })
    }

    static func rollout(_ random: inout Random) -> ClusterRollout {
        func slots(_ random: inout Random) -> [ClusterRollout.Slot] {
            (0..<Int.random(in: 0...3, using: &random)).map { _ in ClusterRollout.Slot(member: text(&random), requestID: maybe(&random, text)) }
        }
        return ClusterRollout(maxUnavailable: int(&random), holding: slots(&random), waiting: slots(&random))
    }

    /// Checks one state: the codec reads back what it wrote, to the same state (a member it left
    /// out or misread differs), and writes that again byte for byte (one form per state); it also
    /// reads the value as Foundation's `JSONEncoder` wrote changelogs before (every `/` escaped).
    /// Returns whether the value had a `/` to escape.
    @discardableResult
    static func check<State: ChangelogState & Equatable>(_ state: State) throws -> Bool {
        let value = try state.changelogValue()
        let read = try State(changelogValue: value)
        #expect(read == state, "\(String(decoding: value, as: UTF8.self))")
        #expect(try read.changelogValue() == value)
        // Outside strings JSON has no `/`: escaping every one escapes those in strings.
        let escaped = value.flatMap { $0 == UInt8(ascii: "/") ? [UInt8(ascii: "\\"), $0] : [$0] }
        #expect(try State(changelogValue: escaped) == state)
        return escaped != value
    }

    @Test("every random state reads back from its changelog value, escaped or not, and is written again to the same bytes")
    func randomStates() throws {
        var slashes = 0
        for seed in 1...300 as ClosedRange<UInt64> {
            var random = Random(seed: seed)
            let escaped = [
                try Self.check(Self.scheduler(&random)), try Self.check(Self.power(&random)),
                try Self.check(Self.update(&random)), try Self.check(Self.rollout(&random)),
            ]
            slashes += escaped.filter { $0 }.count
        }
        // The escaped form was read for real.
        #expect(slashes > 100)
    }

    @Test("a changelog value written before the hand-written codec restores unchanged")
    func oldValuesRestore() throws {
        // As JSONValueEncoder wrote them through Codable before this codec.
        let scheduler = #"{"claim":{"okToMaintenance":true},"operational":"maintenance","power":"off","powerBefore":"on","queue":[{"request":{"id":{"namespace":"ops","name":"bios"},"type":"BIOSUpdate","priority":2,"policy":"enforced","bootConfiguration":"pxe","power":"off"},"arrival":1,"status":"inMaintenance"}],"phase":"inMaintenance","wait":{"step":"inMaintenance","attempt":1,"deadline":1700000000000},"current":{"namespace":"ops","name":"bios"},"sequence":3,"powerSequence":2}"#
        let restored = try MaintenanceScheduler(changelogValue: Array(scheduler.utf8))
        #expect(restored.phase == .inMaintenance)
        #expect(restored.queue.first?.request.bootConfiguration == "pxe")
        #expect(restored.wait?.deadline == Instant(millisecondsSinceEpoch: 1_700_000_000_000))
        #expect(try restored.changelogValue() == Array(scheduler.utf8))

        let power = #"{"condition":{"status":"offline","detail":"rebooting"},"desiredPower":"on","observedPower":"on","operation":{"request":{"kind":"reboot","requester":"updateOrchestrator","id":"r-1"},"wait":{"step":"rebooting","attempt":2,"deadline":5},"sequence":4},"statusSequence":9}"#
        let restoredPower = try PowerController(changelogValue: Array(power.utf8))
        #expect(restoredPower.condition == .rebooting)
        #expect(restoredPower.statusSequence == 9)
        #expect(try restoredPower.changelogValue() == Array(power.utf8))
        // Before `finished`: the one command carried out last, kept as its requester's, carried out.
        let withLast = #"{"condition":{"status":"ready","detail":"none"},"desiredPower":"on","observedPower":"on","lastCompleted":{"kind":"reboot","requester":"updateOrchestrator","id":"update-1-reboot"},"statusSequence":3}"#
        let restoredLast = try PowerController(changelogValue: Array(withLast.utf8))
        let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")
        #expect(restoredLast.finished == [PowerController.Finished(request: reboot, completed: true, sequence: 0)])
        var machine = restoredLast
        #expect(throws: Rejection.duplicate("power request update-1-reboot (already completed)")) { try machine.step(.command(reboot), at: Instant(millisecondsSinceEpoch: 10)) }

        let update = #"{"clusterID":"c1","server":{"status":"ready","detail":"updating"},"updateAvailable":true,"requiresReboot":false,"maintenance":"notInMaintenance","lease":"held","slot":"none","failure":{"step":"update","reason":"disk \"full\"","installMayRun":true},"sequence":2,"leaseSequence":1}"#
        let restoredUpdate = try UpdateOrchestrator(changelogValue: Array(update.utf8))
        #expect(restoredUpdate.failure?.reason == "disk \"full\"")
        #expect(restoredUpdate.installAttempts == 0)
        #expect(try restoredUpdate.changelogValue() == Array(update.utf8))

        // An older build wrote `installAttempts` (and, restoring, `incusAttempts`) also at 0: read as 0, written without
        // them, as every member added after `statusSequence` is left out at its default.
        let withDefaults = #"{"clusterID":"c1","server":{"status":"ready","detail":"none"},"updateAvailable":false,"requiresReboot":false,"maintenance":"notInMaintenance","lease":"none","slot":"none","sequence":2,"leaseSequence":1,"installAttempts":0,"statusSequence":4,"incusAttempts":0,"rebootRounds":0,"installStarted":false,"givenUpRequests":[]}"#
        let restoredDefaults = try UpdateOrchestrator(changelogValue: Array(withDefaults.utf8))
        #expect(restoredDefaults.installAttempts == 0 && restoredDefaults.incusAttempts == 0 && restoredDefaults.givenUpRequests.isEmpty)
        #expect(restoredDefaults == (try UpdateOrchestrator(changelogValue: try restoredDefaults.changelogValue())))
        #expect(String(decoding: try restoredDefaults.changelogValue(), as: UTF8.self)
            == #"{"clusterID":"c1","server":{"status":"ready","detail":"none"},"updateAvailable":false,"requiresReboot":false,"maintenance":"notInMaintenance","lease":"none","slot":"none","sequence":2,"leaseSequence":1,"statusSequence":4}"#)
        let counted = #"{"server":{"status":"ready","detail":"none"},"updateAvailable":false,"requiresReboot":false,"maintenance":"notInMaintenance","lease":"held","slot":"none","sequence":2,"leaseSequence":2,"installAttempts":2,"givenUpRequests":["update-2-evacuation-1"]}"#
        #expect(try UpdateOrchestrator(changelogValue: Array(counted.utf8)).changelogValue() == Array(counted.utf8))

        let rollout = #"{"maxUnavailable":2,"holders":["a"],"queue":["b","c"]}"#
        #expect(try ClusterRollout(changelogValue: Array(rollout.utf8)) == ClusterRollout(maxUnavailable: 2, holders: ["a"], queue: ["b", "c"]))
    }

    @Test("members in another order, unknown members and whitespace are read, as Codable read them")
    func lenientAsCodable() throws {
        let value = #" { "queue" : [ "x" ] , "extra" : {"a":[1,2.5e3,null,true,"\u00e9"]}, "holders":[], "maxUnavailable" : 1 } "#
        #expect(try ClusterRollout(changelogValue: Array(value.utf8)) == ClusterRollout(maxUnavailable: 1, holders: [], queue: ["x"]))
    }

    @Test("a value missing a member, of the wrong type, truncated or not UTF-8 is an error naming where")
    func badValues() {
        for bad in [#"{"holders":[],"queue":[]}"#, #"{"maxUnavailable":"1","holders":[],"queue":[]}"#, #"{"maxUnavailable":1,"holders":["#,
                    #"{"maxUnavailable":1.5,"holders":[],"queue":[]}"#, #"{"maxUnavailable":1,"holders":[],"queue":[]} x"#] {
            #expect(throws: ChangelogDecodingError.self) { try ClusterRollout(changelogValue: Array(bad.utf8)) }
        }
        #expect(throws: ChangelogDecodingError.self) { try ClusterRollout(changelogValue: Array(#"{"maxUnavailable":1,"holders":[""#.utf8) + [0xFF, 0x22, 0x5D, 0x7D]) }
        #expect(throws: ChangelogDecodingError.self) {
            try PowerController(changelogValue: Array(#"{"condition":{"status":"ready","detail":"rebooting"},"desiredPower":"on","observedPower":"on"}"#.utf8))
        }
    }
}
