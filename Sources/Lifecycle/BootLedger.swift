/// The boots a server's signs of life named (`bootId`: the kernel's boot id, or anything that
/// changes per boot), and which of them have ended. It tells a late sign of life — sent before
/// its boot ended and delivered after, from another topic than the BMC's answers — from a
/// current one, and counts the boots after a command's start (`PROTOCOL.md` §2, §4).
public struct BootLedger: Sendable, Hashable {
    /// The boots seen, oldest first, at most `memory`. A server's boots follow each other, so
    /// every one but the last has ended.
    public private(set) var boots: [String]
    /// Whether the last of `boots` has ended too: a power off or a reset the BMC carried out ended it.
    public private(set) var lastEnded: Bool

    /// How many boots the ledger keeps: a sign of life of a boot older than these is not told from a new one.
    public static let memory = 8

    /// A ledger of `boots` (oldest first), the last ended when `lastEnded`.
    public init(boots: [String] = [], lastEnded: Bool = false) {
        self.boots = boots
        self.lastEnded = lastEnded && !boots.isEmpty
    }

    /// The last boot seen, whether or not it has ended.
    public var last: String? { boots.last }

    /// The boot running as far as the signs of life say: the last seen, unless it has ended.
    public var current: String? { lastEnded ? nil : boots.last }

    /// Why `boot` has ended, nil when it is the running one or one not seen yet (a new boot).
    public func endOf(_ boot: String) -> String? {
        guard let index = boots.lastIndex(of: boot) else { return nil }
        if index < boots.count - 1 { return "boot \(boots[boots.count - 1]) came after it" }
        return lastEnded ? "a power off or reboot ended it" : nil
    }

    /// How many boots came after `start` (the boot a command started with; nil, or one no longer
    /// kept: every boot seen).
    public func count(after start: String?) -> Int {
        guard let start, let index = boots.lastIndex(of: start) else { return boots.count }
        return boots.count - 1 - index
    }

    /// Notes `boot` as the newest, which ends the one before (the last again changes nothing).
    mutating func note(_ boot: String) {
        guard boot != boots.last else { return }
        boots.removeAll { $0 == boot }
        boots.append(boot)
        if boots.count > Self.memory { boots.removeFirst(boots.count - Self.memory) }
        lastEnded = false
    }

    /// Ends `start`, the boot a power off or reset the BMC carried out began in, when it is still
    /// the last seen. A later boot stays: its sign of life can come before the BMC's answer (another
    /// topic), when the power came back (hostile seeds 7144, 7820).
    mutating func end(_ start: String?) {
        if let start, boots.last == start { lastEnded = true }
    }
}
