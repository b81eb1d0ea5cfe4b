/// Whether a span is a heading, title or label line: a short line of its own without the shape of a
/// sentence ("Chapter V: Legal Liability", "IV. Respect privacy.", "9.3 Generated Content Safety
/// Assessment", "第五章 法律责任", "（二）推进人工智能赋能千行百业").
///
/// Why: the project's coders give headings no code (gold convention 1): a heading names a topic that
/// the text below it treats, and the sentences below carry the codes. A lexicon cannot tell a heading
/// from a sentence by its words, only by its shape.
///
/// The shape, on the span's bytes and the rest of its line:
/// - the span starts a line: only spaces and tabs between it and the line break before it (or the
///   text's start); and it ends its line, except for a Latin run-in heading ("Independent
///   evaluation. Automated systems should …"), whose period is followed by the paragraph;
/// - Chinese (Han characters are more than half of its code points): at most
///   `maxHanCodePoints` code points, no `，` or `；` inside and no sentence or clause punctuation
///   (`。；，、：！？`) at the end;
/// - otherwise: at least one and at most `maxWords` Latin words (up to `maxTitleCaseWords` in title
///   case, without a final period), none of `;`, `:`, `,`, `-` at the end, at most
///   `maxWordsBeforePeriod` words when it ends with a period; not starting with a lowercase letter (a
///   fragment of a hard-wrapped sentence, not a heading), without an auxiliary or modal verb (shall,
///   must, is, are, has …) and not opening with a subject word (the, this, it, such …): those are
///   short sentences;
/// - a Latin line that opens with a section label ("SEC. 2.", "Sec. 4.", "Section 4.3") and goes on in
///   title case or capitals: up to `maxSectionTitleWords` words, final period or not;
/// - a span followed on its line by a list item (which the segmenter makes a unit of its own:
///   "4.3. Managing AI in Critical Infrastructure and in Cybersecurity. (a) To ensure …", "Sec. 9.
///   Protecting Privacy. (a) …", "（一）政务服务类1.智能问答。") counts as ending its line, and in title
///   case (not all in capitals, as statutes set whole provisions) it is a heading up to
///   `maxTitleCaseWords` words with a final period too.
///
/// Checked against the development gold: its 39 units of this shape carry no gold code.
public enum HeadingShape {
    public static let maxHanCodePoints = 20
    public static let maxWords = 8
    public static let maxWordsBeforePeriod = 5
    /// Up to this many words, a line in title case (three in four words of four letters or more
    /// capitalized) is a heading too.
    public static let maxTitleCaseWords = 16
    /// A line that opens with a section label ("SEC. 2.", "Section 4.3") is a heading up to this many
    /// words in title case or capitals, with or without a final period: US bills title their sections
    /// "SEC. 2. VOLUNTARY GUIDELINES FOR ADMINISTRATION OF ELECTIONS THAT ADDRESS … TECHNOLOGIES.".
    public static let maxSectionTitleWords = 24
    /// Longer spans are not looked at: 20 Han characters are 60 bytes, eight long words about 100.
    public static let maxBytes = 160

    /// Whether `span` (UTF-8 byte offsets into `text`) has the shape of a heading.
    ///
    /// - Complexity: O(span length + the white space around it); spans longer than `maxBytes` are
    ///   rejected in O(1).
    public static func isHeading(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> Bool {
        var lower = max(0, span.lowerBound)
        var upper = min(text.count, span.upperBound)
        while lower < upper, isBlank(text[lower]) { lower += 1 }
        while upper > lower, isBlank(text[upper - 1]) || text[upper - 1] == 0x0D { upper -= 1 }
        guard lower < upper, upper - lower <= maxBytes else { return false }
        var before = lower - 1
        while before >= 0, isBlank(text[before]) { before -= 1 }
        guard before < 0 || text[before] == 0x0A else { return false }
        var after = upper
        while after < text.count, isBlank(text[after]) || text[after] == 0x0D { after += 1 }
        let endsLine = after == text.count || text[after] == 0x0A
        // A heading run into its first item on its line ("4.3. Managing AI in Critical Infrastructure and
        // in Cybersecurity. (a) To ensure …", "（一）政务服务类1.智能问答。"), which is a unit of its own
        // (`Segmenter.inlineItems`), ends there as a heading alone on its line would.
        let runsIntoItem = !endsLine && opensItem(text, at: after)

        var codePoints = 0, han = 0, words = 0
        var inWord = false
        var word: UInt64 = 0, wordLength = 0
        var wordCapitalized = false
        // Words of four letters or more, and those of them that start with a capital (title case).
        var longWords = 0, capitalizedLongWords = 0
        // Whether any letter is lowercase: a line in capitals is in title case by the count, and statutes
        // set whole provisions in capitals ("(III) EXPLAIN THE PROCESS TO APPEAL THE DECISION.").
        var lowercase = false
        var last: UInt32 = 0
        var clauseInside = false
        var position = lower
        while position < upper {
            let (scalar, length) = TextNormalizer.decode(text, at: position)
            position += length
            codePoints += 1
            if isHan(scalar) { han += 1 }
            if scalar == 0xFF0C || scalar == 0xFF1B { clauseInside = true }
            if TextScanning.isASCIILetter(scalar) {
                if !inWord {
                    if words == 0 && scalar >= 0x61 && lower == position - length { return false }
                    words += 1
                    word = 0
                    wordLength = 0
                    wordCapitalized = scalar < 0x61
                }
                inWord = true
                if scalar >= 0x61 { lowercase = true }
                wordLength += 1
                if wordLength <= 8 { word = word << 8 | UInt64(scalar | 0x20) }
                if wordLength == 4 && wordCapitalized { capitalizedLongWords += 1 }
            } else if !(inWord && (scalar == 0x27 || scalar == 0x2D || scalar == 0x2019)) {
                if inWord && wordLength <= 8 && HeadingShape.isVerb(word) { return false }
                if inWord && words == 1 && wordLength <= 8 && HeadingShape.isSubject(word) { return false }
                if inWord && wordLength > 3 { longWords += 1 }
                inWord = false
            }
            last = scalar
        }
        if inWord && wordLength <= 8 && HeadingShape.isVerb(word) { return false }
        if inWord && wordLength > 3 { longWords += 1 }
        if han * 2 > codePoints {
            return (endsLine || runsIntoItem) && codePoints <= maxHanCodePoints && !clauseInside && !isChineseClauseEnd(last)
        }
        guard words >= 1, !isLatinClauseEnd(last) else { return false }
        let titleCase = longWords > 0 && capitalizedLongWords * 4 >= longWords * 3
        if endsLine || runsIntoItem, titleCase, words <= maxSectionTitleWords,
           TextScanning.sectionLabelEnd(text, at: lower, end: upper) != nil {
            return true
        }
        if runsIntoItem, titleCase, lowercase, words <= maxTitleCaseWords { return true }
        if words > maxWords {
            // A longer line is a heading only in title case, alone on its line and without a period:
            // "Section 4.3 Managing AI in Critical Infrastructure and in Cybersecurity".
            return words <= maxTitleCaseWords && endsLine && last != 0x2E && titleCase
        }
        if last == 0x2E { return words <= maxWordsBeforePeriod }
        return endsLine || runsIntoItem
    }

    /// Whether a list item marker opens the text at `position` (after the span and its blanks). Only the
    /// next few bytes are read: a marker is short.
    private static func opensItem(_ text: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        var end = min(text.count, position + 24)
        if let newline = text[position..<end].firstIndex(of: 0x0A) { end = newline }
        while end > position, end < text.count, text[end] & 0xC0 == 0x80 { end -= 1 }
        return position < end && SpanStructure.opensListItem(text, span: position..<end)
    }

    /// Auxiliary and modal verbs: a line with one is a sentence ("Providers shall conduct adversarial
    /// testing."), however short. Lowercased ASCII letters packed into an integer, as the scan packs
    /// them; a switch over constants, not a set (no lazy global, no hashing: this runs per word).
    static func isVerb(_ word: UInt64) -> Bool {
        switch word {
        case 0x7368616C6C /* shall */, 0x6D757374 /* must */, 0x73686F756C64 /* should */, 0x6D6179 /* may */,
             0x77696C6C /* will */, 0x776F756C64 /* would */, 0x63616E /* can */, 0x636F756C64 /* could */,
             0x6973 /* is */, 0x617265 /* are */, 0x776173 /* was */, 0x77657265 /* were */, 0x6265 /* be */,
             0x6265656E /* been */, 0x686173 /* has */, 0x68617665 /* have */, 0x686164 /* had */,
             0x646F6573 /* does */, 0x646F /* do */, 0x646964 /* did */:
            return true
        default:
            return false
        }
    }

    /// Words that open a sentence's subject ("The rest applies.", "These apply."), not a heading.
    static func isSubject(_ word: UInt64) -> Bool {
        switch word {
        case 0x746865 /* the */, 0x74686973 /* this */, 0x7468657365 /* these */, 0x74686F7365 /* those */,
             0x74686174 /* that */, 0x6974 /* it */, 0x697473 /* its */, 0x74686579 /* they */, 0x7765 /* we */,
             0x796F75 /* you */, 0x73756368 /* such */, 0x65616368 /* each */, 0x7468657265 /* there */:
            return true
        default:
            return false
        }
    }

    /// 。；，、：！？
    private static func isChineseClauseEnd(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x3002, 0xFF1B, 0xFF0C, 0x3001, 0xFF1A, 0xFF01, 0xFF1F: return true
        default: return false
        }
    }

    /// ; : , -
    private static func isLatinClauseEnd(_ scalar: UInt32) -> Bool {
        scalar == 0x3B || scalar == 0x3A || scalar == 0x2C || scalar == 0x2D
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func isHan(_ scalar: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(scalar) || (0x3400...0x4DBF).contains(scalar) || (0x20000...0x2FA1F).contains(scalar)
    }
}
