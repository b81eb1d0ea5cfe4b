/// White space around values read from manifests and tables, shared by `stats` and `eval` so that a
/// value means the same group in both (`"US "` is `"US"`).
public enum WhiteSpace {
    /// Whether `scalar` is white space in the sense of Foundation's `.whitespacesAndNewlines`: the
    /// separators (general categories Zs, Zl, Zp), U+0009–U+000D, U+0085 and, as Foundation has it,
    /// the zero-width space U+200B (a space separator in Unicode once).
    @inlinable
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        if value == 0x85 || value == 0x200B { return true }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// `text` without white space (`contains`) at either end: what
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives.
    ///
    /// Why not that: it builds a new string for every value, which doubled the time `stats` took on a
    /// 200,000-row manifest. Almost every value has nothing to trim, and this returns those as they are
    /// after looking at their first and last byte.
    /// - Complexity: O(1) when neither end is white space, else O(length).
    public static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        // An ASCII byte that is not white space at both ends: nothing to trim (the common case).
        if first < 0x80, last < 0x80, !isASCIISpace(first), !isASCIISpace(last) { return text }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, contains(scalars[start]) { start = scalars.index(after: start) }
        while end > start, contains(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return text }
        return String(scalars[start..<end])
    }

    static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}
