extension Duration {
    /// The duration in seconds to the millisecond, for a log line's `seconds` field (`0.007`,
    /// `12.345`): `Duration`'s own description repeats the unit (`0.0071 seconds`).
    var loggedSeconds: String {
        let milliseconds = max(0, components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
