import SpanCoderCore
import SpanCoderText

/// One accepted match of a term pattern, in bytes of the normalized text.
public struct TermMatch: Sendable, Hashable, Comparable {
    /// Index of the pattern in `TermMatcher.patterns`.
    public var pattern: Int
    /// Normalized UTF-8 byte range; for a prefix term it covers the whole word.
    public var range: Range<Int>

    public init(pattern: Int, range: Range<Int>) {
        self.pattern = pattern
        self.range = range
    }

    public static func < (a: TermMatch, b: TermMatch) -> Bool {
        if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
        if a.range.upperBound != b.range.upperBound { return a.range.upperBound < b.range.upperBound }
        return a.pattern < b.pattern
    }
}

/// A place where a pattern's bytes occur, and whether it counts as a match (for `lexicon explain`).
public struct TermCandidate: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        /// A match.
        case accepted
        /// The text goes on with a word character before the match ("ai" inside "said").
        case leftEdge
        /// The text goes on with a word character after the match ("ai" inside "aim").
        case rightEdge
        /// Strictly inside a longer match (人工 inside 人工智能).
        case contained(in: TermMatch)
    }

    public var match: TermMatch
    public var status: Status
}

/// Finds lexicon terms in normalized text with one automaton pass, then applies SpanCoder's match
/// semantics:
///
/// 1. **Edges.** A term whose first (last) character is a word character (Latin, Greek or Cyrillic
///    letter, digit) matches only where the text's character before (after) it is not one:
///    "AI" matches in "AI safety", "(AI)" and "AI芯片", not in "said" or "AIM". Case, width and
///    Traditional/Simplified differences are removed by normalization before matching: "ＡＩ" and
///    "Ai" match "AI"; 人工智慧 matches 人工智能's normalized form.
/// 2. **Prefix wildcard.** `discriminat*`: the left edge is checked, and the match extends to the end
///    of the word, so "discriminatory" is one match covering the whole word.
/// 3. **Chinese** terms have no word-character edges: 人工智能 and 红队测试 match as character sequences
///    wherever they occur, whatever a word segmenter would do.
/// 4. **Containment.** A match strictly inside a longer match of any pattern is dropped: with patterns
///    人工 and 人工智能, the text 人工智能 yields only 人工智能; with "security" and "national
///    security", "national security" yields only the latter. Matches that overlap without nesting
///    both stay ("red team" and "team building" in "red team building"); matches with identical
///    ranges both stay.
///
/// No regular expressions: every pattern is a literal (plus a word extension), so matching is linear
/// in the text whatever the lexicon contains.
///
/// Immutable and safe to share between threads.
public final class TermMatcher: Sendable {
    public let patterns: [TermPattern]
    public let automaton: ByteAutomaton
    /// Per pattern: bit 0 checks the left edge, bit 1 the right edge, bit 2 is a prefix. Read per match
    /// instead of `patterns[i]`, whose copy would retain and release the pattern's string and bytes.
    private let flags: [UInt8]

    /// Compiles already compiled patterns into one automaton.
    public init(patterns: [TermPattern], options: ByteAutomaton.Options = ByteAutomaton.Options()) {
        self.patterns = patterns
        self.automaton = ByteAutomaton(patterns: patterns.map(\.normalized), options: options)
        self.flags = patterns.map { p in
            (p.checksLeftEdge ? 1 : 0) | (p.checksRightEdge ? 2 : 0) | (p.isPrefix ? 4 : 0)
        }
    }

    /// Compiles `terms` (as written in a lexicon). Throws `SpanCoderError(.badInput)` naming the first
    /// term that normalizes to nothing.
    public convenience init(terms: [String], normalizer: TextNormalizer = .shared(.matching), options: ByteAutomaton.Options = ByteAutomaton.Options()) throws {
        let compiled = TermPattern.compile(terms, normalizer: normalizer)
        var patterns: [TermPattern] = []
        patterns.reserveCapacity(terms.count)
        for (i, pattern) in compiled.enumerated() {
            guard let pattern else {
                throw SpanCoderError(.badInput, "term \(i + 1) \"\(terms[i])\" is empty after normalization (expected letters, digits or Chinese characters)")
            }
            patterns.append(pattern)
        }
        self.init(patterns: patterns, options: options)
    }

    /// The accepted matches in `text`, sorted by start, then end, then pattern.
    ///
    /// - Complexity: O(n + z log z) for n normalized bytes and z raw matches.
    public func matches(in text: NormalizedText) -> [TermMatch] {
        text.utf8.withUnsafeBufferPointer { matches(inNormalized: $0) }
    }

    /// The accepted matches in normalized UTF-8 `bytes` (see `matches(in:)`).
    public func matches(inNormalized bytes: UnsafeBufferPointer<UInt8>) -> [TermMatch] {
        let found = edgeChecked(bytes, rejected: nil)
        return suppressContained(found, contained: nil)
    }

    /// The accepted matches in `text` among those `keep` admits: `keep` sees every edge-checked match
    /// before containment is decided, so a match it drops suppresses nothing. The classifier drops
    /// matches that cross a span boundary this way ("national⏎security" across two sentences neither
    /// counts nor hides the "security" of the second sentence).
    public func matches(in text: NormalizedText, where keep: (TermMatch) -> Bool) -> [TermMatch] {
        text.utf8.withUnsafeBufferPointer { bytes in
            var found = edgeChecked(bytes, rejected: nil)
            found.removeAll { !keep($0) }
            return suppressContained(found, contained: nil)
        }
    }

    /// The matches that pass the edge rules (prefix matches extended), before containment, in the
    /// order the automaton reports them. With `uncontained(_:)` this is `matches(in:)` in two steps,
    /// for callers that filter or annotate matches in between.
    public func edgeCheckedMatches(in text: NormalizedText) -> [TermMatch] {
        text.utf8.withUnsafeBufferPointer { edgeChecked($0, rejected: nil) }
    }

    /// Indices of the matches of `found` that are not strictly inside another match of `found`,
    /// ordered by start, then end, then pattern (see the containment rule above).
    ///
    /// - Complexity: O(z) when the ends of `found` do not decrease (the order `edgeCheckedMatches`
    ///   gives unless a prefix term's extension moved an end), else O(z log z).
    public func uncontained(_ found: [TermMatch]) -> [Int] {
        TermMatcher.uncontained(found, contained: nil)
    }

    /// The containment rule, once for `uncontained(_:)` and `matches(in:)`: the indices of the matches
    /// of `found` not strictly inside another, in `TermMatch` order; `contained` sees each dropped
    /// match's index with the index of a longer match around it. Without `contained`, matches in the
    /// automaton's end order take one pass (`uncontainedInEndOrder`); others are sorted first.
    static func uncontained(_ found: [TermMatch], contained: ((_ match: Int, _ witness: Int) -> Void)?) -> [Int] {
        if contained == nil, let kept = uncontainedInEndOrder(found) { return kept }
        return uncontainedBySorting(found, contained: contained)
    }

    /// `uncontained(_:contained:)` without a sort, when the ends of `found` do not decrease, as the
    /// automaton reports them and as they stay after the edge rules unless a prefix term's word
    /// extension moved an end past a later match's; nil when they do.
    ///
    /// Why: sorting the matches by start was a twentieth of `tag`'s English pass. In end order a match
    /// is strictly inside another exactly when a match with a larger end starts at or before it, or one
    /// with the same end starts before it: one pass from the last end down, keeping the smallest start
    /// seen, decides every match. What is kept never nests, so its end order is its start order, and
    /// the pass's reverse is the `TermMatch` order (equal ranges put in pattern order). Matches with
    /// one end may come in any order (a prefix term extended to the end of a word comes before the
    /// longer term that ends there too).
    /// - Complexity: O(z) for z matches (plus the insertion of equal ranges by pattern).
    static func uncontainedInEndOrder(_ found: [TermMatch]) -> [Int]? {
        found.withUnsafeBufferPointer { found -> [Int]? in
            let n = found.count
            var i = 1
            while i < n {
                if found[i - 1].range.upperBound > found[i].range.upperBound { return nil }
                i += 1
            }
            var kept: [Int] = []
            kept.reserveCapacity(n)
            var smallestStart = Int.max  // over the matches with a larger end than the current group's
            var high = n
            while high > 0 {
                // The group of matches with one end: found[low..<high]; its longest are kept if no match
                // with a larger end starts at or before them.
                let end = found[high - 1].range.upperBound
                var low = high - 1
                var start = found[low].range.lowerBound
                while low > 0 && found[low - 1].range.upperBound == end {
                    low -= 1
                    start = min(start, found[low].range.lowerBound)
                }
                if start < smallestStart {
                    // In descending pattern order, reversed with the rest below.
                    let first = kept.count
                    for k in (low..<high).reversed() where found[k].range.lowerBound == start {
                        let pattern = found[k].pattern
                        var slot = kept.count
                        kept.append(k)
                        while slot > first && found[kept[slot - 1]].pattern < pattern {
                            kept[slot] = kept[slot - 1]
                            slot -= 1
                        }
                        kept[slot] = k
                    }
                    smallestStart = start
                }
                high = low
            }
            kept.reverse()
            return kept
        }
    }

    /// `uncontained(_:contained:)` for matches in any order: sorted by start, then walked.
    ///
    /// Ordered by start, then end descending, a match is strictly contained exactly when an earlier
    /// match with a different range reaches at least as far (the one reaching furthest is the
    /// witness). What is kept never nests, so two kept matches with the same start have the same end,
    /// and the kept indices are already in `TermMatch` order (start, end, pattern).
    static func uncontainedBySorting(_ found: [TermMatch], contained: ((_ match: Int, _ witness: Int) -> Void)?) -> [Int] {
        let order = byStartThenLongest(found)
        var kept: [Int] = []
        kept.reserveCapacity(found.count)
        var furthest = -1  // index into `found` of the earlier match with the largest end
        var i = 0
        while i < order.count {
            let range = found[order[i]].range
            var j = i + 1
            while j < order.count && found[order[j]].range == range { j += 1 }
            if furthest >= 0 && found[furthest].range.upperBound >= range.upperBound {
                if let contained { for k in i..<j { contained(order[k], furthest) } }
            } else {
                // Element by element: appending the slice `order[i..<j]` retained and released the
                // array's storage for every match.
                for k in i..<j { kept.append(order[k]) }
            }
            if furthest < 0 || range.upperBound > found[furthest].range.upperBound { furthest = order[i] }
            i = j
        }
        return kept
    }

    /// Indices of `found` ordered by start, then end descending, then pattern. The matches come in
    /// order of their end, so this is a sort of nearly sorted integers: packed as start, inverted
    /// length and index in one `UInt64` when they fit (no comparison closure reading the matches),
    /// with the rare runs of one range put in pattern order afterwards.
    static func byStartThenLongest(_ found: [TermMatch]) -> [Int] {
        var keys: [UInt64] = []
        if found.count < 1 << 20 {
            keys.reserveCapacity(found.count)
            for (k, match) in found.enumerated() {
                let range = match.range
                guard range.lowerBound >= 0 && range.lowerBound < 1 << 28 && range.count < 1 << 16 else { break }
                keys.append(UInt64(range.lowerBound) << 36 | UInt64(0xFFFF - range.count) << 20 | UInt64(k))
            }
        }
        guard keys.count == found.count else {
            return found.indices.sorted { x, y in
                let a = found[x].range
                let b = found[y].range
                if a.lowerBound != b.lowerBound { return a.lowerBound < b.lowerBound }
                if a.upperBound != b.upperBound { return a.upperBound > b.upperBound }
                return found[x].pattern < found[y].pattern
            }
        }
        PackedKeys.sortNearlySorted(&keys)
        var order = keys.map { Int($0 & 0xF_FFFF) }
        var i = 0
        while i < order.count {
            var j = i + 1
            while j < order.count && keys[j] >> 20 == keys[i] >> 20 { j += 1 }
            // A run of one range (a term in several patterns) is short: insertion by pattern, where
            // the standard sort's setup cost more than the sorting.
            var k = i + 1
            while k < j {
                let index = order[k]
                var l = k
                while l > i && found[order[l - 1]].pattern > found[index].pattern {
                    order[l] = order[l - 1]
                    l -= 1
                }
                order[l] = index
                k += 1
            }
            i = j
        }
        return order
    }

    /// Every place a pattern's bytes occur in `text`, with the reason it was rejected if it was, sorted
    /// like `matches(in:)`.
    public func candidates(in text: NormalizedText) -> [TermCandidate] {
        text.utf8.withUnsafeBufferPointer { bytes in
            var rejected: [TermCandidate] = []
            let found = edgeChecked(bytes, rejected: &rejected)
            var contained: [TermCandidate] = []
            let accepted = suppressContained(found, contained: &contained)
            var all = rejected + contained + accepted.map { TermCandidate(match: $0, status: .accepted) }
            all.sort { $0.match < $1.match }
            return all
        }
    }

    // MARK: - Semantics

    private func edgeChecked(_ bytes: UnsafeBufferPointer<UInt8>, rejected: UnsafeMutablePointer<[TermCandidate]>?) -> [TermMatch] {
        var found: [TermMatch] = []
        // Room for a match every 32 bytes (policy text has one every 25 or so): most documents then
        // fill the array without copying it as it grows.
        found.reserveCapacity(min(bytes.count / 32, 1 << 20))
        flags.withUnsafeBufferPointer { flags in
            automaton.forEachMatch(in: bytes) { raw in
                let (match, status) = TermMatcher.edgeCheck(raw, flag: flags[raw.pattern], in: bytes)
                if status == .accepted {
                    found.append(match)
                } else {
                    rejected?.pointee.append(TermCandidate(match: match, status: status))
                }
            }
        }
        return found
    }

    /// `edgeCheckedMatches(in:)` of each of `texts`, in the same order: the texts under
    /// `ByteAutomaton.interleaveThreshold` bytes are joined (`ByteAutomaton.JoinedTexts`) and scanned as
    /// one text (`ByteAutomaton.forEachMatch(inJoined:_:finished:)`), where each alone would be scanned
    /// in one latency-bound stream; the others one by one.
    ///
    /// - Complexity: O(n + z log z) for n normalized bytes in all and z raw matches.
    public func edgeCheckedMatches(inEach texts: [NormalizedText]) -> [[TermMatch]] {
        var results = [[TermMatch]](repeating: [], count: texts.count)
        var short: [Int] = []
        var joinedCount = 0
        for k in texts.indices {
            if texts[k].utf8.count >= ByteAutomaton.interleaveThreshold || automaton.separator == nil {
                results[k] = texts[k].utf8.withUnsafeBufferPointer { edgeChecked($0, rejected: nil) }
            } else {
                short.append(k)
                joinedCount += texts[k].utf8.count + 1
            }
        }
        guard !short.isEmpty, var joined = automaton.joinedTexts(byteCapacity: joinedCount, textCapacity: short.count) else {
            return results
        }
        for k in short { texts[k].utf8.withUnsafeBufferPointer { joined.append($0) } }
        joined.bytes.withUnsafeBufferPointer { all in
            var found: [TermMatch] = []
            var text = UnsafeBufferPointer(rebasing: all[joined.range(of: 0)])
            flags.withUnsafeBufferPointer { flags in
                automaton.forEachMatch(inJoined: joined, { _, raw in
                    let (match, status) = TermMatcher.edgeCheck(raw, flag: flags[raw.pattern], in: text)
                    guard status == .accepted else { return }
                    // Room as in `edgeChecked`, made at the text's first match: growing from empty
                    // reallocated a few times per text.
                    if found.capacity == 0 { found.reserveCapacity(max(4, text.count / 32)) }
                    found.append(match)
                }, finished: { j in
                    // A text's matches come together, before its `finished`; texts finish in order.
                    results[short[j]] = found
                    found = []
                    if j + 1 < short.count { text = UnsafeBufferPointer(rebasing: all[joined.range(of: j + 1)]) }
                })
            }
        }
        return results
    }

    /// The edge rules applied to one automaton match in `bytes`: the match (for a prefix term, extended to
    /// the end of its word) and whether it is accepted or on which side a word character rejects it.
    /// `flag`: the pattern's bits in `flags`.
    @inline(__always)
    private static func edgeCheck(_ raw: ByteAutomaton.Match, flag: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> (TermMatch, TermCandidate.Status) {
        let start = raw.range.lowerBound
        var end = raw.range.upperBound
        if flag & 1 != 0, let before = WordCharacters.scalar(before: start, in: bytes), WordCharacters.isWord(before) {
            return (TermMatch(pattern: raw.pattern, range: raw.range), .leftEdge)
        }
        if flag & 4 != 0 {
            while end < bytes.count {
                let (value, length) = WordCharacters.decode(bytes, at: end)
                if !WordCharacters.isWord(value) { break }
                end += length
            }
        } else if flag & 2 != 0, let after = WordCharacters.scalar(at: end, in: bytes), WordCharacters.isWord(after) {
            return (TermMatch(pattern: raw.pattern, range: raw.range), .rightEdge)
        }
        return (TermMatch(pattern: raw.pattern, range: start..<end), .accepted)
    }

    /// Drops matches strictly inside a longer match (`uncontained(_:contained:)`), reporting them
    /// to `contained` when it is given.
    private func suppressContained(_ found: [TermMatch], contained: UnsafeMutablePointer<[TermCandidate]>?) -> [TermMatch] {
        let kept = TermMatcher.uncontained(found, contained: contained.map { list in
            { match, witness in list.pointee.append(TermCandidate(match: found[match], status: .contained(in: found[witness]))) }
        })
        return kept.map { found[$0] }
    }
}
