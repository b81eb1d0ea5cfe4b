/// A half-open range `[start, end)` of Unicode code point offsets into a document's original text.
///
/// Code points are SpanCoder's canonical offset unit (the unit of Python `str`, Label Studio and brat).
/// UTF-16 and UTF-8 offsets exist only at the edges, when a file format asks for them.
public struct TextRange: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// First code point of the range.
    public var start: Int
    /// One past the last code point of the range.
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "TextRange start \(start) is after end \(end)")
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }

    public func overlaps(_ other: TextRange) -> Bool { start < other.end && other.start < end }
    public func contains(_ other: TextRange) -> Bool { start <= other.start && other.end <= end }

    /// The same range `offset` code points further on (a piece's range in the whole document).
    public func shifted(by offset: Int) -> TextRange { TextRange(start: start + offset, end: end + offset) }

    public static func < (lhs: TextRange, rhs: TextRange) -> Bool {
        lhs.start != rhs.start ? lhs.start < rhs.start : lhs.end < rhs.end
    }

    public var description: String { "[\(start), \(end))" }
}

/// The unit in which an offset is counted. Named in every API and file format that carries offsets.
public enum OffsetUnit: String, Sendable, CaseIterable, Codable {
    /// Unicode scalar values (code points): SpanCoder's canonical unit.
    case codePoint = "codepoint"
    /// UTF-16 code units (JavaScript, doccano, Java tools).
    case utf16
    /// UTF-8 bytes.
    case utf8
}
