/// Why a child process could not be used.
enum ChildProcessError: Error {
    case timedOut(String)
}
