extension PowerController {
    /// The server status diagram of the seed, with details, plus heartbeats and the
    /// OS update's ready ↔ ready (updating), kept as data.
    public static let statusTable: TransitionTable<ServerCondition, StatusTrigger> = {
        typealias T = Transition<ServerCondition, StatusTrigger>
        var rows: [T] = [
            T(.unknown, .create, "create", .pending),
            T(.pending, .configurationDone, "configuration done", .ready),
            T(.reConfiguring, .configurationDone, "configuration done", .ready),
            T(.ready, .triggerReconfiguration, "trigger reconfiguration", .reConfiguring),
        ]
        for ready in [ServerCondition.ready, .updating] {
            rows += [
                T(ready, .reboot, "reboot", .rebooting),
                T(ready, .shutdown, "shutdown", .shutDown),
                T(ready, .unresponsive, "unresponsive", .unresponsive),
            ]
        }
        for offline in [ServerCondition.rebooting, .shutDown, .unresponsive] {
            rows.append(T(offline, .online, "online", .ready))
        }
        rows += [
            T(.rebooting, .unresponsive, "unresponsive", .unresponsive),
            T(.ready, .updateStarted, "update started", .updating),
            T(.updating, .updateFinished, "update finished", .ready),
        ]
        for alive in [ServerCondition.pending, .reConfiguring, .ready, .updating] {
            rows.append(T(alive, .signOfLife, "sign of life", alive))
        }
        return TransitionTable(rows)
    }()

    /// The power machine: one operation at a time (a command while another runs is answered
    /// failed, busy), graceful then forced off, retries until the budget is used, and no command
    /// answered while its last BMC request is (the BMC may still carry it out).
    public static let powerTable: TransitionTable<PowerPhase, PowerTrigger> = {
        typealias T = Transition<PowerPhase, PowerTrigger>
        var rows: [T] = [
            T(.idle, .powerOn, "power on", .poweringOn),
            T(.idle, .powerOff, "power off", .gracefulOff),
            T(.idle, .reboot, "reboot", .rebooting),
            T(.poweringOn, .bmcSucceeded, "BMC succeeded", .idle),
            T(.gracefulOff, .bmcSucceeded, "BMC succeeded", .idle),
            T(.gracefulOff, .bmcFailed, "BMC failed: force", .forcedOff),
            T(.gracefulOff, .timeout, "timeout: force", .forcedOff),
            T(.forcedOff, .bmcSucceeded, "BMC succeeded", .idle),
            T(.rebooting, .bmcSucceeded, "BMC accepted", .awaitingOnline),
            T(.awaitingOnline, .online, "online", .idle),
            T(.awaitingOnline, .timeout, "timeout: retry", .rebooting),
            T(.awaitingOnline, .timeout, "timeout: budget used", .idle),
        ]
        for phase in [PowerPhase.poweringOn, .forcedOff, .rebooting] {
            rows += [
                T(phase, .bmcFailed, "BMC failed: retry", phase),
                T(phase, .bmcFailed, "BMC failed: budget used", .idle),
                T(phase, .timeout, "timeout: retry", phase),
                // The last BMC request is unanswered: the BMC may still carry it out, so the command waits for its answer.
                T(phase, .timeout, "timeout: budget used, BMC unanswered", .awaitingLateAnswer),
            ]
        }
        rows += [
            T(.awaitingLateAnswer, .bmcSucceeded, "BMC succeeded late", .idle),
            T(.awaitingLateAnswer, .bmcSucceeded, "BMC accepted the reboot late", .awaitingOnline),
            T(.awaitingLateAnswer, .bmcFailed, "BMC failed late", .idle),
        ]
        for phase in PowerPhase.allCases {
            rows.append(T(phase, .observed, "power observed", phase))
        }
        // A command of another requester while one runs is answered failed (busy) and changes nothing else.
        for phase in PowerPhase.allCases where phase != .idle {
            for command in [PowerTrigger.powerOn, .powerOff, .reboot] {
                rows.append(T(phase, command, "busy: answered failed", phase))
            }
        }
        return TransitionTable(rows)
    }()
}
