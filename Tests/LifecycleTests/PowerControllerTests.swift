import Testing

@testable import Lifecycle

/// A power controller after `inputs`, with a short sign-of-life timeout and a one-attempt reboot budget.
private func power(_ inputs: [PowerController.Input], settings: PowerController.Settings = testSettings) -> PowerController {
    var machine = PowerController(settings: settings)
    machine.drive(inputs)
    return machine
}

private let testSettings = PowerController.Settings(
    signOfLifeTimeout: .minutes(5),
    powerOn: RetryPolicy(timeout: .minutes(2), attempts: 2),
    gracefulOffTimeout: .minutes(3),
    forcedOff: RetryPolicy(timeout: .minutes(2), attempts: 2),
    reboot: RetryPolicy(timeout: .minutes(10), attempts: 1)
)

private let ready: [PowerController.Input] = [.registered(), .configurationDone]
private let updating: [PowerController.Input] = ready + [.updateStarted(cycleID: "update-1")]
private func command(_ kind: PowerOperationKind, _ id: String = "r1") -> PowerController.Input {
    .command(PowerRequest(kind, by: .scheduler, id: id))
}
private let rebootAcked = ready + [command(.reboot), .bmcSucceeded(requestID: "scheduler/r1", sequence: 1)]
private let shutDown = ready + [command(.powerOff), .bmcSucceeded(requestID: "scheduler/r1", sequence: 1)]

/// One named arrow of the server status diagram: where it starts, the input and where it must end.
struct StatusRow: CustomTestStringConvertible, Sendable {
    let name: String
    let setup: [PowerController.Input]
    /// A tick after the setup, at this time (a sign-of-life timeout needs time to pass).
    let setupTick: Instant?
    let input: PowerController.Input
    let at: Instant
    let from: ServerCondition
    let trigger: StatusTrigger
    let to: ServerCondition
    var testDescription: String { name }

    init(_ name: String, _ setup: [PowerController.Input], tickAt setupTick: Instant? = nil, _ input: PowerController.Input,
         at: Instant = t0, from: ServerCondition, _ trigger: StatusTrigger, to: ServerCondition) {
        (self.name, self.setup, self.setupTick, self.input, self.at) = (name, setup, setupTick, input, max(at, setupTick ?? at))
        (self.from, self.trigger, self.to) = (from, trigger, to)
    }
}

private let late = t0 + .minutes(30)

let statusRows: [StatusRow] = [
    StatusRow("Unknown --create--> Pending", [], .registered(), from: .unknown, .create, to: .pending),
    StatusRow("Pending --configuration done--> Ready", [.registered()], .configurationDone, from: .pending, .configurationDone, to: .ready),
    StatusRow("Pending (re-configuring) --configuration done--> Ready", ready + [.reconfigurationTriggered], .configurationDone,
              from: .reConfiguring, .configurationDone, to: .ready),
    StatusRow("Ready --trigger reconfiguration--> Pending (re-configuring)", ready, .reconfigurationTriggered,
              from: .ready, .triggerReconfiguration, to: .reConfiguring),
    StatusRow("Ready --reboot--> Offline (rebooting)", ready + [command(.reboot)], .bmcSucceeded(requestID: "scheduler/r1", sequence: 1),
              from: .ready, .reboot, to: .rebooting),
    StatusRow("Ready (updating) --reboot--> Offline (rebooting)", updating + [command(.reboot)], .bmcSucceeded(requestID: "scheduler/r1", sequence: 1),
              from: .updating, .reboot, to: .rebooting),
    StatusRow("Ready --shutdown--> Offline (shut down)", ready + [command(.powerOff)], .bmcSucceeded(requestID: "scheduler/r1", sequence: 1),
              from: .ready, .shutdown, to: .shutDown),
    StatusRow("Ready (updating) --shutdown--> Offline (shut down)", updating, .powerObserved(.off), from: .updating, .shutdown, to: .shutDown),
    StatusRow("Ready --unresponsive--> Offline (unresponsive)", ready, .tick, at: t0 + .minutes(5), from: .ready, .unresponsive, to: .unresponsive),
    StatusRow("Ready (updating) --unresponsive--> Offline (unresponsive)", updating, .tick, at: t0 + .minutes(6),
              from: .updating, .unresponsive, to: .unresponsive),
    StatusRow("Offline (rebooting) --online--> Ready", rebootAcked, .signOfLife(), from: .rebooting, .online, to: .ready),
    StatusRow("Offline (shut down) --online--> Ready", shutDown, .signOfLife(), from: .shutDown, .online, to: .ready),
    StatusRow("Offline (unresponsive) --online--> Ready", ready, tickAt: t0 + .minutes(5), .signOfLife(),
              from: .unresponsive, .online, to: .ready),
    StatusRow("Offline (rebooting) --unresponsive--> Offline (unresponsive)", rebootAcked, .tick, at: late,
              from: .rebooting, .unresponsive, to: .unresponsive),
    StatusRow("Ready --update started--> Ready (updating)", ready, .updateStarted(cycleID: nil), from: .ready, .updateStarted, to: .updating),
    StatusRow("Ready (updating) --update finished--> Ready", updating, .updateFinished(requiresReboot: true, cycleID: "update-1"),
              from: .updating, .updateFinished, to: .ready),
    StatusRow("Pending --sign of life--> Pending", [.registered()], .signOfLife(), from: .pending, .signOfLife, to: .pending),
    StatusRow("Pending (re-configuring) --sign of life--> Pending (re-configuring)", ready + [.reconfigurationTriggered], .signOfLife(),
              from: .reConfiguring, .signOfLife, to: .reConfiguring),
    StatusRow("Ready --sign of life--> Ready", ready, .signOfLife(), from: .ready, .signOfLife, to: .ready),
    StatusRow("Ready (updating) --sign of life--> Ready (updating)", updating, .signOfLife(), from: .updating, .signOfLife, to: .updating),
]

@Suite("Server status (power controller)")
struct ServerStatusTests {
    @Test("every arrow of the status table", arguments: statusRows)
    func arrow(_ row: StatusRow) {
        var machine = PowerController(settings: testSettings)
        machine.drive(row.setup)
        if let tick = row.setupTick { machine.drive([.tick], at: tick) }
        #expect(machine.condition == row.from, "setup reaches \(row.from)")
        let before = machine.condition
        guard let outputs = machine.accept(row.input, at: row.at) else { return }
        #expect(machine.condition == row.to)
        if before != row.to {
            #expect(outputs.unnumbered.contains(.statusChanged(StatusChange(
                from: before, to: row.to, trigger: row.trigger,
                requiresReboot: row.trigger == .updateFinished ? true : nil, cycleID: row.trigger == .updateFinished ? "update-1" : nil))))
        }
    }

    @Test("the named rows cover exactly the arrows of the status table")
    func coverage() {
        let covered = Set(statusRows.map { "\($0.from) \($0.trigger) \($0.to)" })
        let table = Set(PowerController.statusTable.transitions.map { "\($0.from) \($0.trigger) \($0.to)" })
        #expect(covered == table)
    }

    @Test("update finished carries whether a reboot is required")
    func updateFinishedCarriesReboot() {
        var machine = power(updating)
        let outputs = machine.accept(.updateFinished(requiresReboot: false, cycleID: "update-1"))
        #expect(outputs?.unnumbered == [.statusChanged(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: false, cycleID: "update-1"))])
    }

    @Test("a failed update leaves updating like a finished one, and the change says it failed")
    func updateFailedIsMarked() {
        var machine = power(updating)
        let outputs = machine.accept(.updateFailed(cycleID: nil))
        #expect(outputs?.unnumbered == [.statusChanged(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, updateFailed: true))])
        #expect(machine.reject(.updateFailed(cycleID: nil)) == .notApplicable(state: "Ready", input: "updateFinished"))
    }

    @Test("an update report naming another cycle than the update that runs is stale and changes nothing")
    func staleUpdateReports() {
        var machine = power(updating)
        #expect(machine.install?.cycle == "update-1")
        #expect(machine.reject(.updateFinished(requiresReboot: true, cycleID: "update-0")) == .stale("update report of cycle update-0, but cycle update-1 runs"))
        #expect(machine.reject(.updateFailed(cycleID: "update-0")) == .stale("update report of cycle update-0, but cycle update-1 runs"))
        #expect(machine.reject(.updateStarted(cycleID: "update-1")) == .duplicate("update started (cycle update-1)"))
        machine.drive([.updateFinished(requiresReboot: false, cycleID: "update-1")])
        #expect(machine.install?.cycle == nil)
        #expect(machine.reject(.updateFinished(requiresReboot: false, cycleID: "update-1")) == .stale(
            "update report of cycle update-1, but no update of that cycle runs"))
    }

    @Test("a heartbeat keeps a ready server from becoming unresponsive")
    func heartbeatRefreshes() {
        var machine = power(ready)
        machine.drive([.signOfLife()], at: t0 + .minutes(4))
        #expect(machine.accept(.tick, at: t0 + .minutes(8)) == [])
        #expect(machine.condition == .ready)
        #expect(machine.accept(.tick, at: t0 + .minutes(9))?.unnumbered == [
            .statusChanged(StatusChange(from: .ready, to: .unresponsive, trigger: .unresponsive)),
        ])
    }

    @Test("status inputs that are no arrow are rejected")
    func rejections() {
        var machine = PowerController()
        #expect(machine.reject(.configurationDone) == .notApplicable(state: "Unknown", input: "configurationDone"))
        #expect(machine.reject(.signOfLife()) != nil)
        machine.drive([.registered()])
        #expect(machine.reject(.registered()) != nil)
        #expect(machine.reject(.updateStarted(cycleID: nil)) != nil)
        machine.drive([.configurationDone, .updateStarted(cycleID: nil)])
        // The same start again is a duplicate; another install's start supersedes it (LaterInstallAttemptStartTests).
        #expect(machine.reject(.updateStarted(cycleID: nil)) != nil)
        #expect(machine.reject(.reconfigurationTriggered) != nil)
    }
}

/// One named arrow of the power machine.
struct PowerRow: CustomTestStringConvertible, Sendable {
    let name: String
    let setup: [PowerController.Input]
    /// A tick after the setup, at this time (the last attempt's timeout needs time to pass).
    let setupTick: Instant?
    let observed: [PowerController.Input]
    let input: PowerController.Input
    let at: Instant
    let from: PowerPhase
    let trigger: PowerTrigger
    let to: PowerPhase
    let emits: [PowerController.Output]?
    var testDescription: String { name }
}

private func row(
    _ name: String, _ setup: [PowerController.Input], tickAt setupTick: Instant? = nil, _ input: PowerController.Input, at: Instant = t0,
    from: PowerPhase, _ trigger: PowerTrigger, to: PowerPhase, emits: [PowerController.Output]? = nil
) -> PowerRow {
    PowerRow(name: name, setup: ready + setup, setupTick: setupTick, observed: [], input: input, at: max(at, setupTick ?? at), from: from,
             trigger: trigger, to: to, emits: emits)
}

private let on = PowerRequest(.powerOn, by: .scheduler, id: "r1")
private let off = PowerRequest(.powerOff, by: .scheduler, id: "r1")
private let reboot = PowerRequest(.reboot, by: .scheduler, id: "r1")
private func bmc(_ action: BMCAction, _ sequence: Int = 1) -> PowerController.Output {
    .bmc(BMCRequest(action: action, requestID: "scheduler/r1", sequence: sequence))
}
private func ok(_ sequence: Int = 1) -> PowerController.Input { .bmcSucceeded(requestID: "scheduler/r1", sequence: sequence) }
private func failed(_ sequence: Int = 1) -> PowerController.Input { .bmcFailed(requestID: "scheduler/r1", sequence: sequence, reason: "no") }
private let isOff: [PowerController.Input] = [.powerObserved(.off)]
private let isOn: [PowerController.Input] = [.powerObserved(.on)]

let powerRows: [PowerRow] = [
    row("Idle --power on--> Powering on", isOff, command(.powerOn), from: .idle, .powerOn, to: .poweringOn, emits: [bmc(.powerOn)]),
    row("Idle --power on (looks on)--> Powering on", isOn, command(.powerOn), from: .idle, .powerOn, to: .poweringOn, emits: [bmc(.powerOn)]),
    row("Idle --power off--> Powering off (graceful)", isOn, command(.powerOff), from: .idle, .powerOff, to: .gracefulOff, emits: [bmc(.gracefulOff)]),
    row("Idle --power off (looks off)--> Powering off (graceful)", isOff, command(.powerOff), from: .idle, .powerOff, to: .gracefulOff, emits: [bmc(.gracefulOff)]),
    row("Idle --reboot--> Rebooting", [], command(.reboot), from: .idle, .reboot, to: .rebooting, emits: [bmc(.reboot)]),
    row("Powering on --BMC succeeded--> Idle", isOff + [command(.powerOn)], ok(), from: .poweringOn, .bmcSucceeded, to: .idle,
        emits: [.observedPowerChanged(.on, sequence: 0), .operationCompleted(on)]),
    row("Powering off (graceful) --BMC succeeded--> Idle", isOn + [command(.powerOff)], ok(), from: .gracefulOff, .bmcSucceeded, to: .idle,
        emits: [.observedPowerChanged(.off, sequence: 0), .statusChanged(StatusChange(from: .ready, to: .shutDown, trigger: .shutdown)), .operationCompleted(off)]),
    row("Powering off (graceful) --BMC failed--> Powering off (forced)", isOn + [command(.powerOff)], failed(), from: .gracefulOff, .bmcFailed,
        to: .forcedOff, emits: [bmc(.forcedOff, 2)]),
    row("Powering off (graceful) --timeout--> Powering off (forced)", isOn + [command(.powerOff)], .tick, at: t0 + .minutes(3),
        from: .gracefulOff, .timeout, to: .forcedOff, emits: [bmc(.forcedOff, 2)]),
    row("Powering off (forced) --BMC succeeded--> Idle", isOn + [command(.powerOff), failed()], ok(2), from: .forcedOff, .bmcSucceeded,
        to: .idle, emits: [.observedPowerChanged(.off, sequence: 0), .statusChanged(StatusChange(from: .ready, to: .shutDown, trigger: .shutdown)), .operationCompleted(off)]),
    row("Rebooting --BMC accepted--> Rebooting (awaiting online)", [command(.reboot)], ok(), from: .rebooting, .bmcSucceeded, to: .awaitingOnline,
        emits: [.statusChanged(StatusChange(from: .ready, to: .rebooting, trigger: .reboot))]),
    row("Rebooting (awaiting online) --online--> Idle", [command(.reboot), ok()], .signOfLife(), from: .awaitingOnline, .online, to: .idle,
        emits: [.statusChanged(StatusChange(from: .rebooting, to: .ready, trigger: .online)), .observedPowerChanged(.on, sequence: 0), .operationCompleted(reboot)]),
    row("Rebooting (awaiting online) --timeout: budget used--> Idle", [command(.reboot), ok()], .tick, at: late, from: .awaitingOnline, .timeout,
        to: .idle, emits: [.statusChanged(StatusChange(from: .rebooting, to: .unresponsive, trigger: .unresponsive)),
                           .operationFailed(reboot, reason: "reboot failed after 1 attempt(s): Rebooting (awaiting online) timed out after 600000ms")]),
    row("Powering on --BMC failed: retry--> Powering on", isOff + [command(.powerOn)], failed(), from: .poweringOn, .bmcFailed, to: .poweringOn,
        emits: [bmc(.powerOn, 2)]),
    row("Powering on --BMC failed: budget used--> Idle", isOff + [command(.powerOn), failed()], failed(2), from: .poweringOn, .bmcFailed,
        to: .idle, emits: [.operationFailed(on, reason: "powerOn failed after 2 attempt(s): BMC failed: no")]),
    row("Powering on --timeout: retry--> Powering on", isOff + [command(.powerOn)], .tick, at: t0 + .minutes(2), from: .poweringOn, .timeout,
        to: .poweringOn, emits: [bmc(.powerOn, 2)]),
    row("Powering on --timeout: budget used, BMC unanswered--> Awaiting the BMC's late answer", isOff + [command(.powerOn), failed()], .tick,
        at: t0 + .minutes(2), from: .poweringOn, .timeout, to: .awaitingLateAnswer, emits: []),
    row("Powering off (forced) --BMC failed: retry--> Powering off (forced)", isOn + [command(.powerOff), failed()], failed(2), from: .forcedOff,
        .bmcFailed, to: .forcedOff, emits: [bmc(.forcedOff, 3)]),
    row("Powering off (forced) --BMC failed: budget used--> Idle", isOn + [command(.powerOff), failed(), failed(2)], failed(3), from: .forcedOff,
        .bmcFailed, to: .idle, emits: [.operationFailed(off, reason: "powerOff failed after 2 attempt(s): BMC failed: no")]),
    row("Powering off (forced) --timeout: retry--> Powering off (forced)", isOn + [command(.powerOff), failed()], .tick, at: t0 + .minutes(2),
        from: .forcedOff, .timeout, to: .forcedOff, emits: [bmc(.forcedOff, 3)]),
    row("Powering off (forced) --timeout: budget used, BMC unanswered--> Awaiting the BMC's late answer", isOn + [command(.powerOff), failed(), failed(2)],
        .tick, at: t0 + .minutes(2), from: .forcedOff, .timeout, to: .awaitingLateAnswer, emits: []),
    row("Rebooting --BMC failed: budget used--> Idle", [command(.reboot)], failed(), from: .rebooting, .bmcFailed, to: .idle,
        emits: [.operationFailed(reboot, reason: "reboot failed after 1 attempt(s): BMC failed: no")]),
    row("Rebooting --timeout: budget used, BMC unanswered--> Awaiting the BMC's late answer", [command(.reboot)], .tick, at: late, from: .rebooting,
        .timeout, to: .awaitingLateAnswer, emits: []),
    row("Awaiting the BMC's late answer --BMC succeeded late--> Idle", isOn + [command(.powerOff), failed(), failed(2)], tickAt: t0 + .minutes(2),
        ok(3), from: .awaitingLateAnswer, .bmcSucceeded, to: .idle,
        emits: [.observedPowerChanged(.off, sequence: 0), .statusChanged(StatusChange(from: .ready, to: .shutDown, trigger: .shutdown)), .operationCompleted(off)]),
    row("Awaiting the BMC's late answer --BMC accepted the reboot late--> Rebooting (awaiting online)", [command(.reboot)], tickAt: late, ok(), from: .awaitingLateAnswer, .bmcSucceeded, to: .awaitingOnline,
        emits: [.statusChanged(StatusChange(from: .ready, to: .rebooting, trigger: .reboot))]),
    row("Awaiting the BMC's late answer --BMC failed late--> Idle", isOff + [command(.powerOn), failed()], tickAt: t0 + .minutes(2), failed(2),
        from: .awaitingLateAnswer, .bmcFailed, to: .idle,
        emits: [.operationFailed(on, reason: "powerOn failed after 2 attempt(s): the last timed out, then the BMC answered failed: no")]),
] + PowerPhase.allCases.map { phase in
    let setup: [PowerController.Input] =
        switch phase {
        case .idle: []
        case .poweringOn: isOff + [command(.powerOn)]
        case .gracefulOff: [command(.powerOff)]
        case .forcedOff: [command(.powerOff), failed()]
        case .rebooting: [command(.reboot)]
        case .awaitingOnline: [command(.reboot), ok()]
        case .awaitingLateAnswer: [command(.reboot)]
        }
    return row("\(phase.label) --power observed--> \(phase.label)", setup, tickAt: phase == .awaitingLateAnswer ? late : nil, .powerObserved(.unknown), from: phase, .observed, to: phase)
} + PowerPhase.allCases.filter { $0 != .idle }.flatMap { phase in
    // Another requester's command while one runs: answered failed, busy, and nothing else changes.
    let setup: [PowerController.Input] =
        switch phase {
        case .idle, .poweringOn: isOff + [command(.powerOn)]
        case .gracefulOff: [command(.powerOff)]
        case .forcedOff: [command(.powerOff), failed()]
        case .rebooting, .awaitingLateAnswer: [command(.reboot)]
        case .awaitingOnline: [command(.reboot), ok()]
        }
    let running = PowerRequest(phase == .poweringOn ? .powerOn : [.gracefulOff, .forcedOff].contains(phase) ? .powerOff : .reboot, by: .scheduler, id: "r1")
    return [(PowerOperationKind.powerOn, PowerTrigger.powerOn), (.powerOff, .powerOff), (.reboot, .reboot)].map { kind, trigger in
        let busy = PowerRequest(kind, by: .operatorRequest, id: "op-1")
        return row("\(phase.label) --\(kind.rawValue) (busy: answered failed)--> \(phase.label)", setup, tickAt: phase == .awaitingLateAnswer ? late : nil,
                   .command(busy), from: phase, trigger,
                   to: phase, emits: [.operationBusy(busy, running: running)])
    }
}

/// The rows that need two reboot attempts, for the retry arrows of Rebooting.
let rebootRetryRows: [PowerRow] = [
    row("Rebooting --BMC failed: retry--> Rebooting", [command(.reboot)], failed(), from: .rebooting, .bmcFailed, to: .rebooting,
        emits: [bmc(.reboot, 2)]),
    row("Rebooting --timeout: retry--> Rebooting", [command(.reboot)], .tick, at: late, from: .rebooting, .timeout, to: .rebooting,
        emits: [bmc(.reboot, 2)]),
    row("Rebooting (awaiting online) --timeout: retry--> Rebooting", [command(.reboot), ok()], .tick, at: late, from: .awaitingOnline,
        .timeout, to: .rebooting, emits: [bmc(.reboot, 2)]),
]

@Suite("Power operations (power controller)")
struct PowerOperationTests {
    @Test("every arrow of the power table", arguments: powerRows + rebootRetryRows)
    func arrow(_ row: PowerRow) {
        var settings = testSettings
        settings.signOfLifeTimeout = nil
        if rebootRetryRows.contains(where: { $0.name == row.name }) { settings.reboot.attempts = 2 }
        var machine = PowerController(settings: settings)
        machine.drive(row.setup)
        if let tick = row.setupTick { machine.drive([.tick], at: tick) }
        #expect(machine.phase == row.from, "setup reaches \(row.from)")
        guard let outputs = machine.accept(row.input, at: row.at) else { return }
        #expect(machine.phase == row.to)
        if let emits = row.emits { #expect(outputs.unnumbered == emits) }
    }

    @Test("the named rows cover exactly the arrows of the power table")
    func coverage() {
        let covered = Set((powerRows + rebootRetryRows).map { "\($0.from) \($0.trigger) \($0.to)" })
        let table = Set(PowerController.powerTable.transitions.map { "\($0.from) \($0.trigger) \($0.to)" })
        #expect(covered == table)
    }

    @Test("a second command while one is in flight is answered failed, busy; the same one is a duplicate")
    func oneOperationAtATime() {
        var machine = power(ready + [command(.reboot)])
        #expect(machine.reject(command(.reboot)) == .duplicate("power request r1"))
        let second = PowerRequest(.powerOff, by: .scheduler, id: "r2")
        #expect(machine.accept(.command(second)) == [.operationBusy(second, running: reboot)])
        #expect(machine.phase == .rebooting && machine.operation?.request == reboot)
        #expect(machine.reject(.command(second)) == .duplicate("power request r2 (already failed)"))
    }

    @Test("BMC reports for another request or an older attempt are stale")
    func staleReports() {
        var machine = power(ready + [.powerObserved(.on), command(.powerOff), failed()])
        #expect(machine.reject(ok(1)) == .stale("BMC report for scheduler/r1#1"))
        #expect(machine.reject(.bmcSucceeded(requestID: "other", sequence: 2)) != nil)
        #expect(machine.accept(ok(2)) != nil)
        #expect(machine.reject(ok(2)) == .stale("BMC report for scheduler/r1#2"))
    }

    @Test("desired power follows the last command")
    func desiredPower() {
        var machine = power(ready + [.powerObserved(.on), command(.powerOff)])
        #expect(machine.desiredPower == .off)
        machine.drive([ok()])
        machine.drive([command(.powerOn, "r2")])
        #expect(machine.desiredPower == .on)
        #expect(machine.observedPower == .off)
    }
}

@Suite("Power controller sweep")
struct PowerControllerSweepTests {
    /// Every input kind, with BMC reports for the operation in flight and for a stranger.
    static func inputs(_ machine: PowerController) -> [(PowerController.Input, Instant)] {
        var inputs: [PowerController.Input] = [
            .registered(), .configurationDone, .reconfigurationTriggered, .signOfLife(), .updateStarted(cycleID: "u1"),
            .updateFinished(requiresReboot: true, cycleID: "u1"), .updateFinished(requiresReboot: true, cycleID: nil), .updateFailed(cycleID: "u0"),
            command(.powerOn, "c"), command(.powerOff, "c"), command(.reboot, "c"),
            .powerObserved(.on), .powerObserved(.off), .bmcSucceeded(requestID: "x", sequence: 9),
        ]
        if let operation = machine.operation {
            inputs += [
                .bmcSucceeded(requestID: operation.request.id, sequence: operation.sequence),
                .bmcFailed(requestID: operation.request.id, sequence: operation.sequence, reason: "no"),
            ]
        }
        let deadlines = [machine.operation?.wait.deadline, machine.signOfLifeDeadline].compactMap { $0 }
        return inputs.map { ($0, t0) } + [(.tick, deadlines.min() ?? t0)]
    }

    @Test("every state × input that is not an arrow is rejected, and every accepted one follows an arrow")
    func sweepAll() {
        let starts = [PowerController(settings: testSettings), PowerController()]
        let count = sweep(from: starts, depth: 7, inputs: Self.inputs) { before, input, result, after in
            let trigger = before.trigger(of: input)
            switch trigger {
            case let .status(status)?:
                let accepted = PowerController.statusTable.accepts(before.condition, status)
                if !accepted, case .success = result { Issue.record("\(before.condition) accepted \(input)") }
                // Besides the table, an update report naming another cycle than the running update is stale.
                if accepted, case let .failure(rejection) = result, !{ if case .stale = rejection { true } else { false } }() { Issue.record("\(before.condition) rejected \(input): \(rejection)") }
                if after.condition != before.condition, !PowerController.statusTable.contains(from: before.condition, status, to: after.condition) {
                    Issue.record("\(before.condition) --\(status)--> \(after.condition) is no arrow")
                }
            case let .power(power)?:
                if !PowerController.powerTable.accepts(before.phase, power), case .success = result {
                    Issue.record("\(before.phase) accepted \(input)")
                }
                if after.phase != before.phase, !PowerController.powerTable.contains(from: before.phase, power, to: after.phase) {
                    Issue.record("\(before.phase) --\(power)--> \(after.phase) is no arrow")
                }
            case nil:
                if case .failure = result { Issue.record("tick rejected") }
                if after.phase != before.phase, !PowerController.powerTable.contains(from: before.phase, .timeout, to: after.phase) {
                    Issue.record("\(before.phase) --timeout--> \(after.phase) is no arrow")
                }
            }
            if after.condition != before.condition,
                !PowerController.statusTable.transitions.contains(where: { $0.from == before.condition && $0.to == after.condition }) {
                Issue.record("\(before.condition) → \(after.condition) is no arrow (\(input))")
            }
            if after.phase != before.phase, trigger.map({ if case .status = $0 { true } else { false } }) == true,
                !(before.phase == .awaitingOnline && after.phase == .idle) {
                Issue.record("\(input) moved the power machine \(before.phase) → \(after.phase)")
            }
        }
        #expect(count > 100)
    }
}

extension Array where Element == PowerController.Output {
    /// The outputs with the status changes' numbers left out, to compare with a literal.
    var unnumbered: [PowerController.Output] {
        map { output in
            switch output {
            case var .statusChanged(change):
                change.sequence = nil
                return .statusChanged(change)
            case let .observedPowerChanged(power, _):
                return .observedPowerChanged(power, sequence: 0)
            default:
                return output
            }
        }
    }
}
