import SpanCoderCore

/// Judges line breaks in Chinese text: which only wrap a sentence. Text extracted from PDFs of Chinese
/// rules breaks its lines at a fixed width, mid-sentence and mid-word ("…不得侵害自然人的个人信\n息权益。"),
/// so every line would be a unit and a term cut by the break could never match. Chinese has no case,
/// so the Latin rule (`Segmenter.isHardWrap`: the next line starts with a lowercase letter) has nothing
/// to go by; this one reads the punctuation at the break, the next line's start and the width of the
/// document's lines.
///
/// A line break in Chinese text (a CJK character among the last eight code points before it or the
/// first eight after it) is a hard wrap when:
/// - the line before does not end a sentence or clause: its last character, after any closing quotes
///   and brackets, is none of `。！？；：…．` and `.!?;:` (`endsSentenceOrClause`);
/// - the next line has text and opens no unit (`TextScanning.structuralMarkerEnd`: 第十二条, 第三章,
///   （一）, (1), 1., 一、, a., ①, •), except an article reference glued to the text after it
///   ("依照本法\n第十八条第一款", "管理规定》\n第十六条的规定"): a head is followed by white space or ends
///   its line, and a line without a sentence end that is as long as a full line is not followed by one;
/// - the line before is no heading (`HeadingShape`, asked of lines of up to 20 code points that open a
///   unit: a line that goes on a wrapped sentence is none). With the width test this matters only where
///   full lines are that short: in a text wrapped at 20 or fewer code points, a paragraph's first line
///   without `，` or `；` keeps its break; and
/// - the line before is a full line: at least as long as the document's full-line width less a tenth of
///   it (two code points at least), so that a title, a date, a signature or a table cell, short and
///   without punctuation, stays a unit of its own.
///
/// The full-line width (`measureFullLineWidth`) is the upper median length, in code points, of the
/// lines that pass the first two tests (the candidates), provided the text shows such a width: at
/// least two candidates lie within the tolerance of it, and they are at least half of the candidates
/// and a quarter of all lines with text. A hard-wrapped text has most of its lines at that width; a
/// clean one (a paragraph a line) has few candidates, of every length, and shows none, so its line
/// breaks all stay. Code points, not display columns: a PDF line with digits or Latin words holds
/// more code points than a full line of Han, which only passes the lower bound more easily.
///
/// Blank lines are never wraps. The width is measured once per text, on the first candidate break.
///
/// - Complexity: O(1) amortized per line break, plus one pass over the text's lines (a sort of the
///   candidates' lengths) the first time a break is a candidate.
struct ChineseHardWraps {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The full-line width once measured: 0 when the text shows none.
    private var fullLineWidth: Int?

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Whether the line break after `line` (the line before it, white space included, up to the
    /// break), with the next line starting at `nextStart`, only wraps a sentence. `lineOpensUnit`: the
    /// line is not itself the continuation of a wrapped sentence (only such a line can be a heading).
    mutating func isHardWrap(line: Range<Int>, nextStart: Int, lineOpensUnit: Bool) -> Bool {
        guard let content = ChineseHardWraps.candidate(bytes, line: line, nextStart: nextStart) else { return false }
        let width: Int
        if let measured = fullLineWidth {
            width = measured
        } else {
            width = ChineseHardWraps.measureFullLineWidth(bytes)
            fullLineWidth = width
        }
        guard width > 0 else { return false }
        let length = UTF8CodePoints.count(bytes, from: content.lowerBound, to: content.upperBound)
        guard length >= width - ChineseHardWraps.tolerance(width) else { return false }
        // Only a line as short as a Chinese heading is asked: HeadingShape reads a line with as many digits
        // and Latin letters as Han by its rules for English titles (up to eight words), which a longer
        // mixed line passes ("RES/78/311），推动落实联合国2030年可持续发展议程。为此，中").
        return !lineOpensUnit || length > HeadingShape.maxHanCodePoints || ChineseHardWraps.isNoHeading(bytes, content, nextStart: nextStart)
            || !HeadingShape.isHeading(bytes, span: content)
    }

    /// Whether a short line that opens a unit cannot be a heading, whatever its shape, in a text wrapped
    /// at 20 code points or fewer, where a heading would be as long as a full line:
    /// - it opens with no head or item marker, the next line goes on without one, and it does not end as
    ///   a rule's title does (…办法, …细则: `endsAsTitle`): a paragraph's first line, or the next line of
    ///   a text whose break before it was kept;
    /// - it is an article's first line (第十二条 and the article's text: an article head opens a
    ///   provision, not a heading), or an item's that enumerates (（二）在算法设计、训练数据选择…);
    /// - it leaves a bracket or quote open (《…, “…), enumerates (、 in its text), or ends in a word that
    ///   joins what follows (和, 的 …); or the next line opens with punctuation no unit opens with (、，。；：
    ///   and closing brackets and quotes: "…从事新闻出版⏎、影视制作…").
    /// Without these, a gazette printed 20 characters a line lost the first line of nearly every article
    /// as a unit of its own, and the lines after it too.
    static func isNoHeading(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>, nextStart: Int) -> Bool {
        // The next line has text and opens no head or item (`candidate`), so an unmarked line goes on,
        // unless it ends as the title of a rule does (…管理办法实施细则).
        guard let markerEnd = TextScanning.structuralMarkerEnd(bytes, at: content.lowerBound, end: content.upperBound) else {
            return !endsAsTitle(bytes, content)
        }
        let next = Segmenter.skipSpaces(bytes, from: nextStart, end: bytes.count)
        if next < bytes.count, opensNoUnit.contains(TextScanning.scalar(bytes, at: next).value) { return true }
        if let head = TextScanning.chineseHead(bytes, at: content.lowerBound, end: content.upperBound), head.rank == .article,
           Segmenter.skipSpaces(bytes, from: head.end, end: content.upperBound) < content.upperBound {
            return true
        }
        var open = 0
        var enumerates = false
        var last: UInt32 = 0
        var i = content.lowerBound
        while i < content.upperBound {
            let (value, length) = TextScanning.scalar(bytes, at: i)
            switch value {
            case 0x300A, 0xFF08, 0x201C, 0x300C, 0x300E, 0x3010: open += 1  // 《 （ “ 「 『 【
            case 0x300B, 0xFF09, 0x201D, 0x300D, 0x300F, 0x3011: open -= 1  // 》 ） ” 」 』 】
            case 0x3001 where i >= markerEnd: enumerates = true  // 、 in the text, not a marker's (一、)
            default: break
            }
            last = value
            i += length
        }
        return open > 0 || enumerates || joiningCharacters.contains(last)
    }

    /// Whether `content` ends in a word that ends the titles of rules and documents: 办法, 细则, 规定, 条例,
    /// 意见, 通知, 指南, 决定, 方案, 纲要, 规划, 准则, 公告, 规范, 标准, or 法 after 中华人民共和国 at the line's
    /// start (a closing 》 or ） after it too), and holds no ，, ； or 。 (a title has no clause).
    static func endsAsTitle(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) -> Bool {
        // A title has no clause inside ("部门GPT-4o，《个人信息保护法》" is a sentence's start).
        var i = content.lowerBound
        while i < content.upperBound {
            let (value, length) = TextScanning.scalar(bytes, at: i)
            if value == 0xFF0C || value == 0xFF1B || value == 0x3002 { return false }  // ，；。
            i += length
        }
        var end = content.upperBound
        var last: [UInt32] = []
        while end > content.lowerBound, last.count < 2 {
            let start = TextScanning.lead(before: end, in: bytes, notBefore: content.lowerBound)
            let value = TextScanning.scalar(bytes, at: start).value
            end = start
            if last.isEmpty, value == 0x300B || value == 0xFF09 { continue }  // 》 ）
            last.insert(value, at: 0)
        }
        guard let final = last.last else { return false }
        // 法 ends a law's title (中华人民共和国个人信息保护法), and words of any sentence (依法, 违法, 方法).
        if final == 0x6CD5 { return Array(bytes[content]).starts(with: Array("中华人民共和国".utf8)) }
        guard last.count == 2 else { return false }
        return titleEndings.contains(String(String.UnicodeScalarView(last.compactMap(Unicode.Scalar.init))))
    }

    static let titleEndings: Set<String> = ["办法", "辦法", "细则", "规定", "条例", "意见", "通知", "指南", "决定", "方案", "纲要", "规划", "准则", "公告", "规范", "标准",
                                            "細則", "規定", "條例", "規劃", "準則", "規範", "標準", "決定", "綱要"]

    /// Punctuation no unit opens with: 、，。；：！？ and closing brackets and quotes.
    static let opensNoUnit: Set<UInt32> = [0x3001, 0xFF0C, 0x3002, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0x300B, 0xFF09, 0x201D, 0x300D, 0x300F, 0x3011]

    /// Characters that join what follows and end no heading: 和 与 及 或 的 并 对 在 为 将 由 以 之 于 向 把 被 等.
    static let joiningCharacters: Set<UInt32> = [
        0x548C, 0x4E0E, 0x53CA, 0x6216, 0x7684, 0x5E76, 0x5BF9, 0x5728, 0x4E3A, 0x5C06, 0x7531, 0x4EE5, 0x4E4B, 0x4E8E,
        0x5411, 0x628A, 0x88AB, 0x7B49,
    ]

    /// How far a line's length may fall short of the full-line width (and a candidate's lie from it, to
    /// show the width): a PDF line ends a character early before punctuation that may not open a line.
    static func tolerance(_ width: Int) -> Int { max(2, width / 10) }

    /// The trimmed line before the break when the break passes the tests that need no width (Chinese
    /// text, no sentence or clause end before it, a next line with text that opens no unit); else nil.
    static func candidate(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>, nextStart: Int) -> Range<Int>? {
        let content = TextScanning.trim(bytes, line)
        guard !content.isEmpty, !endsSentenceOrClause(bytes, content) else { return nil }
        // The next line's first character: a blank line (or the text's end) is no continuation.
        var first = nextStart
        while first < bytes.count {
            let byte = bytes[first]
            if byte == 0x20 || byte == 0x09 { first += 1; continue }
            if byte < 0x80 { break }
            let (value, length) = TextScanning.scalar(bytes, at: first)
            guard TextScanning.isSpace(value) else { break }
            first += length
        }
        guard first < bytes.count, bytes[first] != 0x0A, bytes[first] != 0x0D,
              isChineseContext(bytes, before: content, after: first) else { return nil }
        let nextEnd = TextScanning.nextLineBreak(bytes, from: first, end: bytes.count)?.lineEnd ?? bytes.count
        if let markerEnd = TextScanning.structuralMarkerEnd(bytes, at: first, end: nextEnd),
           !isArticleReference(bytes, at: first, markerEnd: markerEnd, lineEnd: nextEnd) {
            return nil
        }
        return content
    }

    /// Whether the trimmed `content` ends a sentence or clause: its last character, after closing quotes
    /// and brackets (”’」』）》】 " ' ) ]), is one of 。！？；：…．｡ or .!?;: (a line of closers only counts as
    /// an end too).
    static func endsSentenceOrClause(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) -> Bool {
        var end = content.upperBound
        while end > content.lowerBound {
            let start = TextScanning.lead(before: end, in: bytes, notBefore: content.lowerBound)
            let value = TextScanning.scalar(bytes, at: start).value
            switch value {
            case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0x2026, 0xFF0E, 0xFF61, 0x2E, 0x21, 0x3F, 0x3B, 0x3A:
                return true  // 。！？；：…．｡ . ! ? ; :
            case 0x22, 0x27, 0x29, 0x5D:
                end = start  // " ' ) ]
            case 0..<0x80, 0x4E00...0x9FFF, 0xFF0C, 0x3001:
                return false  // and Han, ， 、 without the property look-up: most lines end in one
            default:
                guard let scalar = Unicode.Scalar(value) else { return false }
                switch scalar.properties.generalCategory {
                case .closePunctuation, .finalPunctuation: end = start
                default: return false
                }
            }
        }
        return true
    }

    /// Whether a CJK character (Han, CJK and full-width punctuation) is among the last eight code points
    /// of `content` or the first eight of the line starting at `after`.
    private static func isChineseContext(_ bytes: UnsafeBufferPointer<UInt8>, before content: Range<Int>, after: Int) -> Bool {
        var end = content.upperBound
        for _ in 0..<8 where end > content.lowerBound {
            let start = TextScanning.lead(before: end, in: bytes, notBefore: content.lowerBound)
            if TextScanning.isCJK(TextScanning.scalar(bytes, at: start).value) { return true }
            end = start
        }
        var position = after
        for _ in 0..<8 where position < bytes.count {
            let (value, length) = TextScanning.scalar(bytes, at: position)
            if value == 0x0A || value == 0x0D { break }
            if TextScanning.isCJK(value) { return true }
            position += length
        }
        return false
    }

    /// Whether the structural marker `first..<markerEnd` is a reference to an article, chapter or section
    /// in running text rather than its head: 第…条 (章, 节, 编, 款) directly followed by more text on its
    /// line ("第十八条第一款", "第十六条的规定", "第十七条、"). A head is followed by white space or ends
    /// its line ("第一条 为了…", "第一条").
    private static func isArticleReference(_ bytes: UnsafeBufferPointer<UInt8>, at first: Int, markerEnd: Int, lineEnd: Int) -> Bool {
        guard markerEnd < lineEnd, TextScanning.isDi(bytes, at: first) else { return false }
        return !TextScanning.isSpace(TextScanning.scalar(bytes, at: markerEnd).value)
    }

    /// The full-line width of `bytes` in code points (see the type's documentation), or 0 when the text
    /// shows none.
    static func measureFullLineWidth(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var lengths: [Int] = []
        var textLines = 0
        var lineStart = 0
        while lineStart < bytes.count {
            let lineBreak = TextScanning.nextLineBreak(bytes, from: lineStart, end: bytes.count)
            let line = lineStart..<(lineBreak?.lineEnd ?? bytes.count)
            if !TextScanning.trim(bytes, line).isEmpty {
                textLines += 1
                if let found = lineBreak, let content = candidate(bytes, line: line, nextStart: found.nextStart) {
                    lengths.append(UTF8CodePoints.count(bytes, from: content.lowerBound, to: content.upperBound))
                }
            }
            guard let found = lineBreak else { break }
            lineStart = found.nextStart
        }
        guard lengths.count >= 2 else { return 0 }
        lengths.sort()
        let width = lengths[lengths.count / 2]
        let tolerance = tolerance(width)
        let near = lengths.count(where: { abs($0 - width) <= tolerance })
        guard near >= 2, near * 2 >= lengths.count, near * 4 >= textLines else { return 0 }
        return width
    }
}
