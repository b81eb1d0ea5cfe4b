/// Whether a span defines a term: "（一）网络安全，是指…", "Generative AI … refers to technologies …",
/// "Significant Modification: The term “significant modification” refers to …".
///
/// Why: the project's coders give definitions no code (gold convention 1): a definition says what a
/// word means, not what anyone must do, and its words (网络安全, discrimination) would otherwise code
/// it. The marker must come early in the span (within its first `maxMarkerOffset` bytes): a duty that
/// mentions a definition further on is no definition, and the check stays cheap (it runs on every coded
/// span: one pass over at most that many bytes, one comparison per byte away from a candidate).
///
/// Markers: 是指; "refers to", "refer to", "is defined as", "are defined as"; "the term" followed by a
/// quotation mark; a closing quotation mark followed by "means".
///
/// Checked against the development gold: its 7 units of this shape carry no gold code.
public enum DefinitionShape {
    public static let maxMarkerOffset = 180

    /// Whether `span` (UTF-8 byte offsets into `text`) defines a term.
    ///
    /// - Complexity: O(`maxMarkerOffset`).
    public static func isDefinition(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> Bool {
        let lower = max(0, span.lowerBound)
        let upper = min(text.count, span.upperBound)
        guard lower < upper else { return false }
        let limit = min(upper, lower + maxMarkerOffset)
        var i = lower
        while i < limit {
            switch text[i] {
            case 0xE6:  // 是指: E6 98 AF E6 8C 87
                if has(shiZhi, in: text, at: i, upper: upper) { return true }
            case 0x20:
                if has(refersTo, in: text, at: i, upper: upper) || has(referTo, in: text, at: i, upper: upper)
                    || has(isDefinedAs, in: text, at: i, upper: upper) || has(areDefinedAs, in: text, at: i, upper: upper) {
                    return true
                }
                // “X” means / "X" means
                if has(means, in: text, at: i, upper: upper), i > lower, text[i - 1] == 0x22 || (i - 3 >= lower && text[i - 3] == 0xE2 && text[i - 2] == 0x80 && text[i - 1] == 0x9D) {
                    return true
                }
            case 0x54, 0x74:  // "the term" + an opening quotation mark, at a word start
                if i == lower || text[i - 1] == 0x20, has(theTerm, in: text, at: i, upper: upper, caseInsensitiveFirst: true) {
                    let after = i + theTerm.count
                    if after < upper && (text[after] == 0x22 || has(curlyOpen, in: text, at: after, upper: upper)) { return true }
                }
            default:
                break
            }
            i += 1
        }
        return false
    }

    private static let shiZhi = Array("是指".utf8)
    private static let refersTo = Array(" refers to ".utf8)
    private static let referTo = Array(" refer to ".utf8)
    private static let isDefinedAs = Array(" is defined as ".utf8)
    private static let areDefinedAs = Array(" are defined as ".utf8)
    private static let means = Array(" means ".utf8)
    private static let theTerm = Array("the term ".utf8)
    private static let curlyOpen = Array("“".utf8)

    private static func has(_ bytes: [UInt8], in text: UnsafeBufferPointer<UInt8>, at position: Int, upper: Int,
                            caseInsensitiveFirst: Bool = false) -> Bool {
        guard position + bytes.count <= upper else { return false }
        for k in bytes.indices {
            var byte = text[position + k]
            if k == 0 && caseInsensitiveFirst { byte |= 0x20 }
            if byte != bytes[k] { return false }
        }
        return true
    }
}
