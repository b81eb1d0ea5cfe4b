#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Page numbers and running headers that a PDF's text puts between the lines of a sentence cut by a
/// page break: "…for exam-⏎Page 15⏎␌NIST AI 100-1 AI RMF 1.0⏎ple, how a human operator…" (the NIST AI
/// RMF as pdftotext extracts it: the page's footer, a form feed, the next page's header).
///
/// Why: a page number looks like text to the hard-wrap rules. "exam-⏎Page 15" was joined (a hyphen after
/// a letter ends no sentence), the header "NIST AI 100-1 AI RMF 1.0" went on into "ple, how …" (a line
/// ending in a digit before a lowercase letter), and the sentence ended up in two spans, each with page
/// furniture in it. A researcher codes the sentence: it is one span from "Transparency" to "detected.",
/// across the furniture. Spans are contiguous ranges of the original text, so that span contains the
/// footer and header lines: of the choices a contiguous span leaves, the whole sentence with the
/// furniture inside is the one whose codes are the sentence's (two fragments would each get part of
/// its evidence, and the second starts mid-word). Where the sentence does not go on across the page
/// break, the furniture is no continuation of anything: each line of it is a span of its own, which
/// `HeadingShape` reads as a label when it has words ("Page 9", a running header after its form feed),
/// so it gets no code.
///
/// What counts (each on a line of its own):
/// - a page number: `Page 15`, `PAGE 15`, `Page 15 of 40`, `- 15 -`, `– 15 –`, `— 15 —`, `第 3 页` (頁),
///   `第3页 共10页`; and a bare number (1 to 4 digits), but only between the two halves of a sentence
///   (a bare number elsewhere may be a footnote mark or a list's number, and keeps the line rules);
/// - a running header: a line that opens a page (after a form feed, U+000C, which pdftotext writes at
///   every page break) and that the next page, or else the previous one, opens with too (digits aside:
///   "Federal Register / Vol. 88, No. 210" changes its numbers);
/// - a form feed on a line of its own.
///
/// A sentence goes on across up to four such lines when the line before them ends as a hard-wrapped
/// Latin line does (a letter, digit, comma, hyphen or %) and the line after them starts with a lowercase
/// letter, or with any letter after a word hyphenated at the break ("AI-⏎…⏎Based"), and opens no list
/// item or section; or when the Chinese rule (`ChineseHardWraps`) joins the line before to the line
/// after. Not on a comma or a function word alone, which join the next line whatever its case
/// elsewhere (`LatinHardWraps`): a page often opens with a figure caption or a heading ("…advocacy
/// groups,⏎Page 9⏎␌NIST …⏎Fig. 2. Lifecycle and Key Dimensions …"). A blank line ends the sentence
/// here as everywhere.
///
/// - Complexity: most line breaks are settled by the first byte of the next line (`mayOpen`), and of the
///   line before a hard wrap; the others read the next line or, where it is furniture, up to `maxLines`
///   lines more.
///   A running header's check reads to the next (or previous) form feed: each page is read about twice
///   more, and only in text that has form feeds.
enum PageFurniture {
    /// What the page furniture around a line break means for it.
    enum Verdict: Equatable {
        /// No furniture: the line rules decide.
        case none
        /// The line before the break, or the next one, is furniture, and the sentence does not go on
        /// across it: no hard wrap.
        case furniture
        /// The sentence goes on across the furniture to the line that starts at `continuation` (its first
        /// character that is not white space).
        case across(continuation: Int)
    }

    /// Lines of furniture a sentence goes on across at most: a footer, a form feed, a header, one more.
    static let maxLines = 4
    /// A running header is at most this many bytes long.
    static let maxHeaderBytes = 200

    /// Whether the line starting at `lineStart` may be page furniture by its first bytes (a form feed, "P",
    /// "-", "–", "—", "第" before a digit or a space, and with `digit` a digit): only then is `verdict` (for
    /// the next line) or `isFurniture` (for the line before a hard wrap) asked. Most lines of running text
    /// end here; Chinese articles (第十二条 …) and quotations or bullets (“ •, whose lead byte is that of – and
    /// —) among them.
    @inline(__always)
    static func mayOpen(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, digit: Bool) -> Bool {
        var first = lineStart
        while first < bytes.count, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
        guard first < bytes.count else { return false }
        return (digit && bytes[first] >= 0x30 && bytes[first] <= 0x39) || opensLikeFurniture(bytes, at: first)
    }

    /// Whether the text at `i` (< `bytes.count`) starts as a form feed, "P", "-", "–", "—" or "第" before a
    /// digit or a space does.
    @inline(__always)
    private static func opensLikeFurniture(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let byte = bytes[i]
        if byte == 0x0C || byte == 0x50 || byte == 0x2D { return true }
        guard byte == 0xE2 || byte == 0xE7, i + 3 < bytes.count else { return false }
        if byte == 0xE2 { return bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x93 || bytes[i + 2] == 0x94) }
        let after = bytes[i + 3]
        return bytes[i + 1] == 0xAC && bytes[i + 2] == 0xAC && ((after >= 0x30 && after <= 0x39) || after == 0x20 || after == 0x09)
    }

    /// What the furniture around the line break after `line` (the last of the lines joined so far, from
    /// its start to the break), with the next line at `nextStart`, means (see the type's documentation).
    /// `chineseWraps` and `lineOpensUnit` are the Chinese rule's, as for a plain line break. Asked where the
    /// next line may open furniture (`mayOpen`, digits too); where it cannot, only a line before a hard
    /// wrap needs a look (`isFurniture`).
    static func verdict(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>, nextStart: Int,
                        chineseWraps: inout ChineseHardWraps, lineOpensUnit: Bool) -> Verdict {
        // Nothing goes on out of a page number or a running header.
        let content = TextScanning.trim(bytes, line)
        if isFurniture(bytes, line: line, content: content) { return .furniture }
        // The lines of furniture after the break, and the first line after them.
        var marked = false
        var bare = false
        var furnitureLines = 0
        var position = nextStart
        var continuation: Int?
        while furnitureLines < maxLines {
            let lineBreak = TextScanning.nextLineBreak(bytes, from: position, end: bytes.count)
            let next = TextScanning.trim(bytes, position..<(lineBreak?.lineEnd ?? bytes.count))
            let opensPage = formFeed(bytes, before: next.lowerBound, from: position)
            if next.isEmpty {
                // A blank line ends the sentence; a line with only a form feed is a page break.
                guard opensPage else { break }
                marked = true
            } else if let number = pageNumber(bytes, next) {
                if number == .marked { marked = true } else { bare = true }
            } else if opensPage, isRunningHeader(bytes, next) {
                marked = true
            } else {
                // Text: the sentence may go on here. A page that opens with it (no header) is a page break too.
                if opensPage { marked = true }
                continuation = next.lowerBound
                break
            }
            furnitureLines += 1
            guard let lineBreak else { break }
            position = lineBreak.nextStart
        }
        guard marked || (bare && continuation != nil) else { return .none }
        if let continuation, !content.isEmpty,
           continuesSentence(bytes, lineEnd: content.upperBound, at: continuation)
            || chineseWraps.isHardWrap(line: line, nextStart: continuation, lineOpensUnit: lineOpensUnit) {
            return .across(continuation: continuation)
        }
        // Bare numbers alone are furniture only inside a sentence: elsewhere the line rules decide.
        return marked ? .furniture : .none
    }

    /// Whether `line` (its trimmed text `content`) is a page number that says it is one ("Page 15", "- 15 -")
    /// or a running header: nothing goes on out of it.
    static func isFurniture(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>, content: Range<Int>) -> Bool {
        !content.isEmpty && (pageNumber(bytes, content) == .marked
            || (formFeed(bytes, before: content.lowerBound, from: line.lowerBound) && isRunningHeader(bytes, content)))
    }

    /// Whether a Latin line that ends at `lineEnd` goes on at the text at `start` on a later page: it
    /// ends in a letter, digit, comma, hyphen or %, and the text starts with a lowercase letter, or with
    /// any letter after a hyphen that follows a letter; and opens no list item or section.
    static func continuesSentence(_ bytes: UnsafeBufferPointer<UInt8>, lineEnd: Int, at start: Int) -> Bool {
        let last = lineEnd - 1
        guard last >= 0, start < bytes.count else { return false }
        let before = UInt32(bytes[last])
        guard LatinHardWraps.mayBreakMidSentence(before) else { return false }
        let next = UInt32(bytes[start])
        let hyphenated = before == 0x2D && last > 0 && TextScanning.isASCIILetter(UInt32(bytes[last - 1]))
        guard (next >= 0x61 && next <= 0x7A) || (hyphenated && TextScanning.isASCIILetter(next)) else { return false }
        return TextScanning.lineOpensNoUnit(bytes, at: start)
    }

    /// A page number's kind: `marked` says it is one ("Page 15", "- 15 -", "第3页"), `bare` is only a number.
    enum PageNumber { case marked, bare }

    /// Whether the trimmed line `content` is a page number, and of which kind.
    static func pageNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) -> PageNumber? {
        guard !content.isEmpty, content.count <= 40 else { return nil }
        var i = content.lowerBound
        let end = content.upperBound
        func digits() -> Bool {
            let from = i
            while i < end, i - from < 4, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i > from && (i == end || bytes[i] < 0x30 || bytes[i] > 0x39)
        }
        func spaces() { while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 } }
        func word(_ literal: StaticString) -> Bool {
            literal.withUTF8Buffer { word in
                guard i + word.count <= end, (0..<word.count).allSatisfy({ bytes[i + $0] == word[$0] }) else { return false }
                i += word.count
                return true
            }
        }
        let first = bytes[i]
        if first >= 0x30 && first <= 0x39 {
            return digits() && i == end ? .bare : nil
        }
        if first == 0x50 {
            // Page 15, PAGE 15, Page 15 of 40.
            guard word("Page") || word("PAGE") else { return nil }
            let spaced = i < end && (bytes[i] == 0x20 || bytes[i] == 0x09)
            spaces()
            guard spaced, digits() else { return nil }
            if i == end { return .marked }
            spaces()
            guard word("of") || word("OF") else { return nil }
            let spacedAgain = i < end && bytes[i] == 0x20
            spaces()
            return spacedAgain && digits() && i == end ? .marked : nil
        }
        if first == 0xE7 {
            // 第 3 页, 第3页 共10页, 第 3 页，共 10 页.
            guard word("第") else { return nil }
            spaces()
            guard digits() else { return nil }
            spaces()
            guard word("页") || word("頁") else { return nil }
            if i == end { return .marked }
            _ = word("，") || word(",")
            spaces()
            guard word("共") else { return nil }
            spaces()
            guard digits() else { return nil }
            spaces()
            return (word("页") || word("頁")) && i == end ? .marked : nil
        }
        // - 15 -, – 15 –, — 15 —, -15-.
        guard dash(bytes, at: &i, end: end) else { return nil }
        spaces()
        guard digits() else { return nil }
        spaces()
        return dash(bytes, at: &i, end: end) && i == end ? .marked : nil
    }

    /// One or two dashes at `i` ("-", "–", "—"), past which `i` moves.
    private static func dash(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int, end: Int) -> Bool {
        var count = 0
        while count < 2, i < end {
            if bytes[i] == 0x2D {
                i += 1
            } else if i + 3 <= end, bytes[i] == 0xE2, bytes[i + 1] == 0x80, bytes[i + 2] == 0x93 || bytes[i + 2] == 0x94 {
                i += 3
            } else {
                break
            }
            count += 1
        }
        return count > 0
    }

    /// Whether a form feed is among the white space between the start of its line (`from`, or the line
    /// break before `contentStart`) and `contentStart`: the line opens a page.
    static func formFeed(_ bytes: UnsafeBufferPointer<UInt8>, before contentStart: Int, from lineStart: Int) -> Bool {
        var i = contentStart
        while i > lineStart {
            i -= 1
            let byte = bytes[i]
            if byte == 0x0C { return true }
            if byte == 0x0A || byte == 0x0D { return false }
        }
        return false
    }

    /// Whether the trimmed line `content`, which opens a page, is a running header: the next page, or
    /// else the previous one, opens with the same line, digits aside.
    static func isRunningHeader(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) -> Bool {
        guard content.count <= maxHeaderBytes, let base = bytes.baseAddress else { return false }
        // The form feed that opens this page: the first one before the line's text.
        var own = content.lowerBound
        while own > 0, bytes[own - 1] != 0x0C { own -= 1 }
        let afterLine = TextScanning.nextLineBreak(bytes, from: content.upperBound, end: bytes.count)?.nextStart ?? bytes.count
        if afterLine < bytes.count, let hit = memchr(base + afterLine, 0x0C, bytes.count - afterLine) {
            let next = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if sameModuloDigits(bytes, content, pageOpening(bytes, formFeed: next)) { return true }
        }
        var previous = own - 1
        while previous > 0, bytes[previous - 1] != 0x0C { previous -= 1 }
        guard previous > 0 else { return false }
        return sameModuloDigits(bytes, content, pageOpening(bytes, formFeed: previous - 1))
    }

    /// The trimmed first line with text after the form feed at `formFeed`.
    private static func pageOpening(_ bytes: UnsafeBufferPointer<UInt8>, formFeed: Int) -> Range<Int> {
        var position = formFeed + 1
        while position < bytes.count {
            let lineBreak = TextScanning.nextLineBreak(bytes, from: position, end: bytes.count)
            let line = TextScanning.trim(bytes, position..<(lineBreak?.lineEnd ?? bytes.count))
            if !line.isEmpty { return line }
            guard let lineBreak, lineBreak.nextStart - formFeed <= 64 else { break }
            position = lineBreak.nextStart
        }
        return position..<position
    }

    /// Whether `a` and `b` are the same bytes, where any run of ASCII digits matches any other.
    static func sameModuloDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound, j < b.upperBound {
            if isDigit(bytes[i]) && isDigit(bytes[j]) {
                while i < a.upperBound, isDigit(bytes[i]) { i += 1 }
                while j < b.upperBound, isDigit(bytes[j]) { j += 1 }
                continue
            }
            guard bytes[i] == bytes[j] else { return false }
            i += 1
            j += 1
        }
        return i == a.upperBound && j == b.upperBound
    }
}
