import SpanCoderCore

/// Everything an evaluation reads.
public struct EvalInputs: Sendable {
    public var vocabulary: Vocabulary
    public var corpus: EvalCorpus
    public var gold: AnnotationSet
    public var pred: AnnotationSet
    /// Further coders, for multi-coder agreement and pairwise comparison with gold.
    public var coders: [AnnotationSet]
    /// Sentence units already checked (built in memory); without them or `unitFile`, unit mode cuts the
    /// texts with the text layer's `Segmenter`.
    public var units: UnitTable?
    /// Sentence units as read from a units file (`--units`): validated like gold and predictions (file:line
    /// findings, the same `--on-invalid` policy) before they become the unit table. Takes precedence over
    /// `units`.
    public var unitFile: AnnotationSet?
    /// The code list (`--codes`); without it, every code that occurs.
    public var codeList: [String]?
    /// How messages name where the texts came from (`--texts DIR`), when the texts and the gold share
    /// no document.
    public var documentsName: String?
    /// Metadata fields to break results down by (`--by`).
    public var groupFields: [String]

    public init(vocabulary: Vocabulary, corpus: EvalCorpus, gold: AnnotationSet, pred: AnnotationSet,
                coders: [AnnotationSet] = [], units: UnitTable? = nil, unitFile: AnnotationSet? = nil,
                codeList: [String]? = nil, groupFields: [String] = [], documentsName: String? = nil) {
        self.documentsName = documentsName
        self.vocabulary = vocabulary; self.corpus = corpus; self.gold = gold; self.pred = pred
        self.coders = coders; self.units = units; self.unitFile = unitFile; self.codeList = codeList; self.groupFields = groupFields
    }
}

/// How to evaluate.
public struct EvalSettings: Sendable {
    public var mode: EvalMode = .unit
    /// IoU threshold of `overlap` mode (0 = any overlap).
    public var iou: Double = 0.5
    /// Minimum fraction of a unit a span must cover to put its code on the unit (0 = any overlap).
    public var minOverlap: Double = 0
    public var zeroDivision: ZeroDivision = .zero
    /// Bootstrap replicates (0 = no intervals).
    public var bootstrap: Int = 1000
    public var seed: UInt64 = 42
    /// Error examples kept per code and kind.
    public var errorLimit: Int = 10
    public var onInvalid: InvalidInputPolicy = .warn
    /// Which documents are scored; nil decides as the `Evaluator` documents (units, else the gold's).
    /// `.all` scores every document given: one the gold has no line for counts as coded with nothing
    /// found (for a gold format that writes nothing for such documents).
    public var scope: EvalReport.Scope?

    public init() {}
}

/// The evaluator: validation, matching or projection, counts, agreement, intervals, breakdowns and
/// error listings, as one library entry point behind `spancoder eval`.
///
/// Which documents are scored (the scope): in unit mode with units, the documents that have units;
/// otherwise the documents the gold covers (has a line or record for, even one with empty codes), of
/// those among the texts. A text outside the scope plays no part — neither its cells nor its codes —
/// because a document nobody coded is not a document coded with nothing found. Within the scope,
/// predictions that skip a document predicted no codes there, and a further coder that skips one is
/// missing on it. Each comparison pools the codes in its own scope: the code list, plus every code one
/// of the compared coders set on a scored unit (span modes: on a scored document).
public enum Evaluator {
    /// Inputs that share no document with what they are compared with are refused (`DocumentCoverage`):
    /// a gold that holds none of the texts' documents (or, with units, none of theirs), predictions or a
    /// further coder that hold none of the scored documents — an empty file among them. A report of such
    /// inputs would be all zeros, or a kappa of documents nobody compared, and look like a result.
    ///
    /// - Throws: `SpanCoderError.badInput` listing the findings when `settings.onInvalid` is `.error`
    ///   and any input has a finding, when a units file leaves no usable unit, or when two inputs share
    ///   no document (naming both, their document counts and a few ids of each).
    public static func evaluate(_ inputs: EvalInputs, _ settings: EvalSettings) throws -> EvalReport {
        var vocabulary = inputs.vocabulary
        var corpus = inputs.corpus
        var sets = [inputs.gold, inputs.pred] + inputs.coders
        let roles = ["gold", "pred"] + inputs.coders.indices.map { "coder\($0 + 1)" }
        CodeIDs.canonicalize(&sets, vocabulary: &vocabulary)
        var documentLineNotes: [String] = []
        for k in sets.indices {
            let (set, note) = separatingDocumentLines(sets[k], label: "\(roles[k]) (\(sets[k].name))", mode: settings.mode, isPrediction: k == 1)
            sets[k] = set
            if let note { documentLineNotes.append(note) }
            if settings.mode == .document, let note = widenEmptyCodedSpans(&sets[k], corpus: corpus, label: "\(roles[k]) (\(sets[k].name))") {
                documentLineNotes.append(note)
            }
        }
        let allowed: Set<Int32>? = inputs.codeList.map { list in
            Set(list.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }.map { vocabulary.internCode($0) })
        }
        corpus.grow(to: vocabulary.docs.count)
        // A misspelt field would put every document under "(none)" and look like a result.
        let knownFields = Set(corpus.metadata.flatMap(\.keys))
        for field in inputs.groupFields where field != "language" && !knownFields.contains(field) {
            let listed = knownFields.sorted() + ["language (from the text when no metadata gives it)"]
            throw SpanCoderError(.usage, "--by \(field): no document has a field \"\(field)\" (fields: \(listed.joined(separator: ", "))); metadata comes from --manifest or the fields of a --corpus JSONL")
        }

        // The documents given: the texts, else every document an input names.
        var docs: [Int32]
        if corpus.hasTexts {
            docs = corpus.order
        } else {
            var seen = Set<Int32>()
            for set in sets { seen.formUnion(set.docs) }
            if let units = inputs.units { seen.formUnion(units.docs) }
            if let unitFile = inputs.unitFile { seen.formUnion(unitFile.docs) }
            docs = seen.sorted()
        }

        // Validation.
        var diagnostics: [Diagnostic] = []
        var tables: [PairTable] = []
        for set in sets {
            tables.append(Validator.validate(set, corpus: corpus, allowedCodes: allowed, vocabulary: vocabulary, diagnostics: &diagnostics))
        }
        var givenUnits = settings.mode == .unit ? inputs.units : nil
        var unitInput: EvalReport.Input?
        if settings.mode == .unit, let unitFile = inputs.unitFile {
            let (table, counts) = Validator.units(unitFile, corpus: corpus, vocabulary: vocabulary, diagnostics: &diagnostics)
            unitInput = EvalReport.Input(role: "units", name: unitFile.name, spans: unitFile.count, pairs: table.count,
                                         findings: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }))
            givenUnits = table
            if table.count == 0 {
                let shown = diagnostics.filter { $0.location.file == unitFile.name }.prefix(20).map(\.description)
                throw SpanCoderError(.badInput, "no usable units in \(unitFile.name)" + (shown.isEmpty ? " (the file holds none)" : ":\n  " + shown.joined(separator: "\n  ")))
            }
        }
        // The scope.
        let scope: [Int32]
        let scopeRule: EvalReport.Scope
        var notes: [String] = documentLineNotes
        if settings.scope == .units && givenUnits == nil {
            throw SpanCoderError(.usage, "--scope units needs --units" + (settings.mode == .unit ? "" : " and unit mode"))
        }
        if let givenUnits, settings.scope == nil || settings.scope == .units {
            let withUnits = Set(givenUnits.docs)
            scope = docs.filter { withUnits.contains($0) }
            scopeRule = .units
        } else if settings.scope != .all, let covered = sets[0].codedDocs {
            scope = docs.filter { covered.contains($0) }
            scopeRule = .gold
        } else {
            scope = docs
            scopeRule = .all
        }

        // Inputs that share no document with what they are compared with (wrong files, another id
        // scheme, another corpus, an empty file) are refused before anything is scored or written: all
        // zeros, or a kappa of documents nobody compared, would look like a result.
        let coverage = DocumentCoverage(vocabulary: vocabulary, corpus: corpus, scope: scope, rule: scopeRule)
        func side(_ k: Int) -> DocumentCoverage.Side {
            DocumentCoverage.Side(role: roles[k], label: "\(roles[k]) (\(sets[k].name))", docs: sets[k].codedDocs ?? sets[k].documentsWithRows,
                                  readingFindings: sets[k].diagnostics.filter { $0.kind == .malformed })
        }
        let gold = side(0)
        if let goldDocs = sets[0].codedDocs {
            let other: DocumentCoverage.Side
            if scopeRule == .units, let givenUnits {
                other = DocumentCoverage.Side(role: "the units", label: inputs.unitFile.map { "the units (\($0.name))" } ?? "the units",
                                              docs: Set(givenUnits.docs))
            } else {
                other = DocumentCoverage.Side(role: "the texts", label: "the texts" + (inputs.documentsName.map { " (\($0))" } ?? ""), docs: Set(docs))
            }
            try coverage.requireScoredDocument(in: goldDocs, gold, other, ifDisjoint: other.role == "the texts"
                ? " (a text file's document id is its name without extension, a JSONL corpus line's its \"id\")" : "")
        } else if scope.isEmpty {
            throw SpanCoderError(.badInput, "no document to score: the inputs name none; nothing was scored")
        }
        let nothingFound = "a coder who read a document and found nothing writes a line with empty codes for it, {\"doc\":…,\"start\":0,\"end\":0,\"codes\":[]}"
        for k in sets.indices.dropFirst() {
            guard let held = sets[k].codedDocs else { continue }
            try coverage.requireScoredDocument(in: held, gold, side(k), ifEmpty: k == 1
                ? ". A tagger writes no line for a document it proposes nothing in (tag --all-spans writes every span, coded or not); " + nothingFound
                : ". A " + nothingFound.dropFirst(2))
        }

        // Partial coverage: the notes say how many scored documents an input has no line for, and how
        // many of the documents it holds are not scored.
        switch scopeRule {
        case .units:
            if let covered = sets[0].codedDocs {
                let missing = scope.filter { !covered.contains($0) }
                if !missing.isEmpty {
                    notes.append("gold (\(sets[0].name)) has no line for \(missing.count) of the \(scope.count) documents with units "
                        + "(\(names(missing, vocabulary))); they are scored as coded with no codes, and \(coverage.unscoredClause(covered)). "
                        + "If the gold did not code them, leave their units out")
                } else if !covered.isSubset(of: coverage.scored) {
                    // Gold codes on documents the units leave out would otherwise vanish from every score unsaid.
                    notes.append("gold (\(sets[0].name)): \(coverage.unscoredClause(covered)); its codes there play no part. "
                        + "To score them, give their units too")
                }
            }
        case .gold:
            if scope.count < docs.count {
                let covered = Set(scope)
                let left = docs.filter { !covered.contains($0) }
                notes.append("\(left.count) of the \(docs.count) documents have no line in the gold (\(names(left, vocabulary))) and are not scored: "
                    + "the documents the gold covers are the ones scored. A document coded with nothing found needs a line with empty codes, "
                    + "{\"doc\":…,\"start\":0,\"end\":0,\"codes\":[]}" + (settings.mode == .unit ? "; or name the units coded with --units" : "")
                    + "; or, when every document given was coded, pass --scope texts")
                let skipped = left.filter { sets[0].uncodedRecords.contains($0) && !(sets[0].codedDocs?.contains($0) ?? true) }
                if !skipped.isEmpty {
                    notes.append("\(skipped.count) of these documents \(skipped.count == 1 ? "is a task" : "are tasks") that the gold (\(sets[0].name)) holds without "
                        + "an annotation, or with cancelled (skipped) annotations only (\(names(skipped, vocabulary))): the coder did not code "
                        + (skipped.count == 1 ? "it" : "them") + ", so " + (skipped.count == 1 ? "it is" : "they are") + " not scored")
                }
            }
        case .all:
            if settings.scope == .all, let covered = sets[0].codedDocs {
                let left = docs.filter { !covered.contains($0) }
                if !left.isEmpty {
                    notes.append("\(left.count) of the \(docs.count) documents have no line in the gold (\(names(left, vocabulary))); "
                        + "--scope texts scores them as coded with nothing found")
                }
            }
        }
        for (k, set) in sets.enumerated().dropFirst() {
            guard let covered = set.codedDocs else { continue }
            let missing = scope.filter { !covered.contains($0) }
            guard !missing.isEmpty else { continue }
            if k == 1 {
                notes.append("pred (\(set.name)) has no line for \(missing.count) of the \(scope.count) scored documents (\(names(missing, vocabulary))), "
                    + "scored as predicting no codes there (every gold code there missed), and \(coverage.unscoredClause(covered)). "
                    + "A second human coder whose missing documents are missing data belongs in --coder")
            } else {
                notes.append("\(roles[k]) (\(set.name)) has no line for \(missing.count) of the \(scope.count) scored documents (\(names(missing, vocabulary))), "
                    + "which count as not coded by it (missing data), and \(coverage.unscoredClause(covered))")
            }
        }

        let inScope = Set(scope)
        var inputRows = zip(zip(roles, sets), tables).map { pair, table in
            var row = EvalReport.Input(role: pair.0, name: pair.1.name, spans: pair.1.count, pairs: table.pairs.count,
                                       findings: Dictionary(uniqueKeysWithValues: table.findingCounts.map { ($0.key.rawValue, $0.value) }))
            row.coverage = coverage.counts(pair.1)
            row.scoredPairs = table.pairs.reduce(0) { $0 + (inScope.contains($1.doc) ? 1 : 0) }
            return row
        }
        if let unitInput { inputRows.append(unitInput) }
        let findings = inputRows.map { $0.findings.values.reduce(0, +) }.reduce(0, +)
        if settings.onInvalid == .error, findings > 0 {
            let shown = diagnostics.prefix(20).map(\.description).joined(separator: "\n  ")
            throw SpanCoderError(.badInput, "\(findings) invalid input finding(s) (--on-invalid error):\n  \(shown)")
        }
        var isEvalDoc = Array(repeating: false, count: vocabulary.docs.count)
        for doc in scope { isEvalDoc[Int(doc)] = true }

        let codeCount = vocabulary.codes.count
        let options = EvalReport.Options(mode: settings.mode, iou: settings.iou, minOverlap: settings.minOverlap,
                                         zeroDivision: settings.zeroDivision, bootstrap: settings.bootstrap, seed: settings.seed,
                                         errorLimit: settings.errorLimit)
        var report = EvalReport(options: options, inputs: inputRows, documents: docs.count, units: nil, diagnostics: diagnostics,
                                perCode: [], summary: nil, agreement: nil, pairwise: [], groups: [], confusion: [], errors: [], nervaluate: nil)
        report.scoredDocuments = scope.count
        report.scope = scopeRule
        report.notes = notes
        if settings.bootstrap > 0, scope.count < docs.count { report.resampledDocuments = scope.count }
        if let allowed { report.unlistedCodes = unlistedCodes(sets, roles: roles, allowed: allowed, vocabulary: vocabulary) }

        if settings.mode == .nervaluate {
            // nervaluate's own matching counts duplicates; the spans validation left out stay out.
            var tags = allowed ?? []
            for table in tables.prefix(2) { for pair in table.pairs where isEvalDoc[Int(pair.doc)] { tags.insert(pair.code) } }
            let leftOut = tables.prefix(2).map { Set($0.leftOutRows) }
            report.nervaluate = NervaluateCompat.evaluate(gold: sets[0].filtered { !leftOut[0].contains(Int32($0)) },
                                                          pred: sets[1].filtered { !leftOut[1].contains(Int32($0)) },
                                                          documents: scope, tags: tags.sorted(), vocabulary: vocabulary)
            for i in report.diagnostics.indices where report.diagnostics[i].kind == .duplicate {
                report.diagnostics[i].excluded = false
                report.diagnostics[i].message += " (nervaluate counts it again, as nervaluate does)"
            }
            return report
        }

        var scoring = Scoring(vocabulary: vocabulary, corpus: corpus, sets: sets, tables: tables, docs: scope,
                              isEvalDoc: isEvalDoc, codeCount: codeCount, allowed: allowed, settings: settings)
        switch settings.mode {
        case .exact, .overlap: scoring.scoreSpans()
        case .unit, .document:
            let units: UnitTable
            if settings.mode == .document {
                units = UnitTable.wholeDocuments(scope, corpus: corpus)
            } else if let givenUnits {
                units = givenUnits
            } else {
                units = UnitTable.sentences(of: scope, corpus: corpus)
            }
            scoring.scoreUnits(units)
            report.units = scoring.unitCount
        case .nervaluate: break
        }
        scoring.finish(into: &report, groupFields: inputs.groupFields, roles: roles)
        return report
    }

    /// The id `tag --doc-codes` gives the line over a whole document that holds the document's codes.
    static let documentLineID = "document"

    /// `set` ready for `mode`, with a note when it changed: the whole-document lines of `tag --doc-codes`
    /// (`"id": "document"`) hold a document's codes as its rule decided them, not a passage. In
    /// document mode they are the document's codes (its other lines are not pooled, which would undo
    /// `--doc-min-spans` and `--doc-min-score`); in the other modes they are left out: projected on the
    /// units they put the document's codes on every unit, and they overlapped every span of theirs.
    /// - Parameter isPrediction: the set is the predictions, which `tag --doc-codes` wrote: there a
    ///   document with span lines and no document line is one its rule gave no code. In gold or a coder's
    ///   file such a document's spans are pooled, as people add document codes by hand (an empty span
    ///   with codes, a whole-text region) beside tag's lines.
    static func separatingDocumentLines(_ set: AnnotationSet, label: String, mode: EvalMode, isPrediction: Bool) -> (AnnotationSet, String?) {
        let documentRows = (0..<set.count).filter { set.id(ofRow: $0) == documentLineID }
        guard !documentRows.isEmpty else { return (set, nil) }
        var kept: AnnotationSet
        let note: String
        if mode == .document {
            // tag --doc-codes writes a document's line only when its rule gave the document a code: a
            // document with span lines and no such line got none. Pooling its spans instead made a code
            // of one weak span, what --doc-min-spans and --doc-min-score are there to prevent.
            let decided = Set(documentRows.map { set.docs[$0] })
            let undecided = isPrediction ? Set(set.docs).subtracting(decided) : []
            // A line with codes on an empty span is a document line written by hand (eval.md): kept for
            // widenEmptyCodedSpans to give its document.
            kept = set.filtered { row in
                set.id(ofRow: row) == documentLineID || !(decided.contains(set.docs[row]) || undecided.contains(set.docs[row]))
                    || (set.starts[row] == set.ends[row] && !set.codes(ofRow: row).isEmpty)
            }
            note = "\(label): the whole-document lines of tag --doc-codes (\"id\": \"document\") give the codes of their \(decided.count) document(s), as its document rule chose them; the span lines of those documents are not pooled"
                + (undecided.isEmpty ? "" : ", and the \(undecided.count) document(s) with span lines but no such line get no code (the rule gave them none)")
        } else {
            kept = set.filtered { set.id(ofRow: $0) != documentLineID }
            note = "\(label): \(documentRows.count) whole-document line(s) of tag --doc-codes (\"id\": \"document\") left out: they hold documents' codes, not passages (--mode document scores them)"
        }
        kept.diagnostics = set.diagnostics
        return (kept, note)
    }

    /// Document mode: a line with codes on an empty span (`"start":0,"end":0`, the way eval.md writes a
    /// document-level line) gives its codes to its whole document, instead of being left out as an
    /// empty span: offsets mean nothing in this mode, and a gold file of document codes written so lost
    /// every code. Needs the document's length (`--texts` or `--corpus`); a note counts the lines.
    static func widenEmptyCodedSpans(_ set: inout AnnotationSet, corpus: EvalCorpus, label: String) -> String? {
        var widened = 0
        for row in 0..<set.count where set.writtenOffsets[row] == nil && set.starts[row] == set.ends[row] && !set.codes(ofRow: row).isEmpty {
            let length = corpus.length(set.docs[row])
            guard length > 0, set.starts[row] >= 0, Int(set.starts[row]) <= length, length <= Int(Int32.max) else { continue }
            set.starts[row] = 0
            set.ends[row] = Int32(length)
            widened += 1
        }
        return widened == 0 ? nil
            : "\(label): \(widened) line(s) with codes on an empty span read as codes of their whole document (document mode)"
    }

    /// Up to three document ids, for notes.
    static func names(_ docs: [Int32], _ vocabulary: Vocabulary) -> String {
        docs.prefix(3).map { vocabulary.docs[$0] }.joined(separator: ", ") + (docs.count > 3 ? ", …" : "")
    }
}

/// The scoring state of one evaluation (internal: the steps share many arrays).
struct Scoring {
    let vocabulary: Vocabulary
    let corpus: EvalCorpus
    let sets: [AnnotationSet]
    let tables: [PairTable]
    let docs: [Int32]
    let isEvalDoc: [Bool]
    let codeCount: Int
    /// The code list, whose codes are always in scope.
    let allowed: Set<Int32>?
    let settings: EvalSettings

    /// The codes of gold against predictions: the code list and every code either set in the scope.
    var codes: [Int] = []
    /// Gold vs predictions per document and code: (tp, fp, fn).
    var perDoc: [Int32]
    /// Units per document (unit and document modes): with `perDoc`, each document's 2 × 2 cell table
    /// for any set of codes.
    var unitsPerDoc: [Int32] = []
    var unitCount = 0
    var codeStats2: [CellStats] = []
    var codeStatsAll: [CellStats] = []
    var pairwiseCounts: [[Counts]] = []
    var pairwiseStats: [[CellStats]] = []
    var setAlphas: (masi: Double, jaccard: Double, identity: Double)?
    var confusion: [Int] = []
    var errors: [EvalReport.ErrorExample] = []
    /// The documents that have units (unit and document modes), in `docs` order: the bootstrap's sample.
    var unitDocs: [Int32]?

    init(vocabulary: Vocabulary, corpus: EvalCorpus, sets: [AnnotationSet], tables: [PairTable], docs: [Int32],
         isEvalDoc: [Bool], codeCount: Int, allowed: Set<Int32>?, settings: EvalSettings) {
        self.vocabulary = vocabulary; self.corpus = corpus; self.sets = sets; self.tables = tables; self.docs = docs
        self.isEvalDoc = isEvalDoc; self.codeCount = codeCount; self.allowed = allowed; self.settings = settings
        perDoc = Array(repeating: 0, count: vocabulary.docs.count * codeCount * 3)
        confusion = Array(repeating: 0, count: codeCount * (codeCount + 1))
    }

    // MARK: span modes

    mutating func scoreSpans() {
        let gold = tables[0].pairs, pred = tables[1].pairs
        let matcher = SpanMatcher(criterion: settings.mode == .exact ? .exact : .overlap(iou: settings.iou))
        let result = matcher.match(gold: gold, pred: pred)
        var fnByCode = Array(repeating: 0, count: codeCount), fpByCode = Array(repeating: 0, count: codeCount)
        for (i, pair) in gold.enumerated() where isEvalDoc[Int(pair.doc)] {
            let base = (Int(pair.doc) * codeCount + Int(pair.code)) * 3
            if result.goldMatch[i] >= 0 { perDoc[base] += 1 } else {
                perDoc[base + 2] += 1
                if fnByCode[Int(pair.code)] < settings.errorLimit {
                    fnByCode[Int(pair.code)] += 1
                    errors.append(example(.falseNegative, set: 0, pair: pair, range: nil))
                }
            }
        }
        for (i, pair) in pred.enumerated() where isEvalDoc[Int(pair.doc)] && result.predMatch[i] < 0 {
            perDoc[(Int(pair.doc) * codeCount + Int(pair.code)) * 3 + 1] += 1
            if fpByCode[Int(pair.code)] < settings.errorLimit {
                fpByCode[Int(pair.code)] += 1
                errors.append(example(.falsePositive, set: 1, pair: pair, range: nil))
            }
        }
        spanConfusion(gold: gold, pred: pred, result: result)
        codes = scopeCodes(in: docs)
    }

    /// The code list and every code with a count (gold or predictions) in `docs`, sorted by id: the
    /// codes of a comparison restricted to those documents.
    func scopeCodes(in docs: [Int32]) -> [Int] {
        var used = Set(allowed ?? [])
        for code in 0..<codeCount where !used.contains(Int32(code)) && !counts(of: code, in: docs).isEmpty { used.insert(Int32(code)) }
        return sorted(used)
    }

    func sorted(_ codes: Set<Int32>) -> [Int] {
        codes.sorted { vocabulary.codes[$0] < vocabulary.codes[$1] }.map(Int.init)
    }

    /// For each false positive, the codes of the missed gold spans it overlaps ("(none)" if none).
    private mutating func spanConfusion(gold: [SpanPair], pred: [SpanPair], result: SpanMatcher.Result) {
        var missedByDoc: [Int32: [SpanPair]] = [:]
        for (i, pair) in gold.enumerated() where result.goldMatch[i] < 0 { missedByDoc[pair.doc, default: []].append(pair) }
        var longest: [Int32: Int32] = [:]
        for (doc, list) in missedByDoc {
            missedByDoc[doc] = list.sorted { $0.range < $1.range }
            longest[doc] = list.map { $0.end - $0.start }.max() ?? 0
        }
        for (i, pair) in pred.enumerated() where result.predMatch[i] < 0 && isEvalDoc[Int(pair.doc)] {
            var hit = Set<Int32>()
            if let list = missedByDoc[pair.doc] {
                let from = pair.start - (longest[pair.doc] ?? 0)
                var lo = 0, hi = list.count
                while lo < hi { let mid = (lo + hi) / 2; if list[mid].start < from { lo = mid + 1 } else { hi = mid } }
                var k = lo
                while k < list.count, list[k].start < pair.end {
                    if list[k].end > pair.start { hit.insert(list[k].code) }
                    k += 1
                }
            }
            let row = Int(pair.code) * (codeCount + 1)
            if hit.isEmpty { confusion[row + codeCount] += 1 } else { for code in hit { confusion[row + Int(code)] += 1 } }
        }
    }

    // MARK: unit and document modes

    mutating func scoreUnits(_ allUnits: UnitTable) {
        var units = UnitTable()
        for u in 0..<allUnits.count where Int(allUnits.docs[u]) < isEvalDoc.count && isEvalDoc[Int(allUnits.docs[u])] {
            units.docs.append(allUnits.docs[u]); units.starts.append(allUnits.starts[u]); units.ends.append(allUnits.ends[u])
            units.texts.append(allUnits.texts[u]); units.ids.append(allUnits.ids[u])
        }
        unitsPerDoc = Array(repeating: 0, count: vocabulary.docs.count)
        for doc in units.docs { unitsPerDoc[Int(doc)] += 1 }
        unitDocs = docs.filter { unitsPerDoc[Int($0)] > 0 }
        unitCount = units.count
        let projection = UnitProjection(units: units, documentCount: vocabulary.docs.count, codeCount: codeCount, minOverlap: settings.minOverlap)
        let r = sets.count, w = projection.words, count = units.count
        let masks = tables.map { projection.masks(for: $0.pairs) }
        // Gold and predictions code every scored unit (a document the predictions skip: no codes
        // predicted); a further coder codes only the documents its file covers.
        let present: [[Bool]] = sets.enumerated().map { k, set in
            guard k >= 2, let coded = set.codedDocs else { return Array(repeating: true, count: count) }
            return units.docs.map { coded.contains($0) }
        }
        codeStatsAll = Array(repeating: CellStats(coders: r), count: codeCount)
        codeStats2 = r > 2 ? Array(repeating: CellStats(coders: 2), count: codeCount) : []
        pairwiseCounts = Array(repeating: Array(repeating: Counts(), count: codeCount), count: r)
        pairwiseStats = Array(repeating: Array(repeating: CellStats(coders: 2), count: codeCount), count: r)
        var fnByCode = Array(repeating: 0, count: codeCount), fpByCode = Array(repeating: 0, count: codeCount)
        var values = [Int8](repeating: -1, count: r)
        var pairValues = [Int8](repeating: -1, count: 2)
        for u in 0..<count {
            let doc = Int(units.docs[u])
            for c in 0..<r where !present[c][u] { values[c] = -1 }
            for code in 0..<codeCount {
                let word = u * w + code >> 6, bit = UInt64(1) << UInt64(code & 63)
                for c in 0..<r where present[c][u] { values[c] = masks[c][word] & bit != 0 ? 1 : 0 }
                values.withUnsafeBufferPointer { codeStatsAll[code].add($0) }
                if r > 2 {
                    values.withUnsafeBufferPointer { codeStats2[code].add(UnsafeBufferPointer(rebasing: $0[0..<2])) }
                    for k in 2..<r where values[0] >= 0 && values[k] >= 0 {
                        pairValues[0] = values[0]; pairValues[1] = values[k]
                        pairValues.withUnsafeBufferPointer { pairwiseStats[k][code].add($0) }
                        if values[0] == 1 && values[k] == 1 { pairwiseCounts[k][code].tp += 1 }
                        else if values[k] == 1 { pairwiseCounts[k][code].fp += 1 }
                        else if values[0] == 1 { pairwiseCounts[k][code].fn += 1 }
                    }
                }
            }
            // Gold against predictions on this unit.
            guard present[0][u], present[1][u] else { continue }
            var missedCodes: [Int] = []
            var extraCodes: [Int] = []
            for j in 0..<w {
                let g = masks[0][u * w + j], p = masks[1][u * w + j]
                forEachBit(g & p, j) { perDoc[(doc * codeCount + $0) * 3] += 1 }
                forEachBit(p & ~g, j) { extraCodes.append($0) }
                forEachBit(g & ~p, j) { missedCodes.append($0) }
            }
            for code in extraCodes {
                perDoc[(doc * codeCount + code) * 3 + 1] += 1
                let row = code * (codeCount + 1)
                if missedCodes.isEmpty { confusion[row + codeCount] += 1 } else { for g in missedCodes { confusion[row + g] += 1 } }
                if fpByCode[code] < settings.errorLimit {
                    fpByCode[code] += 1
                    errors.append(unitExample(.falsePositive, units: units, unit: u, code: code, projection: projection))
                }
            }
            for code in missedCodes {
                perDoc[(doc * codeCount + code) * 3 + 2] += 1
                if fnByCode[code] < settings.errorLimit {
                    fnByCode[code] += 1
                    errors.append(unitExample(.falseNegative, units: units, unit: u, code: code, projection: projection))
                }
            }
        }
        if r == 2 { codeStats2 = codeStatsAll }
        codes = scopeCodes(in: unitDocs ?? docs)
        let alphas = SetAlpha.alpha(masks: masks, present: present, units: count, words: w,
                                    distances: [.masi, .jaccard, .identity], settings.zeroDivision)
        setAlphas = (alphas[0], alphas[1], alphas[2])
    }

    @inline(__always) private func forEachBit(_ word: UInt64, _ wordIndex: Int, _ body: (Int) -> Void) {
        var bits = word
        while bits != 0 {
            let b = bits.trailingZeroBitCount
            body(wordIndex * 64 + b)
            bits &= bits - 1
        }
    }

    // MARK: examples

    private func source(set: Int, row: Int32) -> String {
        sets[set].location(ofRow: Int(row)).description
    }

    private func evidence(set: Int, pair: SpanPair) -> [String] {
        guard let lists = sets[set].evidence[Int(pair.row)], Int(pair.slot) < lists.count else { return [] }
        return lists[Int(pair.slot)].map { e in
            (e.rule.map { "\(e.term) (\($0))" } ?? e.term) + " @\(e.range.start)-\(e.range.end)"
        }
    }

    private func example(_ kind: EvalReport.ErrorExample.Kind, set: Int, pair: SpanPair, range: TextRange?) -> EvalReport.ErrorExample {
        let text = corpus.slice(pair.doc, Int(pair.start), Int(pair.end)) ?? sets[set].text(ofRow: Int(pair.row))
        return EvalReport.ErrorExample(kind: kind, code: vocabulary.codes[pair.code], doc: vocabulary.docs[pair.doc],
                                       range: TextRange(start: Int(pair.start), end: Int(pair.end)), text: text,
                                       evidence: kind == .falsePositive ? evidence(set: set, pair: pair) : [],
                                       source: source(set: set, row: pair.row))
    }

    private func unitExample(_ kind: EvalReport.ErrorExample.Kind, units: UnitTable, unit u: Int, code: Int,
                             projection: UnitProjection) -> EvalReport.ErrorExample {
        let doc = units.docs[u]
        let set = kind == .falsePositive ? 1 : 0
        // The spans of this code that put it on the unit: their evidence and input lines.
        let pairs = tables[set].pairs
        let key = SpanPair.key(doc, Int32(code))
        var lo = 0, hi = pairs.count
        while lo < hi { let mid = (lo + hi) / 2; if pairs[mid].docCode < key { lo = mid + 1 } else { hi = mid } }
        var evidenceList: [String] = []
        var sources: [String] = []
        var k = lo
        while k < pairs.count, pairs[k].docCode == key, pairs[k].start < units.ends[u] {
            var lands = false
            projection.forEachUnit(overlapping: pairs[k]) { if $0 == u { lands = true } }
            if lands {
                evidenceList += evidence(set: set, pair: pairs[k])
                if sources.count < 3 { sources.append(source(set: set, row: pairs[k].row)) }
            }
            k += 1
        }
        var end = Int(units.ends[u])
        if corpus.length(doc) >= 0 { end = min(end, corpus.length(doc)) }
        let range = TextRange(start: Int(units.starts[u]), end: max(Int(units.starts[u]), end))
        let text = units.texts[u] ?? corpus.slice(doc, range.start, range.end)
        return EvalReport.ErrorExample(kind: kind, code: vocabulary.codes[Int32(code)], doc: vocabulary.docs[doc], range: range,
                                       text: text, evidence: evidenceList, source: sources.isEmpty ? nil : sources.joined(separator: ", "))
    }

    // MARK: summaries

    func counts(of code: Int, in docs: [Int32]) -> Counts {
        var c = Counts()
        for doc in docs {
            let base = (Int(doc) * codeCount + code) * 3
            c.tp += Int(perDoc[base]); c.fp += Int(perDoc[base + 1]); c.fn += Int(perDoc[base + 2])
        }
        return c
    }

    func summary(_ perCode: [Counts]) -> EvalReport.Summary {
        let z = settings.zeroDivision
        return EvalReport.Summary(counts: perCode.reduce(Counts(), +), micro: PRF.micro(perCode, z), macro: PRF.macro(perCode, z),
                                  microF1Interval: nil, macroF1Interval: nil, codesAveraged: perCode.filter { !$0.isEmpty }.count)
    }

    func finish(into report: inout EvalReport, groupFields: [String], roles: [String]) {
        let z = settings.zeroDivision
        let perCodeCounts = codes.map { counts(of: $0, in: docs) }
        let sample = unitDocs ?? docs
        report.scoredDocuments = sample.count
        report.resampledDocuments = settings.bootstrap > 0 && sample.count < report.documents ? sample.count : nil
        let intervals = Bootstrap.intervals(perDoc: perDoc, codeCount: codeCount, docs: sample, codes: codes,
                                            replicates: settings.bootstrap, seed: settings.seed, z)
        let unitMode = setAlphas != nil  // also with no code in any file: the agreement then takes the zero-division value
        report.perCode = codes.indices.map { j in
            let code = codes[j]
            return EvalReport.CodeRow(code: vocabulary.codes[Int32(code)], counts: perCodeCounts[j], scores: PRF(perCodeCounts[j], z),
                                      f1Interval: intervals.perCode[j],
                                      kappa: unitMode ? codeStats2[code].cohenKappa(z) : nil,
                                      alpha: unitMode ? codeStats2[code].krippendorffAlpha(z) : nil)
        }
        var total = summary(perCodeCounts)
        total.microF1Interval = intervals.micro
        total.macroF1Interval = intervals.macro
        report.summary = total

        if unitMode {
            var pooled = CellStats(coders: 2)
            for code in codes { pooled += codeStats2[code] }
            var multi: EvalReport.MultiCoder?
            if sets.count > 2 {
                // Every code any coder set on a scored unit: one coder's false positives are part of the
                // disagreement even when no other coder uses that code.
                var used = Set(allowed ?? [])
                for code in 0..<codeCount where codeStatsAll[code].hasOnes { used.insert(Int32(code)) }
                let allCodes = sorted(used)
                var all = CellStats(coders: sets.count)
                for code in allCodes { all += codeStatsAll[code] }
                multi = EvalReport.MultiCoder(
                    coders: sets.map(\.name), completeCells: Int(all.complete),
                    fleissKappa: all.fleissKappa(z), hubertKappa: all.hubertKappa(z), randolphKappa: all.randolphKappa(z),
                    gwetAC1: all.multiAC1(z), alphaComplete: all.krippendorffAlpha(z, completeOnly: true), alpha: all.krippendorffAlpha(z),
                    perCodeAlpha: Dictionary(uniqueKeysWithValues: allCodes.map { (vocabulary.codes[Int32($0)], codeStatsAll[$0].krippendorffAlpha(z)) }),
                    perCodeFleiss: Dictionary(uniqueKeysWithValues: allCodes.map { (vocabulary.codes[Int32($0)], codeStatsAll[$0].fleissKappa(z)) }))
            }
            report.agreement = EvalReport.Agreement(
                cells: Int(pooled.pair.reduce(0, +)), percent: pooled.percentAgreement(z), cohenKappa: pooled.cohenKappa(z),
                scottPi: pooled.scottPi(z), bennettS: pooled.bennettS(z), gwetAC1: pooled.gwetAC1(z), alpha: pooled.krippendorffAlpha(z),
                alphaMASI: setAlphas?.masi ?? .nan, alphaJaccard: setAlphas?.jaccard ?? .nan, alphaSetIdentity: setAlphas?.identity ?? .nan,
                multi: multi)
            for k in 2..<max(2, sets.count) {
                // Gold against this coder on the units both coded, with the codes either set there: the
                // numbers this coder would get passed as --pred (restricted to the documents it coded).
                var used = Set(allowed ?? [])
                for code in 0..<codeCount where !pairwiseCounts[k][code].isEmpty { used.insert(Int32(code)) }
                let coderCodes = sorted(used)
                var pooledK = CellStats(coders: 2)
                for code in coderCodes { pooledK += pairwiseStats[k][code] }
                report.pairwise.append(EvalReport.Pairwise(
                    coder: sets[k].name, summary: summary(coderCodes.map { pairwiseCounts[k][$0] }),
                    kappa: pooledK.cohenKappa(z), alpha: pooledK.krippendorffAlpha(z),
                    perCodeKappa: Dictionary(uniqueKeysWithValues: coderCodes.map { (vocabulary.codes[Int32($0)], pairwiseStats[k][$0].cohenKappa(z)) })))
            }
        }

        for field in groupFields {
            var byValue: [String: [Int32]] = [:]
            for doc in sample { byValue[corpus.value(of: field, for: doc) ?? "(none)", default: []].append(doc) }
            for value in byValue.keys.sorted() {
                let groupDocs = byValue[value]!
                // Macro-F1 averages the codes the subset's gold or predictions set (and the code list), as
                // scikit-learn's default labels do on the subset alone. Kappa and alpha keep the
                // comparison's cells, every code of it: the groups' tables then add up to the overall one,
                // and their coefficients share one basis (a code absent from a group is agreement there, as
                // selecting the group's rows of the unit × code matrix leaves every column).
                let groupCodes = scopeCodes(in: groupDocs)
                let groupCounts = groupCodes.map { counts(of: $0, in: groupDocs) }
                var group = EvalReport.Group(field: field, value: value, documents: groupDocs.count,
                                             summary: summary(groupCounts), kappa: nil, alpha: nil)
                if unitMode {
                    let total = groupCounts.reduce(Counts(), +)
                    let cells = Double(groupDocs.reduce(0) { $0 + Int(unitsPerDoc[Int($1)]) } * codes.count)
                    // n00, n01 (predicted only), n10 (gold only), n11.
                    let stats = CellStats(pairTable: [cells - Double(total.tp + total.fp + total.fn), Double(total.fp), Double(total.fn), Double(total.tp)])
                    group.kappa = stats.cohenKappa(z)
                    group.alpha = stats.krippendorffAlpha(z)
                }
                report.groups.append(group)
            }
        }

        for p in 0..<codeCount {
            for g in 0...codeCount where confusion[p * (codeCount + 1) + g] > 0 {
                report.confusion.append(EvalReport.Confusion(predicted: vocabulary.codes[Int32(p)],
                                                             gold: g == codeCount ? "(none)" : vocabulary.codes[Int32(g)],
                                                             count: confusion[p * (codeCount + 1) + g]))
            }
        }
        report.confusion.sort { ($0.count, $1.predicted, $1.gold) > ($1.count, $0.predicted, $0.gold) }
        report.errors = errors.sorted { ($0.code, $0.kind.rawValue, $0.doc, $0.range.start) < ($1.code, $1.kind.rawValue, $1.doc, $1.range.start) }
    }
}

extension Evaluator {
    /// Every code outside `allowed` per input, with its span count and first line, in input order and
    /// then by first line. All rows count, also those left out of scoring for another reason.
    /// - Complexity: O(p) for p (span, code) pairs of all inputs.
    static func unlistedCodes(_ sets: [AnnotationSet], roles: [String], allowed: Set<Int32>,
                              vocabulary: Vocabulary) -> [EvalReport.UnlistedCode] {
        var result: [EvalReport.UnlistedCode] = []
        for (set, role) in zip(sets, roles) {
            var found: [Int32: (spans: Int, firstLine: Int, firstRow: Int)] = [:]
            for row in 0..<set.count {
                for code in set.codes(ofRow: row) where !allowed.contains(code) {
                    let line = Int(set.lines[row])
                    if let seen = found[code] {
                        found[code] = line < seen.firstLine ? (seen.spans + 1, line, row) : (seen.spans + 1, seen.firstLine, seen.firstRow)
                    } else {
                        found[code] = (1, line, row)
                    }
                }
            }
            result += found.map { code, seen in
                // A row without a line (Label Studio) is named by its place: task and result.
                EvalReport.UnlistedCode(role: role, file: set.name, code: vocabulary.codes[code], spans: seen.spans, firstLine: seen.firstLine,
                                        firstPlace: seen.firstLine > 0 ? nil : set.location(ofRow: seen.firstRow).description)
            }.sorted { ($0.firstLine, $0.code) < ($1.firstLine, $1.code) }
        }
        return result
    }
}
