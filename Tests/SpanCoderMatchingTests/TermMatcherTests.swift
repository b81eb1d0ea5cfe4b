import Testing
import SpanCoderCore
import SpanCoderText
@testable import SpanCoderMatching

@Suite struct TermMatcherTests {
    let normalizer = TextNormalizer.shared(.matching)

    /// The original text each accepted match covers, in order.
    /// The automaton forms the term matcher must agree on: the DFA, the hybrid with only the root
    /// row dense, and the hybrid with a handful of dense rows (the dense/sparse boundary in the middle
    /// of short terms).
    static let automata: [ByteAutomaton.Options] = [
        .init(dfaMemoryBudget: 1 << 28),
        .init(dfaMemoryBudget: 0, denseRowBudget: 0),
        .init(dfaMemoryBudget: 0, denseRowBudget: 600),
    ]

    func matchedSlices(_ terms: [String], _ text: String, automaton: ByteAutomaton.Options = automata[0]) throws -> [String] {
        let matcher = try TermMatcher(terms: terms, options: automaton)
        let normalized = normalizer.normalize(text)
        let original = Array(text.utf8)
        let found = matcher.matches(in: normalized)
        let reference = ReferenceMatcher(patterns: matcher.patterns).matches(inNormalized: normalized.utf8)
        #expect(found == reference, "automaton and reference differ on \(text)")
        return found.map { match in
            String(decoding: original[normalized.originalUTF8Range(ofNormalized: match.range)], as: UTF8.self)
        }
    }

    static let cases: [(terms: [String], text: String, expected: [String])] = [
        // Latin edges, case and width folding; Han is not a word character.
        (["AI"], "AI said AIM (ai) ＡＩ, AI芯片 and 人工AI.", ["AI", "ai", "ＡＩ", "AI", "AI"]),
        (["5G"], "15G and 5G, 5Gs", ["5G"]),
        (["ai"], "aiα aiб αai ai", ["ai"]),
        // Prefix wildcard: left edge checked, match runs to the end of the word.
        (["discriminat*"], "Discriminatory pricing; nondiscrimination; discriminate. DISCRIMINAT", ["Discriminatory", "discriminate", "DISCRIMINAT"]),
        (["price*", "discriminat*"], "price discrimination, prices", ["price", "discrimination", "prices"]),
        // Chinese as character sequences, whatever a word breaker would say.
        (["人工智能", "红队测试"], "开展人工智能红队测试工作", ["人工智能", "红队测试"]),
        (["算法"], "演算法与算法推荐", ["算法", "算法"]),
        // Containment: the longer entry wins, standalone shorter matches stay.
        (["人工", "人工智能"], "人工智能与人工", ["人工智能", "人工"]),
        (["security", "national security"], "national security and cyber security", ["national security", "security"]),
        (["discriminat*", "algorithmic discrimination"], "algorithmic discrimination", ["algorithmic discrimination"]),
        // Overlapping but not nested: both stay.
        (["red team", "team building"], "red team building", ["red team", "team building"]),
        // Identical ranges from different entries both stay.
        (["AI", "ai"], "AI", ["AI", "AI"]),
        // Traditional → Simplified and full width.
        // (智慧 vs 智能 is vocabulary, not script: a lexicon lists 人工智慧 as its own term.)
        (["人工智慧", "与演算法"], "人工智慧與演算法", ["人工智慧", "與演算法"]),
        (["數據安全", "ａｉ"], "数据安全 AI", ["数据安全", "AI"]),
        (["red teaming"], "Red\r\n  Teaming", ["Red\r\n  Teaming"]),
        // Characters outside the BMP and emoji around matches.
        (["AI", "吉野家"], "𠮷野家😀AI😀吉野家", ["AI", "吉野家"]),
        // Footnote markers in superscript keep the word's edge: "bias²" is "bias" and a marker.
        (["bias", "AI"], "algorithmic bias² in hiring, AI³ and bias2", ["bias", "AI"]),
        (["algorithmic bias"], "Algorithmic bias²", ["Algorithmic bias"]),
    ]

    @Test(arguments: 0..<cases.count)
    func matchesLikeTheReference(index: Int) throws {
        let (terms, text, expected) = Self.cases[index]
        #expect(try matchedSlices(terms, text) == expected)
        for automaton in Self.automata.dropFirst() {
            #expect(try matchedSlices(terms, text, automaton: automaton) == expected)
        }
    }

    @Test func randomizedAgainstReference() throws {
        var random = SplitMix64(seed: 7)
        let alphabet = ["a", "b", "A", "中", "文", " ", "-", "é", "1", "β"]
        for round in 0..<300 {
            let terms: [String] = (0..<Int.random(in: 1...12, using: &random)).map { _ in
                let stem = (0..<Int.random(in: 1...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
                return Bool.random(using: &random) && Int.random(in: 0..<4, using: &random) == 0 ? stem + "*" : stem
            }.filter { !$0.trimmingSpaces.isEmpty && $0.trimmingSpaces != "*" }
            guard !terms.isEmpty else { continue }
            let text = (0..<Int.random(in: 0...80, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            for automaton in Self.automata {
                let matcher = try TermMatcher(terms: terms, options: automaton)
                let normalized = normalizer.normalize(text)
                let found = matcher.matches(in: normalized)
                let expected = ReferenceMatcher(patterns: matcher.patterns).matches(inNormalized: normalized.utf8)
                #expect(found == expected, "round \(round): terms \(terms) text \(text)")
                let edgeChecked = matcher.edgeCheckedMatches(in: normalized)
                #expect(matcher.uncontained(edgeChecked).map { edgeChecked[$0] } == expected, "two-step, round \(round)")
                if found != expected { return }
            }
        }
    }

    /// Containment without a sort (matches whose ends do not decrease, ties in any order) against the
    /// sorting walk and against the definition checked pair by pair: random lists with nested,
    /// overlapping and equal ranges (equal ranges from several patterns); a list whose ends go back
    /// takes the sorting walk.
    @Test func containmentInEndOrderAgreesWithTheSortingWalk() {
        var random = SplitMix64(seed: 23)
        for round in 0..<500 {
            var found: [TermMatch] = (0..<Int.random(in: 0...24, using: &random)).map { _ in
                let start = Int.random(in: 0...30, using: &random)
                return TermMatch(pattern: Int.random(in: 0...5, using: &random), range: start..<(start + Int.random(in: 1...6, using: &random)))
            }
            // Ascending ends, one pattern once per range (as the automaton reports them); then, within
            // one end, any order (a prefix term's extension comes first).
            found.sort { ($0.range.upperBound, $0.range.lowerBound, $0.pattern) < ($1.range.upperBound, $1.range.lowerBound, $1.pattern) }
            found = found.enumerated().filter { $0.offset == 0 || found[$0.offset - 1] != $0.element }.map(\.element)
            var low = 0
            while low < found.count {
                var high = low + 1
                while high < found.count && found[high].range.upperBound == found[low].range.upperBound { high += 1 }
                found[low..<high].shuffle(using: &random)
                low = high
            }
            let fast = TermMatcher.uncontainedInEndOrder(found)
            let sorted = TermMatcher.uncontainedBySorting(found, contained: nil)
            #expect(fast == sorted, "round \(round): \(found)")
            let reference = found.indices.filter { i in
                !found.contains { other in
                    other.range != found[i].range && other.range.lowerBound <= found[i].range.lowerBound
                        && other.range.upperBound >= found[i].range.upperBound
                }
            }.sorted { found[$0] < found[$1] }
            #expect(sorted == reference, "round \(round): \(found)")
            if fast != sorted || sorted != reference { return }
        }
        let backwards = [TermMatch(pattern: 0, range: 0..<9), TermMatch(pattern: 1, range: 2..<5)]
        #expect(TermMatcher.uncontainedInEndOrder(backwards) == nil)
        #expect(TermMatcher.uncontained(backwards, contained: nil) == [0])
    }

    /// Edge-checked matches of several texts found in one batch (short texts joined and scanned as one)
    /// against each text's own, for every automaton form: lists of empty, short and long texts.
    @Test func batchOfTextsGivesEachTextsOwnMatches() throws {
        var random = SplitMix64(seed: 17)
        let alphabet = ["ai", "AI", "中", "文", " ", "-", "é", "1", "data", "red team", "β", "😀"]
        let terms = ["ai", "中文", "data*", "red team", "team", "é1", "文"]
        var long = 0, short = 0
        for automaton in Self.automata {
            let matcher = try TermMatcher(terms: terms, options: automaton)
            for round in 0..<40 {
                let texts = (0..<Int.random(in: 0...9, using: &random)).map { _ in
                    let words = round % 4 == 3 && Bool.random(using: &random) ? Int.random(in: 1_500...3_000, using: &random) : Int.random(in: 0...60, using: &random)
                    return normalizer.normalize((0..<words).map { _ in alphabet.randomElement(using: &random)! }.joined())
                }
                let batch = matcher.edgeCheckedMatches(inEach: texts)
                #expect(batch == texts.map { matcher.edgeCheckedMatches(in: $0) }, "round \(round)")
                if batch != texts.map({ matcher.edgeCheckedMatches(in: $0) }) { return }
                long += texts.filter { $0.utf8.count >= ByteAutomaton.interleaveThreshold }.count
                short += texts.filter { !$0.utf8.isEmpty && $0.utf8.count < ByteAutomaton.interleaveThreshold }.count
            }
        }
        #expect(long > 5 && short > 100, "long \(long), short \(short)")
    }

    @Test func explainsRejectedCandidates() throws {
        let matcher = try TermMatcher(terms: ["ai", "人工", "人工智能"])
        let candidates = matcher.candidates(in: normalizer.normalize("said 人工智能 ai"))
        let statuses = candidates.map { (matcher.patterns[$0.match.pattern].term, $0.status) }
        #expect(statuses.count == 4)
        #expect(statuses[0].0 == "ai" && statuses[0].1 == .leftEdge)
        #expect(statuses[1].0 == "人工")
        if case .contained(let outer) = statuses[1].1 {
            #expect(matcher.patterns[outer.pattern].term == "人工智能")
        } else {
            Issue.record("人工 should be contained in 人工智能, got \(statuses[1].1)")
        }
        #expect(statuses[2].0 == "人工智能" && statuses[2].1 == .accepted)
        #expect(statuses[3].0 == "ai" && statuses[3].1 == .accepted)
    }

    @Test(arguments: ["", "   ", "*", " * ", "\u{3000}"])
    func rejectsTermsThatNormalizeToNothing(term: String) {
        #expect(throws: SpanCoderError.self) { try TermMatcher(terms: ["ai", term]) }
        #expect(TermPattern.compile([term])[0] == nil)
    }

    @Test func compilesTermsInOneNormalizerPassLikeOneByOne() throws {
        let terms = ["ＡＩ Safety", "人工智慧", "discriminat*", "e\u{301}cole", "ﬁnance", "  red   team "]
        let batch = TermPattern.compile(terms)
        for (term, pattern) in zip(terms, batch) {
            #expect(pattern == (try TermPattern(term)))
        }
        #expect(batch.map { $0.map { String(decoding: $0.normalized, as: UTF8.self) } } == ["ai safety", "人工智慧", "discriminat", "école", "finance", "red team"])
        #expect(batch[2]?.isPrefix == true && batch[2]?.checksRightEdge == false && batch[2]?.checksLeftEdge == true)
        #expect(batch[1]?.checksLeftEdge == false && batch[1]?.checksRightEdge == false)
    }
}

extension String {
    var trimmingSpaces: String {
        String(unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}

/// The packed-key sorts of the match path against the standard library's sorts.
@Suite struct PackedKeySortTests {
    /// Insertion with a move budget, falling back to the standard sort: checked on inputs that stay
    /// within the budget (nearly sorted), that exhaust it part way (reversed tails, random), and at the
    /// sizes around its start (0, 1, 2).
    @Test func nearlySortedSortAgreesWithSort() {
        var random = SplitMix64(seed: 29)
        for round in 0..<3000 {
            let count = round < 3 ? round : Int.random(in: 0...400, using: &random)
            var keys: [UInt64] = (0..<count).map { UInt64($0) * 4 }
            switch round % 4 {
            case 0:  // each key a few places out of order, as matches reported by end
                for i in keys.indices where Int.random(in: 0..<4, using: &random) == 0 {
                    let j = min(keys.count - 1, i + Int.random(in: 0...6, using: &random))
                    keys.swapAt(i, j)
                }
            case 1: keys.reverse()
            case 2: keys = keys.map { _ in random.next() >> UInt64(Int.random(in: 0...60, using: &random)) }
            default:  // sorted, then a reversed tail that exhausts the budget late
                let tail = Int.random(in: 0...keys.count, using: &random)
                keys[(keys.count - tail)...].reverse()
            }
            if round % 7 == 0 { keys += keys.prefix(5) }  // duplicates
            let expected = keys.sorted()
            PackedKeys.sortNearlySorted(&keys)
            #expect(keys == expected, "round \(round)")
        }
    }

    /// `byStartThenLongest` against a closure sort of its documented order (start, end descending,
    /// pattern), with many matches of one range in several patterns (the runs it puts in pattern
    /// order by insertion) and matches in order of their end as the automaton reports them.
    @Test func startThenLongestOrderAgreesWithReference() {
        var random = SplitMix64(seed: 31)
        for round in 0..<1500 {
            var found: [TermMatch] = []
            for _ in 0..<Int.random(in: 0...200, using: &random) {
                let start = Int.random(in: 0..<300, using: &random)
                let length = Int.random(in: 1...12, using: &random)
                for _ in 0..<Int.random(in: 1...(round % 3 == 0 ? 4 : 1), using: &random) {
                    found.append(TermMatch(pattern: Int.random(in: 0..<9, using: &random), range: start..<(start + length)))
                }
            }
            if round % 2 == 0 { found.sort { ($0.range.upperBound, $0.range.lowerBound) < ($1.range.upperBound, $1.range.lowerBound) } }
            let expected = found.indices.sorted { x, y in
                let a = found[x].range
                let b = found[y].range
                if a.lowerBound != b.lowerBound { return a.lowerBound < b.lowerBound }
                if a.upperBound != b.upperBound { return a.upperBound > b.upperBound }
                if found[x].pattern != found[y].pattern { return found[x].pattern < found[y].pattern }
                return x < y
            }
            #expect(TermMatcher.byStartThenLongest(found) == expected, "round \(round)")
        }
    }
}
