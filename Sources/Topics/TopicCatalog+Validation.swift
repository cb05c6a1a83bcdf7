import YAML

extension TopicCatalog {
    /// The roles of the service, as named in producers and consumers (`maintenanced/<role>`).
    public static let roles: Set<String> = ["scheduler", "power", "update"]

    /// Every rule the set breaks: each file on its own, then the set as a whole.
    static func validate(_ files: [TopicFile]) -> [YAMLError] {
        files.flatMap(validate) + uniqueNames(files) + coPartitioning(files)
    }

    /// The rules one declaration must follow.
    private static func validate(_ file: TopicFile) -> [YAMLError] {
        let spec = file.spec
        var problems: [YAMLError] = []
        func problem(_ message: String, _ path: YAMLPath) {
            problems.append(file.problem(message, at: path))
        }

        if let issue = nameIssue(spec.name) { problem(issue, ["name"]) }
        let fileName = file.path.split(separator: "/").last.map(String.init) ?? file.path
        if !spec.name.isEmpty, fileName != spec.name + ".yaml", fileName != spec.name + ".yml" {
            problem("the file of topic \(spec.name) must be named \(spec.name).yaml", ["name"])
        }
        if spec.description.allSatisfy(\.isWhitespace) { problem("the description must not be empty", ["description"]) }
        if !(1...Int(Int32.max)).contains(spec.partitions) {
            problem("partitions must be at least 1 (and at most \(Int32.max)), not \(spec.partitions)", ["partitions"])
        }
        if !(1...Int(Int16.max)).contains(spec.replicationFactor) {
            problem("replicationFactor must be at least 1 (and at most \(Int16.max)), not \(spec.replicationFactor)", ["replicationFactor"])
        }

        switch spec.kind {
        case .changelog where spec.cleanupPolicy != .compact:
            problem("a changelog must be compacted (cleanupPolicy: compact), not \(spec.cleanupPolicy.rawValue)", ["cleanupPolicy"])
        case .events, .deadletter:
            if spec.name.hasSuffix(".state") { problem("a topic named <role>.state is a changelog (kind: changelog)", ["kind"]) }
        default:
            break
        }
        if (spec.key == .original) != (spec.kind == .deadletter) {
            problem("the key is \"original\" for dead-letter topics, and only for them", ["key"])
        }

        for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
            if key == "cleanup.policy" { problem("set the cleanup policy with cleanupPolicy, not in configs", ["configs", .key(key)]) }
            if value.isEmpty { problem("the value of \(key) must not be empty", ["configs", .key(key)]) }
        }
        if let minISR = spec.configs["min.insync.replicas"].flatMap(Int.init), spec.replicationFactor >= 1, minISR > spec.replicationFactor {
            problem("min.insync.replicas (\(minISR)) exceeds replicationFactor (\(spec.replicationFactor)): no write could succeed",
                    ["configs", "min.insync.replicas"])
        }

        if spec.kind == .deadletter {
            // A dead letter is the unreadable input itself, whatever it claimed to be.
            if spec.events != ["*"] { problem("a dead-letter topic carries any input unchanged: events must be [\"*\"]", ["events"]) }
        } else if spec.kind == .input {
            // A role's log copies its inputs unchanged, whatever they are, and adds its ticks.
            if spec.events != ["*"] { problem("a role's input log carries its inputs unchanged: events must be [\"*\"]", ["events"]) }
            if spec.key != .partition { problem("a role's input log mirrors the partitions of its inputs: key must be partition", ["key"]) }
        } else {
            problems += listProblems(file, "events", spec.events, check: eventTypeIssue)
        }
        problems += listProblems(file, "producers", spec.producers, check: partyIssue)
        problems += listProblems(file, "consumers", spec.consumers, check: partyIssue)
        return problems
    }

    /// A list that must not be empty, whose entries must be unique and pass `check`.
    private static func listProblems(
        _ file: TopicFile, _ key: String, _ list: [String], check: (String) -> String?
    ) -> [YAMLError] {
        guard !list.isEmpty else { return [file.problem("\(key) must name at least one entry", at: [.key(key)])] }
        var seen: Set<String> = []
        var problems: [YAMLError] = []
        for (index, entry) in list.enumerated() {
            if let issue = check(entry) {
                problems.append(file.problem(issue, at: [.key(key), .index(index)]))
            } else if !seen.insert(entry).inserted {
                problems.append(file.problem("\(entry) is listed twice", at: [.key(key), .index(index)]))
            }
        }
        return problems
    }

    /// Why `name` is not a legal Kafka topic name, if it is not.
    private static func nameIssue(_ name: String) -> String? {
        if name.isEmpty { return "the name must not be empty" }
        if name.count > 249 { return "a topic name has at most 249 characters" }
        if name == "." || name == ".." { return "\(name) is not a topic name" }
        let legal = name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
            default: false
            }
        }
        return legal ? nil : "a topic name has only letters, digits, '.', '_' and '-'"
    }

    /// Why `type` is not a CloudEvents type as this project writes them
    /// (reverse-DNS, lowercase, dot-separated: `dev.maintenanced.server.registered`).
    private static func eventTypeIssue(_ type: String) -> String? {
        let parts = type.split(separator: ".", omittingEmptySubsequences: false)
        let wellFormed = parts.count >= 3 && parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
        return wellFormed ? nil : "\(type.isEmpty ? "an empty string" : type) is not an event type like dev.maintenanced.server.registered"
    }

    /// Why `party` does not name a producer or consumer, if it does not.
    private static func partyIssue(_ party: String) -> String? {
        if party.allSatisfy(\.isWhitespace) { return "a producer or consumer must be named" }
        if party.hasPrefix("maintenanced/"), !roles.contains(String(party.dropFirst("maintenanced/".count))) {
            return "\(party) is not a role of the service (maintenanced/\(roles.sorted().joined(separator: "|")))"
        }
        return nil
    }

    /// Each topic name is declared once.
    private static func uniqueNames(_ files: [TopicFile]) -> [YAMLError] {
        var first: [String: TopicFile] = [:]
        var problems: [YAMLError] = []
        for file in files where !file.spec.name.isEmpty {
            if let earlier = first[file.spec.name] {
                problems.append(file.problem(
                    "topic \(file.spec.name) is also declared at \(earlier.location(of: ["name"]))", at: ["name"]))
            } else {
                first[file.spec.name] = file
            }
        }
        return problems
    }

    /// Topics with the same key kind have the same partition count. The count
    /// most of them share (the smallest among equals) is taken as the intended
    /// one; each topic with another count is a problem.
    private static func coPartitioning(_ files: [TopicFile]) -> [YAMLError] {
        var problems: [YAMLError] = []
        for key in TopicKey.allCases where key.isCoPartitioned && key.coPartitionGroup == key {
            let group = files.filter { $0.spec.key.coPartitionGroup == key && $0.spec.partitions >= 1 }
            var counts: [Int: Int] = [:]
            for file in group { counts[file.spec.partitions, default: 0] += 1 }
            guard counts.count > 1, let expected = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key else {
                continue
            }
            let agreeing = group.filter { $0.spec.partitions == expected }.map(\.spec.name)
            for file in group where file.spec.partitions != expected {
                problems.append(file.problem(
                    "\(key.rawValue)-keyed topics must have the same partition count (co-partitioning): "
                        + "\(file.spec.partitions) here, \(expected) in \(agreeing.joined(separator: ", "))",
                    at: ["partitions"]))
            }
        }
        return problems
    }
}
