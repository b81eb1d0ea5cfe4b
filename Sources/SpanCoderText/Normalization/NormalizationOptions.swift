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
    /// Join a word that a line break hyphenates: "Ro-⏎bustness" reads "robustness". Only an ASCII hyphen
    /// between an ASCII letter and a line break (white space around it aside) followed by an ASCII letter:
    /// - both letters lowercase: the hyphen goes too, since text extracted from PDFs breaks words at
    ///   syllables far more often than at a compound's own hyphen. A compound broken at its own hyphen
    ///   ("red-⏎teaming" → "redteaming") is matched by the lexicon side instead: a hyphenated term also
    ///   compiles its variants without the hyphens (`TermPattern.dehyphenatedVariants()`);
    /// - a capital on either side ("Privacy-⏎Enhancing Technologies", "AI-⏎enabled", "high-⏎Risk"): no
    ///   syllable break (no word is cut before a capital, and an acronym is whole), a compound: the hyphen
    ///   stays and only the line break and the spaces and tabs around it go, so "privacy-enhancing" and
    ///   "ai-enabled" (after case folding) match the terms as written;
    /// - three capitals before the hyphen and two after the break ("DECI-⏎SION", "AUTO-⏎MATED"): a word of a
    ///   text set in capitals, cut at a syllable as lowercase words are; the hyphen goes ("MACHINE-⏎BASED"
    ///   reads "machinebased", which a hyphenated term's variants match; "AI-⏎BASED" keeps it).
    /// A blank line between (two line breaks) joins nothing. The offset map is kept: the removed white
    /// space maps to nothing, each letter and the hyphen to its own byte.
    public var joinHyphenatedLineBreaks: Bool
    /// Read superscript and subscript characters (¹ ² ³, U+2070–U+209F: digits, signs, letters such as
    /// ⁿ and ₐ) as white space instead of NFKC's plain digits and letters, which would glue a footnote
    /// marker onto its word ("bias²" → "bias2", and `bias` no longer ends at a word edge). So
    /// "bias²" reads "bias ", "AI³ governance" reads "ai governance", and a marker between two Han
    /// ideographs is dropped (with `joinHanAcrossWhitespace`) as white space there is. The offset map
    /// is kept: the white space stands for the marker's characters.
    public var superscriptsSeparateWords: Bool

    public init(traditionalToSimplified: Bool = false, whitespace: Whitespace = .collapse, foldPunctuation: Bool = true,
                joinHanAcrossWhitespace: Bool = false, joinHyphenatedLineBreaks: Bool = false, superscriptsSeparateWords: Bool = false) {
        self.traditionalToSimplified = traditionalToSimplified
        self.whitespace = whitespace
        self.foldPunctuation = foldPunctuation
        self.joinHanAcrossWhitespace = joinHanAcrossWhitespace
        self.joinHyphenatedLineBreaks = joinHyphenatedLineBreaks
        self.superscriptsSeparateWords = superscriptsSeparateWords
    }

    /// The options SpanCoder matches with by default: NFKC, case folding, width folding, collapsed white
    /// space (none between Han ideographs), words hyphenated at a line break joined, superscripts and
    /// subscripts read as white space, folded punctuation, Traditional → Simplified.
    public static let matching = NormalizationOptions(traditionalToSimplified: true, whitespace: .collapse, foldPunctuation: true,
                                                      joinHanAcrossWhitespace: true, joinHyphenatedLineBreaks: true,
                                                      superscriptsSeparateWords: true)
}
