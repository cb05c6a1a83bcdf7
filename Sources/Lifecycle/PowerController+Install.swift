extension PowerController {
    /// The OS-update install a server runs while its status is Ready (updating), as its start
    /// report named it. The controller holds one exactly while updating, so leaving updating
    /// ends everything timed or awaited for the install at once.
    public struct Install: Sendable, Hashable {
        /// The update cycle it belongs to (`cycleId`); nil when its start named none (the
        /// server's own install). A finish naming another cycle is stale.
        public var cycle: String?
        /// The install request it answers (`requestId`); nil when its start named none. A
        /// finish naming another request is stale.
        public var request: String?
        /// When the server's own install is taken as ended without being applied
        /// (`Settings.installReportTimeout`); nil for an install of a cycle, which the
        /// orchestrator times.
        public var deadline: Instant?
        /// The boot it runs in: the one its start named (`bootId`), else the boot running when
        /// the start was taken; nil when no boot is known.
        public var boot: String?
        /// When a power off the BMC reported during it ends it (`Settings.installOffConfirmation`),
        /// unless a sign of life of its boot shows first; nil when no off waits.
        public var offDeadline: Instant?

        public init(cycle: String? = nil, request: String? = nil, deadline: Instant? = nil, boot: String? = nil, offDeadline: Instant? = nil) {
            self.cycle = cycle
            self.request = request
            self.deadline = deadline
            self.boot = boot
            self.offDeadline = offDeadline
        }

        /// The install's earliest deadline: its report's or its waiting off's.
        var nextDeadline: Instant? { [deadline, offDeadline].compactMap { $0 }.min() }
    }
}
