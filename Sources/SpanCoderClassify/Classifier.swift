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
///   repeated in the span counts once, and a term matched only where a heavier term of the code matched
///   the same words does not count: "red team*" and "red teaming" on "red teaming" are one mention)
///   + the weights of the code's rules that fired;
/// - **rules**: a rule fires when enough of its groups (all, or at least N) have a match within its
///   window: the whole span, within N code points (from the first match's start to the last match's
///   end), or within N words (from the first match's first word to the last match's last word; a
///   word is a run of Latin, Greek or Cyrillic letters and digits, and each Han character is a word);
/// - **exclusions**: a match of one of the code's exclusions cancels the code in that span; when the
///   scan was given the text's sentences (`exclusionScopes`, for spans larger than a sentence:
///   paragraphs, whole documents), only in the exclusion's sentence: a purpose clause ("为了规范…，制定
///   本办法") then takes the code off that sentence's evidence, not off the whole document;
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
        classify(document: document, spans: spans, textOfUncodedSpans: true)
    }

    /// `classify(document:spans:)`, leaving `text` nil in spans without codes when
    /// `textOfUncodedSpans` is false (callers that drop those spans need not copy their text).
    public func classify(document: Document, spans: [Range<Int>], textOfUncodedSpans: Bool) -> [CodedSpan] {
        classify(scan(document: document, spans: spans), textOfUncodedSpans: textOfUncodedSpans)
    }

    /// A document normalized and scanned by the lexicon's automaton, its matches mapped to its spans:
    /// the first half of `classify(document:spans:textOfUncodedSpans:)`.
    public struct ScannedDocument {
        let document: Document
        /// The scan of this document, or of a run of short documents joined into one text with this
        /// one among them (see `scan(documents:)`).
        let scan: DocumentScan
        /// This document's part of `scan`: its spans (indices into `scan.spans`), the UTF-8 offset
        /// and code point offset of its text in `scan`'s text, and its UTF-8 length.
        let spanIndices: Range<Int>
        let byteOffset: Int
        let codePointOffset: Int
        let byteCount: Int

        /// A document scanned alone: all of `scan`.
        init(document: Document, scan: DocumentScan) {
            self.init(document: document, scan: scan, spanIndices: scan.spans.indices, byteOffset: 0, codePointOffset: 0,
                      byteCount: scan.byteCount)
        }

        init(document: Document, scan: DocumentScan, spanIndices: Range<Int>, byteOffset: Int, codePointOffset: Int, byteCount: Int) {
            self.document = document
            self.scan = scan
            self.spanIndices = spanIndices
            self.byteOffset = byteOffset
            self.codePointOffset = codePointOffset
            self.byteCount = byteCount
        }
    }

    /// The first half of `classify(document:spans:textOfUncodedSpans:)`: normalization and the scan.
    ///
    /// Callers with many documents scan several in a row, then classify them
    /// (`classify(_:textOfUncodedSpans:)`): consecutive scans find the automaton's table still in
    /// cache, where scoring and output between two scans would have evicted it.
    /// - Parameter exclusionScopes: the text's sentences (UTF-8 byte ranges, sorted), for spans larger
    ///   than a sentence: an exclusion then cancels its code only in its sentence. Nil: in the span.
    public func scan(document: Document, spans: [Range<Int>], exclusionScopes: [Range<Int>]? = nil) -> ScannedDocument {
        ScannedDocument(document: document, scan: DocumentScan(lexicon: lexicon, text: document.text, spans: spans,
                                                               exclusionScopes: exclusionScopes))
    }

    /// Documents shorter than this many UTF-8 bytes are scanned joined with their short neighbours
    /// (see `scan(documents:)`).
    static let joinedDocumentBytes = 16 << 10
    /// The most UTF-8 bytes of joined documents in one scan (a document may exceed it alone).
    static let joinedTextBytes = 64 << 10

    /// `scan(document:spans:)` for several documents: all are normalized first, then all scanned, so
    /// the normalizer's tables do not evict the automaton's between two scans; short documents are
    /// joined and scanned as one text (`TermMatcher.edgeCheckedMatches(inEach:)`).
    ///
    /// Consecutive documents shorter than 16 KB are also joined into texts of up to 64 KB, a line break
    /// between two, and each such text is normalized and scanned once with the spans of all: a corpus
    /// of sentences or paragraphs then costs about what one long document of the same bytes does,
    /// instead of a normalized text, a scan and their arrays per document. Each document's proposals
    /// are the same as alone: a match that runs from one document into the next ("red⏎teaming" is
    /// "red teaming" once normalized) leaves its span and is dropped before containment is decided, so
    /// it hides nothing; the line break is a word edge, as the text's start and end are; normalization
    /// (NFKC included) does not reach across a line break; and classification reads each document's
    /// structure from its own bytes only (`forEachCodedSpan`, `classify(_:textOfUncodedSpans:)`).
    ///
    /// - Complexity: O(n + z log z + s log z) for n bytes, z matches and s spans in all.
    /// - Parameter exclusionScopes: nil, or one array of sentences per document (see
    ///   `scan(document:spans:exclusionScopes:)`).
    public func scan(documents: [(document: Document, spans: [Range<Int>])], exclusionScopes: [[Range<Int>]]? = nil) -> [ScannedDocument] {
        // Runs of consecutive short documents, each to be one text.
        var runs: [Range<Int>] = []
        var k = 0
        while k < documents.count {
            var end = k + 1
            var total = documents[k].document.text.utf8.count
            if total < Classifier.joinedDocumentBytes {
                while end < documents.count {
                    let next = documents[end].document.text.utf8.count
                    guard next < Classifier.joinedDocumentBytes, total + 1 + next <= Classifier.joinedTextBytes else { break }
                    total += 1 + next
                    end += 1
                }
            }
            runs.append(k..<end)
            k = end
        }
        let texts = runs.map { run in run.count == 1 ? documents[run.lowerBound].document.text : Classifier.joined(documents[run]) }
        let normalized = texts.map { text in
            var text = text
            return text.withUTF8 { lexicon.normalizer.normalize(utf8: $0) }
        }
        let found = lexicon.matcher.edgeCheckedMatches(inEach: normalized)
        var result: [ScannedDocument] = []
        result.reserveCapacity(documents.count)
        for (r, run) in runs.enumerated() {
            if run.count == 1 {
                let item = documents[run.lowerBound]
                result.append(ScannedDocument(document: item.document,
                                              scan: DocumentScan(lexicon: lexicon, text: texts[r], normalized: normalized[r],
                                                                 spans: item.spans, found: found[r],
                                                                 exclusionScopes: exclusionScopes?[run.lowerBound])))
                continue
            }
            // Each document's spans clamped to its own text, as alone, then moved to its place. (By
            // index: a loop over the documents would copy each, a retain and a release per field.)
            var spans: [Range<Int>] = []
            var places: [(spans: Range<Int>, byteOffset: Int, byteCount: Int)] = []
            places.reserveCapacity(run.count)
            var scopes: [Range<Int>]? = exclusionScopes.map { _ in [] }
            var byteOffset = 0
            for k in run {
                let byteCount = documents[k].document.text.utf8.count
                let first = spans.count
                for span in documents[k].spans {
                    let clamped = DocumentScan.clamp(span, count: byteCount)
                    spans.append((clamped.lowerBound + byteOffset)..<(clamped.upperBound + byteOffset))
                }
                for scope in exclusionScopes?[k] ?? [] {
                    let clamped = DocumentScan.clamp(scope, count: byteCount)
                    scopes?.append((clamped.lowerBound + byteOffset)..<(clamped.upperBound + byteOffset))
                }
                places.append((first..<spans.count, byteOffset, byteCount))
                byteOffset += byteCount + 1
            }
            let scan = DocumentScan(lexicon: lexicon, text: texts[r], normalized: normalized[r], spans: spans, found: found[r],
                                    exclusionScopes: scopes)
            for (k, place) in zip(run, places) {
                result.append(ScannedDocument(document: documents[k].document, scan: scan, spanIndices: place.spans,
                                              byteOffset: place.byteOffset,
                                              codePointOffset: scan.codePointOffset(ofUTF8: place.byteOffset),
                                              byteCount: place.byteCount))
            }
        }
        return result
    }

    /// The texts of `documents`, a line break between two.
    static func joined(_ documents: ArraySlice<(document: Document, spans: [Range<Int>])>) -> String {
        var text = ""
        text.reserveCapacity(documents.reduce(0) { $0 + $1.document.text.utf8.count + 1 })
        for k in documents.indices {
            if k > documents.startIndex { text.append("\n") }
            text.append(documents[k].document.text)
        }
        return text
    }

    /// The second half of `classify(document:spans:textOfUncodedSpans:)`: codes for the spans of a
    /// scanned document.
    public func classify(_ scanned: ScannedDocument, textOfUncodedSpans: Bool) -> [CodedSpan] {
        let scan = scanned.scan
        let document = scanned.document
        var result: [CodedSpan] = []
        result.reserveCapacity(scanned.spanIndices.count)
        var scratch = SpanScratch()  // reused by every span
        var structure = StructureWalk(options: options)
        for k in scanned.spanIndices {
            let span = scan.spans[k]
            structure.propose(k, classifier: self, scanned: scanned, scratch: &scratch)
            scratch.proposals.shiftRanges(by: -scanned.codePointOffset)
            let codes = assignments(scratch.proposals)
            let text = codes.isEmpty && !textOfUncodedSpans ? nil : scan.text(span)
            result.append(CodedSpan(doc: document.id, range: scan.spanCodePoints[k].shifted(by: -scanned.codePointOffset),
                                    text: text, codes: codes))
        }
        return result
    }

    /// Calls `body` with each span of `scanned` that gets at least one code, in span order: the span's
    /// index (in the spans given to `scan` for this document), code point range, UTF-8 byte range, and
    /// proposals, all offsets into the document's own text.
    ///
    /// The same proposals as `classify(_:textOfUncodedSpans:)`, as indices into the lexicon (codes,
    /// entries, rules) instead of strings: for writers that format output straight from them.
    public func forEachCodedSpan(_ scanned: ScannedDocument,
                                 _ body: (_ span: Int, _ range: TextRange, _ utf8: Range<Int>, _ proposals: SpanProposals) throws -> Void) rethrows {
        try forEachCodedSpan(scanned, workspace: Workspace(), body)
    }

    /// `forEachCodedSpan(_:_:)` with buffers reused from the previous documents given the same
    /// `workspace`.
    public func forEachCodedSpan(_ scanned: ScannedDocument, workspace: Workspace,
                                 _ body: (_ span: Int, _ range: TextRange, _ utf8: Range<Int>, _ proposals: SpanProposals) throws -> Void) rethrows {
        let scan = scanned.scan
        let scratch = workspace.scratch
        // The hint is a position in the previous document's matches: right for the next document of the
        // same joined scan, wrong for another scan (where it would cost a search).
        if scratch.pointee.hintScan != ObjectIdentifier(scan) {
            scratch.pointee.matchHint = 0
            scratch.pointee.hintScan = ObjectIdentifier(scan)
        }
        var structure = StructureWalk(options: options)
        let first = scanned.spanIndices.lowerBound
        let byteOffset = scanned.byteOffset
        let codePointOffset = scanned.codePointOffset
        for k in scanned.spanIndices {
            structure.propose(k, classifier: self, scanned: scanned, scratch: &scratch.pointee)
            if !scratch.pointee.proposals.codes.isEmpty {
                scratch.pointee.proposals.shiftRanges(by: -codePointOffset)
                let span = scan.spans[k]
                try body(k - first, scan.spanCodePoints[k].shifted(by: -codePointOffset),
                         (span.lowerBound - byteOffset)..<(span.upperBound - byteOffset), scratch.pointee.proposals)
            }
        }
    }

    /// The buffers classification reuses from span to span, kept from document to document: for a
    /// caller that classifies many documents in a row on one thread (with documents of a paragraph,
    /// allocating them per document was a third of the allocations of `spancoder tag`). Not for
    /// sharing between threads, nor for a call of `forEachCodedSpan` inside another's `body`.
    public final class Workspace {
        /// Held through a pointer: a stored property passed `inout` is checked for exclusive access on
        /// every use, and taking the buffers out and back for each document built and destroyed an
        /// empty set of them (some forty reference count operations a document).
        let scratch: UnsafeMutablePointer<SpanScratch>

        public init() {
            scratch = .allocate(capacity: 1)
            scratch.initialize(to: SpanScratch())
        }

        deinit {
            scratch.deinitialize(count: 1)
            scratch.deallocate()
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

    /// Word ordinals of the matches of one span, for word-window rules (indexed by match − `base`).
    struct SpanWords {
        var base = 0
        var first: [Int] = []
        var last: [Int] = []
    }

    /// Buffers `propose` reuses from span to span.
    struct SpanScratch {
        var pairs: [(entry: Int, match: Int)] = []
        var words = SpanWords()
        var neededMatches: [Int] = []
        var wordStarts = WordStarts()
        /// Where the previous span's matches ended (see `DocumentScan.matches(in:hint:)`), and in which
        /// scan. Only a hint: any value gives the same matches.
        var matchHint = 0
        var hintScan: ObjectIdentifier?
        /// The packed path's pair keys: room written through a pointer, not contents (its count is
        /// capacity; see `preparePairs`), the span's keys in its first elements.
        var keys: [UInt64] = []
        var sortedKeys: [UInt64] = []
        var groupStarts: [Int] = []
        var proofs: [Proof] = []
        var rules = RuleScratch()
        var proposals = SpanProposals()
        /// The rules with enough groups in the span to fire, each with its run of pairs.
        var ruleRuns: [(rule: Int, pairs: Range<Int>)] = []
        /// The packed path's rule-term pairs (rule, key), kept until the span's groups are counted.
        /// Like `keys`, room written through a pointer (see `preparePairs`).
        var ruleTermKeys: [(rule: Int32, key: UInt64)] = []
        /// Per rule, the groups seen in the current span as bits; all 0 between spans (a span clears
        /// the rules it touched, found in `ruleTermKeys`, rather than checking a stamp per pair).
        var ruleGroups: [UInt64] = []

        /// Starts a span on the packed path: room for `ruleCount` rules' group bits, and `keys` and
        /// `ruleTermKeys` of at least `bound` elements each (their counts are room, not contents).
        mutating func preparePairs(bound: Int, ruleCount: Int) {
            if ruleGroups.count < ruleCount {
                ruleGroups = [UInt64](repeating: 0, count: ruleCount)
            }
            if keys.count < bound {
                keys = [UInt64](repeating: 0, count: max(bound, 2 * keys.count))
                ruleTermKeys = [(rule: Int32, key: UInt64)](repeating: (0, 0), count: keys.count)
            }
        }
    }



    /// Buffers of `fire(_:_:scratch:)` and of the rule part of `assess`, reused from rule to rule:
    /// rules are tried in most spans, and allocating these per try cost more than the sweep itself.
    struct RuleScratch {
        var occurrences: [Occurrence] = []
        var keys: [UInt64] = []
        var byLow: [Int] = []
        var byHigh: [Int] = []
        var state: [UInt8] = []
        var perGroup: [Int] = []
        var taken: [Bool] = []
        /// The occurrences that made the rule fire (see `fire(_:_:scratch:)`).
        var chosen: [Occurrence] = []
    }

    /// The spans' place in the document's structure (`SpanStructure`), applied as a scan's spans are
    /// proposed for in order: headings get no code unless `codeHeadings`, with `inheritLeadInCodes` a
    /// list item under a lead-in gets the lead-in's codes (with the lead-in's evidence) besides its own,
    /// and definitions get no code unless `codeDefinitions`.
    struct StructureWalk {
        /// Whether the options need the structure at all (else every span is coded as it is).
        let walks: Bool
        var structure = SpanStructure()
        /// The proposals of the open lead-ins, outermost first (nil for a lead-in without codes).
        var leads: [SpanProposals?] = []

        init(options: ClassifierOptions) {
            walks = !options.codeHeadings || options.inheritLeadInCodes || !options.codeDefinitions
        }

        /// The proposals for span `k` of `scanned.scan` (the next in order) into `scratch.proposals`,
        /// with code point ranges in the scan's text.
        ///
        /// The classifier and the scan are parameters, not stored: read from the walk, which is
        /// `inout` here, each had to be retained and released around every span's proposal. The
        /// structure is read from the document's own bytes, so that a document joined with others
        /// (`scan(documents:)`) reads as it does alone.
        mutating func propose(_ k: Int, classifier: Classifier, scanned: ScannedDocument, scratch: inout SpanScratch) {
            let scan = scanned.scan
            let whole = scan.spans[k]
            classifier.propose(whole, scan: scan, scratch: &scratch)
            guard walks else { return }
            let options = classifier.options
            let span = (whole.lowerBound - scanned.byteOffset)..<(whole.upperBound - scanned.byteOffset)
            scan.withUTF8 { joined in
                let text = UnsafeBufferPointer(rebasing: joined[scanned.byteOffset..<(scanned.byteOffset + scanned.byteCount)])
                // The heading check reads the span: only coded spans need it.
                let role = structure.role(of: span, in: text, heading: !options.codeHeadings && !scratch.proposals.codes.isEmpty)
                if role.isHeading { scratch.proposals.removeAll() }
                if options.inheritLeadInCodes {
                    leads.removeSubrange(min(role.keptLevels, leads.count)...)
                    if role.inheritsLeadIn, let lead = leads.last, let lead { scratch.proposals.inherit(lead) }
                }
                // A definition gets no code, not even its lead-in's; nor do the items of a definition's list.
                if !options.codeDefinitions, !scratch.proposals.codes.isEmpty,
                   role.isDefinition(text, span: span) {
                    scratch.proposals.removeAll()
                }
                if options.inheritLeadInCodes && role.isLeadIn { leads.append(classifier.passedToListItems(scratch.proposals)) }
            }
        }
    }

    /// What list items under a lead-in with `proposals` take from it: its codes, less those whose every
    /// piece of evidence is a rule that keeps its code from list items (`Rule.passesToListItems`); nil
    /// when nothing is left.
    func passedToListItems(_ proposals: SpanProposals) -> SpanProposals? {
        guard !proposals.codes.isEmpty else { return nil }
        guard lexicon.hasRulesKeptFromListItems else { return proposals }
        let rules = lexicon.rules
        var passed = proposals
        passed.removeCodes { evidence in
            !evidence.contains { $0.rule < 0 || rules[$0.rule].passesToListItems }
        }
        return passed.codes.isEmpty ? nil : passed
    }

    /// `proposals` as code assignments with strings.
    func assignments(_ proposals: SpanProposals) -> [CodeAssignment] {
        proposals.codes.map { code in
            CodeAssignment(code: lexicon.codes[code.code], score: code.score, evidence: proposals.evidence[code.evidence].map { item in
                Evidence(term: lexicon.entryTerm[item.entry], rule: item.rule < 0 ? nil : lexicon.ruleIDs[item.rule], range: item.range)
            })
        }
    }

    /// The proposals for one span, in integers, into `scratch.proposals`.
    func propose(_ span: Range<Int>, scan: DocumentScan, scratch: inout SpanScratch) {
        scratch.proposals.removeAll()
        let matchRange = scan.matches(in: span, hint: &scratch.matchHint)
        if matchRange.isEmpty { return }
        // (entry, match) pairs in this span, sorted by code, then entry: the entries of one rule are
        // consecutive (see CompiledLexicon), so each rule's pairs form one run. Packed as integers
        // (code, entry and the match's index within the span) when they fit, which sorts without a
        // closure; the keys are made straight from the matches.
        scratch.pairs.removeAll(keepingCapacity: true)
        let entryCode = lexicon.entryCode
        let entryStarts = lexicon.entryStarts
        let entryIndices = lexicon.entryIndices
        let base = matchRange.lowerBound
        if matchRange.count < 1 << 24 && lexicon.packsPairKeys {
            // Only pairs that can matter are kept: a rule's terms only when the rule has enough
            // groups in the span to fire (on the corpora, nine in ten rule-term pairs belong to rules
            // that cannot), blockers never. What is left out would have been skipped by `assess`.
            // The pairs are written through pointers into buffers sized for every entry of the span's
            // matches: appending to the scratch arrays checked their uniqueness and capacity per pair.
            // The lexicon's most entries per pattern gives the bound without a pass over the matches,
            // unless that would make the buffers large (a huge span).
            var bound = matchRange.count * lexicon.maxEntriesPerPattern
            if bound > 1 << 16 {
                bound = 0
                for m in matchRange { bound += entryStarts[scan.matches[m].pattern + 1] - entryStarts[scan.matches[m].pattern] }
            }
            scratch.preparePairs(bound: bound, ruleCount: lexicon.rules.count)
            let seeds = lexicon.pairSeeds
            let ruleNeeded = lexicon.ruleNeeded
            var keyCount = 0
            scratch.keys.withUnsafeMutableBufferPointer { keys in
                scratch.ruleTermKeys.withUnsafeMutableBufferPointer { ruleTermKeys in
                    scratch.ruleGroups.withUnsafeMutableBufferPointer { ruleGroups in
                        var ruleTermCount = 0
                        for m in matchRange where scan.originalRanges[m].upperBound <= span.upperBound {
                            let bounds = seeds.bounds[scan.matches[m].pattern]
                            let match = UInt64(m - base)
                            for k in Int(bounds.plainStart)..<Int(bounds.plainEnd) {
                                keys[keyCount] = seeds.plainKeys[k] | match
                                keyCount += 1
                            }
                            for k in Int(bounds.ruleStart)..<Int(bounds.ruleEnd) {
                                let seed = seeds.ruleSeeds[k]
                                ruleGroups[Int(seed.rule)] |= seed.groupBit
                                ruleTermKeys[ruleTermCount] = (seed.rule, seed.key | match)
                                ruleTermCount += 1
                            }
                        }
                        // A rule can fire when it has enough groups in the span (`ruleNeeded` is 0 for
                        // rules of more than 64 groups, which are not counted here).
                        let ruleTerms = ruleTermKeys[..<ruleTermCount]
                        for (rule, key) in ruleTerms where ruleGroups[Int(rule)].nonzeroBitCount >= ruleNeeded[Int(rule)] {
                            keys[keyCount] = key
                            keyCount += 1
                        }
                        for (rule, _) in ruleTerms { ruleGroups[Int(rule)] = 0 }
                    }
                }
            }
            if keyCount == 0 { return }
            scratch.keys.withUnsafeMutableBufferPointer { keys in
                let keys = UnsafeMutableBufferPointer(rebasing: keys[..<keyCount])
                if keyCount > 16 && lexicon.codes.count <= 1 << 10 {
                    Classifier.sortGrouped(keys, buffer: &scratch.sortedKeys, starts: &scratch.groupStarts, groupCount: lexicon.codes.count)
                } else {
                    PackedKeys.sortSmall(keys)
                }
                for key in keys { scratch.pairs.append((Int((key >> 24) & 0xFF_FFFF), Int(key & 0xFF_FFFF) + base)) }
            }
        } else {
            for m in matchRange where scan.originalRanges[m].upperBound <= span.upperBound {
                let pattern = scan.matches[m].pattern
                for k in entryStarts[pattern]..<entryStarts[pattern + 1] {
                    let e = entryIndices[k]
                    if entryCode[e] >= 0 { scratch.pairs.append((e, m)) }
                }
            }
            if scratch.pairs.isEmpty { return }
            scratch.pairs.sort { a, b in
                let ca = entryCode[a.entry]
                let cb = entryCode[b.entry]
                return ca != cb ? ca < cb : (a.entry != b.entry ? a.entry < b.entry : a.match < b.match)
            }
        }
        if let scopes = scan.exclusionScopes {
            narrowExclusions(&scratch.pairs, span: span, scopes: scopes, scan: scan)
            if scratch.pairs.isEmpty { return }
        }
        let pairs = scratch.pairs
        // The runs of rules with enough groups in this span to fire at all, found once for the word
        // ordinals and the assessment.
        scratch.ruleRuns.removeAll(keepingCapacity: true)
        // Runs are index ranges into `pairs`, not slices: a slice retains the array, per run and per code.
        forEachRuleRun(pairs) { r, run in
            let rule = lexicon.rules[r]
            if distinctGroups(pairs, run, groupCount: rule.groupCount) >= rule.needed { scratch.ruleRuns.append((r, run)) }
        }
        if lexicon.hasWordWindows && !scratch.ruleRuns.isEmpty {
            wordOrdinals(pairs: pairs, matchRange: matchRange, scan: scan, scratch: &scratch)
        }
        let words = scratch.words
        let ruleRuns = scratch.ruleRuns
        var nextRun = 0
        var i = 0
        while i < pairs.count {
            let code = entryCode[pairs[i].entry]
            var j = i
            while j < pairs.count && entryCode[pairs[j].entry] == code { j += 1 }
            let firstRun = nextRun
            while nextRun < ruleRuns.count && ruleRuns[nextRun].pairs.lowerBound < j { nextRun += 1 }
            assess(code: code, pairs: pairs, i..<j, ruleRuns: ruleRuns, firstRun..<nextRun, scan: scan, words: words,
                   proofs: &scratch.proofs, rules: &scratch.rules, into: &scratch.proposals)
            i = j
        }
    }

    /// Where the scan knows the text's sentences and this span is larger than one: each code's
    /// exclusions take that code's pairs (terms, rule terms, the exclusion itself) off the
    /// exclusion's sentence, and the rest of the span is scored without them, instead of the code
    /// being cancelled in the whole span. An exclusion whose sentence holds the whole span, or that
    /// lies in no sentence, is left in place and cancels the code in the span as before.
    ///
    /// `pairs` stay sorted by code, then entry (only removals).
    /// - Complexity: O(p · x) for p pairs and x excluded sentences of a code, plus O(log s) per
    ///   exclusion for s sentences.
    private func narrowExclusions(_ pairs: inout [(entry: Int, match: Int)], span: Range<Int>, scopes: [Range<Int>], scan: DocumentScan) {
        let role = lexicon.entryRole
        let entryCode = lexicon.entryCode
        guard pairs.contains(where: { role[$0.entry] == .exclusion }) else { return }
        var kept: [(entry: Int, match: Int)] = []
        kept.reserveCapacity(pairs.count)
        var excludedSentences: [Range<Int>] = []
        var i = 0
        while i < pairs.count {
            let code = entryCode[pairs[i].entry]
            var j = i
            while j < pairs.count && entryCode[pairs[j].entry] == code { j += 1 }
            excludedSentences.removeAll(keepingCapacity: true)
            var cancelsSpan = false
            for k in i..<j where role[pairs[k].entry] == .exclusion {
                let start = scan.originalRanges[pairs[k].match].lowerBound
                if let sentence = DocumentScan.range(containing: start, in: scopes),
                   sentence.lowerBound > span.lowerBound || sentence.upperBound < span.upperBound {
                    excludedSentences.append(sentence)
                } else {
                    cancelsSpan = true
                }
            }
            for k in i..<j {
                let start = scan.originalRanges[pairs[k].match].lowerBound
                if cancelsSpan || !excludedSentences.contains(where: { $0.contains(start) }) { kept.append(pairs[k]) }
            }
            i = j
        }
        pairs = kept
    }

    /// Sorts `keys` ascending when their top 16 bits (the group: a code) are below `groupCount`: a
    /// stable counting sort by group through `buffer`, then each group's keys by `PackedKeys.sortSmall`.
    ///
    /// Why: a long sentence has dozens of (entry, match) pairs spread over a few codes; insertion sort
    /// of all of them is quadratic, and the standard sort's setup costs more than the sorting, while
    /// the pairs of one code are few.
    /// - Complexity: O(n + g) plus the sorts of the groups, for n keys and g groups.
    static func sortGrouped(_ keys: inout [UInt64], buffer: inout [UInt64], starts: inout [Int], groupCount: Int) {
        keys.withUnsafeMutableBufferPointer { sortGrouped($0, buffer: &buffer, starts: &starts, groupCount: groupCount) }
    }

    /// `sortGrouped` on a buffer.
    static func sortGrouped(_ keys: UnsafeMutableBufferPointer<UInt64>, buffer: inout [UInt64], starts: inout [Int], groupCount: Int) {
        let n = keys.count
        starts.removeAll(keepingCapacity: true)
        starts.append(contentsOf: repeatElement(0, count: groupCount + 1))
        if buffer.count < n { buffer.append(contentsOf: repeatElement(0, count: n - buffer.count)) }
        buffer.withUnsafeMutableBufferPointer { sorted in
            starts.withUnsafeMutableBufferPointer { starts in
                for key in keys { starts[Int(key >> 48) + 1] += 1 }
                for g in 0..<groupCount { starts[g + 1] += starts[g] }
                // Placing a key advances its group's start: afterwards starts[g] is group g's end.
                for key in keys {
                    let g = Int(key >> 48)
                    sorted[starts[g]] = key
                    starts[g] += 1
                }
                var low = 0
                for g in 0..<groupCount {
                    let high = starts[g]
                    if high - low > 1 { PackedKeys.sortSmall(UnsafeMutableBufferPointer(rebasing: sorted[low..<high])) }
                    low = high
                }
                for i in 0..<n { keys[i] = sorted[i] }
            }
        }
    }

    /// Calls `body` with each run of pairs that belongs to one rule.
    private func forEachRuleRun(_ pairs: [(entry: Int, match: Int)], _ body: (_ rule: Int, _ run: Range<Int>) -> Void) {
        let ruleOfTerm = lexicon.ruleOfRuleTerm
        var i = 0
        while i < pairs.count {
            let r = ruleOfTerm[pairs[i].entry]
            guard r >= 0 else { i += 1; continue }
            var j = i + 1
            while j < pairs.count && ruleOfTerm[pairs[j].entry] == r { j += 1 }
            body(Int(r), i..<j)
            i = j
        }
    }

    /// How many distinct groups of its rule a run of pairs covers.
    private func distinctGroups(_ pairs: [(entry: Int, match: Int)], _ run: Range<Int>, groupCount: Int) -> Int {
        let group = lexicon.entryGroup
        return Classifier.distinctCount(of: run.lazy.map { group[pairs[$0].entry] }, below: groupCount)
    }

    /// How many distinct values `groups` holds, each in `0..<groupCount`: a bit mask up to 64 groups.
    @inline(__always)
    static func distinctCount<Groups: Sequence<Int>>(of groups: Groups, below groupCount: Int) -> Int {
        guard groupCount <= 64 else { return Set(groups).count }
        var mask: UInt64 = 0
        for g in groups { mask |= 1 << UInt64(g) }
        return mask.nonzeroBitCount
    }

    /// Word ordinals for the matches of word-window rules that have enough groups in this span to
    /// fire at all; counting words is the only per-byte work besides the scan, so it is done only for
    /// those spans, once, over the stretch between their first and last match.
    private func wordOrdinals(pairs: [(entry: Int, match: Int)], matchRange: Range<Int>, scan: DocumentScan, scratch: inout SpanScratch) {
        scratch.neededMatches.removeAll(keepingCapacity: true)
        for (r, run) in scratch.ruleRuns {
            guard case .words = lexicon.rules[r].window else { continue }
            for k in run { scratch.neededMatches.append(pairs[k].match) }
        }
        if scratch.neededMatches.isEmpty { return }
        // Only the needed matches' slots are written, and only those are read (by their rules).
        scratch.words.base = matchRange.lowerBound
        if scratch.words.first.count < matchRange.count {
            scratch.words.first = [Int](repeating: 0, count: matchRange.count)
            scratch.words.last = [Int](repeating: 0, count: matchRange.count)
        }
        scan.wordOrdinals(of: scratch.neededMatches, base: matchRange.lowerBound, first: &scratch.words.first,
                          last: &scratch.words.last, starts: &scratch.wordStarts)
    }

    /// One piece of evidence while a code is assessed: integers only, so sorting and removing
    /// duplicates compare no strings (`entryTermRank` and `ruleRank` order them as the strings would).
    struct Proof {
        var start: Int
        var end: Int
        var termRank: Int32
        var ruleRank: Int32
        var entry: Int32
        var rule: Int32

        func precedes(_ other: Proof) -> Bool {
            if start != other.start { return start < other.start }
            if end != other.end { return end < other.end }
            if termRank != other.termRank { return termRank < other.termRank }
            return ruleRank < other.ruleRank
        }

        func sameEvidence(_ other: Proof) -> Bool {
            start == other.start && end == other.end && termRank == other.termRank && ruleRank == other.ruleRank
        }
    }

    /// Scores `code` in one span from its pairs and, when it is proposed, appends it with its sorted,
    /// distinct evidence to `proposals`.
    private func assess(code: Int, pairs: [(entry: Int, match: Int)], _ codePairs: Range<Int>,
                        ruleRuns: [(rule: Int, pairs: Range<Int>)], _ codeRuns: Range<Int>, scan: DocumentScan, words: SpanWords,
                        proofs: inout [Proof], rules: inout RuleScratch, into proposals: inout SpanProposals) {
        var score = 0.0
        proofs.removeAll(keepingCapacity: true)
        var lastTerm = -1
        var distinctTerms = 0
        for k in codePairs {
            let (e, m) = pairs[k]
            switch lexicon.entryRole[e] {
            case .exclusion:
                proposals.excluded.append(code)
                return
            case .term:
                if e != lastTerm { score += lexicon.entryWeight[e]; lastTerm = e; distinctTerms += 1 }
                let range = scan.codePointRanges[m]
                proofs.append(Proof(start: range.start, end: range.end, termRank: lexicon.entryTermRank[e], ruleRank: 0, entry: Int32(e), rule: -1))
            case .ruleTerm, .blocker:
                continue
            }
        }
        // Two terms of the code on the same words ("red team*" and "red teaming" on "red teaming") are
        // one mention: only then is the sum worked out again, by range.
        if distinctTerms >= 2 && Classifier.twoEntriesShareARange(proofs) {
            score = Classifier.termScore(proofs, weights: lexicon.entryWeight)
        }
        // The occurrences leave `rules` while the rules are tried: passed to `fire` beside `rules`
        // itself, they were copied (retained and released) for every rule.
        var occurrences: [Occurrence] = []
        if !codeRuns.isEmpty { swap(&occurrences, &rules.occurrences) }
        for q in codeRuns {
            let (r, run) = ruleRuns[q]
            let rule = lexicon.rules[r]
            occurrences.removeAll(keepingCapacity: true)
            for k in run {
                let (e, m) = pairs[k]
                let low: Int
                let high: Int
                switch rule.window {
                case .span: (low, high) = (0, 0)
                case .characters: (low, high) = (scan.codePointRanges[m].start, scan.codePointRanges[m].end)
                case .words: (low, high) = (words.first[m - words.base], words.last[m - words.base])
                }
                occurrences.append(Occurrence(group: lexicon.entryGroup[e], entry: e, match: m, low: low, high: high))
            }
            guard Classifier.fire(rule, occurrences, scratch: &rules) else { continue }
            score += rule.weight
            for o in rules.chosen {
                let range = scan.codePointRanges[o.match]
                proofs.append(Proof(start: range.start, end: range.end, termRank: lexicon.entryTermRank[o.entry],
                                    ruleRank: lexicon.ruleRank[r], entry: Int32(o.entry), rule: Int32(r)))
            }
        }
        if !codeRuns.isEmpty { swap(&occurrences, &rules.occurrences) }
        guard !proofs.isEmpty, score >= options.threshold else { return }
        proofs.sort { $0.precedes($1) }
        let first = proposals.evidence.count
        var previous: Proof?
        for proof in proofs {
            if let previous, previous.sameEvidence(proof) { continue }
            previous = proof
            proposals.evidence.append(SpanProposals.Item(entry: Int(proof.entry), rule: Int(proof.rule),
                                                         range: TextRange(start: proof.start, end: proof.end)))
        }
        proposals.codes.append((code, score, first..<proposals.evidence.count))
    }

    /// Whether two term matches of different entries cover the same range: the rare case `termScore`
    /// must settle. Without allocating: a few matches are compared pairwise, more are sorted.
    static func twoEntriesShareARange(_ proofs: [Proof]) -> Bool {
        let count = proofs.count
        if count <= 16 {
            for i in 0..<count {
                for j in (i + 1)..<count where proofs[i].start == proofs[j].start && proofs[i].end == proofs[j].end
                    && proofs[i].entry != proofs[j].entry {
                    return true
                }
            }
            return false
        }
        let sorted = proofs.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
        for k in 1..<count where sorted[k].start == sorted[k - 1].start && sorted[k].end == sorted[k - 1].end
            && sorted[k].entry != sorted[k - 1].entry {
            return true
        }
        return false
    }

    /// The score of a code's term matches: each distinct term's weight once, where the terms that match
    /// the same words count as one mention, credited to the heaviest of them. Among equally heavy terms
    /// the mention goes to one not yet credited elsewhere, and ranges with fewer candidates are settled
    /// first, so "Discrimination and discriminatory" with `discriminat*` and `discrimination` credits
    /// both terms (the second word can only be `discriminat*`'s). Summed in entry order, as the plain
    /// sum is.
    /// - Complexity: O(k log k) for k matches.
    static func termScore(_ proofs: [Proof], weights: [Double]) -> Double {
        let byRange = proofs.sorted { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end < b.end }
            let wa = weights[Int(a.entry)], wb = weights[Int(b.entry)]
            return wa != wb ? wa > wb : a.entry < b.entry
        }
        // The runs of one range, each run heaviest first.
        var runs: [Range<Int>] = []
        var k = 0
        while k < byRange.count {
            var next = k + 1
            while next < byRange.count, byRange[next].start == byRange[k].start, byRange[next].end == byRange[k].end { next += 1 }
            runs.append(k..<next)
            k = next
        }
        runs.sort { $0.count != $1.count ? $0.count < $1.count : $0.lowerBound < $1.lowerBound }
        var owners: [Int32] = []
        for run in runs {
            let heaviest = weights[Int(byRange[run.lowerBound].entry)]
            var chosen = byRange[run.lowerBound].entry
            for i in run where weights[Int(byRange[i].entry)] == heaviest && !owners.contains(byRange[i].entry) {
                chosen = byRange[i].entry
                break
            }
            if !owners.contains(chosen) { owners.append(chosen) }
        }
        owners.sort()
        return owners.reduce(0.0) { $0 + weights[Int($1)] }
    }

    /// The indices `0..<count` in order of `key(index)`, ties in index order, into `result`: sorted as
    /// packed integers (key, index) in `keys` when they fit, which needs no comparison closure.
    static func sortedIndices(count: Int, key: (Int) -> Int, into result: inout [Int], keys: inout [UInt64]) {
        result.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        // Packed while they fit, checked as they are made (one pass, one call of `key` per index).
        if count < 1 << 24 {
            for k in 0..<count {
                let value = key(k)
                guard value >= 0 && value < 1 << 39 else { break }
                keys.append(UInt64(value) << 24 | UInt64(k))
            }
        }
        guard keys.count == count else {
            result.append(contentsOf: (0..<count).sorted { (key($0), $0) < (key($1), $1) })
            return
        }
        PackedKeys.sortSmall(&keys)
        for packed in keys { result.append(Int(packed & 0xFF_FFFF)) }
    }

    /// The occurrences that make `rule` fire (one per satisfied group), or nil: `fire(_:_:scratch:)`
    /// with buffers of its own.
    static func fire(_ rule: CompiledLexicon.CompiledRule, _ occurrences: [Occurrence]) -> [Occurrence]? {
        var scratch = RuleScratch()
        return fire(rule, occurrences, scratch: &scratch) ? scratch.chosen : nil
    }

    /// Whether `rule` fires on `occurrences`; if so, `scratch.chosen` holds the occurrences that make
    /// it fire (one per satisfied group; every occurrence for a span window).
    ///
    /// For windows, the candidate windows start at each occurrence's low coordinate, in order; an
    /// occurrence is inside window [L, L + width] when low ≥ L and high ≤ L + width, and the first
    /// window with enough groups fires. A few occurrences are checked window by window (`fireFew`),
    /// more by a sweep (`fireBySweep`); both choose the same occurrences.
    static func fire(_ rule: CompiledLexicon.CompiledRule, _ occurrences: [Occurrence], scratch: inout RuleScratch) -> Bool {
        scratch.chosen.removeAll(keepingCapacity: true)
        let width: Int
        switch rule.window {
        case .span:
            guard distinctCount(of: occurrences.lazy.map(\.group), below: rule.groupCount) >= rule.needed else { return false }
            scratch.chosen.append(contentsOf: occurrences)
            return true
        case .characters(let n): width = n
        case .words(let n): width = n - 1
        }
        if width < 0 { return false }
        if occurrences.count <= 16 && rule.groupCount <= 64 {
            return fireFew(rule, occurrences, width: width, scratch: &scratch)
        }
        return fireBySweep(rule, occurrences, width: width, scratch: &scratch)
    }

    /// `fire` for a window rule with few occurrences (a span's typical two to six) and at most 64
    /// groups: each candidate window (from each distinct low coordinate, in order) is checked against
    /// every occurrence, with the groups inside as bits. Quadratic, but on a handful of occurrences it
    /// costs less than the sweep's two sorts and four buffers. Same result and same chosen
    /// occurrences as `fireBySweep` (tested).
    static func fireFew(_ rule: CompiledLexicon.CompiledRule, _ occurrences: [Occurrence], width: Int,
                        scratch: inout RuleScratch) -> Bool {
        sortedIndices(count: occurrences.count, key: { occurrences[$0].low }, into: &scratch.byLow, keys: &scratch.keys)
        let byLow = scratch.byLow
        for k in byLow.indices {
            let left = occurrences[byLow[k]].low
            if k > 0 && occurrences[byLow[k - 1]].low == left { continue }
            // Saturating: a rule compiled from an unchecked set may give a window near Int.max.
            let right = left.addingReportingOverflow(width).overflow ? Int.max : left + width
            var groups: UInt64 = 0
            for o in occurrences where o.low >= left && o.high <= right { groups |= 1 << UInt64(o.group) }
            guard groups.nonzeroBitCount >= rule.needed else { continue }
            // The first occurrence of each group inside the window, in order of position.
            var taken: UInt64 = 0
            for i in byLow {
                let o = occurrences[i]
                let bit: UInt64 = 1 << UInt64(o.group)
                if o.low >= left && o.high <= right && taken & bit == 0 {
                    taken |= bit
                    scratch.chosen.append(o)
                }
            }
            return true
        }
        return false
    }

    /// `fire` for a window rule by a sweep over the occurrences sorted by their low and by their high
    /// coordinate: linear after sorting, however many occurrences a long span has.
    static func fireBySweep(_ rule: CompiledLexicon.CompiledRule, _ occurrences: [Occurrence], width: Int,
                            scratch: inout RuleScratch) -> Bool {
        sortedIndices(count: occurrences.count, key: { occurrences[$0].low }, into: &scratch.byLow, keys: &scratch.keys)
        sortedIndices(count: occurrences.count, key: { occurrences[$0].high }, into: &scratch.byHigh, keys: &scratch.keys)
        let byLow = scratch.byLow
        let byHigh = scratch.byHigh
        // state: 0 waiting, 1 inside, 2 gone
        scratch.state.removeAll(keepingCapacity: true)
        scratch.state.append(contentsOf: repeatElement(0, count: occurrences.count))
        scratch.perGroup.removeAll(keepingCapacity: true)
        scratch.perGroup.append(contentsOf: repeatElement(0, count: max(rule.groupCount, 1)))
        var distinct = 0
        var nextLow = 0
        var nextHigh = 0
        for k in byLow.indices {
            let left = occurrences[byLow[k]].low
            if k > 0 && occurrences[byLow[k - 1]].low == left { continue }
            while nextLow < byLow.count && occurrences[byLow[nextLow]].low < left {
                let o = byLow[nextLow]
                if scratch.state[o] == 1 {
                    scratch.perGroup[occurrences[o].group] -= 1
                    if scratch.perGroup[occurrences[o].group] == 0 { distinct -= 1 }
                }
                scratch.state[o] = 2
                nextLow += 1
            }
            let right = left.addingReportingOverflow(width).overflow ? Int.max : left + width
            while nextHigh < byHigh.count && occurrences[byHigh[nextHigh]].high <= right {
                let o = byHigh[nextHigh]
                if scratch.state[o] == 0 {
                    scratch.state[o] = 1
                    if scratch.perGroup[occurrences[o].group] == 0 { distinct += 1 }
                    scratch.perGroup[occurrences[o].group] += 1
                }
                nextHigh += 1
            }
            if distinct >= rule.needed {
                // The first occurrence of each group inside the window, in order of position.
                scratch.taken.removeAll(keepingCapacity: true)
                scratch.taken.append(contentsOf: repeatElement(false, count: scratch.perGroup.count))
                for o in byLow where scratch.state[o] == 1 && !scratch.taken[occurrences[o].group] {
                    scratch.taken[occurrences[o].group] = true
                    scratch.chosen.append(occurrences[o])
                }
                return true
            }
        }
        return false
    }
}

/// The codes proposed for one span, as indices into a `CompiledLexicon` (see
/// `Classifier.forEachCodedSpan(_:_:)`): what a `CodeAssignment` list holds, without its strings.
public struct SpanProposals: Sendable {
    /// One piece of evidence: the lexicon entry that matched (`CompiledLexicon.entries`), the rule it
    /// made fire (an index into `CompiledLexicon.ruleIDs`, or -1 for a term's own evidence) and where.
    public struct Item: Sendable, Hashable {
        public var entry: Int
        public var rule: Int
        public var range: TextRange
    }

    /// The proposed codes in code order: an index into `CompiledLexicon.codes`, the score, and the
    /// code's evidence in `evidence` (sorted by range, then term, then rule; no duplicates).
    public internal(set) var codes: [(code: Int, score: Double, evidence: Range<Int>)] = []
    public internal(set) var evidence: [Item] = []
    /// The codes an exclusion cancelled in this span: a list item's own exclusion also cancels the code
    /// it would inherit from its lead-in (`inherit`).
    var excluded: [Int] = []

    mutating func removeAll() {
        codes.removeAll(keepingCapacity: true)
        evidence.removeAll(keepingCapacity: true)
        excluded.removeAll(keepingCapacity: true)
    }

    /// Moves every evidence range by `offset` code points (into a document's own text from the text
    /// it was scanned in).
    mutating func shiftRanges(by offset: Int) {
        guard offset != 0 else { return }
        for k in evidence.indices { evidence[k].range = evidence[k].range.shifted(by: offset) }
    }

    /// Removes the codes for which `drop` is true of their evidence; the others keep theirs, in order.
    mutating func removeCodes(where drop: (ArraySlice<Item>) -> Bool) {
        var kept = Rebuilt()
        for code in codes where !drop(evidence[code.evidence]) { kept.take(code, from: self) }
        (codes, evidence) = (kept.codes, kept.evidence)
    }

    /// Adds the codes of `lead` that these proposals lack and that no exclusion cancelled here, each
    /// with its score and evidence from `lead`; codes stay in code order.
    mutating func inherit(_ lead: SpanProposals) {
        var merged = Rebuilt()
        merged.codes.reserveCapacity(codes.count + lead.codes.count)
        var i = 0, j = 0
        while i < codes.count || j < lead.codes.count {
            if j == lead.codes.count || (i < codes.count && codes[i].code <= lead.codes[j].code) {
                if j < lead.codes.count && codes[i].code == lead.codes[j].code { j += 1 }
                merged.take(codes[i], from: self)
                i += 1
            } else {
                if !excluded.contains(lead.codes[j].code) { merged.take(lead.codes[j], from: lead) }
                j += 1
            }
        }
        (codes, evidence) = (merged.codes, merged.evidence)
    }

    /// Codes with their evidence copied in one after another: what `removeCodes` and `inherit` build.
    private struct Rebuilt {
        var codes: [(code: Int, score: Double, evidence: Range<Int>)] = []
        var evidence: [Item] = []

        /// Appends `code` (of `source`) with its evidence.
        mutating func take(_ code: (code: Int, score: Double, evidence: Range<Int>), from source: SpanProposals) {
            let start = evidence.count
            evidence.append(contentsOf: source.evidence[code.evidence])
            codes.append((code.code, code.score, start..<evidence.count))
        }
    }
}
