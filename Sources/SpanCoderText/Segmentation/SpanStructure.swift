/// What each span of a document is in the document's structure, read in order: a heading, a lead-in
/// (a span ending in a colon, "providers shall:"), a list item under a lead-in, or plain text.
///
/// Why: the project's coders give headings no code (gold convention 1) and give list items under a
/// lead-in the lead-in's codes (convention 12: "（三）个人信息处理者的联系方式。" under a duty to notify
/// people of a breach is disclosure). A lexicon sees neither: the classifier asks this walker.
///
/// The walk is the same for a document and for any piece of it that starts at a line that opens no
/// list item (the tagging pipeline cuts huge documents only there).
public struct SpanStructure: Sendable {
    /// One span's place in the structure.
    public struct Role: Sendable, Hashable {
        /// Has the shape of a heading (`HeadingShape`) and is neither a lead-in nor a list item under one
        /// (false when `role(of:in:heading:)` was not asked for it).
        public var isHeading: Bool
        /// Opens with a list item marker and follows a lead-in, directly or after other items.
        public var inheritsLeadIn: Bool
        /// Ends in a colon: the list items after it take its codes.
        public var isLeadIn: Bool

        public init(isHeading: Bool = false, inheritsLeadIn: Bool = false, isLeadIn: Bool = false) {
            self.isHeading = isHeading
            self.inheritsLeadIn = inheritsLeadIn
            self.isLeadIn = isLeadIn
        }
    }

    private var underLeadIn = false

    public init() {}

    /// The role of `span` (UTF-8 byte offsets into `text`), the next span of the walk. With `heading`
    /// false, `isHeading` is left false: callers that need it only for coded spans save the check.
    ///
    /// - Complexity: O(1) outside a list and without `heading`; else O(span length) at most (spans
    ///   longer than `HeadingShape.maxBytes` are no headings).
    public mutating func role(of span: Range<Int>, in text: UnsafeBufferPointer<UInt8>, heading: Bool = true) -> Role {
        let leadIn = SpanStructure.endsWithColon(text, span: span)
        // Whether a span opens a list item matters only under a lead-in: most spans are never asked.
        let inherits = underLeadIn && SpanStructure.opensListItem(text, span: span)
        underLeadIn = leadIn || inherits
        let isHeading = heading && !inherits && !leadIn && HeadingShape.isHeading(text, span: span)
        return Role(isHeading: isHeading, inheritsLeadIn: inherits, isLeadIn: leadIn)
    }

    /// The roles of `spans` (in text order) of `text`.
    public static func roles(of spans: [Range<Int>], in text: UnsafeBufferPointer<UInt8>) -> [Role] {
        var walk = SpanStructure()
        return spans.map { walk.role(of: $0, in: text) }
    }

    /// Whether `span` opens with a list item marker ((（一） (1) (a) 1. 1、 一、 a. iv) ① • - —), not with
    /// an article head (第十二条) or a section label (Sec. 4).
    public static func opensListItem(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> Bool {
        let trimmed = TextScanning.trim(text, max(0, span.lowerBound)..<min(text.count, span.upperBound))
        guard !trimmed.isEmpty else { return false }
        let first = TextScanning.scalar(text, at: trimmed.lowerBound)
        if first.value == 0x2014 {  // — an em dash item, as in translated Chinese standards
            let next = trimmed.lowerBound + first.length
            return next < trimmed.upperBound && TextScanning.isSpace(TextScanning.scalar(text, at: next).value)
        }
        guard first.value != 0x7B2C,  // 第…条 is an article head
              TextScanning.sectionLabelEnd(text, at: trimmed.lowerBound, end: trimmed.upperBound) == nil else { return false }
        return TextScanning.structuralMarkerEnd(text, at: trimmed.lowerBound, end: trimmed.upperBound) != nil
    }

    /// Whether `span` ends in ":" or "：" (white space after it aside).
    public static func endsWithColon(_ text: UnsafeBufferPointer<UInt8>, span: Range<Int>) -> Bool {
        var end = min(text.count, span.upperBound)
        let start = max(0, span.lowerBound)
        while end > start, text[end - 1] == 0x20 || text[end - 1] == 0x09 || text[end - 1] == 0x0D || text[end - 1] == 0x0A { end -= 1 }
        guard end > start else { return false }
        if text[end - 1] == 0x3A { return true }
        return end - start >= 3 && text[end - 3] == 0xEF && text[end - 2] == 0xBC && text[end - 1] == 0x9A  // ：
    }
}
