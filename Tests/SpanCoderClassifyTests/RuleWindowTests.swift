import SpanCoderCore
import SpanCoderMatching
import Testing
import SpanCoderLexicon
@testable import SpanCoderClassify

/// The linear window sweep against brute force: try every window start between the smallest and the
/// largest coordinate and count the groups that fit.
@Suite struct RuleWindowTests {
    func bruteForce(_ occurrences: [Classifier.Occurrence], width: Int, needed: Int) -> Bool {
        guard let low = occurrences.map(\.low).min(), let high = occurrences.map(\.low).max() else { return false }
        for left in low...high {
            let groups = Set(occurrences.filter { $0.low >= left && $0.high <= left + width }.map(\.group))
            if groups.count >= needed { return true }
        }
        return false
    }

    @Test func sweepAgreesWithBruteForce() {
        var random = SplitMix64(seed: 99)
        for round in 0..<2000 {
            let groupCount = Int.random(in: 1...4, using: &random)
            let occurrences: [Classifier.Occurrence] = (0..<Int.random(in: 1...12, using: &random)).map { _ in
                let low = Int.random(in: 0...40, using: &random)
                return Classifier.Occurrence(group: Int.random(in: 0..<groupCount, using: &random), entry: 0, match: 0,
                                             low: low, high: low + Int.random(in: 0...5, using: &random))
            }
            let n = Int.random(in: 1...20, using: &random)
            let needed = Int.random(in: 1...groupCount, using: &random)
            for window in [RuleWindow.characters(n), .words(n)] {
                let rule = CompiledLexicon.CompiledRule(codeIndex: 0, groupCount: groupCount, needed: needed, window: window, weight: 1)
                let width: Int
                if case .characters = window { width = n } else { width = n - 1 }
                let fired = Classifier.fire(rule, occurrences)
                #expect((fired != nil) == bruteForce(occurrences, width: width, needed: needed), "round \(round)")
                if let fired {
                    // One occurrence per satisfied group, all inside one window.
                    #expect(Set(fired.map(\.group)).count == fired.count && fired.count >= needed)
                    #expect(fired.map(\.high).max()! - fired.map(\.low).min()! <= width)
                }
            }
        }
    }

    /// The check for few occurrences (every window against every occurrence) against the sweep: the
    /// same verdict and the same chosen occurrences, in the same order, with ties in position.
    @Test func fewOccurrencesAgreeWithTheSweep() {
        var random = SplitMix64(seed: 17)
        var few = Classifier.RuleScratch()
        var sweep = Classifier.RuleScratch()
        var fired = 0
        for round in 0..<5000 {
            let groupCount = Int.random(in: 1...6, using: &random)
            let occurrences: [Classifier.Occurrence] = (0..<Int.random(in: 1...16, using: &random)).map { k in
                let low = Int.random(in: 0...(round % 2 == 0 ? 10 : 60), using: &random)
                return Classifier.Occurrence(group: Int.random(in: 0..<groupCount, using: &random), entry: k, match: k,
                                             low: low, high: low + Int.random(in: 0...6, using: &random))
            }
            let rule = CompiledLexicon.CompiledRule(codeIndex: 0, groupCount: groupCount, needed: Int.random(in: 1...groupCount, using: &random),
                                                    window: .words(1), weight: 1)
            let width = Int.random(in: 0...20, using: &random)
            few.chosen.removeAll()
            sweep.chosen.removeAll()
            let byFew = Classifier.fireFew(rule, occurrences, width: width, scratch: &few)
            let bySweep = Classifier.fireBySweep(rule, occurrences, width: width, scratch: &sweep)
            #expect(byFew == bySweep && few.chosen.map(\.entry) == sweep.chosen.map(\.entry), "round \(round)")
            if byFew { fired += 1 }
        }
        #expect(fired > 1000 && fired < 4000)
    }

    /// `DocumentScan.wordOrdinals` (the stretch of the asked matches read into one `WordStarts`,
    /// reused from text to text as spans reuse it) against the counter asked at each match's first and
    /// last character from the text's start: the same ordinals up to one constant, for matches asked
    /// in any order and twice.
    @Test func matchOrdinalsAgreeWithTheCounter() throws {
        func term(_ text: String) -> Term { Term(text: text, language: .en) }
        let lexicon = try CompiledLexicon(set: LexiconSet(
            name: "words", taxonomy: Taxonomy(name: "words", codes: []),
            lexicons: [CodeLexicon(code: "a", terms: ["policy", "ai", "中文", "data*", "é"].map(term))]))
        var random = SplitMix64(seed: 5)
        let pieces = ["policy", "AI", "ai", " ", "  ", "-", "中文", "data", "dataset", "é", "x1", ", ", "\n"]
        var checked = 0
        var reused = WordStarts()
        for _ in 0..<300 {
            let text = (0..<Int(random.next() % 60)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let scan = DocumentScan(lexicon: lexicon, text: text, spans: [0..<text.utf8.count])
            guard !scan.matches.isEmpty else { continue }
            var asked = scan.matches.indices.filter { _ in random.next() % 2 == 0 }
            if asked.isEmpty { asked = [0] }
            asked = (asked + asked.prefix(2)).shuffled(using: &random)
            var first = [Int](repeating: -1, count: scan.matches.count)
            var last = [Int](repeating: -1, count: scan.matches.count)
            scan.wordOrdinals(of: asked, base: 0, first: &first, last: &last, starts: &reused)
            let utf8 = scan.normalized.utf8
            var starts: [Int] = []
            var lastStarts: [Int] = []
            for m in asked {
                let range = scan.matches[m].range
                var lastStart = range.upperBound - 1
                while lastStart > range.lowerBound && utf8[lastStart] & 0xC0 == 0x80 { lastStart -= 1 }
                starts.append(range.lowerBound)
                lastStarts.append(lastStart)
            }
            let queries = Array(Set(starts + lastStarts)).sorted()
            let ordinals = utf8.withUnsafeBufferPointer { WordCounter.ordinals(at: queries, in: $0) }
            let reference = Dictionary(uniqueKeysWithValues: zip(queries, ordinals))
            let shift = first[asked[0]] - reference[starts[0]]!
            for (k, m) in asked.enumerated() {
                #expect(first[m] - reference[starts[k]]! == shift && last[m] - reference[lastStarts[k]]! == shift, "\(text)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    /// One `RuleScratch` reused over many rules and spans gives what fresh buffers give: nothing of
    /// one try leaks into the next.
    @Test func reusedBuffersGiveTheFreshResult() {
        var random = SplitMix64(seed: 7)
        var shared = Classifier.RuleScratch()
        for round in 0..<3000 {
            let groupCount = Int.random(in: 1...5, using: &random)
            let occurrences: [Classifier.Occurrence] = (0..<Int.random(in: 1...30, using: &random)).map { k in
                let low = Int.random(in: 0...60, using: &random)
                return Classifier.Occurrence(group: Int.random(in: 0..<groupCount, using: &random), entry: k, match: k,
                                             low: low, high: low + Int.random(in: 0...6, using: &random))
            }
            let windows: [RuleWindow] = [.span, .characters(Int.random(in: 0...20, using: &random)), .words(Int.random(in: 1...20, using: &random))]
            let rule = CompiledLexicon.CompiledRule(codeIndex: 0, groupCount: groupCount, needed: Int.random(in: 1...groupCount, using: &random),
                                                    window: windows[round % 3], weight: 1)
            var fresh = Classifier.RuleScratch()
            let expected = Classifier.fire(rule, occurrences, scratch: &fresh)
            let found = Classifier.fire(rule, occurrences, scratch: &shared)
            #expect(found == expected && shared.chosen.map(\.entry) == fresh.chosen.map(\.entry), "round \(round)")
        }
    }

    /// The grouped sort (counting sort on the top 16 bits, then each group by insertion) against the
    /// standard sort, for key counts on both sides of the insertion sort's limit.
    @Test func groupedSortAgreesWithSort() {
        var random = SplitMix64(seed: 13)
        var starts: [Int] = []
        for round in 0..<2000 {
            let groupCount = Int.random(in: 1...30, using: &random)
            var keys: [UInt64] = (0..<Int.random(in: 0...120, using: &random)).map { _ in
                UInt64(Int.random(in: 0..<groupCount, using: &random)) << 48 | (random.next() & 0xFFFF_FFFF_FFFF) >> UInt64(round % 40)
            }
            let expected = keys.sorted()
            var buffer: [UInt64] = round % 2 == 0 ? [] : [UInt64](repeating: 7, count: 200)
            Classifier.sortGrouped(&keys, buffer: &buffer, starts: &starts, groupCount: groupCount)
            #expect(keys == expected, "round \(round)")
        }
    }

    @Test func spanWindowNeedsEnoughGroups() {
        let occurrences = [Classifier.Occurrence(group: 0, entry: 0, match: 0, low: 0, high: 0),
                           Classifier.Occurrence(group: 0, entry: 1, match: 1, low: 0, high: 0)]
        let all = CompiledLexicon.CompiledRule(codeIndex: 0, groupCount: 2, needed: 2, window: .span, weight: 1)
        let any = CompiledLexicon.CompiledRule(codeIndex: 0, groupCount: 2, needed: 1, window: .span, weight: 1)
        #expect(Classifier.fire(all, occurrences) == nil)
        #expect(Classifier.fire(any, occurrences)?.count == 2)
    }
}


@Suite struct WordCounterTests {
    @Test func countsLatinRunsAndHanCharacters() {
        // words: price(0) 中(1) 文(2) ai(3) 5g(4) bc(5) d(6) αβ(7)
        let text = Array("price, 中文ai 5g bc-d αβ".utf8)
        let positions = [0, 2, 5, 7, 10, 13, 16, 17, 19, 20, 22, 24, text.count]  // byte offsets
        let ordinals = text.withUnsafeBufferPointer { WordCounter.ordinals(at: positions, in: $0) }
        #expect(ordinals == [0, 0, 0, 1, 2, 3, 4, 4, 5, 5, 6, 7, 7])
        // From another origin (even inside a word) ordinals shift by a constant.
        let fromC = text.withUnsafeBufferPointer { WordCounter.ordinals(at: [20, 22, 24, text.count], in: $0, from: 20) }
        #expect(fromC == [0, 1, 2, 2])
        let fromA = text.withUnsafeBufferPointer { WordCounter.ordinals(at: [13, 16, 19, 24], in: $0, from: 13) }
        #expect(fromA == [0, 1, 2, 4])
    }

    /// The counter (eight ASCII bytes at a time between queries) against a character-by-character
    /// reference, on random text with long ASCII stretches, at random sorted query positions.
    @Test func matchesACharacterByCharacterReference() {
        var random = SplitMix64(seed: 23)
        let pieces = ["policy", "AI", "2025", " ", "  ", "-", "@[`{", "_", "Zz9", "中文", "é", "αβ", "\n", "x"]
        for _ in 0..<500 {
            let text = (0..<Int(random.next() % 50)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let bytes = Array(text.utf8)
            // Reference: per character, the ordinal of the word containing it (the previous word's for a separator).
            var starts: [Int] = []
            var reference: [Int] = []
            var started = 0
            var inRun = false
            var offset = 0
            for scalar in text.unicodeScalars {
                starts.append(offset)
                offset += String(scalar).utf8.count
                if WordCharacters.isSingleCharacterWord(scalar.value) {
                    started += 1
                    inRun = false
                } else if WordCharacters.isWord(scalar.value) {
                    if !inRun { started += 1 }
                    inRun = true
                } else {
                    inRun = false
                }
                reference.append(max(0, started - 1))
            }
            guard !starts.isEmpty else { continue }
            let queries = starts.indices.filter { _ in random.next() % 3 == 0 }
            let found = bytes.withUnsafeBufferPointer { WordCounter.ordinals(at: queries.map { starts[$0] }, in: $0) }
            #expect(found == queries.map { reference[$0] }, "\(text)")
            // Any byte of a character stands for it (word windows ask at a match's last byte): the
            // last byte of each queried character.
            let lastBytes = queries.map { ($0 + 1 < starts.count ? starts[$0 + 1] : bytes.count) - 1 }
            let foundAtLastBytes = bytes.withUnsafeBufferPointer { WordCounter.ordinals(at: lastBytes, in: $0) }
            #expect(foundAtLastBytes == queries.map { reference[$0] }, "last bytes: \(text)")
        }
    }
}
