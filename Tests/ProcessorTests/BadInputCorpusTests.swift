import Contracts
import Events
import Lifecycle
import Processor
import Testing

@Suite("Bad input corpus: every malformed or misfit event is accounted for and changes nothing")
struct BadInputCorpusTests {
    static func summary(_ records: [OutgoingRecord]) -> String {
        records.map { "\($0.topic) \($0.message.header("ce_type") ?? "") \($0.message.header(DeadLetter.Header.reason) ?? "")" }
            .joined(separator: "; ")
    }

    @Test("the corpus covers every dead-letter reason and every kind of misfit")
    func coverage() {
        for role in Role.allCases {
            let reasons = Set(BadInputCorpus.malformed(for: role).compactMap { input -> String? in
                guard case .deadLetter(let reason) = input.expectation else { return nil }
                return reason
            })
            #expect(reasons == BadInputCorpus.reasons, "\(role)")
            #expect(BadInputCorpus.wrong(for: role).map(\.name) == ["unknown-server", "late", "duplicated", "out-of-order"])
        }
    }

    @Test("each bad input yields exactly its dead letter or rejection; the run ends as the clean run", arguments: Role.allCases)
    func mixedRun(role: Role) throws {
        var clean = EngineRun(role: role)
        try clean.run(BadInputCorpus.valid(for: role))
        #expect(clean.effects.count >= BadInputCorpus.valid(for: role).count / 2, "the valid sequence does something: \(clean.outputs.map(Self.summary))")
        #expect(clean.effects.count == clean.outputs.joined().count, "the valid sequence has no rejections: \(clean.outputs.map(Self.summary))")

        let inputs = BadInputCorpus.mixed(for: role)
        var mixed = EngineRun(role: role)
        try mixed.run(inputs)

        var deadLetters = 0
        var rejections = 0
        for (input, records) in zip(inputs, mixed.outputs) {
            switch input.expectation {
            case .valid:
                #expect(!records.contains { $0.topic == TopicName.deadLetter }, "\(input.name)")
            case .deadLetter(let reason):
                #expect(records.count == 1, "\(role) \(input.name): \(Self.summary(records))")
                guard let letter = records.first, records.count == 1 else { continue }
                #expect(letter.topic == TopicName.deadLetter, "\(role) \(input.name)")
                #expect(letter.message.header(DeadLetter.Header.reason) == reason, "\(role) \(input.name): \(letter.message.header(DeadLetter.Header.error) ?? "")")
                if input.message.value.count > DeadLetter.maxValueBytes {
                    #expect(letter.message.value == Array(input.message.value.prefix(DeadLetter.maxValueBytes)), "\(input.name): prefix kept")
                    #expect(letter.message.header(DeadLetter.Header.truncated) == "true")
                    #expect(letter.message.header(DeadLetter.Header.originalSize) == String(input.message.value.count))
                } else {
                    #expect(letter.message.value == input.message.value, "\(input.name): original bytes kept")
                }
                #expect(letter.message.key == input.message.key)
                // The event as it was on its topic: its own headers kept, none of the role log's.
                #expect(!letter.message.headers.contains { $0.name.hasPrefix("mtd-") }, "\(input.name): \(letter.message.headers.map(\.name))")
                for header in input.message.headers { #expect(letter.message.headers.contains(header), "\(input.name): \(header.name) kept") }
                #expect(letter.message.header(DeadLetter.Header.topic) == input.topic)
                deadLetters += 1
            case .rejected(let eventID):
                #expect(records.count == 1, "\(role) \(input.name): \(Self.summary(records))")
                guard let answer = records.first, records.count == 1 else { continue }
                #expect(answer.topic != TopicName.deadLetter, "\(role) \(input.name): \(answer.message.header(DeadLetter.Header.error) ?? "")")
                let event = try? CloudEventCodec().decode(answer.message)
                #expect(event?.type == EventName.transitionRejected, "\(role) \(input.name): \(Self.summary(records))")
                #expect(event?.data?["eventId"] == .string(eventID), "\(role) \(input.name)")
                #expect(event?.data?["role"] == .string(role.rawValue))
                rejections += 1
            }
        }
        #expect(deadLetters == BadInputCorpus.malformed(for: role).count)
        #expect(rejections == BadInputCorpus.wrong(for: role).count)
        // The same outputs; their ids follow the inputs' log positions, which the misfits shift.
        #expect(mixed.effects.map(\.withoutID) == clean.effects.map(\.withoutID), "the valid inputs have the same outputs")
        let ids = mixed.outputs.joined().filter { $0.topic != TopicName.deadLetter }.compactMap { $0.message.header("ce_id") }
        #expect(Set(ids).count == ids.count, "every output has an id of its own")
        #expect(mixed.states == clean.states, "the same states in the changelog")
        // A misfit for an unknown server may be the first event of its partition: that partition gets a
        // checkpoint, but no state (compared above); the partitions of the clean run keep their stream time.
        let cleanPartitions = Set(clean.streamTimes.values.flatMap(\.keys))
        let kept = mixed.streamTimes.mapValues { times in times.filter { cleanPartitions.contains($0.key) } }
        #expect(kept == clean.streamTimes, "the same stream time")
        #expect(!clean.states.isEmpty)
    }
}

extension OutgoingRecord {
    /// The record without its `ce_id` header, to compare outputs whatever the inputs' positions.
    var withoutID: OutgoingRecord {
        var record = self
        record.message.headers.removeAll { $0.name == "ce_id" }
        return record
    }
}
