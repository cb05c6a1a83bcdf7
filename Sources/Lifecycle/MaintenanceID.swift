/// A `ServerMaintenance`'s identity: its namespace and name.
public struct MaintenanceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The namespace (e.g. `ops`).
    public var namespace: String
    /// The name within the namespace (e.g. `bios-update`).
    public var name: String

    /// Creates an id.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public static func < (lhs: MaintenanceID, rhs: MaintenanceID) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }

    public var description: String { "\(namespace)/\(name)" }
}

extension MaintenanceID {
    /// A 64-bit fingerprint of the id (FNV-1a over the namespace's UTF-8, a 0 byte and the name's,
    /// then SplitMix64's finalizer): what the scheduler keeps of a maintenance it finished
    /// (`MaintenanceScheduler.finished`), 8 bytes where the id takes tens. Two different ids share
    /// one with a chance of about 2⁻⁶⁴; the value is the same in every process and build. Signed (the
    /// hash's bits), as JSON integers of the state's encoders are 64-bit signed.
    public var fingerprint: Int64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        func combine(_ byte: UInt8) {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        for byte in namespace.utf8 { combine(byte) }
        combine(0)
        for byte in name.utf8 { combine(byte) }
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return Int64(bitPattern: value ^ (value >> 31))
    }
}
