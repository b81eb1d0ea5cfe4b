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
