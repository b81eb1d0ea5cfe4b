import SpanCoderCore

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
/// of a (span, code) pair (collapsed to one) and a coder's overlapping spans of the same code (kept:
/// each counts in span modes; they merge on a unit in unit mode).
///
/// - Complexity: O(p log p) for p (span, code) pairs.
public enum Validator {
    /// How many findings are kept in detail per set; all are counted.
    public static let detailLimit = 1000

    public static func validate(_ set: AnnotationSet, corpus: EvalCorpus, allowedCodes: Set<Int32>?,
                                vocabulary: Vocabulary, diagnostics: inout [Diagnostic]) -> PairTable {
        var table = PairTable()
        var kept = 0
        func report(_ kind: Diagnostic.Kind, _ row: Int, _ message: String, excluded: Bool) {
            table.findingCounts[kind, default: 0] += 1
            guard kept < detailLimit else { return }
            kept += 1
            diagnostics.append(Diagnostic(kind, at: SourceLocation(file: set.name, line: Int(set.lines[row])), message, excluded: excluded))
        }
        for diagnostic in set.diagnostics {
            table.findingCounts[diagnostic.kind, default: 0] += 1
            if kept < detailLimit { kept += 1; diagnostics.append(diagnostic) }
        }
        table.pairs.reserveCapacity(set.codes.count)
        let checkDocuments = corpus.hasTexts
        for row in 0..<set.count {
            let doc = set.docs[row]
            let start = set.starts[row], end = set.ends[row]
            if checkDocuments, corpus.text(doc) == nil {
                report(.unknownDocument, row, "document \"\(vocabulary.docs[doc])\" is not among the texts", excluded: true)
                continue
            }
            if start < 0 || end < start {
                report(.inverted, row, "span [\(start), \(end)) is inverted or negative", excluded: true)
                continue
            }
            let length = corpus.length(doc)
            if length >= 0, Int(end) > length {
                report(.outOfText, row, "span [\(start), \(end)) ends after the text (\(length) code points) of \"\(vocabulary.docs[doc])\"", excluded: true)
                continue
            }
            if start == end {
                report(.emptySpan, row, "span [\(start), \(end)) is empty", excluded: true)
                continue
            }
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
        table.pairs.sort { a, b in
            if a.docCode != b.docCode { return a.docCode < b.docCode }
            if a.range != b.range { return a.range < b.range }
            return a.row < b.row
        }
        // Duplicates and self-overlaps, in one pass over the sorted pairs.
        var write = 0
        var groupEnd: Int32 = -1
        for read in 0..<table.pairs.count {
            let pair = table.pairs[read]
            if write > 0 {
                let previous = table.pairs[write - 1]
                if previous.docCode == pair.docCode {
                    if previous.range == pair.range {
                        report(.duplicate, Int(pair.row), "duplicate of line \(set.lines[Int(previous.row)]): same document, span [\(pair.start), \(pair.end)) and code \"\(vocabulary.codes[pair.code])\"", excluded: true)
                        continue
                    }
                    if pair.start < groupEnd {
                        report(.selfOverlap, Int(pair.row), "span [\(pair.start), \(pair.end)) overlaps another span of this coder with code \"\(vocabulary.codes[pair.code])\" (line \(set.lines[Int(previous.row)]))", excluded: false)
                    }
                } else {
                    groupEnd = -1
                }
            }
            groupEnd = max(groupEnd, pair.end)
            table.pairs[write] = pair
            write += 1
        }
        table.pairs.removeSubrange(write...)
        return table
    }
}
