import Lifecycle

/// The Kafka consumer group of each role.
public struct ConsumerGroups: Sendable, Hashable, Decodable {
    /// The maintenance scheduler's group.
    public var scheduler: String
    /// The power controller's group.
    public var power: String
    /// The update orchestrator's group.
    public var update: String

    /// The groups; by default `maintenanced-<role>`.
    public init(
        scheduler: String = Role.scheduler.defaultGroup,
        power: String = Role.power.defaultGroup,
        update: String = Role.update.defaultGroup
    ) {
        self.scheduler = scheduler
        self.power = power
        self.update = update
    }

    /// The group of `role`.
    public subscript(role: Role) -> String {
        switch role {
        case .scheduler: scheduler
        case .power: power
        case .update: update
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case scheduler, power, update }

    public init(from decoder: any Decoder) throws {
        let defaults = ConsumerGroups()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scheduler = try container.decode(forKey: .scheduler, default: defaults.scheduler)
        power = try container.decode(forKey: .power, default: defaults.power)
        update = try container.decode(forKey: .update, default: defaults.update)
    }
}

extension Role {
    /// The default consumer group of the role: `maintenanced-<role>`.
    public var defaultGroup: String { "maintenanced-\(rawValue)" }
}
