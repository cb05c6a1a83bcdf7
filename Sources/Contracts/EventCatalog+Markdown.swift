import Events
import Lifecycle

extension EventCatalog {
    /// The catalogue as Markdown: docs/EVENTS.md is this text, checked by a test.
    public static func markdown() -> String {
        var text = """
            # Event catalogue

            Generated from `Sources/Contracts/EventCatalog*.swift` (the dead-letter reasons from
            `Sources/Events/DeadLetter+Reason.swift`) by `maintenanced events catalog`; a test fails
            when this file and the code differ.

            Every event is a [CloudEvents 1.0](https://github.com/cloudevents/spec) event on Kafka.
            maintenanced writes **binary content mode**: the attributes travel in `ce_*` headers
            (`ce_specversion`, `ce_id`, `ce_source`, `ce_type`, `ce_subject`, `ce_time`,
            `ce_dataschema`), the data is the JSON message value, and `content-type` is
            `application/json`. On input it also accepts **structured mode** (`content-type:
            application/cloudevents+json`, the whole event as one JSON object).

            - The Kafka **key** is the server id (`ce_subject` too), or the cluster id on
              `cluster.rollouts`. Produce with Kafka's murmur2 partitioner (the Java client's default;
              librdkafka and kcat: `-X partitioner=murmur2_random`): every event of a server must land
              on the same partition number of every topic. An input on the wrong partition is set aside.
            - Ids of events maintenanced emits are derived from the log position (topic, partition,
              offset, and the entry within a bundle) of the input that caused them, so a replayed input gives the same ids:
              consumers recognise duplicates by `ce_id`. Two copies of one event (the same `ce_id`
              sent twice) sit at two positions, so the answer to the second copy has an id of its
              own. A role recognises a copy by what the event names, not by its `ce_id`, and its
              rejection code is what the state makes of it: `duplicate` for a request or fact
              already applied (a maintenance by namespace and name, also one of the last \(MaintenanceScheduler.finishedLimit)
              the server finished; a power command by its requester's `requestId`), `stale` for a
              copy of an answer whose request was answered since, `not-applicable` when the state
              moved past it. An event that names nothing (`update.available`,
              `update.retry.requested`) is taken again once the state allows it. See
              docs/PROTOCOL.md §3.
            - **Answers are matched to requests.** Every request maintenanced sends downstream
              carries a `requestId` (the OS-update install also a `cycleId`); the answer must echo
              it: `requestId` in BMC, Incus evacuation and restore answers (required: an answer
              without it is dead-lettered as a schema violation), `cycleId` and the install's
              `requestId` in the OS updater's `update.started`, `update.completed` and `update.failed`
              (`requestId` optional: without it a report counts only while the cycle asked for one
              install; once an attempt was retried it cannot be attributed and is `stale`). An answer that names a
              request or cycle other than the one outstanding (late, or of an attempt given up on)
              is answered with `transition.rejected`, code `stale`, and changes nothing; the step
              still waits for its own answer and is retried at its timeout. An update report with
              no `cycleId` moves the server status but counts for a cycle only while none runs (an
              update the server started on its own). See docs/PROTOCOL.md.
            - Input that cannot be read goes to `maintenanced.deadletter` unchanged (key, value,
              headers), with `dlq.reason`, `dlq.error`, `dlq.topic`, `dlq.partition`, `dlq.offset`,
              `dlq.time` and `dlq.consumer` headers added (a value over 900 000 bytes is cut to
              that size, with `dlq.truncated: true` and `dlq.original-size`; the whole original stays
              at its origin). The reasons are listed under
              [Topic `maintenanced.deadletter`](#topic-maintenanceddeadletter).
            - The JSON Schema (draft 2020-12) of each type's data is in `topics/schemas/<type>.json`;
              its URI is the event's `dataschema`.

            ## At a glance

            | type | topic | key | produced by | consumed by |
            |---|---|---|---|---|

            """
        for entry in all {
            text += "| [`\(entry.type)`](#\(anchor(entry.type))) | `\(entry.topic)` | \(entry.key.rawValue) id | \(entry.producers.joined(separator: ", ")) | \(entry.consumers.joined(separator: ", ")) |\n"
        }
        var topic = ""
        for entry in all {
            if entry.topic != topic {
                topic = entry.topic
                text += "\n## Topic `\(topic)`\n"
            }
            text += "\n### `\(entry.type)`\n\n\(entry.summary)\n\n"
            text += "- topic: `\(entry.topic)`, key: \(entry.key.rawValue) id\n"
            text += "- produced by: \(entry.producers.joined(separator: ", "))\n"
            text += "- consumed by: \(entry.consumers.joined(separator: ", "))\n"
            text += "- schema: [`topics/schemas/\(entry.schemaFileName)`](../topics/schemas/\(entry.schemaFileName))\n\n"
            if entry.schema.fields.isEmpty {
                text += "No data members (`{}`).\n"
            } else {
                text += "| member | type | required | meaning |\n|---|---|---|---|\n"
                for field in entry.schema.fields {
                    text += "| `\(field.name)` | \(describe(field.kind)) | \(field.required ? "yes" : "no") | \(field.summary) |\n"
                }
            }
            text += "\nExample data:\n\n```json\n\(JSONWriter.string(entry.example))\n```\n"
        }
        return text + deadLetterSection()
    }

    /// The dead-letter topic and every `DeadLetter.Reason`, with what it means.
    static func deadLetterSection() -> String {
        var text = """

            ## Topic `\(TopicName.deadLetter)`

            Input that cannot be read, set aside by the role that read it (`\(DeadLetter.Header.consumer)`),
            key, value and headers as they were. `\(DeadLetter.Header.reason)` is one of the reasons
            below, and so is the `reason` label of `maintenanced_dead_letters_total`, which is there
            at 0 for every reason from the start; `\(DeadLetter.Header.error)` says what was wrong in words.

            | `\(DeadLetter.Header.reason)` | what was wrong |
            |---|---|

            """
        for reason in DeadLetter.Reason.allCases {
            text += "| `\(reason.rawValue)` | \(reason.summary) |\n"
        }
        return text
    }

    static func anchor(_ type: String) -> String {
        String(type.filter { $0.isLetter || $0.isNumber || $0 == "-" })
    }

    static func describe(_ kind: EventSchema.Kind) -> String {
        switch kind {
        case .string: return "string"
        case .oneOf(let values): return values.map { "`\($0)`" }.joined(separator: " \\| ")
        case .integer(let minimum, let maximum):
            return minimum == .min && maximum == .max ? "integer" : "integer \(minimum)…\(maximum)"
        case .boolean: return "boolean"
        case .timestamp: return "RFC 3339 timestamp"
        case .object(let fields): return "object {" + fields.map { "\($0.name): \(describe($0.kind))" }.joined(separator: ", ") + "}"
        case .array(let element, _): return "array of \(describe(element))"
        case .stringMap: return "object of strings"
        }
    }
}
