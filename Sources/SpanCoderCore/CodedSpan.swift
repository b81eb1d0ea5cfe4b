/// Why a code was proposed: one lexicon term or rule that fired, and where.
public struct Evidence: Sendable, Hashable, Codable {
    /// The lexicon term as written in its file (wildcard included), or the rule's matched term.
    public var term: String
    /// The id of the rule that fired, when the evidence comes from a rule rather than a single term.
    public var rule: String?
    /// Where the term matched, in code points of the original text.
    public var range: TextRange

    public init(term: String, rule: String? = nil, range: TextRange) {
        self.term = term
        self.rule = rule
        self.range = range
    }
}

/// One code on one span: from a human coder (no score, no evidence) or from SpanCoder.
public struct CodeAssignment: Sendable, Hashable {
    public var code: String
    public var score: Double?
    public var evidence: [Evidence]

    public init(code: String, score: Double? = nil, evidence: [Evidence] = []) {
        self.code = code
        self.score = score
        self.evidence = evidence
    }
}

/// A span of a document with the codes it carries: the common currency of gold files, coders' files and
/// SpanCoder's proposals.
public struct CodedSpan: Sendable, Hashable {
    public var doc: String
    /// Code point offsets into the document's original text, half-open.
    public var range: TextRange
    /// The span's text, when the source carries it.
    public var text: String?
    public var codes: [CodeAssignment]
    /// An id from the source (a brat `T3`, a Label Studio result id, a gold unit number).
    public var id: String?

    public init(doc: String, range: TextRange, text: String? = nil, codes: [CodeAssignment], id: String? = nil) {
        self.doc = doc
        self.range = range
        self.text = text
        self.codes = codes
        self.id = id
    }

    /// The code ids on this span, in order.
    public var codeIDs: [String] { codes.map(\.code) }
}
