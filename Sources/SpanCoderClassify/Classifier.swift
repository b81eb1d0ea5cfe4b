import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText

/// Proposes codes for the spans of a document, with the evidence for each proposal.
///
/// Per document: the text is normalized once and scanned once by the lexicon's automaton; each match
/// (see `TermMatcher` for edges, wildcards and containment) belongs to the span that contains its
/// start, and a match that runs past its span's end is dropped, before containment is decided (so it
/// hides nothing). Then, per span and code:
///
/// - **score** = the sum of the weights of the *distinct* terms of the code that matched (a term
///   repeated in the span counts once) + the weights of the code's rules that fired;
/// - **rules**: a rule fires when enough of its groups (all, or at least N) have a match within its
///   window: the whole span, within N code points (from the first match's start to the last match's
///   end), or within N words (from the first match's first word to the last match's last word; a
///   word is a run of Latin, Greek or Cyrillic letters and digits, and each Han character is a word);
/// - **exclusions**: a match of one of the code's exclusions cancels the code in that span;
/// - the code is proposed when it is not excluded and its score ≥ `ClassifierOptions.threshold`.
///
/// Evidence lists every occurrence of every contributing term, and for each fired rule one match per
/// satisfied group, with code point offsets into the original text.
///
/// Immutable and `Sendable`: one classifier can serve many threads.
public struct Classifier: Sendable {
    public let lexicon: CompiledLexicon
    public let options: ClassifierOptions

    public init(lexicon: CompiledLexicon, options: ClassifierOptions = ClassifierOptions()) {
        self.lexicon = lexicon
        self.options = options
    }

    /// Codes for each span of `document`, one `CodedSpan` per input span in input order (`codes` empty
    /// when nothing passed the threshold), with the span's text and codes sorted by code id.
    ///
    /// - Parameter spans: UTF-8 byte ranges of `document.text` (the segmenter's `Segment.utf8Range`);
    ///   they are clamped to the text and may overlap.
    /// - Complexity: O(n + z log z + s log z) for n bytes, z matches and s spans.
    public func classify(document: Document, spans: [Range<Int>]) -> [CodedSpan] {
        let scan = DocumentScan(lexicon: lexicon, text: document.text, spans: spans)
        return spans.map { span in
            let clamped = scan.clamp(span)
            let codes = codesForSpan(clamped, scan: scan)
            return CodedSpan(doc: document.id, range: scan.codePointRange(clamped), text: scan.text(clamped), codes: codes)
        }
    }

    /// Codes for each segment of `document` (from `Segmenter.segments(of:)`), one `CodedSpan` per
    /// segment in order; the segments' `utf8Range`s are the spans (see `classify(document:spans:)`).
    public func classify(document: Document, segments: [Segment]) -> [CodedSpan] {
        classify(document: document, spans: segments.map(\.utf8Range))
    }

    /// Codes for `document` taken as one span.
    public func classify(document: Document) -> CodedSpan {
        classify(document: document, spans: [0..<document.text.utf8.count])[0]
    }

    // MARK: - One span

    struct Occurrence {
        var group: Int
        var entry: Int
        var match: Int
        // Window coordinates: code points or word ordinals, inclusive upper end for words.
        var low: Int
        var high: Int
    }

    func codesForSpan(_ span: Range<Int>, scan: DocumentScan) -> [CodeAssignment] {
        let matchRange = scan.matches(in: span)
        if matchRange.isEmpty { return [] }
        // (entry, match) pairs in this span, grouped by code.
        var pairs: [(entry: Int, match: Int)] = []
        for m in matchRange where scan.originalRanges[m].upperBound <= span.upperBound {
            for e in lexicon.entries(ofPattern: scan.matches[m].pattern) where lexicon.entries[e].codeIndex >= 0 {
                pairs.append((e, m))
            }
        }
        if pairs.isEmpty { return [] }
        pairs.sort { a, b in
            let ca = lexicon.entries[a.entry].codeIndex
            let cb = lexicon.entries[b.entry].codeIndex
            return ca != cb ? ca < cb : (a.entry != b.entry ? a.entry < b.entry : a.match < b.match)
        }
        var result: [CodeAssignment] = []
        var i = 0
        while i < pairs.count {
            let code = lexicon.entries[pairs[i].entry].codeIndex
            var j = i
            while j < pairs.count && lexicon.entries[pairs[j].entry].codeIndex == code { j += 1 }
            if let assignment = assess(code: code, pairs: pairs[i..<j], scan: scan) { result.append(assignment) }
            i = j
        }
        return result
    }

    private func assess(code: Int, pairs: ArraySlice<(entry: Int, match: Int)>, scan: DocumentScan) -> CodeAssignment? {
        var score = 0.0
        var evidence: [Evidence] = []
        var lastTerm = -1
        var ruleOccurrences: [Int: [Occurrence]] = [:]
        for (e, m) in pairs {
            let entry = lexicon.entries[e]
            switch entry.role {
            case .exclusion:
                return nil
            case .term:
                if e != lastTerm { score += entry.weight; lastTerm = e }
                evidence.append(Evidence(term: entry.term, rule: nil, range: scan.codePointRanges[m]))
            case .ruleTerm:
                let rule = lexicon.rules[entry.ruleIndex]
                let (low, high) = scan.windowCoordinates(match: m, window: rule.window)
                ruleOccurrences[entry.ruleIndex, default: []].append(Occurrence(group: entry.group ?? 0, entry: e, match: m, low: low, high: high))
            case .blocker:
                continue
            }
        }
        for r in ruleOccurrences.keys.sorted() {
            let rule = lexicon.rules[r]
            guard let fired = Classifier.fire(rule, ruleOccurrences[r]!) else { continue }
            score += rule.weight
            for o in fired {
                evidence.append(Evidence(term: lexicon.entries[o.entry].term, rule: rule.id, range: scan.codePointRanges[o.match]))
            }
        }
        guard !evidence.isEmpty, score >= options.threshold else { return nil }
        evidence.sort { a, b in
            if a.range != b.range { return a.range < b.range }
            if a.term != b.term { return a.term < b.term }
            return (a.rule ?? "") < (b.rule ?? "")
        }
        var unique: [Evidence] = []
        for item in evidence where unique.last != item { unique.append(item) }
        return CodeAssignment(code: lexicon.codes[code], score: score, evidence: unique)
    }

    /// The occurrences that make `rule` fire (one per satisfied group), or nil.
    ///
    /// For windows, the candidate windows start at each occurrence's low coordinate; an occurrence is
    /// inside window [L, L + width] when low ≥ L and high ≤ L + width. Occurrences enter in order of
    /// `high` and leave in order of `low`, so the sweep is linear after sorting, however many
    /// occurrences a long span has.
    static func fire(_ rule: CompiledLexicon.CompiledRule, _ occurrences: [Occurrence]) -> [Occurrence]? {
        let width: Int
        switch rule.window {
        case .span:
            var firstOfGroup: [Int: Occurrence] = [:]
            for o in occurrences where firstOfGroup[o.group] == nil { firstOfGroup[o.group] = o }
            guard firstOfGroup.count >= rule.needed else { return nil }
            return occurrences
        case .characters(let n): width = n
        case .words(let n): width = n - 1
        }
        if width < 0 { return nil }
        let byLow = occurrences.indices.sorted { occurrences[$0].low < occurrences[$1].low }
        let byHigh = occurrences.indices.sorted { occurrences[$0].high < occurrences[$1].high }
        var state = [UInt8](repeating: 0, count: occurrences.count)  // 0 waiting, 1 inside, 2 gone
        var perGroup = [Int](repeating: 0, count: max(rule.groupCount, 1))
        var distinct = 0
        var nextLow = 0
        var nextHigh = 0
        for k in byLow.indices {
            let left = occurrences[byLow[k]].low
            if k > 0 && occurrences[byLow[k - 1]].low == left { continue }
            while nextLow < byLow.count && occurrences[byLow[nextLow]].low < left {
                let o = byLow[nextLow]
                if state[o] == 1 {
                    perGroup[occurrences[o].group] -= 1
                    if perGroup[occurrences[o].group] == 0 { distinct -= 1 }
                }
                state[o] = 2
                nextLow += 1
            }
            while nextHigh < byHigh.count && occurrences[byHigh[nextHigh]].high <= left + width {
                let o = byHigh[nextHigh]
                if state[o] == 0 {
                    state[o] = 1
                    if perGroup[occurrences[o].group] == 0 { distinct += 1 }
                    perGroup[occurrences[o].group] += 1
                }
                nextHigh += 1
            }
            if distinct >= rule.needed {
                var chosen: [Int: Occurrence] = [:]
                for o in byLow where state[o] == 1 && chosen[occurrences[o].group] == nil {
                    chosen[occurrences[o].group] = occurrences[o]
                }
                return chosen.values.sorted { $0.low < $1.low }
            }
        }
        return nil
    }
}
