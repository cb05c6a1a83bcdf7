import Events

extension RoleEngine {
    /// Every state `partition` holds, as the changelog records that carry them, and its
    /// checkpoint, per changelog topic: what the partition's changelogs fold to once every
    /// change is written (`hasUnwrittenChanges(partition:)` false). For `PartitionSnapshot`.
    public func snapshotRecords(partition: Int32) throws(StateEncodingError) -> [(changelog: String, records: [EventMessage])] {
        var snapshots: [(changelog: String, records: [EventMessage])] = []
        for index in slots.indices where partition < slotPartitions[index] {
            var records: [EventMessage] = []
            for state in try slots[index].states(partition: partition) {
                records.append(EventMessage(key: Array(state.key.utf8), value: state.value, headers: Self.stateHeaders(offset: state.offset, recent: state.recent)))
            }
            if let current = progress[index]?[partition] { records.append(Self.checkpoint(current)) }
            snapshots.append((slots[index].changelogTopic, records))
        }
        return snapshots
    }

    /// Whether `partition` has changes the changelog does not have yet (not taken by `takeChangelog()`).
    public func hasUnwrittenChanges(partition: Int32) -> Bool {
        slots.indices.contains { progressChanged[$0]?.contains(partition) == true || slots[$0].hasChanges(partition: partition) }
    }
}
