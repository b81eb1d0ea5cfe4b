import SpanCoderCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts documents into spans (sentences, clauses, paragraphs or whole documents) with exact offsets.
///
/// Sentences come from ICU's sentence break rules, corrected for policy text:
/// - a line break ends a unit (titles, headings and list items sit on their own lines), except a hard
///   wrap, where the sentence goes on: in Latin text (`isHardWrap`: a line ending in a letter, digit,
///   comma, hyphen or %, the next starting with a lowercase letter; or a line ending in a comma, a hyphen after a letter or a
///   word no sentence ends in, `LatinHardWraps`, the next starting with any letter or digit) and in Chinese text
///   (`ChineseHardWraps`: a line as long as the text's full lines, without a sentence or clause end,
///   before a line that opens no head or list item); and across a PDF's page furniture between the halves
///   of a sentence ("…for exam-⏎Page 15⏎␌NIST AI 100-1 AI RMF 1.0⏎ple, how…", `PageFurniture`), which
///   is otherwise a unit of its own, joined to no line before or after it;
/// - an article head (第十二条) or list item marker (（一） (1) 1. 一、 a. a.建立 • A.1.8.) at the start of a line
///   (after a bill's opening quote too: "``SEC. 801.") begins a unit, and ICU's break right after such a
///   marker ("1." followed by a capital, "a." followed by Chinese) is dropped; an article head alone on
///   its line opens the next line's text (`TextScanning.bareHeadContinuation`);
/// - so does a list item marker inside a line after a sentence or clause end ("…task.  (b) There is…",
///   "义务：（一）建立制度；（二）…"), a section label after a full stop, and a marker after U+2028
///   (`inlineItems`), where ICU keeps the item with the text before it or cuts the number off it;
///   citations ("section 3(b)", "U.S.C. 552(b)(4)") and numbers ("3.5亿元") hold none;
/// - so does a Chinese head run on after a chapter or section heading on its line ("第一章 总则 第一条
///   为了…", "第一章 总则（试行）第一条 …", "第一章总则第一条为了…", `appendHeadsAfterHeading`), at a line
///   start or after a sentence end; references ("依照本法第二十条的规定", "第三章第五条规定的",
///   "第三章所列第五条规定的") follow no heading and hold none;
/// - ICU's breaks after abbreviations ("U.S.", "Sec.", "Dr.", "e.g.", "No.", "Civ.", initials…) are dropped:
///   ICU splits after them when a capital follows, and policy text is full of them; so are its breaks
///   before ";", "," or ")", which open no sentence (`continuesClause`);
/// - opening brackets and quotes right before a break go with the next unit ("。（一）…" splits before
///   "（"), where ICU's rules keep them with the sentence before.
///
/// Spans never include surrounding white space; a span's `range` slices the original text exactly.
///
/// Thread-safe: concurrent calls each borrow their own ICU iterator.
///
/// - Complexity: O(n) per document. ICU sees one line at a time (long lines in windows of 256 KB),
///   converted to UTF-16 into a reused buffer.
public final class Segmenter: Sendable {
    public let unit: SegmentUnit
    /// Tokens ending in "." after which a sentence does not end (compared case-sensitively).
    public let abbreviations: Set<String>
    /// Abbreviations of up to eight bytes packed into integers (no allocation per lookup), and the rest.
    private let shortAbbreviations: Set<UInt64>
    private let longAbbreviations: Set<[UInt8]>
    private let pool: BreakIteratorPool
    /// Whether lines whose breaks ICU's rules fix without context skip ICU (`SentenceBreakShortcut`).
    let shortcut: Bool
    /// Whether ICU filters its breaks with its English exceptions (`en@ss=standard`), whose false matches
    /// the segmenter undoes (`restoredBreaks`).
    let filtersExceptions: Bool

    /// Abbreviations common in US and Chinese policy documents and their translations. Single capital
    /// initials ("M.") and dotted initialisms ("U.S.", "E.O.") are recognised without being listed.
    public static let defaultAbbreviations: Set<String> = [
        "e.g.", "i.e.", "cf.", "vs.", "v.", "viz.", "al.", "approx.", "ca.", "esp.",
        "Sec.", "Secs.", "SEC.", "SECS.", "sec.", "secs.", "Art.", "Arts.", "art.", "No.", "Nos.", "no.", "nos.",
        "Para.", "para.", "paras.", "Ch.", "ch.", "Chap.", "Pt.", "pt.", "Fig.", "Figs.", "fig.", "Tab.", "Vol.", "vol.",
        "p.", "pp.", "Ed.", "ed.", "eds.", "Rev.", "Suppl.", "App.", "Annex.", "Ref.", "Refs.", "Ex.", "Exh.",
        "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "Hon.", "Gen.", "Sen.", "Rep.", "Gov.", "Amb.", "Adm.", "Lt.", "Col.",
        "Capt.", "Sgt.", "Jr.", "Sr.", "St.", "ST.",
        "Inc.", "Corp.", "Co.", "Ltd.", "LLC.", "Assn.", "Assoc.", "Dept.", "Depts.", "Admin.", "Govt.", "Int'l.",
        "Exec.", "Ord.", "Pub.", "Stat.", "Fed.", "Reg.", "Cong.", "Sess.", "Comm.", "Natl.", "Nat'l.",
        "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
        "Mon.", "Tue.", "Wed.", "Thu.", "Fri.", "Sat.", "Sun.",
        "a.m.", "p.m.", "Ph.D.", "approx.", "est.", "max.", "min.", "Nr.", "Mt.",
        // US legal citation: "10 U.S.C. note prec. 4061", "Public Law 117-263, div. G", "(Civ. Code, § 51, subd. (b);
        // Cal. Code Regs., tit. 2)", "Health & Saf. Code", "Miss. Code Ann.", "(N.D. Cal. May 11, 2023)", "Int. No. 1894-A".
        // Each was measured on AGORA's texts, where it ended no sentence. Not "seq.": "… et seq." ends
        // sentences, and its usual cut, before "; 42 U.S.C. …", is one before a semicolon (see `ours`).
        "prec.", "div.", "subd.", "subds.", "tit.", "Civ.", "Pen.", "Bus.", "Ins.", "Saf.", "Welf.", "Inst.",
        "Elec.", "Util.", "Cal.", "Miss.", "Del.", "Ann.", "Int.", "Doc.", "Supp.", "Cir.",
    ]

    /// - Parameters:
    ///   - unit: what one span is.
    ///   - abbreviations: tokens after which no sentence ends.
    ///   - locale: ICU locale of the sentence rules; `@ss=standard` adds ICU's own abbreviation list.
    public convenience init(unit: SegmentUnit = .sentence, abbreviations: Set<String> = Segmenter.defaultAbbreviations,
                            locale: String = "en@ss=standard") {
        self.init(unit: unit, abbreviations: abbreviations, locale: locale, shortcut: locale == "en@ss=standard")
    }

    /// With `shortcut` false, ICU sees every line (the reference the shortcut is tested against); the
    /// shortcut's rules are those of ICU's root and English sentence rules, so other locales go without.
    init(unit: SegmentUnit, abbreviations: Set<String>, locale: String, shortcut: Bool) {
        self.shortcut = shortcut
        self.filtersExceptions = locale == "en@ss=standard"
        self.unit = unit
        self.abbreviations = abbreviations
        self.shortAbbreviations = Set(abbreviations.filter { $0.utf8.count <= 8 }.map { word in
            TextScanning.pack(word.utf8)
        })
        self.longAbbreviations = Set(abbreviations.filter { $0.utf8.count > 8 }.map { Array($0.utf8) })
        self.pool = BreakIteratorPool(kind: .sentence, locale: locale)
    }

    /// The spans of `text`, in order, not overlapping.
    public func segments(of text: String) -> [Segment] {
        var copy = text
        return copy.withUTF8 { bytes in segments(utf8: bytes) }
    }

    /// The spans of valid UTF-8 text, in order, not overlapping.
    public func segments(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [Segment] {
        let ranges = byteRanges(utf8: bytes)
        var result: [Segment] = []
        result.reserveCapacity(ranges.count)
        var byte = 0
        var codePoint = 0
        for range in ranges {
            codePoint += UTF8CodePoints.count(bytes, from: byte, to: range.lowerBound)
            let start = codePoint
            codePoint += UTF8CodePoints.count(bytes, from: range.lowerBound, to: range.upperBound)
            byte = range.upperBound
            let language = SpanLanguage.classify(utf8: UnsafeBufferPointer(rebasing: bytes[range]))
            result.append(Segment(range: TextRange(start: start, end: codePoint), utf8Range: range, language: language))
        }
        return result
    }

    /// The UTF-8 byte ranges of the spans of `bytes`, in order.
    public func byteRanges(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        guard !bytes.isEmpty else { return out }
        switch unit {
        case .document:
            let whole = TextScanning.trim(bytes, 0..<bytes.count)
            if !whole.isEmpty { out.append(whole) }
        case .paragraph:
            paragraphs(bytes, into: &out)
        case .sentence, .clause:
            // About a sentence per 64 bytes at most, so that a paragraph's spans do not reallocate as
            // they grow; capped, so that a huge text without sentence ends reserves no more than 1 MB.
            out.reserveCapacity(min(bytes.count / 64 + 1, 1 << 16))
            pool.withWorker { worker in
                var chineseWraps = ChineseHardWraps(bytes)
                var latinWraps = LatinFullLineWraps(bytes)
                var lineStart = 0
                while lineStart <= bytes.count {
                    var lineBreak = latinWraps.lineBreak(from: lineStart)
                    var lineEnd = lineBreak?.lineEnd ?? bytes.count
                    var wraps: [Range<Int>] = []
                    // Where the last of the joined lines starts (the line before the break judged next).
                    var lastLineStart = lineStart
                    // A bare article head on its own line is never a unit of its own: it opens the next.
                    if let found = lineBreak,
                       let joined = TextScanning.bareHeadContinuation(bytes, line: lineStart..<found.lineEnd, nextStart: found.nextStart) {
                        wraps.append(found.lineEnd..<joined)
                        lastLineStart = joined
                        lineBreak = latinWraps.lineBreak(from: joined)
                        lineEnd = lineBreak?.lineEnd ?? bytes.count
                    }
                    while let found = lineBreak {
                        // Page numbers and running headers between the halves of a sentence (`PageFurniture`):
                        // asked only where the next line starts as furniture can.
                        if PageFurniture.mayOpen(bytes, lineStart: found.nextStart, digit: true) {
                            let verdict = PageFurniture.verdict(bytes, line: lastLineStart..<found.lineEnd, nextStart: found.nextStart,
                                                                chineseWraps: &chineseWraps, lineOpensUnit: lastLineStart == lineStart)
                            if verdict == .furniture { break }
                            if case .across(let continuation) = verdict {
                                // Every line break up to the sentence's next line is a wrap; the furniture is in the span.
                                var wrap: (lineEnd: Int, nextStart: Int)? = found
                                while let inside = wrap, inside.lineEnd < continuation {
                                    wraps.append(inside.lineEnd..<inside.nextStart)
                                    wrap = latinWraps.lineBreak(from: inside.nextStart)
                                }
                                lastLineStart = continuation
                                lineBreak = latinWraps.lineBreak(from: continuation)
                                lineEnd = lineBreak?.lineEnd ?? bytes.count
                                continue
                            }
                        }
                        // The next line's start: past one blank line where the sentence goes on over it.
                        var nextStart = found.nextStart
                        if let after = Segmenter.wrapAcrossBlankLine(bytes, lineEnd: found.lineEnd, nextStart: found.nextStart) {
                            nextStart = after
                        } else {
                            guard isLatinWrap(bytes, lineStart: lastLineStart, lineEnd: found.lineEnd, nextStart: found.nextStart)
                                    || chineseWraps.isHardWrap(line: lastLineStart..<found.lineEnd, nextStart: found.nextStart,
                                                               lineOpensUnit: lastLineStart == lineStart)
                                    || latinWraps.isHardWrap(line: lastLineStart..<found.lineEnd, nextStart: found.nextStart,
                                                             lineOpensUnit: lastLineStart == lineStart) else { break }
                        }
                        // Nothing goes on out of a page number or a running header ("Page 4⏎and a new line").
                        if PageFurniture.mayOpen(bytes, lineStart: lastLineStart, digit: false),
                           PageFurniture.isFurniture(bytes, line: lastLineStart..<found.lineEnd,
                                                     content: TextScanning.trim(bytes, lastLineStart..<found.lineEnd)) { break }
                        wraps.append(found.lineEnd..<nextStart)
                        lastLineStart = nextStart
                        lineBreak = latinWraps.lineBreak(from: nextStart)
                        lineEnd = lineBreak?.lineEnd ?? bytes.count
                    }
                    if wraps.isEmpty {
                        // Wraps at U+0085 and U+2028 are looked for only if the shortcut leaves the line to
                        // ICU: it does whenever the line has either (Sentence_Break=Sep), and most lines it
                        // decides need no second scan.
                        sentences(bytes, line: lineStart..<lineEnd, worker: worker, separatorWraps: true, into: &out)
                    } else {
                        appendSeparatorWraps(bytes, in: lineStart..<lineEnd, to: &wraps)
                        sentences(acrossWraps: wraps, of: bytes, line: lineStart..<lineEnd, worker: worker, into: &out)
                    }
                    guard let next = lineBreak?.nextStart else { break }
                    lineStart = next
                }
            }
        }
        return out
    }

    // MARK: Hard wraps

    /// Whether the line break `lineEnd..<nextStart` only wraps a sentence: text extracted from PDFs
    /// breaks lines every 70–90 characters, mid-sentence ("… the sampling qualified rate of\nmodel-
    /// generated content …"). Only Latin text is judged: the line ends in a letter, digit, comma,
    /// hyphen or per cent sign, and the next one starts with a lowercase letter that opens no list item
    /// ("a. ", "iv)"); or, when the line ends in a comma or a word no sentence ends in ("of", "the",
    /// `LatinHardWraps`), with any letter or digit that opens no list item or section label ("… from
    /// agencies, industry,\nFederal laboratories"). A break before a capital after any other word is
    /// judged by the width of the document's lines (`LatinFullLineWraps`). Chinese has no case to tell a
    /// continuation from a new heading or item: its line breaks are judged by `ChineseHardWraps`, from
    /// the punctuation and the width of the lines.
    static func isHardWrap(_ bytes: UnsafeBufferPointer<UInt8>, lineEnd: Int, nextStart: Int) -> Bool {
        var last = lineEnd - 1
        while last >= 0, bytes[last] == 0x20 || bytes[last] == 0x09 { last -= 1 }
        guard last >= 0 else { return false }
        var first = nextStart
        while first < bytes.count, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
        guard first < bytes.count else { return false }
        if bytes[last] == 0x3B || bytes[last] == 0x2C, LatinHardWraps.isLoneConjunction(bytes, at: first) { return true }
        if bytes[first] >= 0x61, bytes[first] <= 0x7A, LatinHardWraps.endsInQuoteOrAside(bytes, last: last) {
            return TextScanning.lineOpensNoUnit(bytes, at: first)
        }
        // "Public Law 117-⏎263", "pages 12-⏎15": a number cut at its hyphen goes on.
        if bytes[last] == 0x2D, last > 0, TextScanning.isDigit(UInt32(bytes[last - 1])), TextScanning.isDigit(UInt32(bytes[first])) {
            return TextScanning.lineOpensNoUnit(bytes, at: first)
        }
        // "…submitted under subsection (a)⏎shall include the following:": a citation goes on.
        if bytes[last] == 0x29, bytes[first] >= 0x61, bytes[first] <= 0x7A, LatinHardWraps.endsInCitation(bytes, last: last) {
            return TextScanning.lineOpensNoUnit(bytes, at: first)
        }
        guard LatinHardWraps.mayBreakMidSentence(UInt32(bytes[last])) else { return false }
        let next = UInt32(bytes[first])
        if next == 0x28 || (next >= 0x30 && next <= 0x39), LatinHardWraps.endsInCitationNoun(bytes, last: last) { return true }
        // "…Co-operation and Development⏎(OECD) as “those who…”", "…cross-site scripting⏎(XSS), and…": a
        // bracket that labels no item goes on the sentence (an item's, "(a)", "(iv)", opens a unit), unless
        // the line ends an item ("…; or⏎([5]6) opt out…", a bill's bracketed renumbering).
        if next == 0x28 { return !LatinHardWraps.endsListItem(bytes, last: last) && TextScanning.lineOpensNoUnit(bytes, at: first) }
        if next >= 0x61 && next <= 0x7A { return TextScanning.lineOpensNoUnit(bytes, at: first) }
        guard (TextScanning.isASCIILetter(next) || TextScanning.isDigit(next)) && LatinHardWraps.cannotEndSentence(bytes, last: last, nextStart: nextStart) else {
            return false
        }
        // "…as defined by⏎Chapter 17 of the Texas Business and Commerce Code", "…in⏎Section 3 of this Act":
        // after a word no sentence ends in, a section label is the one cited; one with a full stop and text
        // after it opens a section ("Sec. 5. The Director…").
        if bytes[last] != 0x2C {
            let lineEnd = TextScanning.nextLineBreak(bytes, from: first, end: bytes.count)?.lineEnd ?? bytes.count
            if let label = TextScanning.sectionLabelEnd(bytes, at: first, end: lineEnd), label < lineEnd, bytes[label - 1] != 0x2E { return true }
        }
        return TextScanning.lineOpensNoUnit(bytes, at: first)
    }

    /// Where the line after one blank line starts, when the sentence before the blank goes on there: the
    /// break from `lineEnd` over the blank line (`nextStart` is where that starts) is a wrap by the case
    /// rules of `isHardWrap` ("…determined based on⏎⏎organizational considerations", "…known images of⏎⏎CSAM.");
    /// else nil. Text extracted from PDFs set with double line spacing has a blank line after every line
    /// (NIST AI 600-1: 209 fragments among its units), and a page break can leave one inside a sentence.
    /// Only the tests that read the words at the break apply, not the line widths (`LatinFullLineWraps`,
    /// `ChineseHardWraps`), which read blank lines as paragraph breaks; and of those, only where the next
    /// line starts in lower case and the line before, at least 60 bytes long (or a list item's first line
    /// ending in a comma or a word no sentence ends in), ends in no digit and no list item (`…; or`).
    /// Around a blank line a capital
    /// or a digit opens a new item, a page number or a signature's date as often as it goes on a sentence
    /// ("They will know where content comes from⏎⏎They will be able to…", "…for⏎⏎12⏎⏎chapters",
    /// "THE WHITE HOUSE,⏎⏎January 23, 2025."). Two blank lines end a paragraph.
    ///
    /// - Complexity: O(1) for most breaks: one byte decides when the next line is not blank.
    static func wrapAcrossBlankLine(_ bytes: UnsafeBufferPointer<UInt8>, lineEnd: Int, nextStart: Int) -> Int? {
        var i = nextStart
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        guard i < bytes.count, bytes[i] == 0x0A || bytes[i] == 0x0D,
              let blank = TextScanning.nextLineBreak(bytes, from: i, end: bytes.count), blank.lineEnd == i else { return nil }
        var first = blank.nextStart
        while first < bytes.count, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
        guard first < bytes.count, bytes[first] >= 0x61 && bytes[first] <= 0x7A,
              isHardWrap(bytes, lineEnd: lineEnd, nextStart: blank.nextStart) else { return nil }
        var last = lineEnd - 1
        while last > 0, bytes[last] == 0x20 || bytes[last] == 0x09 { last -= 1 }
        guard !TextScanning.isDigit(UInt32(bytes[last])), !LatinHardWraps.endsListItem(bytes, last: last) else { return nil }
        // A line of running text, as long as a PDF's full line: a short one before a blank line is a
        // heading, a label or a table's cell ("Contact Information⏎⏎ai-inquiries@nist.gov", "MS-2.5-003
        // Confabulation⏎⏎deployment risk measurement…", a table of NIST AI 600-1 read across its columns).
        // A list item's first line may be short: "(3) otherwise makes unavailable,⏎⏎the equal enjoyment…".
        var lineStart = last
        while lineStart > 0, last - lineStart < Segmenter.runningLineBytes, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
        if last - lineStart >= Segmenter.runningLineBytes { return blank.nextStart }
        let content = TextScanning.trim(bytes, lineStart..<(last + 1))
        guard !content.isEmpty, TextScanning.structuralMarkerEnd(bytes, at: content.lowerBound, end: content.upperBound) != nil,
              LatinHardWraps.cannotEndSentence(bytes, last: last, nextStart: blank.nextStart) else { return nil }
        return blank.nextStart
    }

    /// The shortest line (bytes, white space at its end aside) that a sentence goes on from over a blank line.
    static let runningLineBytes = 60

    /// Whether a Latin line ending at `lineEnd` goes on into the one at `nextStart`: `isHardWrap`, or a line
    /// ending in an abbreviation (`wrapsAfterAbbreviation`, which needs this segmenter's list). The one test
    /// of the line breaks, the paragraphs' joins and the U+0085/U+2028 wraps.
    func isLatinWrap(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int, nextStart: Int) -> Bool {
        Segmenter.isHardWrap(bytes, lineEnd: lineEnd, nextStart: nextStart)
            || wrapsAfterAbbreviation(bytes, lineStart: lineStart, lineEnd: lineEnd, nextStart: nextStart)
            || Segmenter.continuesSectionHeading(bytes, lineStart: lineStart, lineEnd: lineEnd, nextStart: nextStart)
    }

    /// Whether a bill's section heading in capitals goes on into the next line: the line opens with a
    /// section label (`SEC. 102.`, a quoted one too) and its words are in capitals with no closing
    /// punctuation, and the next line, in capitals too, ends the heading with a full stop ("SEC. 102.
    /// PRE-DEPLOYMENT EVALUATIONS AND POST-DEPLOYMENT IMPACT⏎  ASSESSMENTS.", as the GPO prints bills).
    /// After a function word ("… OF⏎COMMERCE …") the case rule joins already.
    /// - Complexity: O(length of the two lines), asked only of a line that opens with a section label.
    static func continuesSectionHeading(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int, nextStart: Int) -> Bool {
        // (Paragraphs ask with the start of a blank line after their end, past `lineEnd`.)
        guard lineStart < lineEnd, nextStart < bytes.count else { return false }
        // Most lines end in lower case or punctuation: one byte settles them (this is asked at every break).
        var last = lineEnd - 1
        while last > lineStart, bytes[last] == 0x20 || bytes[last] == 0x09 { last -= 1 }
        guard bytes[last] >= 0x41, bytes[last] <= 0x5A else { return false }
        let line = TextScanning.trim(bytes, lineStart..<lineEnd)
        guard !line.isEmpty else { return false }
        let labelStart = TextScanning.openingQuoteEnd(bytes, at: line.lowerBound, end: line.upperBound) ?? line.lowerBound
        guard let labelEnd = TextScanning.sectionLabelEnd(bytes, at: labelStart, end: line.upperBound), labelEnd < line.upperBound,
              TextScanning.isASCIILetter(UInt32(bytes[line.upperBound - 1])), inCapitals(bytes, labelEnd..<line.upperBound) else { return false }
        let nextEnd = TextScanning.nextLineBreak(bytes, from: nextStart, end: bytes.count)?.lineEnd ?? bytes.count
        let next = TextScanning.trim(bytes, nextStart..<nextEnd)
        guard !next.isEmpty, next.count <= 100, bytes[next.upperBound - 1] == 0x2E,
              inCapitals(bytes, next.lowerBound..<(next.upperBound - 1)) else { return false }
        return TextScanning.lineOpensNoUnit(bytes, at: next.lowerBound)
    }

    /// Whether `range` holds letters, all of them ASCII capitals, and otherwise only spaces, hyphens,
    /// commas, apostrophes and digits.
    private static func inCapitals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var letters = 0
        for i in range {
            let byte = bytes[i]
            if byte >= 0x41 && byte <= 0x5A { letters += 1; continue }
            guard byte == 0x20 || byte == 0x2D || byte == 0x2C || byte == 0x27 || byte == 0x09 || (byte >= 0x30 && byte <= 0x39) else { return false }
        }
        return letters > 0
    }

    /// Adds the hard wraps at U+0085 (NEL) and U+2028 (LINE SEPARATOR) inside `range`, a line of ours:
    /// ICU ends a sentence at each (Sentence_Break=Sep), so a Latin sentence wrapped at one would be cut
    /// where the same wrap at "\n" is joined. The same rule decides (`isLatinWrap`); U+2029 PARAGRAPH
    /// SEPARATOR ends a paragraph and is never a wrap.
    func appendSeparatorWraps(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, to wraps: inout [Range<Int>]) {
        guard let base = bytes.baseAddress, range.count >= 2 else { return }
        // NEL is C2 85, LINE SEPARATOR E2 80 A8: one memchr pass per lead byte, nothing allocated (this
        // runs on every line; a line without either, most, costs two scans).
        var i = range.lowerBound
        while i + 1 < range.upperBound, let hit = memchr(base + i, 0xC2, range.upperBound - 1 - i) {
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if bytes[at + 1] == 0x85, isLatinWrap(bytes, lineStart: range.lowerBound, lineEnd: at, nextStart: at + 2) { wraps.append(at..<(at + 2)) }
            i = at + 1
        }
        i = range.lowerBound
        while i + 2 < range.upperBound, let hit = memchr(base + i, 0xE2, range.upperBound - 2 - i) {
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if bytes[at + 1] == 0x80, bytes[at + 2] == 0xA8, isLatinWrap(bytes, lineStart: range.lowerBound, lineEnd: at, nextStart: at + 3) {
                wraps.append(at..<(at + 3))
            }
            i = at + 1
        }
    }

    /// `sentences` for lines joined across hard wraps: ICU ends a sentence at every line break, so it
    /// sees a copy of the lines with each wrap's break bytes turned into spaces (same length, so every
    /// offset stays that of the original text).
    private func sentences(acrossWraps wraps: [Range<Int>], of bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>,
                           worker: ICUBreakWorker,
                           into out: inout [Range<Int>]) {
        var copy = Array(bytes[line])
        for wrap in wraps {
            for k in wrap { copy[k - line.lowerBound] = 0x20 }
        }
        var found: [Range<Int>] = []
        copy.withUnsafeBufferPointer { joined in
            sentences(joined, line: 0..<joined.count, worker: worker, separatorWraps: false, into: &found)
        }
        for range in found { out.append(range.lowerBound + line.lowerBound..<range.upperBound + line.lowerBound) }
    }

    // MARK: Paragraphs

    private func paragraphs(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [Range<Int>]) {
        var lines: [Range<Int>] = []  // trimmed; empty (at the line's start) for blank lines
        var lineStarts: [Int] = []  // where each line starts, white space (a page's form feed) included
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineBreak = TextScanning.nextLineBreak(bytes, from: lineStart, end: bytes.count)
            let lineEnd = lineBreak?.lineEnd ?? bytes.count
            lines.append(TextScanning.trim(bytes, lineStart..<lineEnd))
            lineStarts.append(lineStart)
            guard let next = lineBreak?.nextStart else { break }
            lineStart = next
        }
        // Blank lines separate paragraphs only where they are the text's convention (at least one per
        // 20 lines of text); text without them, or with a stray one in a long hard-wrapped file, has
        // one paragraph per line.
        var textLines = 0
        var separators = 0
        var seenText = false
        var pendingBlank = false
        for line in lines {
            if line.isEmpty {
                if seenText { pendingBlank = true }
            } else {
                if pendingBlank { separators += 1 }
                pendingBlank = false
                seenText = true
                textLines += 1
            }
        }
        let blankSeparates = separators > 0 && separators * 20 >= textLines
        var chineseWraps = ChineseHardWraps(bytes)
        var latinWraps = LatinFullLineWraps(bytes)
        // Whether the line before joined the one before it across a hard wrap (it goes on a sentence).
        var previousWrapped = false
        var current: Range<Int>?
        // Whether `current` is a bare article head (第一条 alone on its line) that opens the next line.
        var currentOpensNext = false
        // Nothing goes on out of a page number or a running header.
        func isFurniture(_ j: Int) -> Bool {
            PageFurniture.mayOpen(bytes, lineStart: lineStarts[j], digit: false)
                && PageFurniture.isFurniture(bytes, line: lineStarts[j]..<lines[j].upperBound, content: lines[j])
        }
        var k = -1
        while k + 1 < lines.count {
            k += 1
            let line = lines[k]
            // Page numbers and running headers inside a paragraph's sentence (`PageFurniture`), as in sentences;
            // asked before a blank line is, since a line with only a form feed is a page break.
            var furniture = false
            if let paragraph = current, !lines[k - 1].isEmpty, PageFurniture.mayOpen(bytes, lineStart: lineStarts[k], digit: true) {
                let verdict = PageFurniture.verdict(bytes, line: lineStarts[k - 1]..<lines[k - 1].upperBound, nextStart: lineStarts[k],
                                                    chineseWraps: &chineseWraps, lineOpensUnit: !previousWrapped)
                if case .across(let continuation) = verdict,
                   let m = lines[k...].prefix(PageFurniture.maxLines + 1).firstIndex(where: { $0.lowerBound == continuation }) {
                    current = paragraph.lowerBound..<lines[m].upperBound
                    previousWrapped = true
                    currentOpensNext = false
                    k = m
                    continue
                }
                furniture = verdict == .furniture
            }
            if line.isEmpty {
                // A sentence that goes on over one blank line (`wrapAcrossBlankLine`) keeps its paragraph.
                if let paragraph = current, !currentOpensNext, k + 1 < lines.count, !lines[k - 1].isEmpty,
                   Segmenter.wrapAcrossBlankLine(bytes, lineEnd: lines[k - 1].upperBound, nextStart: lineStarts[k]) == lineStarts[k + 1],
                   !isFurniture(k - 1) {
                    current = paragraph.lowerBound..<lines[k + 1].upperBound
                    previousWrapped = true
                    currentOpensNext = false
                    k += 1
                    continue
                }
                previousWrapped = false
                if currentOpensNext { continue }
                if let paragraph = current { Segmenter.appendParagraph(paragraph, of: bytes, to: &out) }
                current = nil
                continue
            }
            let startsUnit = TextScanning.structuralMarkerEnd(bytes, at: line.lowerBound, end: line.upperBound) != nil
            let wrapped = !furniture && current.map { paragraph in
                (isLatinWrap(bytes, lineStart: lines[k - 1].lowerBound, lineEnd: paragraph.upperBound, nextStart: line.lowerBound)
                    || chineseWraps.isHardWrap(line: lines[k - 1], nextStart: line.lowerBound, lineOpensUnit: !previousWrapped)
                    || latinWraps.isHardWrap(line: lines[k - 1], nextStart: line.lowerBound, lineOpensUnit: !previousWrapped))
                    && !isFurniture(k - 1)
            } ?? false
            previousWrapped = wrapped
            let opensNext = startsUnit && k + 1 < lines.count
                && TextScanning.bareHeadContinuation(bytes, line: line, nextStart: line.upperBound) != nil
            defer { currentOpensNext = opensNext }
            if let paragraph = current, currentOpensNext && !startsUnit {
                current = paragraph.lowerBound..<line.upperBound
            } else if let paragraph = current, (blankSeparates && !startsUnit) || wrapped {
                current = paragraph.lowerBound..<line.upperBound
            } else {
                if let paragraph = current { Segmenter.appendParagraph(paragraph, of: bytes, to: &out) }
                current = line
            }
        }
        if let paragraph = current { Segmenter.appendParagraph(paragraph, of: bytes, to: &out) }
    }

    /// Appends `paragraph`, cut at each U+2029 PARAGRAPH SEPARATOR in it (which ends a paragraph as a
    /// blank line does, and a unit in every mode), each piece trimmed.
    static func appendParagraph(_ paragraph: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>, to out: inout [Range<Int>]) {
        var start = paragraph.lowerBound
        var i = start
        while i + 2 < paragraph.upperBound {
            if bytes[i] == 0xE2, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA9 {
                let piece = TextScanning.trim(bytes, start..<i)
                if !piece.isEmpty { out.append(piece) }
                start = i + 3
                i = start
            } else {
                i += 1
            }
        }
        let piece = TextScanning.trim(bytes, start..<paragraph.upperBound)
        if !piece.isEmpty { out.append(piece) }
    }

    // MARK: Sentences

    /// Bytes of one line that ICU sees at once; longer lines go in overlapping windows.
    static let windowBytes = 1 << 18
    /// Breaks this close to a window's cut are ignored: ICU had no right context there.
    static let windowMargin = 1 << 12

    /// The sentences of one line of ours, `line`. With `separatorWraps`, a line the shortcut does not
    /// decide is first looked at for hard wraps at U+0085 and U+2028 (`appendSeparatorWraps`), which
    /// send it to `sentences(acrossWraps:…)` (false there, where they were judged already).
    private func sentences(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>, worker: ICUBreakWorker,
                           separatorWraps: Bool,
                           into out: inout [Range<Int>]) {
        let content = TextScanning.trim(bytes, line)
        guard !content.isEmpty else { return }
        let end = content.upperBound
        var protectedUntil = content.lowerBound
        // A bill quotes the text it inserts: "``SEC. 801. PROHIBITION …", "“(A) IN GENERAL.—…".
        let quoted = TextScanning.openingQuoteEnd(bytes, at: content.lowerBound, end: end)
        if let markerEnd = TextScanning.structuralMarkerEnd(bytes, at: content.lowerBound, end: end)
            ?? quoted.flatMap({ TextScanning.structuralMarkerEnd(bytes, at: $0, end: end) }) {
            // With the white space after the marker, full-width and other Unicode spaces too.
            protectedUntil = TextScanning.trim(bytes, markerEnd..<end).lowerBound
        } else if let numberEnd = TextScanning.sectionCodeNumberEnd(bytes, at: quoted ?? content.lowerBound, end: end) {
            // "22608. The duties…", "“1334. CISA EDUCATION…": the number opens the unit it numbers.
            protectedUntil = TextScanning.trim(bytes, numberEnd..<end).lowerBound
        }
        // ICU is given the whole line when it is short enough for one window, as the shortcut is.
        // The worker's buffers, read once per line: passing them down would retain and release each.
        let buffers = (breaks: worker.shortcutBreaks, stops: worker.shortcutStops)
        let decided = shortcut && content.count <= Segmenter.windowBytes
            && SentenceBreakShortcut.breaks(bytes, line: content, into: buffers.breaks, stops: buffers.stops)
        if !decided && separatorWraps {
            var wraps: [Range<Int>] = []
            appendSeparatorWraps(bytes, in: line, to: &wraps)
            if !wraps.isEmpty {
                sentences(acrossWraps: wraps, of: bytes, line: line, worker: worker, into: &out)
                return
            }
        }
        var state = LineCuts(pieceStart: content.lowerBound, protectedUntil: protectedUntil, lineStart: content.lowerBound, end: end)
        // A heading with the article after it on its line ("第一章 总则 第一条 为了…"): the heads after it
        // open units (`appendHeadsAfterHeading`). 第 is E7 AC AC: most lines are not looked at further.
        if content.count > 9, TextScanning.isDi(bytes, at: content.lowerBound) {
            _ = Segmenter.appendHeadsAfterHeading(bytes, heading: content.lowerBound, end: end, into: &state.items)
        }
        // List items that open inside the line (usually none: no allocation then), at the punctuation the
        // shortcut passed when it decided the line.
        inlineItems(bytes, from: protectedUntil, end: end, lineStart: content.lowerBound, stops: decided ? buffers.stops.positions : nil,
                    into: &state.items)
        if decided {
            if let restored = restoredBreaks(bytes, in: content, breaks: buffers.breaks.positions, stops: buffers.stops.positions) {
                for position in restored { take(position, bytes, &state, into: &out) }
            } else {
                for position in buffers.breaks.positions { take(position, bytes, &state, into: &out) }
            }
        } else {
            var scanStart = content.lowerBound
            var found: [Int] = []
            while scanStart < end {
                var windowEnd = min(scanStart + Segmenter.windowBytes, end)
                while windowEnd < end, bytes[windowEnd] & 0xC0 == 0x80 { windowEnd -= 1 }
                let isLast = windowEnd == end
                let trustedUntil = isLast ? end : windowEnd - Segmenter.windowMargin
                // ICU's boundaries are gathered, then taken: the state is touched by no closure.
                found.removeAll(keepingCapacity: true)
                worker.boundaries(in: bytes, range: scanStart..<windowEnd) { icuBoundary, _ in
                    guard icuBoundary < end, icuBoundary <= trustedUntil, icuBoundary < windowEnd else { return }
                    found.append(icuBoundary)
                }
                let window = scanStart..<windowEnd
                let restored = restoredBreaks(bytes, in: window, breaks: found,
                                              stops: UnsafeBufferPointer<Int>(start: nil, count: 0), scanning: true)
                // The next window starts at the last break taken, restored ones included: started at an
                // earlier ICU break, it would find a restored break again, behind the unit it ended.
                var lastTaken: Int?
                for icuBoundary in restored ?? found where icuBoundary < end && icuBoundary <= trustedUntil {
                    take(icuBoundary, bytes, &state, into: &out)
                    lastTaken = icuBoundary
                }
                if isLast { break }
                if let lastTaken, lastTaken > scanStart {
                    scanStart = lastTaken
                } else {
                    scanStart = trustedUntil
                    while bytes[scanStart] & 0xC0 == 0x80 { scanStart -= 1 }
                }
            }
        }
        passItems(upTo: end, bytes, &state, into: &out)
        emit(bytes, state.pieceStart..<end, into: &out)
    }

    /// `breaks` (ICU's, or the shortcut's, which are the same) with the breaks of English sentences that
    /// ICU misses, in order; nil when there are none: those its exception filter dropped on a match the
    /// segmenter does not accept (`ExceptionFilter.suppressesWrongly`: "the Privacy Act. In these cases",
    /// "designate a CAIO. To ensure", "LLMs. They"), and sentences run on without a space
    /// (`endsSentenceWithoutSpace`). Candidates are full stops: from `stops` (the shortcut's full stops,
    /// semicolons …), or with `scanning` from a scan of `range`.
    func restoredBreaks<Breaks: Collection<Int>>(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, breaks: Breaks,
                                                 stops: UnsafeBufferPointer<Int>, scanning: Bool = false) -> [Int]? {
        guard filtersExceptions, let filter = SentenceBreakShortcut.exceptions?.filter else { return nil }
        var restored: [Int] = []
        // Candidates come in order, and so do the breaks: one walk over them says which are breaks already.
        var known = breaks.startIndex
        func consider(_ stop: Int) {
            var next = stop + 1
            guard next < range.upperBound, bytes[stop] == 0x2E else { return }
            if bytes[next] != 0x20 {
                if Segmenter.endsSentenceWithoutSpace(bytes, stop: stop, in: range) { restored.append(next) }
                return
            }
            while next < range.upperBound, bytes[next] == 0x20 { next += 1 }
            guard next < range.upperBound, (0x41...0x5A).contains(bytes[next]) else { return }
            while known < breaks.endIndex, breaks[known] < next { known = breaks.index(after: known) }
            guard known == breaks.endIndex || breaks[known] != next,
                  filter.suppressesWrongly(bytes, at: next, in: range) else { return }
            restored.append(next)
        }
        if scanning {
            var i = range.lowerBound
            while let hit = memchr(bytes.baseAddress! + i, 0x2E, range.upperBound - i) {
                let stop = bytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                consider(stop)
                i = stop + 1
                if i >= range.upperBound { break }
            }
        } else {
            for stop in stops { consider(stop) }
        }
        guard !restored.isEmpty else { return nil }
        return (Array(breaks) + restored).sorted()
    }

    /// Whether the full stop at `stop` ends a sentence that the next follows without a space, as text
    /// flattened from web pages and PDFs runs a heading or a sentence on ("…proportionate
    /// actions.Uses of AI Presumed to …", "…the Act.The term …"; 206 such in AGORA's full texts, which
    /// ICU cannot break without the space): a word of three or more letters ending in two lowercase
    /// ones, the stop, then a capitalized word. Not inside an address or a dotted name: no "@", "/",
    /// ":" or other full stop in the word before or after ("John.Smith@agency.gov",
    /// "www.agency.gov/Rules", "e.g.The").
    static func endsSentenceWithoutSpace(_ bytes: UnsafeBufferPointer<UInt8>, stop: Int, in range: Range<Int>) -> Bool {
        @inline(__always) func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        @inline(__always) func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        guard stop - 3 >= range.lowerBound, stop + 2 < range.upperBound,
              isLower(bytes[stop - 1]), isLower(bytes[stop - 2]), isLower(bytes[stop - 3] | 0x20),
              isUpper(bytes[stop + 1]), isLower(bytes[stop + 2]) else { return false }
        @inline(__always) func isAddressByte(_ b: UInt8) -> Bool { b == 0x40 || b == 0x2F || b == 0x3A || b == 0x2E || b == 0x5C }
        var i = stop - 1
        while i >= range.lowerBound, bytes[i] != 0x20, bytes[i] != 0x09 {
            if isAddressByte(bytes[i]) { return false }
            i -= 1
        }
        i = stop + 1
        while i < range.upperBound, bytes[i] != 0x20, bytes[i] != 0x09 {
            if isAddressByte(bytes[i]) {
                // A sentence's own full stop or colon after the word ("…actions.Uses." at a line's end) is fine.
                let atEnd = i + 1 == range.upperBound || bytes[i + 1] == 0x20 || bytes[i + 1] == 0x09
                if !(atEnd && (bytes[i] == 0x2E || bytes[i] == 0x3A)) { return false }
            }
            i += 1
        }
        return true
    }

    /// Where `sentences` is in a line: the unit being built, the end of the marker or item marker no
    /// break may fall in, and the line's inline items. A value passed `inout`, not variables that nested
    /// functions capture: those the compiler checks for exclusive access at run time on every use.
    private struct LineCuts {
        var pieceStart: Int
        var protectedUntil: Int
        let lineStart: Int
        let end: Int
        var items: [InlineItem] = []
        var nextItem = 0
    }

    /// Ends the unit being built at `boundary`.
    private func cut(_ boundary: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ state: inout LineCuts, into out: inout [Range<Int>]) {
        emit(bytes, state.pieceStart..<boundary, into: &out)
        state.pieceStart = boundary
    }

    /// The inline items up to `limit`: a unit starts at each, and ICU's breaks inside its marker go.
    private func passItems(upTo limit: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ state: inout LineCuts, into out: inout [Range<Int>]) {
        while state.nextItem < state.items.count, state.items[state.nextItem].start <= limit {
            let item = state.items[state.nextItem]
            state.nextItem += 1
            if item.breaks, item.start > state.pieceStart { cut(item.start, bytes, &state, into: &out) }
            state.protectedUntil = max(state.protectedUntil, item.protectedEnd)
        }
    }

    /// A break of ICU's (or of the shortcut's, which are the same) at `icuBoundary`, taken where ours
    /// goes: before any openers that end the text before it; not at all when it follows a marker or
    /// an abbreviation, or a semicolon, comma or closing bracket follows it.
    private func take(_ icuBoundary: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ state: inout LineCuts, into out: inout [Range<Int>]) {
        passItems(upTo: icuBoundary, bytes, &state, into: &out)
        // A chapter or section heading run on after a sentence end, with its article after it ("…制定本办法。
        // 第二章 技术发展与治理 第五条 …"): 第 is E7 AC AC.
        if icuBoundary + 9 <= state.end, TextScanning.isDi(bytes, at: icuBoundary) {
            Segmenter.insertHeadsAfterHeading(bytes, heading: icuBoundary, end: state.end, into: &state.items, at: state.nextItem)
        }
        var boundary = Segmenter.beforeOpeners(bytes, boundary: icuBoundary, after: state.pieceStart)
        // A footnote reference glued to a sentence's end belongs to that sentence: "…generations.”[2] That
        // is why…" breaks after "[2] ", and "…the creative economies.[4]" at the end of its line not at all.
        if boundary < state.end, bytes[boundary] == 0x5B, Segmenter.endsSentenceGlued(bytes, before: boundary, notBefore: state.pieceStart),
           let referenceEnd = Segmenter.footnoteReferenceEnd(bytes, at: boundary, end: state.end) {
            let next = TextScanning.trim(bytes, referenceEnd..<state.end).lowerBound
            guard next < state.end else { return }
            boundary = next
        }
        guard boundary > state.protectedUntil, !followsAbbreviation(bytes, boundary: boundary, lineStart: state.lineStart),
              !Segmenter.continuesClause(bytes, at: boundary, end: state.end),
              !Segmenter.isInsideURL(bytes, boundary: boundary, lineStart: state.lineStart) else { return }
        cut(boundary, bytes, &state, into: &out)
    }

    /// Whether a break at `boundary` falls inside a web address, after its `?` or `!` with no space
    /// ("…papers.cfm?⏎abstract_id=4696936": ICU ends a sentence after a `?` before a lowercase letter):
    /// the text before it, back to the last white space, holds "://" or starts with "www.".
    ///
    /// - Complexity: O(1) for most breaks (one byte before and after); else the address's length, up to
    ///   2,000 bytes.
    static func isInsideURL(_ bytes: UnsafeBufferPointer<UInt8>, boundary: Int, lineStart: Int) -> Bool {
        guard boundary > lineStart, boundary < bytes.count, bytes[boundary - 1] == 0x3F || bytes[boundary - 1] == 0x21 else { return false }
        let next = bytes[boundary]
        guard next > 0x20, next < 0x80 else { return false }
        var start = boundary - 1
        while start > lineStart, boundary - start < 2_000, bytes[start - 1] > 0x20, bytes[start - 1] < 0x80 { start -= 1 }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<boundary])
        if token.starts(with: "www.".utf8) { return true }
        var i = token.startIndex
        while i + 2 < token.endIndex {
            if token[i] == 0x3A, token[i + 1] == 0x2F, token[i + 2] == 0x2F { return true }
            i += 1
        }
        return false
    }

    /// Whether a sentence ends right before `position`, with no space: ".", "?" or "!", or one of them and
    /// a closing quote (”, ’, ").
    static func endsSentenceGlued(_ bytes: UnsafeBufferPointer<UInt8>, before position: Int, notBefore lowerBound: Int) -> Bool {
        var i = position
        if TextScanning.curlyClosingQuoteEnds(bytes, at: i, notBefore: lowerBound) {
            i -= 3
        } else if i - 1 >= lowerBound, bytes[i - 1] == 0x22 {
            i -= 1
        }
        guard i - 1 >= lowerBound else { return false }
        let last = bytes[i - 1]
        return last == 0x2E || last == 0x3F || last == 0x21
    }

    /// A footnote reference at `start`, "[4]", "[19]", "[27],[28]" (one to three digits in square brackets,
    /// up to four of them, a comma between them or none), followed by white space or the end: its end.
    static func footnoteReferenceEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int? {
        var i = start
        var references = 0
        while references < 4, i < end, bytes[i] == 0x5B {
            var j = i + 1
            while j < end, j - i <= 3, bytes[j] >= 0x30, bytes[j] <= 0x39 { j += 1 }
            guard j > i + 1, j < end, bytes[j] == 0x5D else { break }
            i = j + 1
            references += 1
            if i + 1 < end, bytes[i] == 0x2C, bytes[i + 1] == 0x5B { i += 1 }
        }
        guard references > 0, i == end || TextScanning.isSpace(TextScanning.scalar(bytes, at: i).value) else { return nil }
        return i
    }

    /// `boundary` moved back before the opening brackets and quotes that end the text before it
    /// (but not to or before `after`), and before the spaces after them ("？《 " where a hard wrap's
    /// line break, a space in ICU's copy, follows the bracket).
    ///
    /// UAX #29 counts opening punctuation as Close, so ICU keeps "（" or "“" right after "。" with the
    /// sentence that ends there: "目的。（一）加强管理。" would split as "目的。（" | "一）加强管理。",
    /// and a list item or quotation would lose its first character to the previous unit. Chinese policy
    /// text puts inline items "（一）" right after "。" everywhere; English puts a space first, where ICU
    /// already breaks before the bracket.
    static func beforeOpeners(_ bytes: UnsafeBufferPointer<UInt8>, boundary: Int, after lowerLimit: Int) -> Int {
        var position = boundary
        while position > lowerLimit, bytes[position - 1] == 0x20 || bytes[position - 1] == 0x09 { position -= 1 }
        let afterSpaces = position
        while position > lowerLimit {
            let start = TextScanning.lead(before: position, in: bytes, notBefore: lowerLimit)
            let (value, _) = TextScanning.scalar(bytes, at: start)
            guard let scalar = Unicode.Scalar(value), isOpener(scalar) else { break }
            position = start
        }
        return position > lowerLimit && position < afterSpaces ? position : boundary
    }

    /// Opening brackets (Ps) and opening quotation marks (Pi): “ ‘ « ‹ and the like.
    private static func isOpener(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return scalar == "(" || scalar == "[" || scalar == "{" }
        // What most sentences end in, decided without the property look-up (about 60 ns): CJK
        // ideographs, 。！？；：，、 and the closing ” ’ ） 」 』 》 】.
        if (value >= 0x4E00 && value <= 0x9FFF) || value == 0x3002 || value == 0x3001 || value == 0xFF01 || value == 0xFF1F
            || value == 0xFF1B || value == 0xFF1A || value == 0xFF0C || value == 0x201D || value == 0x2019 || value == 0xFF09
            || value == 0x300D || value == 0x300F || value == 0x300B || value == 0x3011 {
            return false
        }
        switch scalar.properties.generalCategory {
        case .openPunctuation, .initialPunctuation: return true
        default: return false
        }
    }

    /// Appends the trimmed piece, split after semicolons for the clause unit.
    private func emit(_ bytes: UnsafeBufferPointer<UInt8>, _ piece: Range<Int>, into out: inout [Range<Int>]) {
        guard unit == .clause else {
            let trimmed = TextScanning.trim(bytes, piece)
            if !trimmed.isEmpty { out.append(trimmed) }
            return
        }
        var start = piece.lowerBound
        var i = piece.lowerBound
        while i < piece.upperBound {
            let byte = bytes[i]
            var cut = -1
            if byte == 0x3B {
                cut = i + 1  // ;
            } else if byte == 0xEF, i + 2 < piece.upperBound, bytes[i + 1] == 0xBC, bytes[i + 2] == 0x9B {
                cut = i + 3  // ；
            }
            if cut > 0 {
                let trimmed = TextScanning.trim(bytes, start..<cut)
                if !trimmed.isEmpty { out.append(trimmed) }
                start = cut
                i = cut
            } else {
                i += 1
            }
        }
        let trimmed = TextScanning.trim(bytes, start..<piece.upperBound)
        if !trimmed.isEmpty { out.append(trimmed) }
    }

    /// Whether the text at `boundary` (after spaces) goes on the clause before it: a semicolon, a comma
    /// or a closing parenthesis opens no sentence. ICU breaks before one after a full stop that a
    /// capital follows further on ("50 U.S.C. 4501 et seq.; E.O. 13603, …"), and after a closing quote
    /// ("… by the Governor.”;"), which would leave a span that starts with ";".
    static func continuesClause(_ bytes: UnsafeBufferPointer<UInt8>, at boundary: Int, end: Int) -> Bool {
        var i = boundary
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return i < end && (bytes[i] == 0x3B || bytes[i] == 0x2C || bytes[i] == 0x29)
    }

    static let nameSuffixes: [[UInt8]] = ["Ltd.", "Inc.", "Co.", "Corp.", "LLC."].map { Array($0.utf8) }

    /// Titles that stand before a name and end no sentence (packed as `TextScanning.pack` packs them).
    static let titlesBeforeNames: Set<UInt64> = Set(["Mr.", "Mrs.", "Ms.", "Messrs.", "Dr.", "Prof.", "Hon.", "Sen.", "Rep.", "Gen.", "Adm.",
                                                     "Lt.", "Col.", "Capt.", "Sgt."].map { TextScanning.pack($0.utf8) })

    /// Whether the word that ends at `end` (its full stop included) is a title before a name, after white
    /// space, a bracket or the line's start.
    /// - Complexity: O(1): at most eight bytes are read.
    static func endsInTitleBeforeName(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, lineStart: Int) -> Bool {
        var start = end - 1
        while start > lineStart, end - start <= 7, TextScanning.isASCIILetter(UInt32(bytes[start - 1])) { start -= 1 }
        guard start == lineStart || bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09 || bytes[start - 1] == 0x28 else { return false }
        return titlesBeforeNames.contains(TextScanning.pack(UnsafeBufferPointer(rebasing: bytes[start..<end])))
    }

    /// Whether a line that ends in an abbreviation ("(42 U.S.C.", "Pub. L.") goes on into the next, which
    /// starts with a digit or a lowercase letter and opens no unit: "(42 U.S.C.⏎1397ee) is amended". Before
    /// a capital it may end a sentence ("…in the U.S.⏎The …") and does not.
    func wrapsAfterAbbreviation(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int, nextStart: Int) -> Bool {
        var first = nextStart
        while first < bytes.count, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
        guard first < bytes.count else { return false }
        var last = lineEnd
        while last > lineStart, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
        guard last > lineStart, bytes[last - 1] == 0x2E else { return false }
        // A title before a name goes on before a capital too: "…Ms. Lee of Pennsylvania, Ms.⏎Pressley, Ms. Jayapal".
        if (0x41...0x5A).contains(bytes[first]) {
            return Segmenter.endsInTitleBeforeName(bytes, end: last, lineStart: lineStart) && TextScanning.lineOpensNoUnit(bytes, at: first)
        }
        guard (0x30...0x39).contains(bytes[first]) || (0x61...0x7A).contains(bytes[first]) else { return false }
        // "etc." ends sentences before a capital, so it is no abbreviation of the list; before a lowercase
        // line it goes on ("…reshares, etc.⏎and other …").
        let endsInEtc = last - lineStart >= 4 && bytes[last - 4] == 0x65 && bytes[last - 3] == 0x74 && bytes[last - 2] == 0x63
            && (last - lineStart == 4 || !TextScanning.isASCIILetter(UInt32(bytes[last - 5])))
        guard (endsInEtc && (0x61...0x7A).contains(bytes[first])) || followsAbbreviation(bytes, boundary: last, lineStart: lineStart) else {
            return false
        }
        // A company's suffix ends its name, and lists of companies put one per line ("Huawei Technologies
        // Co., Ltd.⏎iFlytek Co., Ltd.⏎360 Security Technology …").
        for suffix in Segmenter.nameSuffixes where last - lineStart >= suffix.count
            && bytes[(last - suffix.count)..<last].elementsEqual(suffix)
            && (last - suffix.count == lineStart || !TextScanning.isASCIILetter(UInt32(bytes[last - suffix.count - 1]))) {
            return false
        }
        return TextScanning.lineOpensNoUnit(bytes, at: first)
    }

    /// Whether the text before `boundary` ends with an abbreviation: a listed one, a single capital
    /// initial ("M."), or dotted initials ("U.S.", "E.O.", "a.m.").
    func followsAbbreviation(_ bytes: UnsafeBufferPointer<UInt8>, boundary: Int, lineStart: Int) -> Bool {
        var end = boundary
        while end > lineStart {
            if bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1; continue }
            // ICU keeps a no-break or typographic space with the sentence before it: "Sec.\u{2002}4.".
            let length = TextScanning.typographicSpaceLength(bytes, endingAt: end, notBefore: lineStart)
            guard length > 0 else { break }
            end -= length
        }
        guard end > lineStart, bytes[end - 1] == 0x2E else { return false }
        var start = end - 1
        while start > lineStart {
            let byte = bytes[start - 1]
            if byte == 0x20 || byte == 0x09 || byte == 0x28 || byte == 0x22 || byte == 0x5B || byte >= 0x80 { break }
            start -= 1
            if end - start > 16 { return false }
        }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if isInitials(token) { return true }
        if token.count <= 8 { return shortAbbreviations.contains(TextScanning.pack(token)) }
        // Most sets have no abbreviation this long: no array made for the look-up then.
        return !longAbbreviations.isEmpty && longAbbreviations.contains(Array(token))
    }

    /// "M.", "U.S.", "E.O.", "a.m.": letters each followed by a dot.
    private func isInitials(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard token.count >= 2, token.count % 2 == 0 else { return false }
        var i = 0
        while i < token.count {
            let letter = token[i] | 0x20
            guard letter >= 0x61, letter <= 0x7A, token[i + 1] == 0x2E else { return false }
            i += 2
        }
        // A single lowercase letter ("a.") ends sentences such as "… option a." too often to count.
        return token.count > 2 || (token[0] >= 0x41 && token[0] <= 0x5A)
    }
}
