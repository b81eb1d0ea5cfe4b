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
    /// The documents the file covers: those it has a line or record for, even one with no codes (the
    /// readers set it; an empty brat `.ann` file or a Label Studio task with an empty annotation counts,
    /// a task without annotations does not). `nil` means every document of the evaluation.
    ///
    /// What the evaluator makes of it depends on the role (see docs/eval.md, "Which documents are
    /// scored"): the gold's decides which documents are scored (unless units do), predictions that skip
    /// a scored document predicted no codes there, and a further coder is *missing* on the documents
    /// outside it.
    public var codedDocs: Set<Int32>?
    /// Documents the file has a record for that it says were not coded (a Label Studio task without an
    /// annotation, or whose annotations were all cancelled: skipped by the coder); the notes about
    /// documents without a line name them as such.
    public var uncodedRecords: Set<Int32> = []
    /// The files rows were read from, when they are not all `name` (a brat folder: one `.ann` file per
    /// document); `rowSources[i]` indexes it. Both are empty when every row comes from `name`.
    public var sourceFiles: [String] = []
    public var rowSources: [Int32] = []
    /// Problems found while reading (malformed lines), reported with file and line.
    public var diagnostics: [Diagnostic] = []
    /// The offsets as written of the rows whose offsets do not fit `Int32` (`starts` and `ends` hold
    /// them clamped, which is all scoring needs: such a row is past any text and left out), so that
    /// findings show what the file says (`99999999999`, not `2147483647`).
    public var writtenOffsets: [Int: WrittenOffsets] = [:]

    public struct WrittenOffsets: Sendable, Hashable {
        public var start: Int
        public var end: Int
    }

    public init(name: String) { self.name = name }

    public var count: Int { docs.count }

    /// The codes of row `i`.
    @inlinable public func codes(ofRow i: Int) -> ArraySlice<Int32> {
        codes[Int(codeStart[i])..<Int(codeStart[i + 1])]
    }

    /// Appends a span. Offsets may be invalid (inverted, negative): validation reports them later.
    public mutating func append(doc: Int32, start: Int, end: Int, codes rowCodes: [Int32], line: Int,
                                text: String? = nil, id: String? = nil) {
        if Int32(exactly: start) == nil || Int32(exactly: end) == nil {
            writtenOffsets[docs.count] = WrittenOffsets(start: start, end: end)
        }
        docs.append(doc)
        starts.append(Int32(clamping: start))
        ends.append(Int32(clamping: end))
        codes.append(contentsOf: rowCodes)
        codeStart.append(Int32(codes.count))
        lines.append(Int32(clamping: line))
        // The optional columns are allocated at the first row that has a value (which may be row 0).
        if text != nil || !texts.isEmpty {
            if texts.count < docs.count - 1 { texts += Array(repeating: nil, count: docs.count - 1 - texts.count) }
            texts.append(text)
        }
        if id != nil || !ids.isEmpty {
            if ids.count < docs.count - 1 { ids += Array(repeating: nil, count: docs.count - 1 - ids.count) }
            ids.append(id)
        }
    }

    public func text(ofRow i: Int) -> String? { texts.isEmpty ? nil : texts[i] }

    /// Row `i`'s offsets as its file writes them (see `writtenOffsets`).
    public func offsets(ofRow i: Int) -> (start: Int, end: Int) {
        if let written = writtenOffsets[i] { return (written.start, written.end) }
        return (Int(starts[i]), Int(ends[i]))
    }
    public func id(ofRow i: Int) -> String? { ids.isEmpty ? nil : ids[i] }

    /// Marks as document lines (id `"document"`, as SpanCoder JSONL writes them) the whole-document
    /// lines of `tag --doc-codes` in CSV and doccano files, which have no place for the id: spans over a
    /// document's whole text that come after every other span of their document, in a document with
    /// spans over other ranges before them (`tag` writes the line after the document's spans). Unmarked,
    /// such a span put the document's codes on every unit in unit mode and was pooled with the passages
    /// in document mode. A whole-text span before another span of its document, or a document's only
    /// span, is a coder's passage and is left alone.
    /// - Parameter length: the document's length in code points (nil when unknown).
    /// - Complexity: O(rows).
    mutating func markTrailingWholeDocumentSpans(length: (Int32) -> Int?) {
        // Per document, in file order: the rows of the trailing run of whole-text spans, and whether a
        // span over another range came before it.
        var trailing: [Int32: [Int]] = [:]
        var otherBefore: Set<Int32> = []
        for row in 0..<count {
            let doc = docs[row]
            if (length(doc) ?? 0) > 0, isWholeText(row, length: length) {
                trailing[doc, default: []].append(row)
            } else {
                trailing[doc] = nil
                otherBefore.insert(doc)
            }
        }
        for (doc, rows) in trailing where otherBefore.contains(doc) {
            for row in rows { markDocumentLine(row) }
        }
    }

    /// Whether row `row` spans its document's whole text (written as such: no clamped offsets).
    private func isWholeText(_ row: Int, length: (Int32) -> Int?) -> Bool {
        guard let length = length(docs[row]) else { return false }
        return starts[row] == 0 && Int(ends[row]) == length && writtenOffsets[row] == nil
    }

    /// Gives row `row` the document line's id (the id column made first when the source had none).
    private mutating func markDocumentLine(_ row: Int) {
        if ids.count < count { ids += Array(repeating: nil, count: count - ids.count) }
        ids[row] = "document"
    }

    /// Marks as document lines the spans over a document's whole text in documents that already have
    /// document lines (Label Studio's regions `document-N`, brat's `document` notes): a region a coder
    /// drew over the whole text beside them, which the editor gives a random id, is a document code too.
    /// Unmarked, document mode ignored it (the document lines decide) and the other modes scored it as a
    /// passage that put the code on every unit.
    /// - Parameter length: the document's length in code points (nil when unknown).
    /// - Complexity: O(rows).
    mutating func markWholeTextSpansBesideDocumentLines(length: (Int32) -> Int?) {
        guard !ids.isEmpty else { return }
        let withLines = Set((0..<count).filter { ids[$0] == "document" }.map { docs[$0] })
        for row in 0..<count where ids[row] != "document" && withLines.contains(docs[row]) && isWholeText(row, length: length) {
            markDocumentLine(row)
        }
    }

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

    /// The file and line row `i` was read from, for findings and error listings. A row without a line
    /// (line 0: a Label Studio result, or a span built in memory) is named by its source alone, which
    /// for Label Studio names the task and result (`ls.json task 3 (id 12) result 1.2`).
    public func location(ofRow i: Int) -> SourceLocation {
        SourceLocation(file: rowSources.isEmpty ? name : sourceFiles[Int(rowSources[i])], line: lines[i] > 0 ? Int(lines[i]) : nil)
    }

    /// Row `i`'s place for a message about another row: `line N`, or its source when it has no line.
    public func place(ofRow i: Int) -> String {
        lines[i] > 0 ? "line \(lines[i])" : location(ofRow: i).description
    }

    /// The set with only the rows `keep` allows (the same name, sources and documents covered).
    /// - Complexity: O(rows + codes).
    func filtered(_ keep: (Int) -> Bool) -> AnnotationSet {
        var out = AnnotationSet(name: name)
        out.codedDocs = codedDocs
        out.uncodedRecords = uncodedRecords
        out.sourceFiles = sourceFiles
        for row in 0..<count where keep(row) {
            let (start, end) = offsets(ofRow: row)
            out.append(doc: docs[row], start: start, end: end, codes: Array(codes(ofRow: row)),
                       line: Int(lines[row]), text: text(ofRow: row), id: id(ofRow: row))
            if !rowSources.isEmpty { out.rowSources.append(rowSources[row]) }
            if let lists = evidence[row] { out.evidence[out.count - 1] = lists }
        }
        return out
    }
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
        case blankCode = "blank code id"
        case paddedCode = "code id with white space around it"
        case overlappingUnits = "overlapping units"
        case textMismatch = "recorded text differs from the document"

        /// Whether a finding of this kind leaves input out of scoring, so that a run with one exits with
        /// status 1. Collapsed duplicates, unknown codes (scored as they are), a coder's overlapping
        /// spans, overlapping units, ambiguous quotes (anchored), trimmed code ids and text mismatches
        /// (the span is kept) do not.
        public var leavesInputOut: Bool {
            switch self {
            case .malformed, .unknownDocument, .outOfText, .inverted, .emptySpan, .unanchoredQuote, .blankCode: return true
            case .unknownCode, .duplicate, .selfOverlap, .ambiguousQuote, .paddedCode, .overlappingUnits, .textMismatch: return false
            }
        }
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
        "\(location): \(kind.rawValue): \(message)\(excluded ? (kind == .duplicate ? " (counted once)" : " (left out of scoring)") : "")"
    }
}
