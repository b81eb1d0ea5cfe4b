/// Whether a span is a heading, title or label line: a short line of its own without the shape of a
/// sentence ("Chapter V: Legal Liability", "IV. Respect privacy.", "9.3 Generated Content Safety
/// Assessment", "第五章 法律责任", "（二）推进人工智能赋能千行百业").
///
/// Why: the project's coders give headings no code (gold convention 1): a heading names a topic that
/// the text below it treats, and the sentences below carry the codes. A lexicon cannot tell a heading
/// from a sentence by its words, only by its shape.
///
/// The shape, on the span's bytes and the rest of its line:
/// - the span starts a line: only spaces, tabs and a page's form feed between it and the line break
///   before it (or the text's start); and it ends its line, except for a Latin run-in heading
///   ("Independent evaluation. Automated systems should …"), whose period is followed by the paragraph;
/// - a Chinese heading 第N编, 第N章 or 第N节 and its title, followed on its line by a head of a lower
///   rank (第N章, 第N节, 第N条), after white space or not, ends there and need not start its line: web
///   pages and PDF conversions run "第一章 总则 第一条 为了…", "第一章总则第一条为了…" and "第三章 网络运行安全
///   第一节 一般规定 第二十一条 …" on one line, after the text before too ("…制定本办法。第二章 技术发展与治理
///   第五条 …"), and the segmenter
///   makes each head a unit (`Segmenter.appendHeadsAfterHeading`); a span that opens with such a
///   heading and ends its line need not start it either;
/// - Chinese (Han characters are more than half of its code points, or it has Han characters and ends
///   in Chinese sentence or clause punctuation, "提供者应保护个人信息（personal data）。"): at most
///   `maxHanCodePoints` code points, white space between Han characters not counted ("第 二 章 网 络 安
///   全", as matching ignores it), no `，` or `；` inside and no sentence or clause punctuation
///   (`。；，、：！？`) at the end;
/// - otherwise: at least one and at most `maxWords` Latin words (up to `maxTitleCaseWords` in title
///   case, without a final period), none of `;`, `:`, `,`, `-` at the end, at most
///   `maxWordsBeforePeriod` words when it ends with a period; not starting with a lowercase letter (a
///   fragment of a hard-wrapped sentence, not a heading), without an auxiliary or modal verb (shall,
///   must, is, are, has …) and not opening with a subject word (the, this, it, such …): those are
///   short sentences; and, with a final period, without a lowercase lexical verb (`isLexicalVerb`)
///   after a word that is no article, preposition or conjunction ("Facial recognition threatens
///   privacy.", "AI systems discriminate against women.": a run-in heading names a topic);
/// - a Latin line that opens with a section label ("SEC. 2.", "Sec. 4.", "Section 4.3") or a section
///   number ("4.5.", "A.1.8.") and goes on in title case or capitals: up to `maxSectionTitleWords`
///   words, final period or not, alone on its line or before a list item on it ("4.1. Developing
///   Guidelines … Security. (a) Within …");
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
        var after = upper
        while after < text.count, isBlank(text[after]) || text[after] == 0x0D { after += 1 }
        let endsLine = after == text.count || text[after] == 0x0A
        // A Chinese heading (第N章 and its title) run into the next head on its line, "第一章 总则 第一条
        // 为了…" (`Segmenter.appendHeadsAfterHeading`), ends there; it may follow other text on its line.
        var runsIntoHead = false
        if text[lower] == 0xE7, let head = TextScanning.chineseHead(text, at: lower, end: upper), head.rank < .article {
            if !endsLine, let next = TextScanning.chineseHead(text, at: Segmenter.skipSpaces(text, from: after, end: text.count), end: text.count) {
                runsIntoHead = next.rank > head.rank
            }
            guard runsIntoHead || endsLine || before < 0 || text[before] == 0x0A else { return false }
        } else {
            guard before < 0 || text[before] == 0x0A else { return false }
        }
        // A heading run into its first item on its line ("4.3. Managing AI in Critical Infrastructure and
        // in Cybersecurity. (a) To ensure …", "（一）政务服务类1.智能问答。"), which is a unit of its own
        // (`Segmenter.inlineItems`), ends there as a heading alone on its line would.
        let runsIntoItem = runsIntoHead || (!endsLine && opensItem(text, at: after))

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
        // White space between Han characters is not counted ("第 二 章 网 络 安 全", as matching drops it):
        // the spaces since the last other character, and whether that one was Han.
        var spacesAfterHan = 0
        var lastWasHan = false
        // The word before the current one (packed as `word`), and whether a later lowercase word is a
        // finite lexical verb after a noun ("AI systems discriminate against women.").
        var previousWord: UInt64 = 0
        var finiteVerb = false
        var position = lower
        while position < upper {
            let (scalar, length) = TextNormalizer.decode(text, at: position)
            position += length
            codePoints += 1
            if scalar == 0x20 || scalar == 0x09 || scalar == 0x3000 {
                if lastWasHan { spacesAfterHan += 1 }
            } else if isHan(scalar) {
                han += 1
                if lastWasHan { codePoints -= spacesAfterHan }
                spacesAfterHan = 0
                lastWasHan = true
            } else {
                spacesAfterHan = 0
                lastWasHan = false
            }
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
                if inWord && words > 1 && !wordCapitalized && HeadingShape.isLexicalVerb(word, length: wordLength)
                    && !LatinHardWraps.isNonFinal(previousWord) {
                    finiteVerb = true
                }
                if inWord { previousWord = wordLength <= 8 ? word : 0 }
                inWord = false
            }
            last = scalar
        }
        if inWord && wordLength <= 8 && HeadingShape.isVerb(word) { return false }
        if inWord && wordLength > 3 { longWords += 1 }
        if han * 2 > codePoints || (han > 0 && isChineseClauseEnd(last)) {
            // A line with Han text that ends in 。 or ； is a Chinese sentence, however many Latin words it
            // quotes ("提供者应保护个人信息（personal data）。"): the Chinese rule, which no such line passes.
            return (endsLine || runsIntoItem) && codePoints <= maxHanCodePoints && !clauseInside && !isChineseClauseEnd(last)
        }
        guard words >= 1, !isLatinClauseEnd(last) else { return false }
        // A short line with a lexical verb after its subject is a sentence ("Facial recognition threatens
        // privacy."), not a run-in heading ("Independent evaluation."), which names a topic.
        if last == 0x2E && finiteVerb { return false }
        let titleCase = longWords > 0 && capitalizedLongWords * 4 >= longWords * 3
        if endsLine || runsIntoItem, titleCase, words <= maxSectionTitleWords,
           TextScanning.sectionLabelEnd(text, at: lower, end: upper) != nil
            || TextScanning.sectionNumberEnd(text, at: lower, end: upper) != nil {
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

    /// Lexical verbs of policy prose in the third person ("threatens", "includes", "means") or the
    /// plural ("discriminate", "vary"), left out where the word is as often a noun ("harms", "uses",
    /// "needs", "matters", "support"). `word` packs the first eight letters, as the scan does;
    /// `length` tells longer words apart.
    static func isLexicalVerb(_ word: UInt64, length: Int) -> Bool {
        if length > 8 {
            switch word {
            case 0x616D706C69666965 /* amplifies */, 0x636F6E7369646572 /* considers */, 0x636F6E74696E7565 /* continues */,
                 0x646973706C616365 /* displaces */, 0x656E64616E676572 /* endangers */, 0x67656E6572617465 /* generates */,
                 0x696E6672696E6765 /* infringes */, 0x70726F6869626974 /* prohibits */, 0x746872656174656E /* threatens */:
                return length == 9
            case 0x64657465726D696E /* determines */: return length == 10
            case 0x756E6465726D696E /* undermine, undermines */: return length == 9 || length == 10
            case 0x6578616365726261 /* exacerbate(s) */, 0x6A656F7061726469 /* jeopardize(s) */,
                 0x6D616E6970756C61 /* manipulate(s) */, 0x7065727065747561 /* perpetuate(s) */:
                return length == 10 || length == 11
            case 0x6469736372696D69 /* discriminate(s) */: return length == 12 || length == 13
            default: return false
            }
        }
        switch word {
        case 0x616666656374 /* affect */, 0x61666665637473 /* affects */, 0x616C6C6F77 /* allow */,
             0x616C6C6F7773 /* allows */, 0x616D706C696679 /* amplify */, 0x6170706C696573 /* applies */,
             0x6170706C79 /* apply */, 0x6265636F6D65 /* become */, 0x6265636F6D6573 /* becomes */,
             0x636F6C6C656374 /* collect */, 0x636F6C6C65637473 /* collects */, 0x636F6E7461696E /* contain */,
             0x636F6E7461696E73 /* contains */, 0x636F6E74696E7565 /* continue */, 0x637265617465 /* create */,
             0x63726561746573 /* creates */, 0x64656365697665 /* deceive */, 0x6465636569766573 /* deceives */,
             0x646570656E64 /* depend */, 0x646570656E6473 /* depends */, 0x646966666572 /* differ */,
             0x64696666657273 /* differs */, 0x646973706C616365 /* displace */, 0x656E61626C65 /* enable */,
             0x656E61626C6573 /* enables */, 0x656E64616E676572 /* endanger */, 0x656E73757265 /* ensure */,
             0x656E7375726573 /* ensures */, 0x65726F6465 /* erode */, 0x65726F646573 /* erodes */,
             0x6578697374 /* exist */, 0x657869737473 /* exists */, 0x65787069726573 /* expires */,
             0x6578706F7365 /* expose */, 0x6578706F736573 /* exposes */, 0x6661696C /* fail */,
             0x6661696C73 /* fails */, 0x67656E6572617465 /* generate */, 0x67697665 /* give */,
             0x6769766573 /* gives */, 0x68656C7073 /* helps */, 0x696E636C756465 /* include */,
             0x696E636C75646573 /* includes */, 0x696E6672696E6765 /* infringe */, 0x6C61636B73 /* lacks */,
             0x6D616B65 /* make */, 0x6D616B6573 /* makes */, 0x6D65616E73 /* means */,
             0x6D69736C656164 /* mislead */, 0x6D69736C65616473 /* misleads */, 0x6F63637572 /* occur */,
             0x6F6363757273 /* occurs */, 0x706F7365 /* pose */, 0x706F736573 /* poses */,
             0x70726F64756365 /* produce */, 0x70726F6475636573 /* produces */, 0x70726F6869626974 /* prohibit */,
             0x70726F74656374 /* protect */, 0x70726F7465637473 /* protects */, 0x70726F76696465 /* provide */,
             0x70726F7669646573 /* provides */, 0x7261697365 /* raise */, 0x726169736573 /* raises */,
             0x726564756365 /* reduce */, 0x72656475636573 /* reduces */, 0x7265666572 /* refer */,
             0x726566657273 /* refers */, 0x72656C696573 /* relies */, 0x72656C79 /* rely */,
             0x72656D61696E /* remain */, 0x72656D61696E73 /* remains */, 0x7265706C616365 /* replace */,
             0x7265706C61636573 /* replaces */, 0x72657175697265 /* require */, 0x7265717569726573 /* requires */,
             0x7365656B /* seek */, 0x7365656B73 /* seeks */, 0x74616B65 /* take */, 0x74616B6573 /* takes */,
             0x746872656174656E /* threaten */, 0x766172696573 /* varies */, 0x76617279 /* vary */,
             0x76696F6C617465 /* violate */, 0x76696F6C61746573 /* violates */:
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

    /// Space, tab, and the form feed that text extracted from a PDF puts at a page's start: a line after
    /// a page break starts a line ("␌NIST AI 100-1 AI RMF 1.0", a running header, `PageFurniture`).
    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0C }

    private static func isHan(_ scalar: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(scalar) || (0x3400...0x4DBF).contains(scalar) || (0x20000...0x2FA1F).contains(scalar)
    }
}
