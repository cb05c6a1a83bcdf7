/// How a command ends on a failure it explains itself: `main()` writes `lines` to standard
/// error and exits with `status`. One way to say "print why, then exit with this code"
/// instead of a print and an `ExitCode` at every place that fails.
struct CommandFailure: Error {
    var status: ExitStatus
    var lines: [String]

    /// `lines`, each prefixed with `maintenanced COMMAND: ` when `command` is given.
    init(_ status: ExitStatus, command: String? = nil, lines: [String]) {
        self.status = status
        self.lines = command.map { command in lines.map { "maintenanced \(command): \($0)" } } ?? lines
    }

    init(_ status: ExitStatus, command: String? = nil, _ line: String) {
        self.init(status, command: command, lines: [line])
    }
}
