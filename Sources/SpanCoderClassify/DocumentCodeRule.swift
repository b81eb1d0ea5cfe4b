import SpanCoderCore

/// How span codes become document codes, for corpora coded per document.
///
/// A document gets a code when at least `minSpans` of its spans carry it, **or** when the code's span
/// scores sum to at least `minScore`. The defaults (2 spans, or a summed score of 3) keep a code that
/// a document mentions once in passing off the document, while one strongly matched passage (several
/// distinct terms, or a rule) still counts. With `minSpans: 1` every span code becomes a document code.
///
/// The document code's score is the summed span score, its evidence the union of the spans' evidence.
/// Human-coded spans (no score) count toward `minSpans` only.
public struct DocumentCodeRule: Sendable, Hashable {
    public var minSpans: Int
    public var minScore: Double

    public init(minSpans: Int = 2, minScore: Double = 3.0) {
        self.minSpans = minSpans
        self.minScore = minScore
    }

    /// The document codes of one document's coded spans, sorted by code id.
    ///
    /// - Complexity: O(e log e) for e codes and evidence items over all spans.
    public func documentCodes(from spans: [CodedSpan]) -> [CodeAssignment] {
        var spanCount: [String: Int] = [:]
        var score: [String: Double] = [:]
        var evidence: [String: [Evidence]] = [:]
        for span in spans {
            for code in Set(span.codes.map(\.code)) { spanCount[code, default: 0] += 1 }
            for assignment in span.codes {
                score[assignment.code, default: 0] += assignment.score ?? 0
                evidence[assignment.code, default: []].append(contentsOf: assignment.evidence)
            }
        }
        var result: [CodeAssignment] = []
        for code in spanCount.keys.sorted() {
            let total = score[code] ?? 0
            guard spanCount[code]! >= minSpans || total >= minScore else { continue }
            var items = evidence[code] ?? []
            items.sort { a, b in
                if a.range != b.range { return a.range < b.range }
                if a.term != b.term { return a.term < b.term }
                return (a.rule ?? "") < (b.rule ?? "")
            }
            var unique: [Evidence] = []
            for item in items where unique.last != item { unique.append(item) }
            let hasScores = spans.contains { $0.codes.contains { $0.code == code && $0.score != nil } }
            result.append(CodeAssignment(code: code, score: hasScores ? total : nil, evidence: unique))
        }
        return result
    }
}
