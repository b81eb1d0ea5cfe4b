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

    public init(traditionalToSimplified: Bool = false, whitespace: Whitespace = .collapse, foldPunctuation: Bool = true) {
        self.traditionalToSimplified = traditionalToSimplified
        self.whitespace = whitespace
        self.foldPunctuation = foldPunctuation
    }

    /// The options SpanCoder matches with by default: NFKC, case folding, width folding, collapsed white
    /// space, folded punctuation, Traditional → Simplified.
    public static let matching = NormalizationOptions(traditionalToSimplified: true, whitespace: .collapse, foldPunctuation: true)
}
