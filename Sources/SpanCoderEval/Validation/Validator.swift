import SpanCoderCore
import SpanCoderFormats

/// One (span, code) pair of an annotation set, keyed for sorting: documents, then codes, then
/// start and end. `row` points back into the `AnnotationSet` and `slot` to the code's position in
/// the row (for evidence).
public struct SpanPair: Sendable, Hashable {
    public var docCode: UInt64
    public var range: UInt64
    public var row: Int32
    public var slot: Int32

    @inlinable public var doc: Int32 { Int32(truncatingIfNeeded: docCode >> 32) }
    @inlinable public var code: Int32 { Int32(truncatingIfNeeded: docCode & 0xFFFF_FFFF) }
    @inlinable public var start: Int32 { Int32(truncatingIfNeeded: range >> 32) }
    @inlinable public var end: Int32 { Int32(truncatingIfNeeded: range & 0xFFFF_FFFF) }

    @inlinable static func key(_ doc: Int32, _ code: Int32) -> UInt64 { UInt64(UInt32(doc)) << 32 | UInt64(UInt32(code)) }
}

/// The valid, deduplicated (span, code) pairs of one annotation set, sorted by document, code, start,
/// end and input row — an order that does not depend on the order of the input lines.
public struct PairTable: Sendable {
    public var pairs: [SpanPair] = []
    /// Counts of every finding by kind, even when only the first findings are kept in detail.
    public var findingCounts: [Diagnostic.Kind: Int] = [:]
    /// Rows left out of scoring (unknown document, impossible offsets), in row order.
    public var leftOutRows: [Int32] = []
}

/// What to do with invalid input.
public enum InvalidInputPolicy: String, Sendable, CaseIterable {
    /// Report and go on: impossible spans are left out, duplicates collapsed, the rest scored as is.
    case warn
    /// Report and stop with exit status 65 before scoring.
    case error
}

/// Checks one annotation set against the documents and the code list, and builds its pair table.
///
/// Findings, each with file:line: a document not among the texts, offsets outside the text, an
/// inverted or empty span (all left out of scoring), an unknown code (scored as is), an exact duplicate
/// of a (span, code) pair (collapsed to one), a coder's overlapping spans of the same code (kept:
/// each counts in span modes; they merge on a unit in unit mode) and a recorded `text` that differs
/// from the document's text at the span's offsets (kept; usually offsets in another unit than code
/// points, or another version of the text).
///
/// - Complexity: O(p log p) for p (span, code) pairs, plus O(n) per document of n code points whose
///   spans carry a recorded text.
public enum Validator {
    /// How many findings are kept in detail per set; all are counted.
    public static let detailLimit = 1000

    /// Collects one input's findings: all are counted, the first `detailLimit` kept in detail.
    struct Findings {
        var counts: [Diagnostic.Kind: Int] = [:]
        var kept = 0

        mutating func add(_ diagnostic: Diagnostic, to diagnostics: inout [Diagnostic]) {
            counts[diagnostic.kind, default: 0] += 1
            guard kept < Validator.detailLimit else { return }
            kept += 1
            diagnostics.append(diagnostic)
        }
    }

    /// The problem that leaves a row out of scoring, if any: a document not among the texts, an inverted
    /// or negative range, offsets past the end of the text, an empty range. `what` names the row
    /// ("span", "unit").
    static func problem(_ set: AnnotationSet, row: Int, what: String, corpus: EvalCorpus, vocabulary: Vocabulary) -> (Diagnostic.Kind, String)? {
        let doc = set.docs[row]
        // As written: the stored offsets are clamped to 32 bits.
        let (start, end) = set.offsets(ofRow: row)
        if corpus.hasTexts, corpus.text(doc) == nil {
            return (.unknownDocument, "document \"\(vocabulary.docs[doc])\" is not among the texts")
        }
        if start < 0 || end < start {
            return (.inverted, "\(what) [\(start), \(end)) is inverted or negative")
        }
        let length = corpus.length(doc)
        if length >= 0, end > length {
            return (.outOfText, "\(what) [\(start), \(end)) ends after the text (\(length) code points) of \"\(vocabulary.docs[doc])\"")
        }
        if start == end { return (.emptySpan, "\(what) [\(start), \(end)) is empty") }
        return nil
    }

    public static func validate(_ set: AnnotationSet, corpus: EvalCorpus, allowedCodes: Set<Int32>?,
                                vocabulary: Vocabulary, diagnostics: inout [Diagnostic]) -> PairTable {
        var table = PairTable()
        var findings = Findings()
        func report(_ kind: Diagnostic.Kind, _ row: Int, _ message: String, excluded: Bool) {
            findings.add(Diagnostic(kind, at: set.location(ofRow: row), message, excluded: excluded), to: &diagnostics)
        }
        for diagnostic in set.diagnostics { findings.add(diagnostic, to: &diagnostics) }
        table.pairs.reserveCapacity(set.codes.count)
        var withText: [Int] = []
        for row in 0..<set.count {
            if let (kind, message) = problem(set, row: row, what: "span", corpus: corpus, vocabulary: vocabulary) {
                // An empty line without codes ({"start":0,"end":0,"codes":[]}) only says the document was
                // coded: nothing of it is left out.
                if kind == .emptySpan, set.codes(ofRow: row).isEmpty { continue }
                report(kind, row, message, excluded: true)
                table.leftOutRows.append(Int32(row))
                continue
            }
            if set.text(ofRow: row) != nil { withText.append(row) }
            let doc = set.docs[row]
            let start = set.starts[row], end = set.ends[row]
            let codes = set.codes(ofRow: row)
            for (slot, code) in codes.enumerated() {
                if let allowedCodes, !allowedCodes.contains(code) {
                    report(.unknownCode, row, "code \"\(vocabulary.codes[code])\" is not in the code list", excluded: false)
                }
                table.pairs.append(SpanPair(docCode: SpanPair.key(doc, code),
                                            range: UInt64(UInt32(start)) << 32 | UInt64(UInt32(end)),
                                            row: Int32(row), slot: Int32(slot)))
            }
        }
        checkTexts(set, rows: withText, what: "span", corpus: corpus) { report(.textMismatch, $0, $1, excluded: false) }
        table.pairs.sort { a, b in
            if a.docCode != b.docCode { return a.docCode < b.docCode }
            if a.range != b.range { return a.range < b.range }
            return a.row < b.row
        }
        // Duplicates and self-overlaps, in one pass over the sorted pairs. An overlap is reported against
        // the span that reaches furthest so far (it may be several spans back), not the previous one.
        var write = 0
        var groupEnd: Int32 = -1
        var groupEndRow: Int32 = -1
        for read in 0..<table.pairs.count {
            let pair = table.pairs[read]
            if write > 0 {
                let previous = table.pairs[write - 1]
                if previous.docCode == pair.docCode {
                    if previous.range == pair.range {
                        // A line that lists a code twice repeats itself: say so, not "duplicate of" its own line.
                        let of = previous.row == pair.row ? "the code listed twice on this line" : "duplicate of \(set.place(ofRow: Int(previous.row)))"
                        report(.duplicate, Int(pair.row), "\(of): same document, span [\(pair.start), \(pair.end)) and code \"\(vocabulary.codes[pair.code])\"", excluded: true)
                        continue
                    }
                    if pair.start < groupEnd {
                        let partner = Int(groupEndRow)
                        report(.selfOverlap, Int(pair.row), "span [\(pair.start), \(pair.end)) overlaps another span of this coder with code \"\(vocabulary.codes[pair.code])\" (\(set.place(ofRow: partner)) [\(set.starts[partner]), \(set.ends[partner])))", excluded: false)
                    }
                } else {
                    groupEnd = -1
                }
            }
            if pair.end > groupEnd { groupEnd = pair.end; groupEndRow = pair.row }
            table.pairs[write] = pair
            write += 1
        }
        table.pairs.removeSubrange(write...)
        table.findingCounts = findings.counts
        return table
    }

    /// Checks a units file (`--units`) as spans are checked, and builds the unit table from the rows that
    /// pass. Findings, each with file:line: malformed lines (from the reader), a document not among the
    /// texts, inverted, empty or out-of-text units (left out), exact duplicates (collapsed), overlapping
    /// units (kept: a code on the overlap lands on both) and a recorded `text` that differs from the
    /// document. A unit's codes, if any, play no part.
    /// - Complexity: O(u log u) for u units.
    public static func units(_ set: AnnotationSet, corpus: EvalCorpus, vocabulary: Vocabulary,
                             diagnostics: inout [Diagnostic]) -> (units: UnitTable, findingCounts: [Diagnostic.Kind: Int]) {
        var findings = Findings()
        func report(_ kind: Diagnostic.Kind, _ row: Int, _ message: String, excluded: Bool) {
            findings.add(Diagnostic(kind, at: set.location(ofRow: row), message, excluded: excluded), to: &diagnostics)
        }
        for diagnostic in set.diagnostics { findings.add(diagnostic, to: &diagnostics) }
        var valid: [Int] = []
        for row in 0..<set.count {
            if let (kind, message) = problem(set, row: row, what: "unit", corpus: corpus, vocabulary: vocabulary) {
                report(kind, row, message, excluded: true)
            } else {
                valid.append(row)
            }
        }
        checkTexts(set, rows: valid.filter { set.text(ofRow: $0) != nil }, what: "unit", corpus: corpus) { report(.textMismatch, $0, $1, excluded: false) }
        valid.sort { (set.docs[$0], set.starts[$0], set.ends[$0], $0) < (set.docs[$1], set.starts[$1], set.ends[$1], $1) }
        var table = UnitTable()
        var reach: (end: Int32, row: Int) = (-1, -1)
        var lastRow = -1
        for row in valid {
            let doc = set.docs[row], start = set.starts[row], end = set.ends[row]
            if table.docs.last != doc { reach = (-1, -1) }
            if table.docs.last == doc, table.starts.last == start, table.ends.last == end {
                report(.duplicate, row, "duplicate of the unit [\(start), \(end)) on \(set.place(ofRow: lastRow))", excluded: true)
                continue
            }
            lastRow = row
            if start < reach.end {
                report(.overlappingUnits, row, "unit [\(start), \(end)) overlaps the unit [\(set.starts[reach.row]), \(reach.end)) on \(set.place(ofRow: reach.row)); a code on the overlap lands on both", excluded: false)
            }
            if end > reach.end { reach = (end, row) }
            table.docs.append(doc); table.starts.append(start); table.ends.append(end)
            table.texts.append(set.text(ofRow: row)); table.ids.append(set.id(ofRow: row))
        }
        return (table, findings.counts)
    }

    /// Reports each of `rows` whose recorded text differs from the document's text at its offsets
    /// (rows already known to lie inside their text). Rows are visited document by document, so one
    /// document's offset index is alive at a time.
    static func checkTexts(_ set: AnnotationSet, rows: [Int], what: String, corpus: EvalCorpus, report: (Int, String) -> Void) {
        guard !rows.isEmpty, corpus.hasTexts else { return }
        var current: (doc: Int32, text: DocumentText)?
        for row in rows.sorted(by: { (set.docs[$0], $0) < (set.docs[$1], $1) }) {
            let doc = set.docs[row]
            guard let recorded = set.text(ofRow: row), let text = corpus.text(doc) else { continue }
            if current?.doc != doc { current = (doc, DocumentText(Document(id: "", text: text))) }
            let range = TextRange(start: Int(set.starts[row]), end: Int(set.ends[row]))
            guard let actual = try? current!.text.slice(range), actual != recorded else { continue }
            report(row, "the \(what)'s text \"\(excerpt(recorded))\" differs from the document's \"\(excerpt(actual))\" at [\(range.start), \(range.end)) (offsets in another unit than code points, or another version of the text?); scored at its offsets")
        }
    }

    static func excerpt(_ s: String) -> String { TextExcerpt.shortened(s, over: 40, keeping: 40) }
}
