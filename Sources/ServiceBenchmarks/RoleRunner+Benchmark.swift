import Processor

extension RoleRunner {
    /// Runs the instance until its task is cancelled; errors caused by the cancellation
    /// (an interrupted delivery wait) are not failures of the run.
    func runUntilCancelled() async throws {
        do {
            try await run()
        } catch {
            guard Task.isCancelled else { throw error }
        }
    }
}
