import SpanCoderCore

/// Which documents the inputs hold against the documents scored: the checks that refuse an evaluation
/// in which two of them share no document (wrong files, another id scheme, another corpus, an empty
/// file), the counts the notes and the report give when they share only some.
///
/// An input *holds* a document when it has a line or record for it (`AnnotationSet.codedDocs`), valid
/// or not: a span file whose ids are all unknown still holds them, which is what a user comparing the
/// two files needs to see.
struct DocumentCoverage {
    let vocabulary: Vocabulary
    let corpus: EvalCorpus
    /// The scored documents, in evaluation order, and as a set.
    let scope: [Int32]
    let scored: Set<Int32>
    let rule: EvalReport.Scope

    init(vocabulary: Vocabulary, corpus: EvalCorpus, scope: [Int32], rule: EvalReport.Scope) {
        self.vocabulary = vocabulary
        self.corpus = corpus
        self.scope = scope
        self.scored = Set(scope)
        self.rule = rule
    }

    /// One side of a comparison: its role ("gold", "pred", "coder1", "the units", "the texts"), how it
    /// is named in messages ("gold (labels.jsonl)") and the documents it holds.
    struct Side {
        var role: String
        var label: String
        var docs: Set<Int32>
        /// Problems reading it (malformed lines), to say why a file holds no document.
        var readingFindings: [Diagnostic] = []
    }

    /// The counts of `EvalReport.Input` for an annotation set.
    func counts(_ set: AnnotationSet) -> EvalReport.DocumentCounts {
        let docs = set.codedDocs ?? set.documentsWithRows
        let missing = set.codedDocs.map { held in scope.reduce(0) { $0 + (held.contains($1) ? 0 : 1) } } ?? 0
        return EvalReport.DocumentCounts(documents: docs.count, notScored: docs.reduce(0) { $0 + (scored.contains($1) ? 0 : 1) },
                                         missing: missing, scoped: scope.count)
    }

    /// Why `doc`, which is not scored, is not: not among the texts, or (by the scope's rule) without a
    /// line in the gold or without units.
    func reason(_ doc: Int32) -> String {
        if corpus.hasTexts && corpus.text(doc) == nil { return "not among the texts" }
        switch rule {
        case .units: return "without units"
        case .gold: return "without a line in the gold"
        case .all: return "not scored"
        }
    }

    /// "(x, y, z, …: not among the texts)" or "(x, y, z, …: 2 not among the texts, 1 without units)"
    /// for documents that are not scored.
    func reasons(_ docs: Set<Int32>) -> String {
        var byReason: [String: Int] = [:]
        for doc in docs { byReason[reason(doc), default: 0] += 1 }
        let order = ["not among the texts", "without a line in the gold", "without units", "not scored"]
        let why = byReason.count == 1 ? byReason.keys.first!
            : order.compactMap { key in byReason[key].map { "\($0) \(key)" } }.joined(separator: ", ")
        return "(\(Self.examples(docs, vocabulary)): \(why))"
    }

    /// Up to three ids of `docs` in id order, then "…" when there are more: the same ids whatever the
    /// order of the inputs' lines.
    static func examples(_ docs: Set<Int32>, _ vocabulary: Vocabulary) -> String {
        let ids = docs.map { vocabulary.docs[$0] }.sorted()
        return ids.prefix(3).joined(separator: ", ") + (ids.count > 3 ? ", …" : "")
    }

    static func documents(_ n: Int) -> String { n == 1 ? "1 document" : "\(n) documents" }

    /// "gold (labels.jsonl): 4 documents (a, b, c, …)", or "…: 0 documents".
    func describe(_ side: Side) -> String {
        "\(side.label): \(Self.documents(side.docs.count))" + (side.docs.isEmpty ? "" : " (\(Self.examples(side.docs, vocabulary)))")
    }

    /// Throws when `checked` (the documents `first` or `second` holds) has none of the scored documents,
    /// naming both sides, their document counts and a few ids of each. The gold is checked against the
    /// texts or units it is compared with (its documents are scored); predictions and coders against
    /// the gold (a scored document they hold is compared with the gold's codes, which in units or texts
    /// scope may be none).
    /// - Parameters:
    ///   - ifEmpty: what to add when a side holds no document at all (an empty file);
    ///   - ifDisjoint: what to add to the advice when both hold documents, none of them shared.
    func requireScoredDocument(in checked: Set<Int32>, _ first: Side, _ second: Side, ifEmpty: String = "", ifDisjoint: String = "") throws {
        guard !scope.contains(where: checked.contains) else { return }
        let shared = first.docs.intersection(second.docs)
        var message: String
        let empty = first.docs.isEmpty ? first : second.docs.isEmpty ? second : nil
        if let empty {
            message = "\(empty.role) holds no document"
        } else if shared.isEmpty {
            message = "\(first.role) and \(second.role) have no document in common"
        } else {
            message = "\(first.role) and \(second.role) have no scored document in common"
        }
        message += " — \(describe(first)); \(describe(second))"
        if !shared.isEmpty {
            message += "; \(shared.count == 1 ? "the one document both hold is" : "the \(shared.count) documents both hold are") not scored \(reasons(shared))"
        }
        message += "; nothing was scored"
        if let empty {
            if let finding = empty.readingFindings.first {
                let count = empty.readingFindings.count
                message += ". \(count) line\(count == 1 ? "" : "s") of it could not be read, the first: \(finding)"
            }
            message += ifEmpty
        } else {
            message += ". Check that the inputs belong together and name documents the same way" + (shared.isEmpty ? ifDisjoint : "")
        }
        throw SpanCoderError(.badInput, message)
    }

    /// The clause a partial-overlap note ends with: how many of the documents an input holds are not
    /// scored, and which ("3 of the 5 documents it holds are not scored (x, y, z: not among the texts)"),
    /// or that all are.
    func unscoredClause(_ docs: Set<Int32>) -> String {
        let unscored = docs.subtracting(scored)
        if unscored.isEmpty { return docs.count == 1 ? "the one document it holds is scored" : "all \(docs.count) documents it holds are scored" }
        return "\(unscored.count) of the \(Self.documents(docs.count)) it holds \(unscored.count == 1 ? "is" : "are") not scored \(reasons(unscored))"
    }
}
