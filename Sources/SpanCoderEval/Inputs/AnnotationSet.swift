import SpanCoderCore

/// One coder's (or one system's) spans, stored column by column so that a million spans cost a few
/// flat arrays rather than a million objects.
///
/// Row `i` is one span of the input, in input order: document `docs[i]`, code points
/// `[starts[i], ends[i])`, codes `codes[codeStart[i] ..< codeStart[i + 1]]`, read from line `lines[i]`.
/// Spans the reader could not store (a malformed line) never reach this table; they are in
/// `diagnostics`.
public struct AnnotationSet: Sendable {
    /// A name for reports: the file path, or a label such as "gold".
    public var name: String
    public var docs: [Int32] = []
    public var starts: [Int32] = []
    public var ends: [Int32] = []
    public var codeStart: [Int32] = [0]
    public var codes: [Int32] = []
    /// 1-based line (or record) number of each span in its file; 0 when built in memory.
    public var lines: [Int32] = []
    /// The span's own text, when its source carries it (only allocated when some span has one).
    public var texts: [String?] = []
    /// Ids from the source (`T3`, a unit number), when present.
    public var ids: [String?] = []
    /// Evidence per row and code position, for spans that carry it (SpanCoder's own output).
    public var evidence: [Int: [[Evidence]]] = [:]
    /// Documents this coder coded. `nil` means every document of the evaluation (the usual case for
    /// gold and predictions); a set means the coder is *missing* on other documents.
    public var codedDocs: Set<Int32>?
    /// Problems found while reading (malformed lines), reported with file and line.
    public var diagnostics: [Diagnostic] = []

    public init(name: String) { self.name = name }

    public var count: Int { docs.count }

    /// The codes of row `i`.
    @inlinable public func codes(ofRow i: Int) -> ArraySlice<Int32> {
        codes[Int(codeStart[i])..<Int(codeStart[i + 1])]
    }

    /// Appends a span. Offsets may be invalid (inverted, negative): validation reports them later.
    public mutating func append(doc: Int32, start: Int, end: Int, codes rowCodes: [Int32], line: Int,
                                text: String? = nil, id: String? = nil) {
        docs.append(doc)
        starts.append(Int32(clamping: start))
        ends.append(Int32(clamping: end))
        codes.append(contentsOf: rowCodes)
        codeStart.append(Int32(codes.count))
        lines.append(Int32(clamping: line))
        if text != nil, texts.isEmpty { texts = Array(repeating: nil, count: docs.count - 1) }
        if !texts.isEmpty { texts.append(text) }
        if id != nil, ids.isEmpty { ids = Array(repeating: nil, count: docs.count - 1) }
        if !ids.isEmpty { ids.append(id) }
    }

    public func text(ofRow i: Int) -> String? { texts.isEmpty ? nil : texts[i] }
    public func id(ofRow i: Int) -> String? { ids.isEmpty ? nil : ids[i] }

    /// Builds a set from `CodedSpan`s (any reader's output), interning ids into `vocabulary`.
    public init(name: String, spans: [CodedSpan], vocabulary: inout Vocabulary, lines: [Int]? = nil) {
        self.name = name
        for (i, span) in spans.enumerated() {
            let doc = vocabulary.internDoc(span.doc)
            let rowCodes = span.codes.map { vocabulary.internCode($0.code) }
            append(doc: doc, start: span.range.start, end: span.range.end, codes: rowCodes,
                   line: lines?[i] ?? (i + 1), text: span.text, id: span.id)
            if span.codes.contains(where: { !$0.evidence.isEmpty }) {
                evidence[count - 1] = span.codes.map(\.evidence)
            }
        }
    }

    /// Every document that has at least one row.
    public var documentsWithRows: Set<Int32> { Set(docs) }
}

/// A problem in an input, with where it is and whether it stops the run.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case malformed = "malformed line"
        case unknownDocument = "unknown document"
        case outOfText = "offsets outside the text"
        case inverted = "inverted span"
        case emptySpan = "empty span"
        case unknownCode = "unknown code"
        case duplicate = "duplicate span"
        case selfOverlap = "overlapping spans of the same code"
        case unanchoredQuote = "quote not found in the document"
        case ambiguousQuote = "quote found more than once"
    }

    public var kind: Kind
    public var location: SourceLocation
    public var message: String
    /// Whether the span was left out of scoring (impossible offsets, malformed) or collapsed (duplicates).
    public var excluded: Bool

    public init(_ kind: Kind, at location: SourceLocation, _ message: String, excluded: Bool) {
        self.kind = kind
        self.location = location
        self.message = message
        self.excluded = excluded
    }

    public var description: String {
        "\(location): \(kind.rawValue): \(message)\(excluded ? " (left out of scoring)" : "")"
    }
}
