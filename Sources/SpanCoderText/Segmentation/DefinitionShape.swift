import SpanCoderCore

/// Whether a span defines a term: "（一）网络安全，是指…", "Generative AI … refers to technologies …",
/// "Significant Modification: The term “significant modification” refers to …".
///
/// Why: the project's coders give definitions no code (gold convention 1): a definition says what a
/// word means, not what anyone must do, and its words (网络安全, discrimination) would otherwise code
/// it. The marker must come early in the span (within its first `maxMarkerOffset` bytes; the latest in the 28 corpus documents and the dev gold is
/// at byte 97): a duty that
/// mentions a definition further on is no definition, and the check stays cheap (it runs on every coded
/// span: one pass over at most that many bytes, one comparison per byte away from a candidate).
///
/// Markers: 是指 (white space between the two characters aside); "refers to", "refer to", "is defined as", "are defined as"; "the term" followed by a
/// quotation mark; a closing quotation mark followed by "means" (or "means—", opening a list of what
/// the term covers in a US bill), "has the meaning", "shall mean",
/// "includes", "include", "does not include" or "shall not include" (US statutes: "“Personal
/// information” has the meaning defined in Section 1798.140", "“Train a generative artificial
/// intelligence system” includes testing …"). Quotation marks are straight, curly, or the typewriter
/// ``…'' of bill texts printed by the Government Publishing Office. Letters match in either case, and
/// after a quotation mark the words may be set apart by more than one space: bills printed in capitals
/// and justified (New York's) write `"PERSONAL  INFORMATION"  SHALL MEAN` and `"ALGORITHMIC
/// DISCRIMINATION" MEANS`.
///
/// Checked against the development gold: its 7 units of this shape carry no gold code.
public enum DefinitionShape {
    public static let maxMarkerOffset = 120

    /// Whether `span` (UTF-8 byte offsets into `text`) defines a term.
    ///
    /// - Complexity: O(`maxMarkerOffset`). The markers are string literals compared in place: this runs
    ///   on every coded span, and global arrays of them cost a lazy-initialisation check per use.
    public static func isDefinition(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> Bool {
        let lower = max(0, span.lowerBound)
        let upper = min(text.count, span.upperBound)
        guard lower < upper else { return false }
        let limit = min(upper, lower + maxMarkerOffset)
        guard let base = text.baseAddress else { return false }
        // "the term" may open the span itself.
        if has("the term ", in: text, at: lower, upper: upper), quoteFollows(text, at: lower + 9, upper: upper) {
            return true
        }
        // Every marker but a span-opening "the term" opens with one of six byte sequences of up to six
        // bytes, letters in either case: " ref", " is d", " are d", " the t", 是指 (E6 98 AF E6 8C 87, or 是
        // and white space) and a closing quotation mark before a space (" or the last byte of ”, 9D, or
        // '') for "means" and the statutes' forms.
        // Sixteen positions at a time are tested for them (SSE2 compares), and only the rare blocks with
        // one are looked at byte by byte. Three-byte openings (" th", " is") were not enough: English
        // has one in most blocks ("the", "this", "is"), and the byte-by-byte look took 2% of `tag`.
        // The vectors are made once per call: comparing with a scalar literal is not lowered to SSE2.
        let space = SIMD16<UInt8>(repeating: 0x20), r = SIMD16<UInt8>(repeating: 0x72), e = SIMD16<UInt8>(repeating: 0x65)
        let f = SIMD16<UInt8>(repeating: 0x66), d = SIMD16<UInt8>(repeating: 0x64)
        let iLetter = SIMD16<UInt8>(repeating: 0x69), sLetter = SIMD16<UInt8>(repeating: 0x73), aLetter = SIMD16<UInt8>(repeating: 0x61)
        let t = SIMD16<UInt8>(repeating: 0x74), h = SIMD16<UInt8>(repeating: 0x68)
        let shi0 = SIMD16<UInt8>(repeating: 0xE6), shi1 = SIMD16<UInt8>(repeating: 0x98), shi2 = SIMD16<UInt8>(repeating: 0xAF)
        let zhi1 = SIMD16<UInt8>(repeating: 0x8C), zhi2 = SIMD16<UInt8>(repeating: 0x87)
        let spaceLeadC2 = SIMD16<UInt8>(repeating: 0xC2), spaceLeadE2 = SIMD16<UInt8>(repeating: 0xE2), spaceLeadE3 = SIMD16<UInt8>(repeating: 0xE3)
        let straightQuote = SIMD16<UInt8>(repeating: 0x22), curlyQuoteEnd = SIMD16<UInt8>(repeating: 0x9D)
        let apostrophe = SIMD16<UInt8>(repeating: 0x27)
        var i = lower
        while i < limit {
            if i + 21 <= upper {
                func load(_ offset: Int) -> SIMD16<UInt8> { UnsafeRawPointer(base + i + offset).loadUnaligned(as: SIMD16<UInt8>.self) }
                let b0 = load(0), b1 = load(1), b2 = load(2), b3 = load(3), b4 = load(4), b5 = load(5)
                // Letters in either case: a capital | 0x20 is its lowercase letter, and no other byte becomes a
                // letter (nor 0x20, but NUL). Quotation marks and 是指 are compared as they are.
                let f1 = b1 | space, f2 = b2 | space, f3 = b3 | space, f4 = b4 | space, f5 = b5 | space
                let refer = (f1 .== r) .& (f2 .== e) .& (f3 .== f)
                let isDefined = (f1 .== iLetter) .& (f2 .== sLetter) .& (b3 .== space) .& (f4 .== d)
                let areDefined = (f1 .== aLetter) .& (f2 .== r) .& (f3 .== e) .& (b4 .== space) .& (f5 .== d)
                let theTerm = (f1 .== t) .& (f2 .== h) .& (f3 .== e) .& (b4 .== space) .& (f5 .== t)
                // 是 then 指, or a byte that may open white space: ASCII's, or a lead byte of U+00A0 (C2),
                // U+2000–U+205F (E2) or U+3000 (E3).
                let shiZhi = (b0 .== shi0) .& (b1 .== shi1) .& (b2 .== shi2)
                    .& (((b3 .== shi0) .& (b4 .== zhi1) .& (b5 .== zhi2)) .| (b3 .<= space) .| (b3 .== spaceLeadC2)
                        .| (b3 .== spaceLeadE2) .| (b3 .== spaceLeadE3))
                let quoteSpace = ((b0 .== straightQuote) .| (b0 .== curlyQuoteEnd) .| (b0 .== apostrophe)) .& (b1 .== space)
                let candidates = (b0 .== space) .& (refer .| isDefined .| areDefined .| theTerm) .| shiZhi .| quoteSpace
                if candidates.anyLane {
                    for k in i..<min(i + 16, limit) where markerStarts(text, at: k, lower: lower, upper: upper) { return true }
                }
                i += 16
            } else {
                if markerStarts(text, at: i, lower: lower, upper: upper) { return true }
                i += 1
            }
        }
        return false
    }

    /// Whether a marker starts at `i` (inside the span `lower..<upper`).
    private static func markerStarts(_ text: UnsafeBufferPointer<UInt8>, at i: Int, lower: Int, upper: Int) -> Bool {
        guard i + 1 < upper else { return false }
        let second = text[i + 1] >= 0x41 && text[i + 1] <= 0x5A ? text[i + 1] | 0x20 : text[i + 1]
        switch UInt16(text[i]) << 8 | UInt16(second) {
        case 0xE698:  // 是指: E6 98 AF E6 8C 87
            // White space between the two, as matching ignores it between Han characters ("是 指", "是\n指").
            guard has("是", in: text, at: i, upper: upper) else { return false }
            var k = i + 3
            while k < upper {
                let (value, length) = TextScanning.scalar(text, at: k)
                guard TextScanning.isSpace(value) else { break }
                k += length
            }
            return has("指", in: text, at: k, upper: upper)
        case 0x2072:  // " r"
            return has(" refers to ", in: text, at: i, upper: upper) || has(" refer to ", in: text, at: i, upper: upper)
        case 0x2069:  // " i"
            return has(" is defined as ", in: text, at: i, upper: upper)
        case 0x2061:  // " a"
            return has(" are defined as ", in: text, at: i, upper: upper)
        case 0x2220, 0x9D20, 0x2720:  // " or ” or '' then a space: “X” means / has the meaning / shall mean / includes
            // The marker is the space after the quotation mark: it too must come early. The words may be
            // spaced out here (justified text in capitals: `"X"  SHALL MEAN`).
            guard i + 1 < lower + maxMarkerOffset else { return false }
            if text[i] == 0x9D && !(i - 2 >= lower && text[i - 2] == 0xE2 && text[i - 1] == 0x80) { return false }
            if text[i] == 0x27 && !closesTypewriterQuote(text, at: i + 1, lower: lower) { return false }
            func spaced(_ literal: StaticString) -> Bool { has(literal, in: text, at: i + 1, upper: upper, spacesMayRepeat: true) }
            return spaced(" has the meaning") || spaced(" shall mean") || spaced(" includes ") || spaced(" include ")
                || spaced(" does not include ") || spaced(" shall not include ")
                || spaced(" means ") || spaced(" means—") || spaced(" means--")
        case 0x2074, 0x2054:  // " t", " T": "the term" + an opening quotation mark
            return has("the term ", in: text, at: i + 1, upper: upper) && quoteFollows(text, at: i + 10, upper: upper)
        default:
            return false
        }
    }

    /// An opening quotation mark at `position`: ", “, or the typewriter `` of the Government Publishing
    /// Office's bill texts ("the term ``artificial intelligence'' means").
    private static func quoteFollows(_ text: UnsafeBufferPointer<UInt8>, at position: Int, upper: Int) -> Bool {
        position < upper && (text[position] == 0x22 || has("“", in: text, at: position, upper: upper) || has("``", in: text, at: position, upper: upper))
    }

    /// Whether the two bytes before `position` are '' (the typewriter closing quotation mark of bill texts).
    private static func closesTypewriterQuote(_ text: UnsafeBufferPointer<UInt8>, at position: Int, lower: Int) -> Bool {
        position - 2 >= lower && text[position - 1] == 0x27 && text[position - 2] == 0x27
    }

    /// Whether `literal` is at `position`, its ASCII letters in either case; with `spacesMayRepeat`, each
    /// of its spaces stands for a run of spaces and tabs.
    @inline(__always)
    private static func has(_ literal: StaticString, in text: UnsafeBufferPointer<UInt8>, at position: Int, upper: Int,
                            spacesMayRepeat: Bool = false) -> Bool {
        literal.withUTF8Buffer { bytes in
            var k = position
            for want in bytes {
                guard k < upper else { return false }
                var byte = text[k]
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                if byte != want { return false }
                k += 1
                if spacesMayRepeat && want == 0x20 {
                    while k < upper, text[k] == 0x20 || text[k] == 0x09 { k += 1 }
                }
            }
            return true
        }
    }
}
