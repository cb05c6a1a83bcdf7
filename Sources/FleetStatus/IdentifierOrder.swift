/// The order servers and clusters are listed in: digits compare as numbers, so `server-2`
/// comes before `server-18` (as a person reads a fleet's names), the rest by Unicode scalar.
/// Equal names by that rule (`srv-02`, `srv-2`) fall back to plain string order, so the order
/// is total and a page of a listing (`offset=`) is the same from every instance.
public enum IdentifierOrder {
    /// Whether `a` is listed before `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var left = a.unicodeScalars[...]
        var right = b.unicodeScalars[...]
        while let l = left.first, let r = right.first {
            if isDigit(l) && isDigit(r) {
                let leftRun = digitRun(&left)
                let rightRun = digitRun(&right)
                if leftRun.count != rightRun.count { return leftRun.count < rightRun.count }
                if leftRun != rightRun { return leftRun.lexicographicallyPrecedes(rightRun) }
            } else {
                if l != r { return l.value < r.value }
                left.removeFirst()
                right.removeFirst()
            }
        }
        if left.isEmpty != right.isEmpty { return left.isEmpty }
        return a < b
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Takes the run of digits at the front of `scalars`, without its leading zeros.
    private static func digitRun(_ scalars: inout Substring.UnicodeScalarView) -> [UInt32] {
        let run = scalars.prefix(while: isDigit)
        scalars.removeFirst(run.count)
        return run.drop(while: { $0 == "0" }).map(\.value)
    }
}
