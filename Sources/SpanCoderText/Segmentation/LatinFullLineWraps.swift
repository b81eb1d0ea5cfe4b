#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SpanCoderCore

/// Judges the line breaks of hard-wrapped Latin text that `Segmenter.isHardWrap` cannot: those before a
/// capital or a digit after a content word ("… for managing⏎AI risks based on …", "… SHALL FILE WITH
/// THE ATTORNEY⏎GENERAL A REPORT …"), by the width of the document's lines.
///
/// Why: the case rule joins a line to the next only when the next starts in lower case or the line
/// ends in a word no sentence ends in (`LatinHardWraps`). Text extracted from PDFs and the plain text of
/// bills break their lines at a fixed width wherever a word falls, and the next word is as often a
/// proper noun, "AI" or a number; in a bill printed in capitals (New York's), every break was a cut and
/// every span a fragment of a line. A break is judged a wrap here when:
/// - the line before ends in a letter or digit (no sentence or clause end, no closing bracket or quote),
///   and the next starts with a capital or digit and opens no unit (`TextScanning.lineOpensNoUnit`:
///   list markers, section labels, a resolution's "WHEREAS");
/// - the line before is a full line: at least the document's full-line width less a tenth of it;
/// - the next line is a full line too, or ends a sentence or clause, in a comma, or an item ("…; or",
///   "…; AND"): a heading ("Update Schedule and Versions"), a page number or a running header after a
///   full line is short and ends in none; and it is at most twice as long as the line before (a paragraph on a line of its own
///   after a heading is longer);
/// - the line before goes on a wrapped sentence, or opens one in running text: the text starts with
///   it, or the line before it is blank, ends a sentence or clause, or opens with a structural marker
///   ("Article 2"); and it has no heading's shape (`HeadingShape`). So a title page's lines ("Laurie E.
///   Locascio, NIST Director and Under Secretary of Commerce for Standards and Technology⏎Certain
///   commercial entities …") stay apart (in a text set in capitals every line has a heading's shape,
///   and only the other tests apply), and so does a numbered heading ("A.5 Inability to meet the
///   safety requirements of specific service types⏎The main safety risks …").
///
/// The full-line width (`measureFullLineWidth`) is the upper quartile of the lengths, in code points, of
/// the lines that end in a letter, digit or comma, provided the text shows it: 30 to 150 code points, and
/// at least three such lines and a quarter of all lines with text within the tolerance of it. Measured
/// on the 28 corpus documents and AGORA's 609 texts, hard-wrapped ones (widths 50–116) have 26–78 % of
/// their lines there, texts with a paragraph a line at most 20 %. Proportional fonts make a PDF's lines
/// vary by a tenth or more, hence the upper quartile rather than the median that Chinese text, set in a
/// fixed-width font, uses (`ChineseHardWraps`).
///
/// - Complexity: O(1) per line break for most breaks (a look at the bytes around it), plus one pass over
///   the text's lines the first time a break passes the tests that need no width.
struct LatinFullLineWraps {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The text's lines once measured.
    private var measure: Measure?
    /// The positions of the text's "\n", found by the measure, when the text has no "\r": from then on
    /// the segmenter's line breaks (`lineBreak(from:)`), so that the measure's pass over the text saves
    /// the segmenter's own search for the lines after it instead of adding one.
    private var newlines: [Int] = []
    private var indexed = false
    private var cursor = 0

    /// What the first candidate break learns of the text's lines.
    struct Measure: Equatable {
        /// The full-line width in code points: 0 when the text shows none.
        var width: Int
        /// Whether the text is set in capitals (nine in ten of the letters that open its lines that end
        /// in a letter, digit or comma): then every line has a heading's case, and `HeadingShape` says
        /// nothing of it ("EVERY DEVELOPER AND DEPLOYER OF A HIGH-RISK AI SYSTEM⏎SHALL FILE …").
        var capitals: Bool
    }

    static let minimumWidth = 30
    static let maximumWidth = 150
    /// No full line of any width is shorter, nor is a line near a width longer (code points).
    static let shortestFullLine = minimumWidth - ChineseHardWraps.tolerance(minimumWidth)
    static let longestFullLine = maximumWidth + ChineseHardWraps.tolerance(maximumWidth)

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The first line break at or after `from`, as `TextScanning.nextLineBreak(_:from:end:)` finds it to
    /// the end of the text: from the measure's positions once there are some.
    ///
    /// - Complexity: amortized O(1) for positions in increasing order, O(log n) otherwise.
    mutating func lineBreak(from: Int) -> (lineEnd: Int, nextStart: Int)? {
        guard indexed else { return TextScanning.nextLineBreak(bytes, from: from, end: bytes.count) }
        guard from < bytes.count else { return nil }
        if cursor > 0 && newlines[cursor - 1] >= from {
            var low = 0, high = cursor
            while low < high {
                let mid = (low + high) / 2
                if newlines[mid] < from { low = mid + 1 } else { high = mid }
            }
            cursor = low
        }
        while cursor < newlines.count && newlines[cursor] < from { cursor += 1 }
        guard cursor < newlines.count else { return nil }
        return (newlines[cursor], newlines[cursor] + 1)
    }

    /// Whether the line break after `line` (the line before it, white space included, up to the break),
    /// with the next line starting at `nextStart`, only wraps a sentence. `lineOpensUnit`: the line is not
    /// itself the continuation of a wrapped sentence.
    mutating func isHardWrap(line: Range<Int>, nextStart: Int, lineOpensUnit: Bool) -> Bool {
        guard let (content, next) = candidate(line: line, nextStart: nextStart) else { return false }
        // No full line of any width the text could show is this short: the lines need no measure (most
        // such breaks follow a heading). A longer line than any width may still be a full one: PDF
        // extraction runs two lines into one now and then.
        let length = UTF8CodePoints.count(bytes, from: content.lowerBound, to: content.upperBound)
        guard length >= LatinFullLineWraps.shortestFullLine else { return false }
        // Nor is a line a full one when the next is twice as long (a paragraph on a line of its own after a
        // heading): no line of a wrapped text is much longer than its full ones.
        // (A line of more than four bytes a code point could hold, twice over, is not counted.)
        guard next.count <= 8 * length else { return false }
        let nextLength = UTF8CodePoints.count(bytes, from: next.lowerBound, to: next.upperBound)
        guard nextLength <= 2 * length else { return false }
        let lines: Measure
        if let measured = measure {
            lines = measured
        } else {
            lines = LatinFullLineWraps.measureLines(bytes, newlines: &newlines)
            indexed = bytes.baseAddress.map { memchr($0, 0x0D, bytes.count) == nil } ?? false
            if !indexed { newlines = [] }
            measure = lines
        }
        let width = lines.width
        guard width > 0 else { return false }
        let shortest = width - ChineseHardWraps.tolerance(width)
        guard length >= shortest else { return false }
        guard nextLength >= shortest || bytes[next.upperBound - 1] == 0x2C || ChineseHardWraps.endsSentenceOrClause(bytes, next)
                || LatinHardWraps.endsListItem(bytes, last: next.upperBound - 1) else { return false }
        guard lineOpensUnit else { return true }
        return LatinFullLineWraps.opensRunningText(bytes, lineStart: content.lowerBound)
            && (lines.capitals || !HeadingShape.isHeading(bytes, span: content))
            && !LatinFullLineWraps.opensWithSectionNumber(bytes, content)
    }

    /// Whether `line` opens with a section number of two levels or more and a space ("3.1 Generative
    /// Artificial Intelligence Services", "A.5 Inability to meet the safety requirements of specific
    /// service types"): a numbered heading, which may be as long as a full line. Bills' list items
    /// ("(1) IN GENERAL.--The Secretary shall …") go on across their wraps.
    static func opensWithSectionNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        var i = line.lowerBound
        var head = 0
        while i < line.upperBound, head < 3, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || (bytes[i] >= 0x41 && bytes[i] <= 0x5A) {
            i += 1
            head += 1
        }
        guard head > 0 else { return false }
        var levels = 0
        while i + 1 < line.upperBound, bytes[i] == 0x2E, bytes[i + 1] >= 0x30, bytes[i + 1] <= 0x39 {
            i += 1
            var digits = 0
            while i < line.upperBound, digits < 3, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                i += 1
                digits += 1
            }
            levels += 1
        }
        if i < line.upperBound, bytes[i] == 0x2E { i += 1 }
        return levels > 0 && i < line.upperBound && bytes[i] == 0x20
    }

    /// The trimmed line before the break and the trimmed next line when the break passes the tests that
    /// need no width: the line ends in an ASCII letter or digit, the next starts with a capital or digit
    /// and opens no unit.
    private mutating func candidate(line: Range<Int>, nextStart: Int) -> (Range<Int>, Range<Int>)? {
        var last = line.upperBound - 1
        while last >= line.lowerBound, bytes[last] == 0x20 || bytes[last] == 0x09 { last -= 1 }
        guard last >= line.lowerBound, TextScanning.isASCIILetter(UInt32(bytes[last])) || TextScanning.isDigit(UInt32(bytes[last])) else { return nil }
        var first = nextStart
        while first < bytes.count, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
        guard first < bytes.count, (bytes[first] >= 0x41 && bytes[first] <= 0x5A) || (bytes[first] >= 0x30 && bytes[first] <= 0x39) else { return nil }
        // The next line's end from the measure's positions once there are some (the segmenter asks for it
        // next), not a search of its own.
        let nextEnd = lineBreak(from: first)?.lineEnd ?? bytes.count
        guard TextScanning.lineOpensNoUnit(bytes, at: first, lineEnd: nextEnd) else { return nil }
        let content = TextScanning.trim(bytes, line.lowerBound..<(last + 1))
        let next = TextScanning.trim(bytes, first..<nextEnd)
        guard !content.isEmpty, !next.isEmpty else { return nil }
        return (content, next)
    }

    /// Whether the line starting at `lineStart` opens a sentence in running text: it starts the text, or
    /// the line before it is blank, ends a sentence or clause, or opens with a structural marker. Lines
    /// longer than `lookBack` bytes before it are judged by their end alone.
    static func opensRunningText(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int) -> Bool {
        // Back over the white space and the line break before the line.
        var end = lineStart
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard end > 0 else { return true }
        guard bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D else { return false }
        end -= 1
        if end > 0, bytes[end] == 0x0A, bytes[end - 1] == 0x0D { end -= 1 }
        let lookBack = 4096
        var start = end
        while start > 0, end - start < lookBack, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
        let previous = TextScanning.trim(bytes, start..<end)
        if previous.isEmpty || ChineseHardWraps.endsSentenceOrClause(bytes, previous) { return true }
        let atLineStart = start == 0 || bytes[start - 1] == 0x0A || bytes[start - 1] == 0x0D
        return atLineStart && TextScanning.structuralMarkerEnd(bytes, at: previous.lowerBound, end: previous.upperBound) != nil
    }

    /// The full-line width of `bytes` in code points (see the type's documentation), or 0 when the text
    /// shows none.
    static func measureFullLineWidth(_ bytes: UnsafeBufferPointer<UInt8>) -> Int { measureLines(bytes).width }

    /// The full-line width of `bytes` and whether it is set in capitals.
    ///
    /// Lines are what "\n" ends ("\r\n" too): this runs once on most documents with a candidate break,
    /// so it makes one `memchr` pass and looks at the lines' ends only (a text whose lines end in a lone
    /// "\r" shows no width). White space is ASCII white space here.
    static func measureLines(_ bytes: UnsafeBufferPointer<UInt8>) -> Measure {
        var newlines: [Int] = []
        return measureLines(bytes, newlines: &newlines)
    }

    /// `measureLines(_:)`, and the positions of the text's "\n" into `newlines`.
    static func measureLines(_ bytes: UnsafeBufferPointer<UInt8>, newlines: inout [Int]) -> Measure {
        let none = Measure(width: 0, capitals: false)
        var lengths: [Int] = []
        var textLines = 0
        newlines.removeAll(keepingCapacity: true)
        // The lines whose lengths show a width: those that end as a full line may (a letter, digit or comma).
        func mayBeFull(_ last: Int) -> Bool {
            let final = UInt32(bytes[last])
            return TextScanning.isASCIILetter(final) || TextScanning.isDigit(final) || final == 0x2C
        }
        forEachLine(bytes, newlines: &newlines, record: true) { first, last in
            textLines += 1
            if mayBeFull(last) { lengths.append(rankedLength(bytes, first, last)) }
        }
        guard lengths.count >= 3 else { return none }
        lengths.sort()
        let width = lengths[lengths.count * 3 / 4]
        guard width >= minimumWidth, width <= maximumWidth else { return none }
        let tolerance = ChineseHardWraps.tolerance(width)
        let near = lengths.count(where: { abs($0 - width) <= tolerance })
        guard near >= 3, near * 4 >= textLines else { return none }
        // The case of the first sixteen bytes of the lines that end in a letter, digit or comma: enough to
        // tell a text set in capitals. Read only for a text with a width (most texts show none).
        var upper = 0
        var lower = 0
        forEachLine(bytes, newlines: &newlines, record: false) { first, last in
            guard mayBeFull(last) else { return }
            for k in first..<min(last + 1, first + 16) {
                let byte = bytes[k]
                if byte >= 0x41 && byte <= 0x5A { upper += 1 } else if byte >= 0x61 && byte <= 0x7A { lower += 1 }
            }
        }
        return Measure(width: width, capitals: upper > 9 * lower)
    }

    /// Calls `body` with the first and last byte of each line with text (ASCII white space trimmed), and
    /// with `record`, appends the position of every "\n" to `newlines`.
    @inline(__always)
    private static func forEachLine(_ bytes: UnsafeBufferPointer<UInt8>, newlines: inout [Int], record: Bool,
                                    _ body: (_ first: Int, _ last: Int) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var lineStart = 0
        while lineStart < bytes.count {
            let found = memchr(base + lineStart, 0x0A, bytes.count - lineStart).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
            if record, let found { newlines.append(found) }
            let lineEnd = found ?? bytes.count
            var last = lineEnd - 1
            while last >= lineStart, bytes[last] == 0x20 || bytes[last] == 0x09 || bytes[last] == 0x0D { last -= 1 }
            if last >= lineStart {
                var first = lineStart
                while bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
                body(first, last)
            }
            lineStart = lineEnd + 1
        }
    }

    /// The line's length in code points where it can matter: 0 below the shortest full line (any such
    /// line ranks below every width, and is near none), `Int.max / 2` above the longest (it ranks above
    /// every width, and is near none), the length between. Most lines of running text are read no further
    /// than those bounds need.
    @inline(__always)
    private static func rankedLength(_ bytes: UnsafeBufferPointer<UInt8>, _ first: Int, _ last: Int) -> Int {
        let lineBytes = last + 1 - first
        if lineBytes < shortestFullLine { return 0 }
        if lineBytes > 4 * (longestFullLine + 1) { return Int.max / 2 }
        let head = min(lineBytes, longestFullLine + 1)
        var length = UTF8CodePoints.count(bytes, from: first, to: first + head)
        if length <= longestFullLine && head < lineBytes { length += UTF8CodePoints.count(bytes, from: first + head, to: last + 1) }
        if length > longestFullLine { return Int.max / 2 }
        return length < shortestFullLine ? 0 : length
    }
}
