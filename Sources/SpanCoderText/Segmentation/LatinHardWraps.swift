/// Lines of Latin text that no sentence ends at, whatever the next line starts with.
///
/// Why: `Segmenter.isHardWrap` goes on a sentence across a line break when the next line starts with
/// a lowercase letter; but in GPO and Congress.gov plain text and in PDF extractions the word after the
/// break is as often a proper noun, "AI" or a number ("… from agencies, industry,\nFederal
/// laboratories, …", "… are referred to here as\nAI actors in the AI lifecycle."). A line that ends in
/// a comma, in a hyphen after a letter ("Privacy-⏎Enhancing"), or in an article, a preposition, a
/// conjunction or a possessive, is cut mid-sentence: no sentence ends there, nor does a heading or a list
/// item's text.
enum LatinHardWraps {
    /// Whether a Latin line whose last non-blank character is `last` may end mid-sentence at all, as a
    /// hard-wrapped line does: in a letter, digit, comma, hyphen or per cent sign (a sentence or clause
    /// end, a closing bracket or quote ends it). What `Segmenter.isHardWrap` and
    /// `PageFurniture.continuesSentence` ask first.
    @inline(__always)
    static func mayBreakMidSentence(_ last: UInt32) -> Bool {
        TextScanning.isASCIILetter(last) || TextScanning.isDigit(last) || last == 0x2C || last == 0x2D || last == 0x25
    }

    /// Whether the line whose last non-blank byte is at `last` ends in a comma or in a word no sentence
    /// ends in (`isNonFinal`, in any case: "OF" in a title in capitals too, but for the label "A"), and
    /// is no item of a list whose markers were lost before the next line, which starts at `nextStart`:
    /// - "…; and" or "…; or" ends an item ("… these technologies; and\nWHEREAS, the State …", "… other
    ///   programs; or,\nAccess to critical resources …");
    /// - a line that opens with a tab, before another, is an item whose bullet was lost in extraction
    ///   ("\tOffice of the Chief Electoral Officer,\n\tOffice of the Commissioner of Lobbying,").
    ///
    /// - Complexity: O(1) for most lines: at most eleven bytes before `last` are read; the line's start
    ///   is looked for only when the next line opens with a tab.
    static func cannotEndSentence(_ bytes: UnsafeBufferPointer<UInt8>, last: Int, nextStart: Int) -> Bool {
        guard endsMidSentence(bytes, last: last), !endsListItem(bytes, last: last) else { return false }
        if nextStart < bytes.count, bytes[nextStart] == 0x09 {
            var lineStart = last
            while lineStart > 0, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
            if bytes[lineStart] == 0x09 { return false }
        }
        return true
    }

    private static func endsMidSentence(_ bytes: UnsafeBufferPointer<UInt8>, last: Int) -> Bool {
        if bytes[last] == 0x2C { return true }
        // A word hyphenated at the line end, before a capital too ("Privacy-⏎Enhancing Technologies",
        // "AI-⏎Based"): no sentence ends in a hyphen after a letter.
        if bytes[last] == 0x2D { return last > 0 && TextScanning.isASCIILetter(UInt32(bytes[last - 1])) }
        var start = last
        while start > 0, last - start < 10, TextScanning.isASCIILetter(UInt32(bytes[start - 1])) { start -= 1 }
        // A whole word: not the end of "non-profit-and" or "U.S.A", nor of a longer word.
        guard TextScanning.isASCIILetter(UInt32(bytes[last])) else { return false }
        if start > 0 {
            let before = bytes[start - 1]
            guard before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D || before == 0x28 else { return false }
        }
        let length = last - start + 1
        // "Appendix A", "Part A": a capital A is a label.
        if length == 1 && bytes[start] != 0x61 { return false }
        if length > 8 { return isLongNonFinal(bytes, start: start, length: length) }
        return isNonFinal(bytes, start..<(last + 1))
    }

    /// Whether the line ends in "; and" or "; or", a comma after either aside ("… other programs; or,"),
    /// with the conjunction on the same line or on a line of its own.
    static func endsListItem(_ bytes: UnsafeBufferPointer<UInt8>, last: Int) -> Bool {
        var end = last
        if bytes[end] == 0x2C { end -= 1 }
        guard end >= 2 else { return false }
        var start: Int
        if bytes[end - 2] | 0x20 == 0x61, bytes[end - 1] | 0x20 == 0x6E, bytes[end] | 0x20 == 0x64 {
            start = end - 2  // and
        } else if bytes[end - 1] | 0x20 == 0x6F, bytes[end] | 0x20 == 0x72 {
            start = end - 1  // or
        } else {
            return false
        }
        // The conjunction may stand on a line of its own ("…review;⏎    and", `isLoneConjunction`).
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard start > 0, isBlank(bytes[start - 1]) else { return false }
        while start > 0, isBlank(bytes[start - 1]) { start -= 1 }
        return start > 0 && bytes[start - 1] == 0x3B
    }

    /// Whether the line ends in a closing quotation mark (", ”, '', ’, ') that closes no sentence: a
    /// defined term or a quoted phrase whose sentence the next line goes on ("…The term ``covered
    /// platform''⏎means a website…", "…“AI” and “AI tools”⏎broadly to cover…", "…The term `digital
    /// forgery'⏎means…"), or a plural's apostrophe ("…support organizations’⏎abilities to operate…"), or a
    /// spaced dash that opens or closes an aside ("AI risks – and benefits –⏎can emerge…"). After ".", "!"
    /// or "?" the quote ends a sentence. (The caller asks only before a line that starts in lower case.)
    ///
    /// - Complexity: O(1).
    static func endsInQuoteOrAside(_ bytes: UnsafeBufferPointer<UInt8>, last: Int) -> Bool {
        var beforeQuote: Int
        if bytes[last] == 0x22 {
            beforeQuote = last - 1
        } else if bytes[last] == 0x27, last >= 1, bytes[last - 1] == 0x27 {
            beforeQuote = last - 2
        } else if bytes[last] == 0x27 {
            beforeQuote = last - 1
        } else if bytes[last] == 0x9D || bytes[last] == 0x99, last >= 2, bytes[last - 1] == 0x80, bytes[last - 2] == 0xE2 {
            beforeQuote = last - 3
        } else if bytes[last] == 0x93 || bytes[last] == 0x94, last >= 3, bytes[last - 1] == 0x80, bytes[last - 2] == 0xE2 {
            return bytes[last - 3] == 0x20  // " –", " —"; not a lead-in's "shall—"
        } else {
            return false
        }
        guard beforeQuote >= 0 else { return false }
        let before = bytes[beforeQuote]
        return before != 0x2E && before != 0x21 && before != 0x3F && before != 0x20 && before != 0x09 && before != 0x0A
    }

    /// Whether the line at `start` holds nothing but "and", "or" or "and/or" (a comma after it aside):
    /// a list's conjunction set on a line of its own ("…for utilization review;⏎    and⏎    (2) …"), which
    /// belongs to the item before it rather than being a unit of its own.
    ///
    /// - Complexity: O(1): at most 16 bytes are read.
    static func isLoneConjunction(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var i = start
        func word(_ literal: StaticString) -> Bool {
            guard spells(literal, bytes, at: i, end: bytes.count) else { return false }
            i += literal.utf8CodeUnitCount
            return true
        }
        guard word("and") ? (!word("/") || word("or")) : word("or") else { return false }
        if i < bytes.count, bytes[i] == 0x2C { i += 1 }
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D, i - start < 16 { i += 1 }
        return i == bytes.count || bytes[i] == 0x0A
    }

    /// Whether the line at `start` opens a clause of a resolution or an executive order: "WHEREAS",
    /// "RESOLVED", "NOW, THEREFORE", "BE IT RESOLVED", "THEREFORE, BE IT" in capitals, or "Whereas,",
    /// "Resolved,", "Now, therefore," with their comma and "Be it resolved" in ordinary case. Each
    /// recital is a unit of its own, whatever the line before ends in ("…expenditure of public funds
    /// for such technologies; and⏎WHEREAS, governments should…" had been one span: "and" ends no
    /// sentence). Case-sensitive, so that a sentence wrapped before "whereas" still goes on.
    ///
    /// - Complexity: O(1): at most 16 bytes are read.
    static func opensRecital(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start < bytes.count else { return false }
        func exactly(_ literal: StaticString, wordEnds: Bool) -> Bool {
            guard spells(literal, bytes, at: start, end: bytes.count, foldingCase: false) else { return false }
            let after = start + literal.utf8CodeUnitCount
            return !wordEnds || after == bytes.count || !TextScanning.isASCIILetter(UInt32(bytes[after]))
        }
        switch bytes[start] {
        case UInt8(ascii: "W"): return exactly("WHEREAS", wordEnds: true) || exactly("Whereas,", wordEnds: false)
        case UInt8(ascii: "R"): return exactly("RESOLVED", wordEnds: true) || exactly("Resolved,", wordEnds: false)
        case UInt8(ascii: "N"): return exactly("NOW, THEREFORE", wordEnds: true) || exactly("Now, therefore,", wordEnds: false)
                || exactly("Now, Therefore,", wordEnds: false)
        case UInt8(ascii: "B"): return exactly("BE IT RESOLVED", wordEnds: true) || exactly("Be it resolved", wordEnds: true)
                || exactly("Be It Resolved", wordEnds: true)
        case UInt8(ascii: "T"): return exactly("THEREFORE, BE IT", wordEnds: true)
        default: return false
        }
    }

    /// Whether the line ends in a statute's name for one of its parts after a preposition or conjunction
    /// ("described in paragraph", "under subsections", "of Section"): the next line's "(1)", "(a)" or
    /// "245.15" is then the number cited, not a list item or a section of its own ("… as defined in
    /// section⏎245.15 of the penal law …", "… described in paragraph⏎(1). The Department …"). After
    /// "this section" or "such paragraph" nothing is cited, and the next line's "(3)" opens an item.
    ///
    /// - Complexity: O(1): at most 14 bytes of the last word and 9 of the word before are read.
    static func endsInCitationNoun(_ bytes: UnsafeBufferPointer<UInt8>, last: Int) -> Bool {
        var start = last
        while start > 0, last - start < 14, TextScanning.isASCIILetter(UInt32(bytes[start - 1])) { start -= 1 }
        guard start > 0, bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09, isCitationNoun(bytes, start..<(last + 1)) else {
            return false
        }
        var previousEnd = start - 1
        while previousEnd > 0, bytes[previousEnd - 1] == 0x20 || bytes[previousEnd - 1] == 0x09 { previousEnd -= 1 }
        var previousStart = previousEnd
        while previousStart > 0, previousEnd - previousStart < 9, TextScanning.isASCIILetter(UInt32(bytes[previousStart - 1])) {
            previousStart -= 1
        }
        guard previousStart < previousEnd, previousEnd - previousStart <= 8,
              previousStart == 0 || !TextScanning.isASCIILetter(UInt32(bytes[previousStart - 1])) else { return false }
        return isNonFinal(bytes, previousStart..<previousEnd)
    }

    /// Whether the line whose last non-blank byte (a ")") is at `last` ends in a citation: a citation
    /// noun and one or more parenthesized labels, "subsection (a)", "paragraph (3)", "Subsections
    /// (a)(1)", which no sentence ends in before a line that goes on in lowercase ("…submitted under
    /// subsection (a)⏎shall include the following:"). A label is one to five letters or digits.
    static func endsInCitation(_ bytes: UnsafeBufferPointer<UInt8>, last: Int) -> Bool {
        var i = last
        var labels = 0
        while i >= 0, bytes[i] == 0x29 {
            var j = i - 1
            while j >= 0, i - j <= 6, TextScanning.isASCIILetter(UInt32(bytes[j])) || TextScanning.isDigit(UInt32(bytes[j])) { j -= 1 }
            guard j >= 0, j < i - 1, bytes[j] == 0x28 else { return false }
            labels += 1
            i = j - 1
        }
        guard labels > 0, i >= 0, bytes[i] == 0x20 || bytes[i] == 0x09 else { return false }
        while i >= 0, bytes[i] == 0x20 || bytes[i] == 0x09 { i -= 1 }
        guard i >= 0 else { return false }
        let end = i + 1
        var start = end
        while start > 0, end - start < 14, TextScanning.isASCIILetter(UInt32(bytes[start - 1])) { start -= 1 }
        guard start < end, start == 0 || !TextScanning.isASCIILetter(UInt32(bytes[start - 1])) else { return false }
        return isCitationNoun(bytes, start..<end)
    }

    /// section, subsection, paragraph, subparagraph, clause, subclause, subdivision and title, singular
    /// or plural, in any case.
    private static func isCitationNoun(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        var end = word.upperBound
        if bytes[end - 1] | 0x20 == 0x73 { end -= 1 }  // plural s
        var stem = word.lowerBound
        if end - stem > 3, bytes[stem] | 0x20 == 0x73, bytes[stem + 1] | 0x20 == 0x75, bytes[stem + 2] | 0x20 == 0x62 { stem += 3 }  // sub
        func equals(_ literal: StaticString) -> Bool {
            literal.utf8CodeUnitCount == end - stem && spells(literal, bytes, at: stem, end: end)
        }
        if stem > word.lowerBound { return equals("section") || equals("paragraph") || equals("clause") || equals("division") }
        return equals("section") || equals("paragraph") || equals("clause") || equals("title")
    }

    /// Whether the bytes at `start`, before `end`, spell `literal`: in any case when `foldingCase` (the
    /// literal then in lowercase ASCII), else exactly.
    private static func spells(_ literal: StaticString, _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int,
                               foldingCase: Bool = true) -> Bool {
        let fold: UInt8 = foldingCase ? 0x20 : 0
        return literal.withUTF8Buffer { word in
            start + word.count <= end && (0..<word.count).allSatisfy { bytes[start + $0] | fold == word[$0] }
        }
    }

    /// Whether the ASCII letters `word` (at most eight) are a word no sentence ends in (`isNonFinal`), in any case.
    private static func isNonFinal(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        var packed: UInt64 = 0
        for k in word { packed = packed << 8 | UInt64(bytes[k] | 0x20) }
        return isNonFinal(packed)
    }

    /// Prepositions longer than eight letters.
    private static func isLongNonFinal(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> Bool {
        func matches(_ literal: StaticString) -> Bool {
            literal.utf8CodeUnitCount == length && spells(literal, bytes, at: start, end: start + length)
        }
        return matches("including") || matches("regarding") || matches("concerning") || matches("according")
            || matches("throughout")
    }

    /// Articles, prepositions, conjunctions and possessives of up to eight letters: words a sentence
    /// does not end in. Lowercased ASCII letters packed into an integer, first letter highest, as
    /// `HeadingShape` packs words; a switch over constants (no hashing per line).
    static func isNonFinal(_ word: UInt64) -> Bool {
        switch word {
        case 0x61 /* a */, 0x616E /* an */, 0x746865 /* the */, 0x6F66 /* of */, 0x746F /* to */, 0x696E /* in */,
             0x6F6E /* on */, 0x6174 /* at */, 0x6279 /* by */, 0x666F72 /* for */, 0x66726F6D /* from */,
             0x77697468 /* with */, 0x696E746F /* into */, 0x6F6E746F /* onto */, 0x75706F6E /* upon */,
             0x766961 /* via */, 0x706572 /* per */, 0x77697468696E /* within */, 0x776974686F7574 /* without */,
             0x7468726F756768 /* through */, 0x6163726F7373 /* across */, 0x616D6F6E67 /* among */,
             0x6265747765656E /* between */, 0x616761696E7374 /* against */, 0x746F77617264 /* toward */,
             0x746F7761726473 /* towards */, 0x756E646572 /* under */, 0x616E64 /* and */, 0x6F72 /* or */,
             0x6E6F72 /* nor */, 0x627574 /* but */, 0x6173 /* as */, 0x7468616E /* than */,
             0x74686174 /* that */, 0x7768696368 /* which */, 0x77686F7365 /* whose */,
             0x77686574686572 /* whether */, 0x6966 /* if */, 0x73756368 /* such */, 0x697473 /* its */,
             0x7468656972 /* their */, 0x6F7572 /* our */, 0x796F7572 /* your */:
            return true
        default:
            return false
        }
    }
}
