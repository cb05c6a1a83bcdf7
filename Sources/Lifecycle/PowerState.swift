/// Whether a server's power is on or off, as desired or as observed by the BMC.
public enum PowerState: String, Sendable, Hashable, CaseIterable {
    case unknown, on, off
}
