import Events
import FleetStatus
import Lifecycle

/// What the status routes (`/`, `/v1/…`) answer from: the queries over the instance's
/// status source, this instance's own states for its peers, and the wall clock.
public struct StatusEndpoints: Sendable {
    /// The API's answers.
    public let queries: StatusQueries
    /// This instance's own states of a kind (all, or one key), as JSON, for a peer that
    /// assembles a view (`GET /v1/local/{kind}`); nil when this instance runs no such role.
    public let localStates: @Sendable (StatusState, String?) -> JSONValue?
    /// Now, for since/until and the stuck rule.
    public let clock: @Sendable () -> Instant

    /// Endpoints over `queries`.
    public init(
        queries: StatusQueries, localStates: @escaping @Sendable (StatusState, String?) -> JSONValue?,
        clock: @escaping @Sendable () -> Instant
    ) {
        self.queries = queries
        self.localStates = localStates
        self.clock = clock
    }
}
