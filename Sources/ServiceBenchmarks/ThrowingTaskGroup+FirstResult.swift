extension ThrowingTaskGroup {
    /// The first result a child returns that is not nil (the instances under measurement
    /// return nil when they stop; the measuring child returns the measurement): then the
    /// other children are cancelled, and it returns once they all ended. Nil when none did.
    mutating func firstResult<Result>() async throws -> Result? where ChildTaskResult == Result? {
        var result: Result?
        while let next = try await next() {
            if let next {
                result = next
                cancelAll()
            }
        }
        return result
    }
}
