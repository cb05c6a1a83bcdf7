/// How long the simulated outside world takes to answer, in milliseconds.
public struct SimulatorTiming: Sendable, Hashable {
    /// A BMC carrying out a power action.
    public var bmc: ClosedRange<Int>
    /// A server booting until it registers itself.
    public var boot: ClosedRange<Int>
    /// A maintenance operator doing the work.
    public var maintenanceWork: ClosedRange<Int>
    /// The boot-config operator.
    public var bootConfiguration: ClosedRange<Int>
    /// Incus evacuating or restoring a member.
    public var incus: ClosedRange<Int>
    /// An OS update applying.
    public var update: ClosedRange<Int>
    /// A claim owner approving.
    public var approval: ClosedRange<Int>
    /// Between two servers' first registration, so a fleet comes up over time.
    public var registrationStagger: Int

    public init(
        bmc: ClosedRange<Int>, boot: ClosedRange<Int>, maintenanceWork: ClosedRange<Int>, bootConfiguration: ClosedRange<Int>,
        incus: ClosedRange<Int>, update: ClosedRange<Int>, approval: ClosedRange<Int>, registrationStagger: Int
    ) {
        self.bmc = bmc
        self.boot = boot
        self.maintenanceWork = maintenanceWork
        self.bootConfiguration = bootConfiguration
        self.incus = incus
        self.update = update
        self.approval = approval
        self.registrationStagger = registrationStagger
    }

    /// Answers within milliseconds: for tests.
    public static let fast = SimulatorTiming(
        bmc: 1...10, boot: 1...10, maintenanceWork: 1...10, bootConfiguration: 1...10, incus: 1...10, update: 1...10,
        approval: 1...10, registrationStagger: 0)

    /// Delays a person watching can follow: BMCs take a second or two, boots a few.
    public static let realistic = SimulatorTiming(
        bmc: 300...1_500, boot: 1_000...4_000, maintenanceWork: 1_000...5_000, bootConfiguration: 200...800,
        incus: 800...3_000, update: 1_000...4_000, approval: 500...3_000, registrationStagger: 10)

    /// Every delay multiplied by `factor` (a demo that should finish sooner or later).
    public func scaled(by factor: Double) -> SimulatorTiming {
        func scale(_ range: ClosedRange<Int>) -> ClosedRange<Int> {
            let lower = Int(Double(range.lowerBound) * factor)
            return lower...max(lower, Int(Double(range.upperBound) * factor))
        }
        return SimulatorTiming(
            bmc: scale(bmc), boot: scale(boot), maintenanceWork: scale(maintenanceWork), bootConfiguration: scale(bootConfiguration),
            incus: scale(incus), update: scale(update), approval: scale(approval),
            registrationStagger: Int(Double(registrationStagger) * factor))
    }
}
