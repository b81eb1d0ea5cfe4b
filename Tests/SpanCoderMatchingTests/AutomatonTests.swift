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

    @Test(arguments: [(ByteAutomaton.Representation.dfa, true), (.dfa, false), (.nfa, true)])
    func findsEveryOccurrenceOfRandomPatterns(representation: ByteAutomaton.Representation, compactCells: Bool) {
        var random = SplitMix64(seed: 42)
        let alphabet: [UInt8] = [0x61, 0x62, 0x63, 0xE4, 0xB8, 0x20]
        for round in 0..<200 {
            let patterns: [[UInt8]] = (0..<Int.random(in: 1...30, using: &random)).map { _ in
                (0..<Int.random(in: 1...5, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            let text: [UInt8] = (0..<Int.random(in: 0...300, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let options = ByteAutomaton.Options(dfaMemoryBudget: representation == .dfa ? 1 << 30 : 0, compactCells: compactCells)
            let automaton = ByteAutomaton(patterns: patterns, options: options)
            #expect(automaton.representation == representation)
            let found = automaton.matches(in: text).sorted(by: ByteAutomatonTestsOrder.less)
            let expected = naiveOccurrences(patterns, in: text)
            #expect(found == expected, "round \(round)")
            if found != expected { return }
        }
    }

    /// The multi-stream scan against the one-stream scan and brute force: short texts (stretches
    /// barely longer than the warm-up) and, every tenth round, texts of several rounds of
    /// `streamRound` steps per stream with uneven stretch lengths.
    @Test(arguments: [true, false])
    func interleavedStreamsFindTheSameMatchesInTheSameOrder(compactCells: Bool) {
        var random = SplitMix64(seed: 5)
        let alphabet: [UInt8] = [0x61, 0x62, 0xE4, 0xB8, 0x20]
        for round in 0..<300 {
            let patterns: [[UInt8]] = (0..<Int.random(in: 1...20, using: &random)).map { _ in
                (0..<Int.random(in: 1...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            let length = round % 10 == 9 ? Int.random(in: 8_000...30_000, using: &random) : Int.random(in: 0...400, using: &random)
            let text: [UInt8] = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            let automaton = ByteAutomaton(patterns: patterns, options: .init(compactCells: compactCells))
            #expect(automaton.table.cellWidth == (compactCells ? 2 : 4))
            var single: [ByteAutomaton.Match] = []
            var interleaved: [ByteAutomaton.Match] = []
            text.withUnsafeBufferPointer { buffer in
                automaton.scanDFA(buffer, interleaveFrom: Int.max) { single.append($0) }
                automaton.scanDFA(buffer, interleaveFrom: 0) { interleaved.append($0) }
            }
            #expect(interleaved == single, "round \(round)")
            #expect(single.sorted(by: ByteAutomatonTestsOrder.less) == naiveOccurrences(patterns, in: text), "round \(round)")
            #expect(zip(single, single.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.upperBound })
            if interleaved != single { return }
        }
    }

    @Test func reportsDuplicatePatternsAndNestedSuffixes() {
        let patterns: [[UInt8]] = [Array("he".utf8), Array("she".utf8), Array("his".utf8), Array("hers".utf8), Array("he".utf8), Array("e".utf8)]
        for budget in [1 << 30, 0] {
            let automaton = ByteAutomaton(patterns: patterns, options: .init(dfaMemoryBudget: budget))
            let found = Set(automaton.matches(in: Array("ushers".utf8)))
            #expect(found == [
                .init(pattern: 0, range: 2..<4), .init(pattern: 1, range: 1..<4), .init(pattern: 3, range: 2..<6),
                .init(pattern: 4, range: 2..<4), .init(pattern: 5, range: 3..<4),
            ])
        }
    }

    @Test func emptyPatternListAndEmptyTextMatchNothing() throws {
        for budget in [1 << 30, 0] {
            let none = ByteAutomaton(patterns: [], options: .init(dfaMemoryBudget: budget))
            #expect(none.matches(in: Array("anything 人工智能".utf8)).isEmpty)
            let some = ByteAutomaton(patterns: [Array("a".utf8)], options: .init(dfaMemoryBudget: budget))
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
