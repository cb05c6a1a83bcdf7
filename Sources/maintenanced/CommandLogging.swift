import Logging

/// The logger of a command: to standard error, so standard output stays for data.
enum CommandLogging {
    private static let bootstrapped: Bool = {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        return true
    }()

    /// A logger labelled `label`, at `info`, or `debug` when `verbose`.
    static func logger(_ label: String, verbose: Bool = false) -> Logger {
        _ = bootstrapped
        var logger = Logger(label: label)
        logger.logLevel = verbose ? .debug : .info
        return logger
    }
}
