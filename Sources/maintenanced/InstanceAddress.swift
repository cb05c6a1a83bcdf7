import Synchronization

/// This instance's HTTP address (`host:port`: the advertised host and the bound port), as the
/// instance directory publishes it to peers and the status API names it in `owners`; known
/// once the HTTP server listens.
final class InstanceAddress: Sendable {
    private let value = Mutex<String?>(nil)

    /// An address not known yet.
    init() {}

    /// Records the address (when the server listens).
    func set(_ address: String) { value.withLock { $0 = address } }

    /// The address, once known.
    var current: String? { value.withLock { $0 } }
}
