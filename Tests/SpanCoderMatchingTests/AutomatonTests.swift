import Testing
import SpanCoderCore
import SpanCoderText
@testable import SpanCoderMatching

@Suite struct AutomatonTests {
    /// Every occurrence of every pattern by brute force.
    func naiveOccurrences(_ patterns: [[UInt8]], in text: [UInt8]) -> [ByteAutomaton.Match] {
        var result: [ByteAutomaton.Match] = []
        for (p, pattern) in patterns.enumerated() where pattern.count <= text.count {
            for start in 0...(text.count - pattern.count) where Array(text[start..<start + pattern.count]) == pattern {
                result.append(ByteAutomaton.Match(pattern: p, range: start..<start + pattern.count))
            }
        }
        return result.sorted(by: ByteAutomatonTestsOrder.less)
    }

    /// Every automaton form: the DFA in both layouts (column-major 16-bit, row-major 32-bit), and the hybrid with dense-row budgets from
    /// the root row alone through a few rows (the dense/sparse boundary inside the patterns) to every
    /// row (no sparse state).
    static let forms: [(ByteAutomaton.Representation, ByteAutomaton.Options)] = [
        (.dfa, .init(dfaMemoryBudget: 1 << 30)),
        (.dfa, .init(dfaMemoryBudget: 1 << 30, compactCells: false)),
        (.hybrid, .init(dfaMemoryBudget: 0, denseRowBudget: 0)),
        (.hybrid, .init(dfaMemoryBudget: 0, denseRowBudget: 60)),
        (.hybrid, .init(dfaMemoryBudget: 0, denseRowBudget: 300)),
        (.hybrid, .init(dfaMemoryBudget: 0, denseRowBudget: 1 << 30)),
    ]

    @Test(arguments: 0..<forms.count)
    func findsEveryOccurrenceOfRandomPatterns(form: Int) {
        let (representation, options) = Self.forms[form]
        var random = SplitMix64(seed: 42)
        let alphabet: [UInt8] = [0x61, 0x62, 0x63, 0xE4, 0xB8, 0x20]
        for round in 0..<200 {
            let patterns: [[UInt8]] = (0..<Int.random(in: 1...30, using: &random)).map { _ in
                (0..<Int.random(in: 1...5, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            let text: [UInt8] = (0..<Int.random(in: 0...300, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let automaton = ByteAutomaton(patterns: patterns, options: options)
            #expect(automaton.representation == representation)
            if representation == .hybrid {
                let rows = max(1, options.denseRowBudget / (automaton.classCount * 4))
                #expect(automaton.denseStateCount == min(automaton.stateCount, rows))
            }
            let found = automaton.matches(in: text).sorted(by: ByteAutomatonTestsOrder.less)
            let expected = naiveOccurrences(patterns, in: text)
            #expect(found == expected, "round \(round)")
            if found != expected { return }
        }
    }

    /// The hybrid reports the DFA's matches in the DFA's order (end position, then longest first),
    /// at every dense/sparse boundary, on long texts over a small alphabet (long failure chains
    /// through sparse states) with many nested and overlapping patterns.
    @Test func hybridReportsTheDFAsMatchesInTheSameOrderAtEveryBoundary() {
        var random = SplitMix64(seed: 11)
        let alphabet: [UInt8] = [0x61, 0x62, 0xE4, 0xB8]
        for round in 0..<30 {
            let patterns: [[UInt8]] = (0..<Int.random(in: 1...40, using: &random)).map { _ in
                (0..<Int.random(in: 1...9, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            let text: [UInt8] = (0..<Int.random(in: 0...2_000, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let dfa = ByteAutomaton(patterns: patterns, options: .init(dfaMemoryBudget: 1 << 30))
            let expected = dfa.matches(in: text)
            #expect(expected.sorted(by: ByteAutomatonTestsOrder.less) == naiveOccurrences(patterns, in: text), "round \(round)")
            // Every number of dense rows from the root alone to all of them.
            let rowBytes = dfa.classCount * 4
            for dense in 1...dfa.stateCount {
                let hybrid = ByteAutomaton(patterns: patterns, options: .init(dfaMemoryBudget: 0, denseRowBudget: dense * rowBytes))
                #expect(hybrid.representation == .hybrid && hybrid.denseStateCount == dense)
                let found = hybrid.matches(in: text)
                #expect(found == expected, "round \(round), \(dense) dense states")
                if found != expected { return }
            }
        }
    }

    /// The stream tests' bytes: two ASCII letters, a space and two bytes of 中's UTF-8.
    static let streamAlphabet: [UInt8] = [0x61, 0x62, 0xE4, 0xB8, 0x20]

    /// 1–20 patterns of 1–6 bytes of `streamAlphabet`.
    static func randomPatterns(using random: inout SplitMix64) -> [[UInt8]] {
        (0..<Int.random(in: 1...20, using: &random)).map { _ in
            (0..<Int.random(in: 1...6, using: &random)).map { _ in streamAlphabet.randomElement(using: &random)! }
        }
    }

    /// The multi-stream scan against the one-stream scan and brute force: short texts (stretches
    /// barely longer than the warm-up) and, every tenth round, texts of several rounds of
    /// `streamRound` steps per stream with uneven stretch lengths.
    @Test(arguments: [0, 1, 2, 4])
    func interleavedStreamsFindTheSameMatchesInTheSameOrder(form: Int) {
        let (representation, options) = Self.forms[form]
        var random = SplitMix64(seed: 5)
        let alphabet = Self.streamAlphabet
        for round in 0..<300 {
            let patterns = Self.randomPatterns(using: &random)
            let length = round % 10 == 9 ? Int.random(in: 8_000...30_000, using: &random) : Int.random(in: 0...400, using: &random)
            let text: [UInt8] = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            let automaton = ByteAutomaton(patterns: patterns, options: options)
            #expect(automaton.representation == representation)
            #expect(automaton.table.cellWidth == (options.compactCells && representation == .dfa ? 2 : 4))
            #expect((automaton.table.columns != nil) == (automaton.table.cellWidth == 2))
            var single: [ByteAutomaton.Match] = []
            var interleaved: [ByteAutomaton.Match] = []
            text.withUnsafeBufferPointer { buffer in
                if representation == .dfa {
                    automaton.scanDFA(buffer, interleaveFrom: Int.max) { single.append($0) }
                    automaton.scanDFA(buffer, interleaveFrom: 0) { interleaved.append($0) }
                } else {
                    automaton.scanHybrid(buffer, interleaveFrom: Int.max) { single.append($0) }
                    automaton.scanHybrid(buffer, interleaveFrom: 0) { interleaved.append($0) }
                }
            }
            #expect(interleaved == single, "round \(round)")
            #expect(single.sorted(by: ByteAutomatonTestsOrder.less) == naiveOccurrences(patterns, in: text), "round \(round)")
            #expect(zip(single, single.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.upperBound })
            if interleaved != single { return }
        }
    }

    /// Several texts scanned together (short ones joined with the automaton's separator and scanned as
    /// one text) against each text scanned alone: the same matches in the same order for every text,
    /// reported together and followed by that text's one `finished`. Lists of empty, short and (every
    /// fifth round) long texts, with the threshold at its default, at 0 (every text alone) and
    /// unbounded (every text joined). The texts contain 0xFF, the usual separator; every third round a
    /// pattern contains it too, so another byte separates.
    @Test(arguments: 0..<forms.count)
    func multiTextScanFindsEachTextsMatchesInOrder(form: Int) {
        let (representation, options) = Self.forms[form]
        var random = SplitMix64(seed: 13)
        let alphabet = Self.streamAlphabet + [0xFF]
        for round in 0..<150 {
            var patterns = Self.randomPatterns(using: &random)
            if round % 3 == 0 { patterns.append([0x61, 0xFF]) }
            let automaton = ByteAutomaton(patterns: patterns, options: options)
            #expect(automaton.representation == representation)
            #expect(automaton.separator == (round % 3 == 0 ? 0xFE : 0xFF))
            let texts: [[UInt8]] = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                let length = round % 5 == 4 && Bool.random(using: &random) ? Int.random(in: 4_000...9_000, using: &random)
                    : Int.random(in: 0...300, using: &random)
                return (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            }
            let alone = texts.map { automaton.matches(in: $0) }
            for threshold in [ByteAutomaton.interleaveThreshold, 0, Int.max] {
                var together = [[ByteAutomaton.Match]](repeating: [], count: texts.count)
                var finishedCount = [Int](repeating: 0, count: texts.count)
                var current = -1  // the text whose matches are arriving
                var misordered = false
                // Each text in memory of its own, as the caller's arrays would be.
                let copies = texts.map { text -> UnsafeMutableBufferPointer<UInt8> in
                    let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.count))
                    _ = copy.initialize(from: text)
                    return copy
                }
                defer { copies.forEach { $0.deallocate() } }
                let views = zip(copies, texts).map { UnsafeBufferPointer(rebasing: $0.0[..<$0.1.count]) }
                automaton.forEachMatch(inEach: views, interleaveFrom: threshold, { k, match in
                    if current != -1 && current != k { misordered = true }
                    current = k
                    if finishedCount[k] > 0 { misordered = true }
                    together[k].append(match)
                }, finished: { k in
                    if current != -1 && current != k { misordered = true }
                    current = -1
                    finishedCount[k] += 1
                })
                #expect(together == alone, "round \(round), threshold \(threshold)")
                #expect(finishedCount.allSatisfy { $0 == 1 } && !misordered, "round \(round), threshold \(threshold)")
                if together != alone { return }
            }
        }
    }

    /// Patterns that use every byte leave no separator: short texts are then scanned one by one, with
    /// the same results as alone.
    @Test(arguments: [0, 2])
    func multiTextScanWithoutASeparator(form: Int) {
        let (_, options) = Self.forms[form]
        var random = SplitMix64(seed: 29)
        let patterns = (0..<256).map { [UInt8($0)] } + (0..<30).map { _ in
            (0..<Int.random(in: 2...4, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
        let automaton = ByteAutomaton(patterns: patterns, options: options)
        #expect(automaton.separator == nil)
        let texts: [[UInt8]] = (0..<8).map { _ in (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) } }
        var together = [[ByteAutomaton.Match]](repeating: [], count: texts.count)
        var finished = [Int]()
        let joined = texts.flatMap { $0 }
        joined.withUnsafeBufferPointer { all in
            var start = 0
            let views = texts.map { text -> UnsafeBufferPointer<UInt8> in
                defer { start += text.count }
                return UnsafeBufferPointer(rebasing: all[start..<(start + text.count)])
            }
            automaton.forEachMatch(inEach: views, { k, match in together[k].append(match) }, finished: { finished.append($0) })
        }
        #expect(together == texts.map { automaton.matches(in: $0) })
        #expect(finished.sorted() == Array(texts.indices))
    }

    /// Sparse states with many children (their child bytes are searched by bisection beyond eight):
    /// a wide alphabet and short patterns, so shallow sparse states branch widely.
    @Test(arguments: [0, 100, 2_000])
    func hybridFindsEveryOccurrenceWithWideBranching(denseRowBudget: Int) {
        var random = SplitMix64(seed: 23)
        let alphabet: [UInt8] = Array(0x41...0x5A) + [0xE4, 0xB8, 0x20]
        var widest = 0
        for round in 0..<40 {
            let patterns: [[UInt8]] = (0..<Int.random(in: 50...300, using: &random)).map { _ in
                (0..<Int.random(in: 1...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            let text: [UInt8] = (0..<Int.random(in: 0...600, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let automaton = ByteAutomaton(patterns: patterns, options: .init(dfaMemoryBudget: 0, denseRowBudget: denseRowBudget))
            #expect(automaton.representation == .hybrid)
            widest = max(widest, Trie(patterns: patterns).widestSparseBranching(dense: automaton.denseStateCount))
            let found = automaton.matches(in: text).sorted(by: ByteAutomatonTestsOrder.less)
            #expect(found == naiveOccurrences(patterns, in: text), "round \(round)")
            if found != naiveOccurrences(patterns, in: text) { return }
        }
        #expect(widest > 8)
    }

    /// The column-major table near its 65,536-state limit (columns of ~65,000 cells, indices up to
    /// 0xFFFF) against the row-major 32-bit table, on text long enough for the multi-stream scan.
    @Test func columnMajorTableAgreesWithRowMajorNearItsStateLimit() {
        var random = SplitMix64(seed: 65_536)
        let alphabet: [UInt8] = [0x61, 0x62, 0x63, 0xE4, 0xB8, 0x20]
        var patterns: [[UInt8]] = []
        var states = 1
        var automaton = ByteAutomaton(patterns: [[0x61]])
        // Add patterns until the automaton is close to the limit without passing it.
        while true {
            let batch: [[UInt8]] = (0..<500).map { _ in (0..<14).map { _ in alphabet.randomElement(using: &random)! } }
            let next = ByteAutomaton(patterns: patterns + batch, options: .init(dfaMemoryBudget: 1 << 30))
            if next.stateCount > 65_536 { break }
            patterns += batch
            automaton = next
            states = next.stateCount
        }
        #expect(states > 60_000 && automaton.table.columns != nil)
        let rows = ByteAutomaton(patterns: patterns, options: .init(dfaMemoryBudget: 1 << 30, compactCells: false))
        #expect(rows.table.columns == nil && rows.table.cellWidth == 4)
        // Text made of pattern pieces and noise, so deep states are reached.
        var text: [UInt8] = []
        while text.count < 200_000 {
            if random.next() % 2 == 0 {
                let pattern = patterns[Int(random.next() % UInt64(patterns.count))]
                text += pattern.prefix(Int(random.next() % UInt64(pattern.count + 1)))
            } else {
                text.append(alphabet.randomElement(using: &random)!)
            }
        }
        let expected = rows.matches(in: text)
        #expect(expected.count > 1_000)
        #expect(automaton.matches(in: text) == expected)
    }

    @Test func reportsDuplicatePatternsAndNestedSuffixes() {
        let patterns: [[UInt8]] = [Array("he".utf8), Array("she".utf8), Array("his".utf8), Array("hers".utf8), Array("he".utf8), Array("e".utf8)]
        for (_, options) in Self.forms {
            let automaton = ByteAutomaton(patterns: patterns, options: options)
            let found = Set(automaton.matches(in: Array("ushers".utf8)))
            #expect(found == [
                .init(pattern: 0, range: 2..<4), .init(pattern: 1, range: 1..<4), .init(pattern: 3, range: 2..<6),
                .init(pattern: 4, range: 2..<4), .init(pattern: 5, range: 3..<4),
            ])
        }
    }

    @Test func emptyPatternListAndEmptyTextMatchNothing() throws {
        for (_, options) in Self.forms {
            let none = ByteAutomaton(patterns: [], options: options)
            #expect(none.matches(in: Array("anything 人工智能".utf8)).isEmpty)
            let some = ByteAutomaton(patterns: [Array("a".utf8)], options: options)
            #expect(some.matches(in: []).isEmpty)
        }
        let matcher = try TermMatcher(terms: [])
        #expect(matcher.matches(in: TextNormalizer.shared(.matching).normalize("AI")).isEmpty)
    }

    @Test func byteClassesKeepUnusedBytesTogether() {
        let automaton = ByteAutomaton(patterns: [Array("ab".utf8), Array("中".utf8)])
        // a, b and the three bytes of 中 (E4 B8 AD), plus one class for every other byte.
        #expect(automaton.classCount == 6)
        #expect(automaton.representation == .dfa)
        #expect(automaton.matches(in: Array("xxabx中ab".utf8)).count == 3)
    }
}

enum ByteAutomatonTestsOrder {
    static func less(_ a: ByteAutomaton.Match, _ b: ByteAutomaton.Match) -> Bool {
        (a.range.lowerBound, a.range.upperBound, a.pattern) < (b.range.lowerBound, b.range.upperBound, b.pattern)
    }
}

extension Trie {
    /// The most children of a state outside the first `dense` states in breadth-first order.
    func widestSparseBranching(dense: Int) -> Int {
        breadthFirst[dense...].map { Int(childStarts[$0 + 1] - childStarts[$0]) }.max() ?? 0
    }
}
