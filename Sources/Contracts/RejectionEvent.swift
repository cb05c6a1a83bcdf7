import Events
import Lifecycle

/// The `transition.rejected` answer to a valid event that does not fit the current
/// state: it says which role rejected which event and why, and nothing else changes.
public enum RejectionEvent {
    /// The rejection of `event` by `role`.
    public static func make(_ rejection: Rejection, of event: InboundEvent, by role: Role) -> OutgoingEvent {
        OutgoingEvent(
            EventName.transitionRejected, key: event.key,
            [
                "role": .string(role.rawValue), "eventId": .string(event.event.id), "eventType": .string(event.event.type),
                "code": .string(rejection.code), "reason": .string(String(rejection.description.prefix(2000))),
            ])
    }
}
