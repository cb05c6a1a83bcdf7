import ArgumentParser
import Kafka

/// The exit codes of every command (sysexits.h where one fits), and what each means here:
/// one list for the code, the top-level help and the README (a test compares them).
enum ExitStatus: Int32, CaseIterable {
    case success = 0
    case failure = 1
    case usage = 64
    case data = 65
    case unavailable = 69
    case temporaryFailure = 75
    case configuration = 78
    case interrupted = 130

    /// What the code means, as the help and the README say it.
    var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "runtime failure (for get: not found)"
        case .usage: "usage error"
        case .data: "an event the service would dead-letter"
        case .unavailable: "Kafka or the service cannot be reached"
        case .temporaryFailure: "a role could not read back the state of partitions it was given (try again)"
        case .configuration: "bad configuration or declarations"
        case .interrupted: "stopped by Ctrl-C before the work was done (a second signal while stopping: 128 + its number)"
        }
    }

    /// `0 success, 1 runtime failure …`: every code and its meaning, for the help.
    static var summary: String {
        allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: ", ")
    }

    /// For `throw`.
    var code: ExitCode { ExitCode(rawValue) }

    /// How a command ends on `error` it did not handle itself: a broker that cannot be reached
    /// is `unavailable`, any other failure `failure`.
    static func of(_ error: any Error) -> ExitStatus {
        if let error = error as? KafkaError, error.isUnreachable { return .unavailable }
        return .failure
    }
}
