import SpanCoderCore
import SpanCoderText

/// A document's text prepared for the writers: its UTF-8 bytes and an offset index, so that code point
/// ranges can be sliced and converted to UTF-16 without walking the string from its start.
///
/// - Complexity: O(n) to build for an n-byte text; slicing a range costs O(log n + its length).
public struct DocumentText: Sendable {
    public let document: Document
    public let utf8: [UInt8]
    public let index: OffsetIndex

    public init(_ document: Document) {
        self.document = document
        var text = document.text
        let bytes = text.withUTF8 { Array($0) }
        self.utf8 = bytes
        self.index = OffsetIndex(utf8: bytes)
    }

    /// Number of code points in the text.
    public var codePointCount: Int { index.codePointCount }

    /// The UTF-8 byte range of code point range `range`.
    /// - Throws: `SpanCoderError.badInput` when the range lies past the end of the text.
    public func utf8Range(of range: TextRange) throws -> Range<Int> {
        guard let start = index.utf8Offset(codePoint: range.start), let end = index.utf8Offset(codePoint: range.end) else {
            throw SpanCoderError(.badInput, "span \(range) lies past the end of document \"\(document.id)\" (\(index.codePointCount) code points)")
        }
        return start..<end
    }

    /// The text of code point range `range`.
    /// - Throws: `SpanCoderError.badInput` when the range lies past the end of the text.
    public func slice(_ range: TextRange) throws -> String {
        let bytes = try utf8Range(of: range)
        return String(decoding: utf8[bytes], as: UTF8.self)
    }

    /// `range` converted to UTF-16 code units.
    /// - Throws: `SpanCoderError.badInput` when the range lies past the end of the text.
    public func utf16Range(of range: TextRange) throws -> Range<Int> {
        let bytes = try utf8Range(of: range)
        return index.utf16Offset(utf8: bytes.lowerBound)..<index.utf16Offset(utf8: bytes.upperBound)
    }

    /// The code point range of UTF-16 range `start..<end`, or nil when either end lies past the text or
    /// inside a surrogate pair.
    public func codePointRange(utf16Start start: Int, end: Int) -> TextRange? {
        guard start <= end,
              let s = index.codePointOffset(start, in: .utf16),
              let e = index.codePointOffset(end, in: .utf16) else { return nil }
        return TextRange(start: s, end: e)
    }
}

/// Reader output: a document (text as the annotation file carries or references it) with its spans.
public struct AnnotatedDocument: Sendable {
    public var document: Document
    public var spans: [CodedSpan]
    /// The file the spans were read from, when it is one file per document (brat's `.ann`).
    public var source: String?
    /// The 1-based line of each span in `source` (its first annotation's line), when known.
    public var lines: [Int]?
    /// Where each span was read, when the format has no lines (Label Studio: `ls.json task 3 (id 12)
    /// result 1.2`, its first result's when results merged). Findings name it instead of a line.
    public var places: [String]?
    /// Whether the export says the document was coded at all. A document with no spans can mean "coded,
    /// nothing found" (an empty `.ann` file, a doccano line without labels) or "never coded" (a Label
    /// Studio task without annotations); only the first counts as coded.
    public var isCoded: Bool

    public init(document: Document, spans: [CodedSpan], source: String? = nil, lines: [Int]? = nil, places: [String]? = nil,
                isCoded: Bool = true) {
        self.document = document
        self.spans = spans
        self.source = source
        self.lines = lines
        self.places = places
        self.isCoded = isCoded
    }
}

/// Something a reader skipped (or kept with a doubt) instead of failing: what and where.
public struct FormatWarning: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem, so that evaluation can count it with the same kinds as its own findings.
    public enum Kind: String, Sendable, Hashable {
        /// A line or record that is not a usable span; skipped.
        case skipped
        /// Offsets past the end of the text; skipped.
        case outsideText
        /// An inverted or negative range; skipped.
        case inverted
        /// The recorded span text differs from the document's text at its offsets; the span is kept.
        case textMismatch
    }

    public var message: String
    public var location: SourceLocation
    public var kind: Kind

    public init(_ message: String, at location: SourceLocation, kind: Kind = .skipped) {
        self.message = message
        self.location = location
        self.kind = kind
    }

    /// Whether the span was left out (everything but a text mismatch).
    public var leftOut: Bool { kind != .textMismatch }

    public var description: String { "\(location): \(message)" }
}

/// Merges spans with the same document and range into one span carrying all their codes, in first-seen
/// order. Formats that hold one label per region (brat, doccano, Label Studio as written here) are read
/// back through this, so a span with three codes round-trips as one span.
func mergeSameRange(_ spans: [CodedSpan]) -> [CodedSpan] {
    mergeSameRange(spans, places: Array(repeating: 0, count: spans.count)).spans
}

/// `mergeSameRange(_:)` that also keeps, per merged span, the tag (line, place) of its first span.
func mergeSameRange<Tag>(_ spans: [CodedSpan], places: [Tag]) -> (spans: [CodedSpan], places: [Tag]) {
    var order: [CodedSpan] = []
    var tags: [Tag] = []
    var position: [String: [TextRange: Int]] = [:]
    for (span, tag) in zip(spans, places) {
        if let k = position[span.doc]?[span.range] {
            for code in span.codes where !order[k].codes.contains(where: { $0.code == code.code }) {
                order[k].codes.append(code)
            }
            if order[k].text == nil { order[k].text = span.text }
        } else {
            position[span.doc, default: [:]][span.range] = order.count
            order.append(span)
            tags.append(tag)
        }
    }
    return (order, tags)
}
