#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers over valid UTF-8 shared by the segmenters. Everything works on byte offsets;
/// nothing walks `Character`s.
enum TextScanning {
    /// The code point starting at `i` and its length in bytes (valid UTF-8 assumed).
    @inline(__always)
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[i]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return (UInt32(lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return (UInt32(lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F), 4)
    }

    /// The first byte of the code point that ends just before `index` (> `lowerBound`), going back no
    /// further than `lowerBound`.
    static func lead(before index: Int, in bytes: UnsafeBufferPointer<UInt8>, notBefore lowerBound: Int) -> Int {
        var lead = index - 1
        while lead > lowerBound && bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        return lead
    }

    /// Up to eight bytes as one integer, first byte lowest (abbreviations and ICU's exceptions are
    /// looked up this way, without allocating).
    static func pack<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var value: UInt64 = 0
        for (k, byte) in bytes.enumerated() { value |= UInt64(byte) << UInt64(8 * k) }
        return value
    }

    /// Whether `c` is white space for trimming spans: ASCII white space, NEL, no-break and other
    /// Unicode spaces, the ideographic space U+3000, line/paragraph separators, zero-width space and BOM.
    @inline(__always)
    static func isSpace(_ c: UInt32) -> Bool {
        switch c {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// Whether a curly closing quote, ” or ’ (E2 80 9D, E2 80 99), ends at `end` and starts no earlier
    /// than `lowerBound`.
    @inline(__always)
    static func curlyClosingQuoteEnds(_ bytes: UnsafeBufferPointer<UInt8>, at end: Int, notBefore lowerBound: Int) -> Bool {
        end - 3 >= lowerBound && bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x80 && (bytes[end - 1] == 0x9D || bytes[end - 1] == 0x99)
    }

    /// The length in bytes of a no-break or typographic space ending at `end` (U+00A0, U+2000–U+200A,
    /// U+202F: "Sec.\u{2002}4.", "Sec.\u{202F}5." in web and PDF text), or 0. Read byte by byte, so that
    /// the "。" most Chinese sentences end in costs no decoding.
    @inline(__always)
    static func typographicSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int, notBefore lowerBound: Int) -> Int {
        guard end - 2 >= lowerBound else { return 0 }
        let last = bytes[end - 1]
        if last == 0xA0, bytes[end - 2] == 0xC2 { return 2 }
        guard end - 3 >= lowerBound, (last >= 0x80 && last <= 0x8A) || last == 0xAF, bytes[end - 2] == 0x80, bytes[end - 3] == 0xE2 else { return 0 }
        return 3
    }

    /// The length in bytes of a no-break or typographic space starting at `start` (as
    /// `typographicSpaceLength(_:endingAt:notBefore:)`), or 0.
    @inline(__always)
    static func typographicSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, startingAt start: Int, end: Int) -> Int {
        guard start + 2 <= end else { return 0 }
        if bytes[start] == 0xC2 { return bytes[start + 1] == 0xA0 ? 2 : 0 }
        guard start + 3 <= end, bytes[start] == 0xE2, bytes[start + 1] == 0x80 else { return 0 }
        let third = bytes[start + 2]
        return (third >= 0x80 && third <= 0x8A) || third == 0xAF ? 3 : 0
    }

    /// `range` without white space at either end (empty when it is all white space).
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end {
            let byte = bytes[start]
            if byte < 0x80 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { start += 1; continue }
                break
            }
            let (c, length) = scalar(bytes, at: start)
            if !isSpace(c) { break }
            start += length
        }
        while end > start {
            let byte = bytes[end - 1]
            if byte < 0x80 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { end -= 1; continue }
                break
            }
            let lead = self.lead(before: end, in: bytes, notBefore: start)
            if !isSpace(scalar(bytes, at: lead).value) { break }
            end = lead
        }
        return start..<end
    }

    /// The next line break at or after `from`: where the line ends and where the next one starts.
    /// "\n", "\r\n" and a lone "\r" end lines. Returns nil when no break follows.
    ///
    /// - Complexity: O(the line's length): the search goes in windows that double from 4 KiB, so a text
    ///   whose lines end in a lone "\r" does not search the rest of the text for a "\n" at every line (one
    ///   memchr over the rest made 400,000 such lines take 35 s instead of half a second).
    static func nextLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> (lineEnd: Int, nextStart: Int)? {
        guard from < end, let base = bytes.baseAddress else { return nil }
        var windowStart = from
        var window = 1 << 12
        while windowStart < end {
            let windowEnd = end - windowStart > window ? windowStart + window : end
            let newline = memchr(base + windowStart, 0x0A, windowEnd - windowStart).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
            let searchEnd = newline ?? windowEnd
            if let cr = memchr(base + windowStart, 0x0D, searchEnd - windowStart) {
                let at = UnsafeRawPointer(cr) - UnsafeRawPointer(base)
                // "\r\n" (the "\n" may lie just past the window).
                return (at, at + 1 < end && bytes[at + 1] == 0x0A ? at + 2 : at + 1)
            }
            if let newline { return (newline, newline + 1) }
            windowStart = windowEnd
            window = min(window << 1, 1 << 24)
        }
        return nil
    }

    // MARK: Structure of regulations and lists

    /// The words that open a section label, made once: this is asked at the start of every line
    /// that opens with a Latin letter, and building the list per call cost 3% of `tag` on English.
    private static let sectionWords: [[UInt8]] = ["Sec.", "SEC.", "Section", "SECTION", "Article", "ARTICLE", "Art.", "§", "Part", "PART", "Subd.",
                                                    "Chapter", "CHAPTER"].map { Array($0.utf8) }
    private static let sectionSign = Array("§".utf8)

    /// "Sec. 4.", "SEC. 4.", "Section 4.1", "Article 12", "Art. 5", "§ 3(b)", "Subd. 2.", "Chapter 1." at `start`: the end of the label.
    /// The space after the word may be a no-break or typographic one ("Sec.\u{2002}4.").
    static func sectionLabelEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int? {
        for word in sectionWords where start + word.count < end {
            guard bytes[start..<start + word.count].elementsEqual(word) else { continue }
            var i = start + word.count
            var spaces = 0
            while i < end {
                let length = bytes[i] == 0x20 ? 1 : typographicSpaceLength(bytes, startingAt: i, end: end)
                guard length > 0 else { break }
                i += length
                spaces += 1
            }
            guard spaces > 0 || word == sectionSign, i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 else { continue }
            // 4  4.1  4(b)  12A — then an optional final dot.
            while i < end {
                let byte = bytes[i]
                let isLabel = (byte >= 0x30 && byte <= 0x39) || byte == 0x28 || byte == 0x29 || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                if isLabel { i += 1; continue }
                if byte == 0x2E, i + 1 < end, bytes[i + 1] >= 0x30, bytes[i + 1] <= 0x39 { i += 1; continue }
                break
            }
            if i < end, bytes[i] == 0x2E { i += 1 }
            return i
        }
        return nil
    }

    /// A section number of a code or bill at `start`, "22608.", "11547.5.", "1334.", "6-1-1701." (up to
    /// seven digits, up to three parts after hyphens or en dashes, dotted parts, a final full stop),
    /// followed by white space: the end of the number. No list item
    /// marker takes more than three digits (`structuralMarkerEnd`), so these were left to ICU, which
    /// ends a sentence after them and leaves the number a unit of its own.
    static func sectionCodeNumberEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int? {
        var i = start
        var digits = 0
        while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1; digits += 1 }
        guard digits > 0, digits <= 7 else { return nil }
        // Title, article and section joined by hyphens or en dashes: "6-1-1701.", "11–1601.".
        var parts = 0
        while parts < 3, i < end {
            let dash = bytes[i] == 0x2D ? 1 : (i + 2 < end && bytes[i] == 0xE2 && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x93 ? 3 : 0)
            guard dash > 0, i + dash < end, bytes[i + dash] >= 0x30, bytes[i + dash] <= 0x39 else { break }
            i += dash
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            parts += 1
        }
        guard i < end, bytes[i] == 0x2E else { return nil }
        i += 1
        while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i < end, bytes[i] == 0x2E else { return nil }
            i += 1
        }
        guard i < end, bytes[i] == 0x20 || bytes[i] == 0x09 || typographicSpaceLength(bytes, startingAt: i, end: end) > 0 else { return nil }
        return i
    }

    /// A numbered section at `start`: "4.5", "4.5.", "A.1", "A.1.8." (a number or a capital letter, then
    /// one or more dotted numbers and an optional final dot), followed by white space or the end: the end
    /// of the number. Appendices number their sections "A.1.8. Incident Disclosure".
    static func sectionNumberEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int? {
        var i = start
        if i < end, bytes[i] >= 0x41, bytes[i] <= 0x5A {
            i += 1
        } else {
            let digitsStart = i
            while i < end, i - digitsStart < 3, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > digitsStart else { return nil }
        }
        var levels = 0
        while i + 1 < end, bytes[i] == 0x2E, bytes[i + 1] >= 0x30, bytes[i + 1] <= 0x39 {
            i += 1
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            levels += 1
        }
        guard levels > 0 else { return nil }
        if i < end, bytes[i] == 0x2E { i += 1 }
        guard i == end || bytes[i] == 0x20 || bytes[i] == 0x09 else { return nil }
        return i
    }

    /// The end of the opening quotation mark at `start` (``, ", “, ‘), if one is there.
    static func openingQuoteEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int? {
        guard start < end else { return nil }
        if bytes[start] == 0x60 { return start + 1 < end && bytes[start + 1] == 0x60 ? start + 2 : nil }
        if bytes[start] == 0x22 { return start + 1 }
        if start + 2 < end, bytes[start] == 0xE2, bytes[start + 1] == 0x80, bytes[start + 2] == 0x9C || bytes[start + 2] == 0x98 { return start + 3 }
        return nil
    }

    /// Whether 第 (E7 AC AC), which opens every article and chapter head, starts at `i` (three bytes are there).
    @inline(__always)
    static func isDi(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        bytes[i] == 0xE7 && bytes[i + 1] == 0xAC && bytes[i + 2] == 0xAC
    }

    static func isChineseNumeral(_ c: UInt32) -> Bool {
        switch c {
        case 0x3007, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E24:
            return true  // 〇零一二三四五六七八九十百千两
        default:
            return false
        }
    }

    /// Han, kana, Hangul, CJK punctuation and full-width forms: text after which a Latin list marker
    /// needs no space ("a.建立制度").
    @inline(__always) static func isCJK(_ c: UInt32) -> Bool { (0x2E80...0xD7AF).contains(c) || (0xF900...0xFAFF).contains(c) || (0xFE30...0xFE4F).contains(c) || (0xFF00...0xFFEF).contains(c) || (0x20000...0x3FFFF).contains(c) }

    /// If the trimmed `line` is an article head and nothing else (第一条, 第三章 on a line of its own, as
    /// PDF conversions and some sources print them), the start of the next line with text, provided
    /// that line opens no other head or list item: the head and that line make one unit. Else nil.
    /// (Not an English label alone, `Article 7`: the gold's units of the English translation keep it a
    /// unit of its own, and joined, the article's codes spilled onto it: en dev F1 0.916 → 0.855.)
    static func bareHeadContinuation(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>, nextStart: Int) -> Int? {
        let content = trim(bytes, line)
        // 第 is E7 AC AC; the shortest head is seven bytes, 第1条 (a Chinese numeral makes nine: 第一条).
        guard content.count >= 7, isDi(bytes, at: content.lowerBound),
              structuralMarkerEnd(bytes, at: content.lowerBound, end: content.upperBound) == content.upperBound else { return nil }
        var position = nextStart
        while position < bytes.count {
            let lineBreak = nextLineBreak(bytes, from: position, end: bytes.count)
            let text = trim(bytes, position..<(lineBreak?.lineEnd ?? bytes.count))
            if !text.isEmpty {
                return structuralMarkerEnd(bytes, at: text.lowerBound, end: text.upperBound) == nil ? position : nil
            }
            guard let lineBreak else { return nil }
            position = lineBreak.nextStart
        }
        return nil
    }

    /// The ranks of the heads of a Chinese law, from the top: 编 (part), 章 (chapter), 节 (section),
    /// 条 (article); in Traditional characters 編, 章, 節, 條.
    enum ChineseHeadRank: UInt8, Comparable {
        case part, chapter, section, article
        static func < (a: ChineseHeadRank, b: ChineseHeadRank) -> Bool { a.rawValue < b.rawValue }
    }

    /// If a Chinese head 第N编, 第N章, 第N节 or 第N条 (N in Chinese numerals or digits) opens the text at
    /// `start`, its end and rank; else nil. The first three bytes (第 is E7 AC AC) decide most calls.
    @inline(__always)
    static func chineseHead(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> (end: Int, rank: ChineseHeadRank)? {
        guard start + 7 <= end, let (unit, unitEnd) = headUnit(bytes, at: start, end: end, maxNumerals: 8) else { return nil }
        switch unit {
        case 0x7F16, 0x7DE8: return (unitEnd, .part)  // 编 編
        case 0x7AE0: return (unitEnd, .chapter)  // 章
        case 0x8282, 0x7BC0: return (unitEnd, .section)  // 节 節
        case 0x6761, 0x689D: return (unitEnd, .article)  // 条 條
        default: return nil
        }
    }

    /// 第 at `start`, then one to `maxNumerals` Chinese numerals or digits: the character after them (the
    /// head's unit, 条 章 节 编 款 in a head) and where it ends; nil when 第, the numerals or that
    /// character are missing. How `chineseHead` and `structuralMarkerEnd` read a head's number.
    ///
    /// A number in digits may stand between spaces and carry an inserted article's suffix, as Taiwan's
    /// law database prints its heads ("第 1 條", "第 5-1 條" or "第５－１條", "第 2 章"); without that, such a head opened
    /// no unit, and whether it joined its article's text depended on the text's line widths. Spaces
    /// (at most two on each side: U+0020, U+00A0, U+3000) around Chinese numerals are not read as a head.
    @inline(__always)
    static func headUnit(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, maxNumerals: Int = .max) -> (unit: UInt32, end: Int)? {
        guard start + 3 <= end, isDi(bytes, at: start) else { return nil }
        var i = skipHeadSpaces(bytes, from: start + 3, end: end)
        var spaced = i > start + 3
        var numerals = 0
        var digitsOnly = true
        while i < end, numerals < maxNumerals {
            let (c, length) = scalar(bytes, at: i)
            let digit = isDigit(c)
            guard digit || isChineseNumeral(c) else { break }
            digitsOnly = digitsOnly && digit
            i += length
            numerals += 1
        }
        guard numerals > 0 else { return nil }
        // 第 5-1 條: the article inserted after article 5 (a full-width hyphen and digits too: 第５－１條).
        if digitsOnly, i < end {
            let (dash, dashLength) = scalar(bytes, at: i)
            if dash == 0x2D || dash == 0xFF0D, i + dashLength < end, isDigit(scalar(bytes, at: i + dashLength).value) {
                i += dashLength
                while i < end, numerals < maxNumerals {
                    let (c, length) = scalar(bytes, at: i)
                    guard isDigit(c) else { break }
                    i += length
                    numerals += 1
                }
            }
        }
        let afterNumber = skipHeadSpaces(bytes, from: i, end: end)
        spaced = spaced || afterNumber > i
        guard afterNumber < end, !spaced || digitsOnly else { return nil }
        let (unit, length) = scalar(bytes, at: afterNumber)
        return (unit, afterNumber + length)
    }

    /// Past up to two spaces (U+0020, U+00A0, U+3000) at `position`: those a head's number may stand
    /// between (`headUnit`).
    @inline(__always)
    private static func skipHeadSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int, end: Int) -> Int {
        var i = position
        for _ in 0..<2 where i < end {
            if bytes[i] == 0x20 {
                i += 1
            } else if i + 1 < end, bytes[i] == 0xC2, bytes[i + 1] == 0xA0 {
                i += 2
            } else if i + 2 < end, bytes[i] == 0xE3, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 {
                i += 3
            } else {
                break
            }
        }
        return i
    }

    @inline(__always) static func isDigit(_ c: UInt32) -> Bool { (0x30...0x39).contains(c) || (0xFF10...0xFF19).contains(c) }
    @inline(__always) static func isASCIILetter(_ c: UInt32) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }

    /// Whether the line whose text starts at `start` opens no unit: no article head, list item marker or
    /// section label (`structuralMarkerEnd` on that line), and no clause of a resolution or an order
    /// (`LatinHardWraps.opensRecital`: "WHEREAS, …"). What a line must be to go on a sentence across a
    /// wrap. `lineEnd` is the line's end when the caller knows it (else it is looked for).
    static func lineOpensNoUnit(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, lineEnd: Int? = nil) -> Bool {
        let lineEnd = lineEnd ?? nextLineBreak(bytes, from: start, end: bytes.count)?.lineEnd ?? bytes.count
        return structuralMarkerEnd(bytes, at: start, end: lineEnd) == nil && !LatinHardWraps.opensRecital(bytes, at: start)
    }

    /// Whether the letters and digits between brackets label a list item: a number (`1`, `12`, 一, 十二),
    /// one letter, a letter doubled or tripled (`aa`, `BBB`, as the US Code goes on after `z`), a roman
    /// numeral below 40 in one case (`iv`, `XII`), up to four lower-case letters (`ia`, `ib`), a number with one or two letters after it (`1A`, an
    /// inserted paragraph) or a letter with one or two digits (`A1`). Not an acronym (`(OECD)`, `(XSS)`,
    /// `(WCAG)`), which opens the rest of a sentence wrapped before it: such a line was a unit of its own.
    ///
    /// - Complexity: O(label length), nothing allocated (asked at every bracket that opens a line or
    ///   follows a sentence end).
    static func isItemLabel(_ label: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = label.first else { return false }
        if label.count == 1 || first >= 0x80 { return true }  // one character; Chinese numerals (the caller took nothing else)
        var letters = 0, leadingDigits = 0
        var sameLetter = true
        for byte in label {
            if isDigit(UInt32(byte)) {
                if letters == 0 { leadingDigits += 1 }
                continue
            }
            letters += 1
            sameLetter = sameLetter && byte == first
        }
        let digits = label.count - letters
        if letters == 0 { return true }
        if digits > 0 {
            return (leadingDigits == digits && letters <= 2) || (!isDigit(UInt32(first)) && letters == 1 && digits <= 2)
        }
        if sameLetter && letters <= 3 { return true }
        // In lower case up to four letters (California's inserted "(ia)", "(ib)"; a misnumbered "(xviv)"):
        // acronyms are in capitals.
        if letters <= 4 && label.allSatisfy({ $0 >= 0x61 }) { return true }
        return isRomanNumeralBelow40(label)
    }

    /// Whether `label` is one letter or a roman numeral below 40 in one case: the labels a tab may
    /// stand after for a lost ")" ("a⇥…", "iv⇥…"), which "ill⇥patients" is not.
    static func isLetterOrRomanLabel(_ label: UnsafeBufferPointer<UInt8>) -> Bool {
        label.count == 1 || isRomanNumeralBelow40(label)
    }

    /// Whether the letters are a roman numeral from 1 to 39 in one case ("iv", "XII").
    /// - Complexity: O(1): labels of more than eight letters are none.
    private static func isRomanNumeralBelow40(_ letters: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = letters.first, letters.count <= 8, letters.allSatisfy({ ($0 >= 0x61) == (first >= 0x61) }) else { return false }
        return romanNumeralsBelow40.contains(pack(letters.lazy.map { $0 | 0x20 }))
    }

    /// "i" … "xxxix", packed by `pack`.
    private static let romanNumeralsBelow40: Set<UInt64> = {
        let units = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
        var set: Set<UInt64> = []
        for tens in ["", "x", "xx", "xxx"] {
            for unit in units where !(tens + unit).isEmpty { set.insert(pack((tens + unit).utf8)) }
        }
        return set
    }()

    /// If the text at `start` opens with an article head (第十二条, 第三章) or a list item marker
    /// (（一） (1) (a) 1. 1.2 1、 一、 a. iv) a⇥ ① • -) or a lettered section number (A.1.8.), the offset
    /// just past the marker; else nil. A Latin letter marker ("a.", "iv)") is followed by white space,
    /// the end, or Chinese text ("a.建立制度"); one with a tab for its "." or ")" ends before the tab.
    static func structuralMarkerEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int? {
        guard start < end else { return nil }
        func peek(_ i: Int) -> (value: UInt32, length: Int)? { i < end ? scalar(bytes, at: i) : nil }
        func followedBySpaceOrEnd(_ i: Int) -> Bool {
            guard let next = peek(i) else { return true }
            return isSpace(next.value)
        }
        guard let (first, firstLength) = peek(start) else { return nil }
        var i = start + firstLength

        switch first {
        case 0x7B2C:  // 第 + numeral + 条/章/节/编/款 (Traditional 條 節 編)
            guard let (unit, unitEnd) = headUnit(bytes, at: start, end: end) else { return nil }
            switch unit {
            case 0x6761, 0x7AE0, 0x8282, 0x7F16, 0x6B3E, 0x689D, 0x7BC0, 0x7DE8: return unitEnd  // 条 章 节 编 款 條 節 編
            default: return nil
            }
        case 0xFF08, 0x28:  // （ or ( + up to 6 numerals/letters + ） or ); "( 7)", "( iii)" as some bills print them
            if first == 0x28, let (space, _) = peek(i), space == 0x20 { i += 1 }
            let labelStart = i
            var count = 0
            while let (c, length) = peek(i), count < 6, isChineseNumeral(c) || isDigit(c) || isASCIILetter(c) {
                i += length; count += 1
            }
            guard count > 0, let (close, length) = peek(i), close == 0xFF09 || close == 0x29,
                  isItemLabel(UnsafeBufferPointer(rebasing: bytes[labelStart..<i])) else { return nil }
            return i + length
        case 0x2460...0x2473, 0x2776...0x277F:  // ① … ⑳, ❶ … ❿
            return i
        case 0x2022, 0xB7, 0x25AA, 0x25A0, 0x25CF, 0x25E6, 0x2013, 0x2D, 0x2A:  // • · ▪ ■ ● ◦ – - *
            return followedBySpaceOrEnd(i) && i < end ? i : nil
        default:
            break
        }
        if isDigit(first) {
            var digits = 1
            while let (c, length) = peek(i), isDigit(c) { i += length; digits += 1 }
            guard digits <= 3, let (after, length) = peek(i) else { return nil }
            switch after {
            case 0x3001, 0xFF0E, 0x29, 0xFF09:  // 、 ． ) ）
                return i + length
            case 0x2E:  // 1.  1.2  1.2.
                i += length
                while let (c, _) = peek(i), isDigit(c) {
                    while let (d, l) = peek(i), isDigit(d) { i += l }
                    if let (dot, l) = peek(i), dot == 0x2E { i += l } else { break }
                }
                return followedBySpaceOrEnd(i) || !(peek(i).map { isDigit($0.value) } ?? false) ? i : nil
            default:
                return nil
            }
        }
        if isChineseNumeral(first) {
            var count = 1
            while let (c, length) = peek(i), isChineseNumeral(c), count < 4 { i += length; count += 1 }
            if let (after, length) = peek(i), after == 0x3001 { return i + length }  // 一、
            return nil
        }
        if isASCIILetter(first) || first == 0xA7, let end = sectionLabelEnd(bytes, at: start, end: end) {
            return end
        }
        if first >= 0x41 && first <= 0x5A, let end = sectionNumberEnd(bytes, at: start, end: end) {
            return end  // A.1.8.
        }
        if isASCIILetter(first) {
            // a.  A)  iv.  xii)  — a short letter label followed by white space.
            var count = 1
            while let (c, length) = peek(i), isASCIILetter(c), count < 5 { i += length; count += 1 }
            guard let (after, length) = peek(i), after == 0x2E || after == 0x29 || after == 0x09 else { return nil }
            let label = UnsafeBufferPointer(rebasing: bytes[start..<i])
            guard count == 1 || label.allSatisfy({ "ivxlIVXL".utf8.contains($0) }) else { return nil }
            // "a⇥privacy rights …; and", "iv⇥…": a word processor's list, its ")" or "." lost to a tab in
            // extraction (the Council of Europe's AI convention). No sentence opens with a letter and a tab.
            if after == 0x09 { return isLetterOrRomanLabel(label) ? i : nil }
            // Chinese text often runs on without a space ("a.建立制度；", "ii.加强管理").
            guard followedBySpaceOrEnd(i + length) || (peek(i + length).map { isCJK($0.value) } ?? false) else { return nil }
            return i + length
        }
        return nil
    }
}
