import Contracts
import Events
import Lifecycle
import Processor
import Testing

/// A state that cannot be encoded stops the changelog write with an error naming it,
/// instead of being left out (which would put the changelog behind the outputs sent).
@Suite("A state the changelog cannot hold is an error, not a silent gap")
struct StateEncodingTests {
    /// A state whose encoding always fails.
    struct Unencodable: ChangelogState {
        init() {}
        init(changelogValue value: [UInt8]) throws { self.init() }
        func changelogValue() throws -> [UInt8] {
            throw EncodingError.invalidValue(0, .init(codingPath: [], debugDescription: "this state never encodes"))
        }
    }

    /// Takes every maintenance request into an unencodable state.
    struct Logic: RoleLogic {
        var role: Role { .scheduler }
        var inputTopics: [String] { [TopicName.maintenanceRequests] }
        var changelogTopic: String { TopicName.changelog(of: .scheduler) }
        var takesTicks: Bool { false }
        func step(_ event: InboundEvent, state: inout Unencodable?, at now: Instant) throws(EventDecodingError) -> StepOutcome {
            state = Unencodable()
            return .applied([])
        }
        func tick(key: String, state: inout Unencodable, at now: Instant) -> [OutgoingEvent] { [] }
        func nextDeadline(of state: Unencodable, after now: Instant) -> Instant? { nil }
        func configure(_ state: inout Unencodable) {}
    }

    @Test("takeChangelog throws StateEncodingError naming the changelog, partition and key")
    func throwsNamingTheKey() throws {
        let key = "server-7"
        let partition = Partitioner.partition(of: key, count: 12)
        var engine = RoleEngine(role: .scheduler, logics: [Logic()], partitionCounts: [TopicName.maintenanceRequests: 12], consumerName: "encoding-test")
        let event = OutgoingEvent(EventName.maintenanceRequested, key: key, ["namespace": "ops", "name": "m", "type": "BIOSUpdate"])
        let message = CloudEventCodec().encode(event.cloudEvent(id: "in-1", source: "/tests", time: 1_000), key: key)
        var log = RoleLogWriter()
        #expect(log.fold(&engine, message, topic: TopicName.maintenanceRequests, partition: partition, offset: 0, time: 1_000).isEmpty)
        let error = #expect(throws: StateEncodingError.self) { try engine.takeChangelog() }
        #expect(error?.key == key)
        #expect(error?.partition == partition)
        #expect(error?.changelog == TopicName.changelog(of: .scheduler))
        #expect(error?.description.contains("never encodes") == true)
    }
}
