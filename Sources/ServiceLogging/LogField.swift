import Logging

/// The metadata keys that every part of the service uses for the same things,
/// so that log lines can be searched by them. The JSON format puts these at
/// the top level of each line; other metadata goes under `metadata`.
public enum LogField {
    /// The role of the process or consumer: `scheduler`, `power` or `update`.
    public static let role: Logger.Metadata.Key = "role"
    /// The server an event or a state change is about.
    public static let serverID: Logger.Metadata.Key = "server_id"
    /// The CloudEvents id of the event being handled.
    public static let eventID: Logger.Metadata.Key = "event_id"

    /// The keys lifted to the top level of a JSON line, in output order.
    public static let topLevel: [Logger.Metadata.Key] = [role, serverID, eventID]
}
