/// One `ServerMaintenance` in a server's queue: the request, its arrival order and state.
public struct ServerMaintenance: Sendable, Hashable {
    /// What was asked for.
    public var request: MaintenanceRequest
    /// The arrival sequence number within this server's queue (ties of priority go to the earlier).
    public var arrival: Int
    /// Its state: pending or inMaintenance while queued (finished ones leave the queue).
    public var status: MaintenanceStatus

    public init(request: MaintenanceRequest, arrival: Int, status: MaintenanceStatus) {
        self.request = request
        self.arrival = arrival
        self.status = status
    }

    /// The id.
    public var id: MaintenanceID { request.id }

    /// Whether `self` runs before `other`: higher priority first, then earlier arrival.
    public func precedes(_ other: ServerMaintenance) -> Bool {
        (request.priority, -arrival) > (other.request.priority, -other.arrival)
    }
}
