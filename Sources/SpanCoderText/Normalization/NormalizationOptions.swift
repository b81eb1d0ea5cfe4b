/// How text and lexicon terms are normalized before matching. Documents and patterns must pass through
/// the same options, or they will not meet.
public struct NormalizationOptions: Sendable, Hashable {
    /// What happens to runs of white space (including line breaks and ideographic spaces).
    public enum Whitespace: Sendable, Hashable {
        /// Keep every white-space character (after NFKC, so U+3000 becomes a space).
        case keep
        /// Turn each run of white space into one ASCII space: "red\n  teaming" matches "red teaming".
        case collapse
        /// Drop white space entirely: for anchoring quotes whose line breaks differ from the document.
        case remove
    }

    /// Map Traditional Chinese characters to Simplified (ICU "Traditional-Simplified", per character).
    public var traditionalToSimplified: Bool
    public var whitespace: Whitespace
    /// Fold typographic punctuation to ASCII: ‘’‚‛′ → ', “”„‟″ → ", ‐‑‒–—―− → -.
    public var foldPunctuation: Bool
    /// Drop white space (line breaks included) between two Han ideographs, where `whitespace` would
    /// collapse it. Chinese writes no spaces between words, so one there is an artefact: a line broken by
    /// PDF extraction (个人信\n息), letter-spaced text (个 人 信 息), a space typed inside a term. Kana and
    /// Hangul are not Han: Korean separates its words with spaces.
    public var joinHanAcrossWhitespace: Bool

    public init(traditionalToSimplified: Bool = false, whitespace: Whitespace = .collapse, foldPunctuation: Bool = true,
                joinHanAcrossWhitespace: Bool = false) {
        self.traditionalToSimplified = traditionalToSimplified
        self.whitespace = whitespace
        self.foldPunctuation = foldPunctuation
        self.joinHanAcrossWhitespace = joinHanAcrossWhitespace
    }

    /// The options SpanCoder matches with by default: NFKC, case folding, width folding, collapsed white
    /// space (none between Han ideographs), folded punctuation, Traditional → Simplified.
    public static let matching = NormalizationOptions(traditionalToSimplified: true, whitespace: .collapse, foldPunctuation: true,
                                                      joinHanAcrossWhitespace: true)
}
