import SpanCoderCore
import SpanCoderText

/// A lexicon term compiled for matching: its normalized bytes and the edge rules that apply to it.
///
/// - `"AI"` → bytes `ai`, edges checked on both sides (its first and last characters are Latin
///   letters), so it matches "AI", "ＡＩ", "ai芯片", "(AI)" but not "said" or "AIM".
/// - `"discriminat*"` → prefix `discriminat`: the left edge is checked and the match extends to the
///   end of the word ("discriminatory", "discrimination").
/// - `"人工智能"` → no edge checks: Chinese terms match as character sequences anywhere.
/// - `"5G"` → edges checked (digits are word characters): not inside "15G".
public struct TermPattern: Sendable, Hashable {
    /// The term as written (wildcard included).
    public let term: String
    /// The normalized term (without wildcard) in UTF-8: what the automaton looks for.
    public let normalized: [UInt8]
    /// Whether the term ends with `*`: the match extends over the rest of the word.
    public let isPrefix: Bool
    /// Whether the character before a match must not be a word character.
    public let checksLeftEdge: Bool
    /// Whether the character after a match must not be a word character (never for prefixes).
    public let checksRightEdge: Bool

    /// Compiles one term. Throws `SpanCoderError(.badInput)` when it normalizes to nothing.
    public init(_ term: String, normalizer: TextNormalizer = .shared(.matching)) throws {
        guard let pattern = TermPattern.compile([term], normalizer: normalizer)[0] else {
            throw SpanCoderError(.badInput, "lexicon term \"\(term)\" is empty after normalization (expected letters, digits or Chinese characters)")
        }
        self = pattern
    }

    init(term: String, normalized: [UInt8], isPrefix: Bool) {
        self.term = term
        self.normalized = normalized
        self.isPrefix = isPrefix
        let bytes = normalized
        let (first, last) = bytes.withUnsafeBufferPointer { buffer in
            (WordCharacters.scalar(at: 0, in: buffer), WordCharacters.scalar(before: buffer.count, in: buffer))
        }
        self.checksLeftEdge = first.map(WordCharacters.isWord) ?? false
        self.checksRightEdge = !isPrefix && (last.map(WordCharacters.isWord) ?? false)
    }

    /// The most compound hyphens a term may have for `dehyphenatedVariants()` to give variants: 2^h - 1
    /// variants for h hyphens, so at most 7 per term.
    public static let maxDehyphenatedHyphens = 3

    /// This pattern with some of its compound hyphens removed, for text whose normalization joined a
    /// word hyphenated at a line break (`NormalizationOptions.joinHyphenatedLineBreaks`): there
    /// "privacy-⏎enhancing" reads "privacyenhancing", which the term "privacy-enhancing" must match too.
    ///
    /// A compound hyphen is an ASCII hyphen between two ASCII letters of the normalized term (lowercase
    /// after case folding), the only hyphen that join removes. Every non-empty subset of them is
    /// removed in turn (a line break may fall at any of them): 2^h - 1 variants for h hyphens, none when
    /// the term has more than `maxHyphens`. Each variant keeps the term as written, the wildcard and the
    /// edge checks (a compound hyphen is never at an edge).
    public func dehyphenatedVariants(maxHyphens: Int = TermPattern.maxDehyphenatedHyphens) -> [TermPattern] {
        @inline(__always) func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        var hyphens: [Int] = []
        for k in normalized.indices.dropFirst().dropLast()
        where normalized[k] == 0x2D && isLetter(normalized[k - 1]) && isLetter(normalized[k + 1]) {
            hyphens.append(k)
        }
        guard !hyphens.isEmpty, hyphens.count <= maxHyphens else { return [] }
        var variants: [TermPattern] = []
        for subset in 1..<(1 << hyphens.count) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(normalized.count)
            var next = 0
            for (h, position) in hyphens.enumerated() where subset & (1 << h) != 0 {
                bytes.append(contentsOf: normalized[next..<position])
                next = position + 1
            }
            bytes.append(contentsOf: normalized[next...])
            variants.append(TermPattern(term: term, normalized: bytes, isPrefix: isPrefix))
        }
        return variants
    }

    /// Compiles many terms with one pass through the normalizer; nil for a term that normalizes to
    /// nothing (white space, a lone `*`, or a term containing U+0000).
    public static func compile(_ terms: [String], normalizer: TextNormalizer = .shared(.matching)) -> [TermPattern?] {
        var stems: [String] = []
        var prefix: [Bool] = []
        var valid: [Bool] = []
        stems.reserveCapacity(terms.count)
        for term in terms {
            var stem = Substring(term)
            while let last = stem.unicodeScalars.last, last.properties.isWhitespace { stem = stem.dropLast() }
            let isPrefix = stem.hasSuffix("*")
            if isPrefix { stem = stem.dropLast() }
            let ok = !stem.utf8.contains(0)
            stems.append(ok ? String(stem) : "")
            prefix.append(isPrefix)
            valid.append(ok)
        }
        // U+0000 is its own normalization boundary and passes through unchanged, so it separates the
        // terms in one normalizer call (which is much cheaper than a call per term).
        let joined = stems.joined(separator: "\u{0}")
        let bytes = normalizer.normalize(joined).utf8
        var pieces: [ArraySlice<UInt8>] = bytes.split(separator: 0, omittingEmptySubsequences: false)
        if pieces.count != terms.count {
            // Cannot happen with NFKC (U+0000 is stable); fall back to one call per term.
            pieces = stems.map { ArraySlice(normalizer.normalize($0).utf8) }
        }
        var result: [TermPattern?] = []
        result.reserveCapacity(terms.count)
        for i in 0..<terms.count {
            var piece = pieces[i]
            while let first = piece.first, first == 0x20 { piece = piece.dropFirst() }
            while let last = piece.last, last == 0x20 { piece = piece.dropLast() }
            if !valid[i] || piece.isEmpty {
                result.append(nil)
            } else {
                result.append(TermPattern(term: terms[i], normalized: Array(piece), isPrefix: prefix[i]))
            }
        }
        return result
    }
}
