import ArgumentParser
import Lifecycle

/// What `run --role` takes: a role by its name, or `all` of them in one process.
struct RoleSelection: ExpressibleByArgument, Sendable, Hashable, CustomStringConvertible {
    /// The roles selected, in the order of `Role.allCases`.
    let roles: [Role]

    /// Every role.
    static let all = RoleSelection(roles: Role.allCases)

    private init(roles: [Role]) { self.roles = roles }

    init?(argument: String) {
        if argument == "all" {
            self = .all
        } else if let role = Role(rawValue: argument) {
            self.init(roles: [role])
        } else {
            return nil
        }
    }

    /// The argument's spelling: the role's name, or `all`.
    var description: String { roles == Role.allCases ? "all" : roles.map(\.rawValue).joined(separator: ",") }

    var defaultValueDescription: String { description }

    static var allValueStrings: [String] { Role.allCases.map(\.rawValue) + ["all"] }

    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}
