/// What each span of a document is in the document's structure, read in order: a heading, a lead-in
/// (a span ending in a colon, "providers shall:", or in US legislative style in an em dash, "the
/// Secretary shall—"), a list item under a lead-in, or plain text.
///
/// Why: the project's coders give headings no code (gold convention 1) and give list items under a
/// lead-in the lead-in's codes (convention 12: "（三）个人信息处理者的联系方式。" under a duty to notify
/// people of a breach is disclosure). A lexicon sees neither: the classifier asks this walker.
///
/// Lists nest: "(b) the Secretary shall:" under "Sec. 4. The agencies shall:" opens a list of its own
/// ("(i) …", "(ii) …"), and an item in the style of an outer list ("(c) …" after "(ii) …") closes the
/// inner one and belongs to the outer lead-in. A span that opens no item, or an item in no open list's
/// style, closes every list.
///
/// Items are spans that open with a marker, also inside the quotation marks of text a bill inserts
/// ("“(A) IN GENERAL.—…"); right after a lead-in, spans without a marker that end in a semicolon are
/// items too, up to and including the first that does not (translations and some rules print their
/// lists unnumbered: "… shall satisfy the following requirements:" then "Not containing content
/// infringing intellectual property rights;").
///
/// The walk is the same for a document and for any piece of it that starts at a line where
/// `startsAfreshAt` holds (the tagging pipeline cuts huge documents only there).
public struct SpanStructure: Sendable {
    /// One span's place in the structure.
    public struct Role: Sendable, Hashable {
        /// Has the shape of a heading (`HeadingShape`) and is neither a lead-in nor a list item under one
        /// (false when `role(of:in:heading:)` was not asked for it).
        public var isHeading: Bool
        /// Opens a list item in the style of an open list: it takes the codes of that list's lead-in,
        /// the one at index `keptLevels - 1` of the open lead-ins.
        public var inheritsLeadIn: Bool
        /// Ends in a colon or a lead-in's em dash (`endsAsLeadIn`): the list items after it take its codes.
        public var isLeadIn: Bool
        /// An item of a list whose lead-in (or an outer one it belongs to) defines a term ("“Critical
        /// risk” means … any of the following:", "（二）…是指下列情形："): the item is part of the
        /// definition, which the coders give no code (convention 1).
        public var isInDefinition: Bool
        /// How many of the lead-ins open before this span stay open (the outer ones, up to the one this
        /// item belongs to; 0 when it is no item of an open list). A lead-in then opens one more.
        public var keptLevels: Int

        /// Whether the span belongs to a definition, which the coders give no code (convention 1): it is an
        /// item of a definition's list (`isInDefinition`) or has a definition's shape itself
        /// (`DefinitionShape`). Callers ask it only of spans with codes: the shape check reads the span.
        public func isDefinition(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> Bool {
            isInDefinition || DefinitionShape.isDefinition(text, span: span)
        }

        public init(isHeading: Bool = false, inheritsLeadIn: Bool = false, isLeadIn: Bool = false, keptLevels: Int = 0,
                    isInDefinition: Bool = false) {
            self.isHeading = isHeading
            self.inheritsLeadIn = inheritsLeadIn
            self.isLeadIn = isLeadIn
            self.keptLevels = keptLevels
            self.isInDefinition = isInDefinition
        }
    }

    /// The open lead-ins, outermost first: the marker style of each one's items (nil until its first
    /// item).
    private var levels: [MarkerStyle?] = []
    /// How many of the open lead-ins, from the outermost, are up to and including the outermost one
    /// that is a definition (0: none is).
    private var definitionDepth = 0
    /// Whether the newest list, an unmarked one, has had its last item (one that ends without a semicolon).
    private var unmarkedListEnded = false

    public init() {}

    /// The role of `span` (UTF-8 byte offsets into `text`), the next span of the walk. With `heading`
    /// false, `isHeading` is left false: callers that need it only for coded spans save the check.
    ///
    /// - Complexity: O(1) outside a list and without `heading`; else O(span length) at most (spans
    ///   longer than `HeadingShape.maxBytes` are no headings).
    public mutating func role(of span: Range<Int>, in text: UnsafeBufferPointer<UInt8>, heading: Bool = true) -> Role {
        let leadIn = SpanStructure.endsAsLeadIn(text, span: span)
        // Whether a span opens a list item matters only under a lead-in: most spans are never asked.
        var kept = 0
        if !levels.isEmpty {
            if let style = SpanStructure.itemStyle(text, span: span) {
                if levels[levels.count - 1] == nil {
                    levels[levels.count - 1] = style  // the first item of the newest list
                    kept = levels.count
                } else if let k = levels.lastIndex(where: { $0 == style }) {
                    kept = k + 1
                }
            } else if let newest = levels[levels.count - 1], newest.kind == .unmarked, !unmarkedListEnded {
                // An unmarked list runs while its items end in a semicolon; the first that does not is its last.
                kept = levels.count
                unmarkedListEnded = !SpanStructure.endsWithSemicolon(text, span: span)
            } else if levels[levels.count - 1] == nil, SpanStructure.endsWithSemicolon(text, span: span) {
                // Items without markers ("Data … shall satisfy the following requirements:" then "Not containing
                // content infringing intellectual property rights;"), as translations and some rules print them.
                levels[levels.count - 1] = MarkerStyle(kind: .unmarked, form: .plain, detail: 0)
                kept = levels.count
                unmarkedListEnded = false
            }
        }
        levels.removeSubrange(kept...)
        let inDefinition = definitionDepth > 0 && kept >= definitionDepth
        if !inDefinition { definitionDepth = 0 }
        if leadIn {
            levels.append(nil)
            // Only lead-ins are asked: a definition's items follow a lead-in that is one.
            if definitionDepth == 0 && DefinitionShape.isDefinition(text, span: span) { definitionDepth = levels.count }
        }
        let inherits = kept > 0
        let isHeading = heading && !inherits && !leadIn && HeadingShape.isHeading(text, span: span)
        return Role(isHeading: isHeading, inheritsLeadIn: inherits, isLeadIn: leadIn, keptLevels: kept, isInDefinition: inDefinition)
    }

    /// Whether a walk that starts at `span` reads every span from it on as a walk of the whole text does:
    /// `span` opens no list item, and the span before it (`previous`) is no lead-in and does not end in a
    /// semicolon (either would make `span` an item of an unmarked list).
    public static func startsAfreshAt(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>, previous: Range<Int>?) -> Bool {
        if let previous, endsAsLeadIn(text, span: previous) || endsWithSemicolon(text, span: previous) { return false }
        return !opensListItem(text, span: span)
    }

    /// Whether `span` opens with a list item marker ((（一） (1) (a) 1. 1、 一、 a. iv) ① • - —), not with
    /// an article head (第十二条) or a section label (Sec. 4).
    public static func opensListItem(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> Bool {
        itemStyle(text, span: span) != nil
    }

    /// The style of a list item marker: which numbering ("(a)", "(i)", "(1)", "1.", "1.2", "（一）",
    /// "•" …) and which brackets or punctuation. Items of one list share a style.
    struct MarkerStyle: Hashable, Sendable {
        /// `unmarked`: items that open with no marker but end in a semicolon, right after a lead-in.
        enum Kind: UInt8, Sendable { case digits, lowerLetter, upperLetter, lowerRoman, upperRoman, chinese, circled, bullet, unmarked }
        enum Form: UInt8, Sendable { case parenthesized, closingParenthesis, period, enumerationComma, plain }
        var kind: Kind
        var form: Form
        /// Numbers in a dotted label ("1.2" has 2); the bullet's code point for bullets.
        var detail: UInt32
    }

    static func itemStyle(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> MarkerStyle? {
        var trimmed = TextScanning.trim(text, max(0, span.lowerBound)..<min(text.count, span.upperBound))
        guard !trimmed.isEmpty else { return nil }
        var (first, firstLength) = TextScanning.scalar(text, at: trimmed.lowerBound)
        if first == 0x201C || first == 0x22, trimmed.count > firstLength {
            // A bill quotes the text it inserts: “(A) IN GENERAL.—…” is an item as (A) is.
            trimmed = trimmed.lowerBound + firstLength..<trimmed.upperBound
            (first, firstLength) = TextScanning.scalar(text, at: trimmed.lowerBound)
        }
        if first == 0x2014 {  // — an em dash item, as in translated Chinese standards
            let next = trimmed.lowerBound + firstLength
            guard next < trimmed.upperBound, TextScanning.isSpace(TextScanning.scalar(text, at: next).value) else { return nil }
            return MarkerStyle(kind: .bullet, form: .plain, detail: first)
        }
        guard first != 0x7B2C,  // 第…条 is an article head
              TextScanning.sectionLabelEnd(text, at: trimmed.lowerBound, end: trimmed.upperBound) == nil,
              // "A.1.8." numbers an appendix's section, as "Sec. 4." does a bill's: no item of an "A." list.
              !(first >= 0x41 && first <= 0x5A && TextScanning.sectionNumberEnd(text, at: trimmed.lowerBound, end: trimmed.upperBound) != nil),
              let end = TextScanning.structuralMarkerEnd(text, at: trimmed.lowerBound, end: trimmed.upperBound) else { return nil }
        var scalars: [UInt32] = []
        var i = trimmed.lowerBound
        while i < end {
            let (value, length) = TextScanning.scalar(text, at: i)
            scalars.append(value)
            i += length
        }
        guard let head = scalars.first, let tail = scalars.last else { return nil }
        var form = MarkerStyle.Form.plain
        var label = scalars[...]
        if head == 0x28 || head == 0xFF08 {
            form = .parenthesized
            label = scalars.dropFirst().dropLast()
        } else if tail == 0x29 || tail == 0xFF09 {
            form = .closingParenthesis
            label = scalars.dropLast()
        } else if tail == 0x2E || tail == 0xFF0E {
            form = .period
            label = scalars.dropLast()
        } else if tail == 0x3001 {
            form = .enumerationComma
            label = scalars.dropLast()
        }
        guard let labelHead = label.first else { return nil }
        if label.allSatisfy({ TextScanning.isDigit($0) || $0 == 0x2E }) {
            return MarkerStyle(kind: .digits, form: form, detail: UInt32(label.split(separator: 0x2E).count))
        }
        if label.allSatisfy(TextScanning.isChineseNumeral) { return MarkerStyle(kind: .chinese, form: form, detail: 0) }
        if (0x2460...0x2473).contains(labelHead) || (0x2776...0x277F).contains(labelHead) {
            return MarkerStyle(kind: .circled, form: form, detail: 0)
        }
        if label.count == 1, !TextScanning.isASCIILetter(labelHead) { return MarkerStyle(kind: .bullet, form: form, detail: labelHead) }
        // Roman numerals: "ii", "iv", and a lone i, v or x (a list of letters rarely reaches them).
        let lower = label.map { $0 | 0x20 }
        let roman = lower.allSatisfy { $0 == 0x69 || $0 == 0x76 || $0 == 0x78 || $0 == 0x6C || $0 == 0x63 }  // i v x l c
            && (label.count > 1 || lower[0] == 0x69 || lower[0] == 0x76 || lower[0] == 0x78)
        let upper = labelHead < 0x61
        if roman { return MarkerStyle(kind: upper ? .upperRoman : .lowerRoman, form: form, detail: 0) }
        return MarkerStyle(kind: upper ? .upperLetter : .lowerLetter, form: form, detail: 0)
    }

    /// Whether `span` ends in ";" or "；", or in "; and" / "; or" (white space after it aside): an item of a
    /// list that goes on.
    static func endsWithSemicolon(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> Bool {
        guard let (start, end) = contentBounds(text, span: span) else { return false }
        if text[end - 1] == 0x3B { return true }
        if end - start >= 3 && text[end - 3] == 0xEF && text[end - 2] == 0xBC && text[end - 1] == 0x9B { return true }  // ；
        for tail in SpanStructure.listConjunctions {
            let from = end - tail.count
            if from - 1 >= start, text[from - 1] == 0x3B, (0..<tail.count).allSatisfy({ text[from + $0] == tail[$0] }) { return true }
        }
        return false
    }

    /// `span` clamped to `text` without the ASCII white space (space, tab, line breaks) at its end; nil
    /// when nothing is left. What a span ends in is read from here.
    private static func contentBounds(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> (start: Int, end: Int)? {
        var end = min(text.count, span.upperBound)
        let start = max(0, span.lowerBound)
        while end > start, text[end - 1] == 0x20 || text[end - 1] == 0x09 || text[end - 1] == 0x0D || text[end - 1] == 0x0A { end -= 1 }
        return end > start ? (start, end) : nil
    }

    /// " and", " or": what a US list item may add after its semicolon.
    private static let listConjunctions: [[UInt8]] = [Array(" and".utf8), Array(" or".utf8)]

    /// Whether `span` ends as a lead-in (white space after it aside): in ":" or "：", or in an em dash
    /// right after a word, a closing bracket or a closing quote ("shall—", "means—", "in subparagraph
    /// (A)—", "the term “covered entity”—"), the way US bills open a list; "--" stands for "—" as bill
    /// texts print it ("shall--").
    ///
    /// Why not every final em dash: a run-in heading ends in one too ("(5) PRIVACY.—", "(b) Requirements.—")
    /// and its items are the section's text, not the heading's duty; so does a line broken at a dash
    /// (" — ", "——").
    public static func endsAsLeadIn(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> Bool {
        guard let (start, end) = contentBounds(text, span: span) else { return false }
        if text[end - 1] == 0x3A { return true }
        // "shall--": the typewriter em dash of bill texts (GPO prints "—" as "--"), under the same
        // condition as "—"; "---" and " --" are rules or breaks.
        if end - start >= 3, text[end - 1] == 0x2D, text[end - 2] == 0x2D {
            let before = text[end - 3]
            return TextScanning.isASCIILetter(UInt32(before)) || TextScanning.isDigit(UInt32(before)) || before == 0x29 || before == 0x22 || before == 0x27
        }
        guard end - start >= 3, text[end - 3] == 0xEF || text[end - 3] == 0xE2 else { return false }
        if text[end - 3] == 0xEF { return text[end - 2] == 0xBC && text[end - 1] == 0x9A }  // ：
        guard text[end - 2] == 0x80, text[end - 1] == 0x94, end - start >= 4 else { return false }  // —
        let before = text[end - 4]
        if before < 0x80 { return TextScanning.isASCIILetter(UInt32(before)) || TextScanning.isDigit(UInt32(before)) || before == 0x29 || before == 0x22 || before == 0x27 }
        // ” and ’ close a quoted term.
        return TextScanning.curlyClosingQuoteEnds(text, at: end - 3, notBefore: start)
    }
}
