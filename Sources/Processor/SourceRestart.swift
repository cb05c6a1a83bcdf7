/// Where a source partition's offsets started again (`RoleLog.Record.restart`): the offset and
/// the Kafka timestamp of the record read there. Two restarts of one source differ in one of
/// them; a restart the sequencer appended again after its own restart has both the same.
struct SourceRestart: Sendable, Hashable {
    var offset: Int64
    var timestamp: Int64
}
