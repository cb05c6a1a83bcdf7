/// Restoring a role's state for many servers, the memory it takes, and throughput with it in place.
public struct RestoreResult: Sendable {
    /// Servers whose state was written to the changelog.
    public var servers: Int
    /// The partition count of every topic in the run.
    public var partitions: Int32
    /// Changelog bytes written (values).
    public var changelogBytes: Int
    /// From the instance's first assignment to the last changelog record applied.
    public var restoreSeconds: Double
    /// CPU seconds the benchmark's process (the restoring instance) used over the restore.
    public var restoreCPUSeconds: Double = 0
    /// CPU seconds the broker's process used over the restore: near the restore's length,
    /// the broker bounds it.
    public var brokerCPUSeconds: Double = 0
    /// Changelog records the instance read back (must equal `servers`).
    public var restoredRecords: Int
    /// Keys the instance holds at the end: the restored servers plus those of the processed input.
    public var restoredStates: Int
    /// Resident memory growth over the restore, bytes.
    public var residentGrowth: Int
    /// Throughput on generated input with the state in place.
    public var throughput: RoleMeasurement?
    /// The instance's graceful stop after it, and a restart with its state directory.
    public var restart: Restart?

    /// A graceful stop that leaves snapshots in the state directory, and the restore of the
    /// instance started after it.
    public struct Restart: Sendable {
        /// From `shutdown()` to the end of `run()`: the last commit, the snapshots, leaving the group.
        public var stopSeconds: Double
        /// Changelog partitions the stop left a snapshot of, and their bytes.
        public var snapshots: Int
        public var snapshotBytes: Int
        /// From the restarted instance's first assignment to the last record applied.
        public var restoreSeconds: Double
        /// CPU seconds the benchmark's process and the broker's used over that restore.
        public var restoreCPUSeconds: Double
        public var brokerCPUSeconds: Double
        /// Records restored, and of them those read from snapshots.
        public var restoredRecords: Int
        public var fromSnapshots: Int
        /// Keys the restarted instance holds (must be those the stopped one held).
        public var states: Int
    }

    /// Resident memory per tracked server, bytes.
    public var bytesPerServer: Double { servers > 0 ? Double(residentGrowth) / Double(servers) : 0 }
}
