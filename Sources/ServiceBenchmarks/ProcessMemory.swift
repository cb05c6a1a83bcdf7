import CKafkaBenchmarkLoops

/// The resident memory of this process.
public enum ProcessMemory {
    /// Resident set size in bytes, after giving freed heap memory back to the system
    /// (`malloc_trim`), so that only live memory counts.
    public static func residentBytes(trim: Bool = true) -> Int {
        Int(ckb_resident_bytes(trim ? 1 : 0))
    }
}
