import Testing
import SpanCoderCore
@testable import SpanCoderEval

@Suite struct MatchingTests {
    /// gold X[0,9]; predictions X[0,4] and X[0,9]: nervaluate gives strict F1 0.0 or 0.667 depending on
    /// the order (../shared/reference/README.md). SpanCoder must give one answer.
    @Test(arguments: [EvalMode.exact, .overlap])
    func orderDependenceCase(mode: EvalMode) throws {
        func run(_ predSpans: [(Int, Int)]) throws -> EvalReport {
            var vocabulary = Vocabulary()
            var corpus = EvalCorpus()
            corpus.add(Document(id: "d", text: String(repeating: "x", count: 20)), vocabulary: &vocabulary)
            let gold = AnnotationSet(name: "gold", spans: [CodedSpan(doc: "d", range: TextRange(start: 0, end: 9), codes: [CodeAssignment(code: "X")])], vocabulary: &vocabulary)
            let pred = AnnotationSet(name: "pred", spans: predSpans.map { CodedSpan(doc: "d", range: TextRange(start: $0.0, end: $0.1), codes: [CodeAssignment(code: "X")]) }, vocabulary: &vocabulary)
            var s = EvalSettings()
            s.mode = mode
            s.bootstrap = 0
            return try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred), s)
        }
        let partialFirst = try run([(0, 4), (0, 9)])
        let exactFirst = try run([(0, 9), (0, 4)])
        #expect(partialFirst.summary?.counts == Counts(tp: 1, fp: 1, fn: 0))
        #expect(exactFirst.summary?.counts == partialFirst.summary?.counts)
        #expect(close(partialFirst.summary?.micro.f1, 2.0 / 3.0))
        // The unmatched prediction is the partial one, whichever order.
        #expect(partialFirst.errors.map(\.range) == [TextRange(start: 0, end: 4)])
        #expect(exactFirst.errors.map(\.range) == [TextRange(start: 0, end: 4)])
    }

    /// Optimal matching against a brute-force search over all one-to-one matchings, on random groups.
    @Test func overlapMatchingIsOptimalAndOrderIndependent() {
        var rng = SplitMix64(seed: 7)
        for trial in 0..<300 {
            let ng = Int(rng.next() % 5) + 1, np = Int(rng.next() % 5) + 1
            func spans(_ n: Int) -> [SpanPair] {
                (0..<n).map { i in
                    let s = Int32(rng.next() % 20), l = Int32(rng.next() % 10) + 1
                    return SpanPair(docCode: 0, range: UInt64(UInt32(s)) << 32 | UInt64(UInt32(s + l)), row: Int32(i), slot: 0)
                }.sorted { ($0.range, $0.row) < ($1.range, $1.row) }
            }
            let gold = spans(ng), pred = spans(np)
            let threshold = [0.0, 0.3, 0.5][trial % 3]
            let result = SpanMatcher(criterion: .overlap(iou: threshold)).match(gold: gold, pred: pred)
            var count = 0, total = 0.0
            for (g, p) in result.goldMatch.enumerated() where p >= 0 {
                let v = SpanMatcher.iou(gold[g], pred[Int(p)])
                #expect(v > 0 && v >= threshold)
                #expect(result.predMatch[Int(p)] == Int32(g))
                count += 1; total += v
            }
            // Brute force: best (cardinality, total IoU) over all partial assignments.
            var best = (0, 0.0)
            func search(_ g: Int, _ used: Set<Int>, _ c: Int, _ t: Double) {
                if g == gold.count { if c > best.0 || (c == best.0 && t > best.1 + 1e-12) { best = (c, t) }; return }
                search(g + 1, used, c, t)
                for p in 0..<pred.count where !used.contains(p) {
                    let v = SpanMatcher.iou(gold[g], pred[p])
                    if v > 0, v >= threshold { search(g + 1, used.union([p]), c + 1, t + v) }
                }
            }
            search(0, [], 0, 0)
            #expect(count == best.0, "trial \(trial)")
            #expect(abs(total - best.1) < 1e-9, "trial \(trial)")
        }
    }

    @Test func exactMatchingPairsIdenticalSpansOneToOne() {
        func pair(_ s: Int32, _ e: Int32, _ row: Int32) -> SpanPair {
            SpanPair(docCode: 0, range: UInt64(UInt32(s)) << 32 | UInt64(UInt32(e)), row: row, slot: 0)
        }
        let gold = [pair(0, 5, 0), pair(0, 5, 1), pair(6, 9, 2)]
        let pred = [pair(0, 5, 0), pair(6, 8, 1)]
        let result = SpanMatcher(criterion: .exact).match(gold: gold, pred: pred)
        #expect(result.goldMatch == [0, -1, -1])
        #expect(result.predMatch == [0, -1])
    }
}

/// nervaluate's own edge cases (../shared/reference/results.md, "Edge cases"), reproduced by the
/// compatible mode — order dependence included, because that is nervaluate's behaviour.
@Suite struct NervaluateEdgeCaseTests {
    typealias E = NervaluateCompat.Entity
    typealias R = NervaluateCompat.Result

    @Test func greedyOrderDependence() {
        let gold = [E(label: 0, start: 0, end: 9)]
        let partialFirst = NervaluateCompat.run(.strict, gold, [E(label: 0, start: 0, end: 4), E(label: 0, start: 0, end: 9)], 1)
        let exactFirst = NervaluateCompat.run(.strict, gold, [E(label: 0, start: 0, end: 9), E(label: 0, start: 0, end: 4)], 1)
        #expect(partialFirst == R(correct: 0, incorrect: 1, partial: 0, missed: 0, spurious: 1))
        #expect(exactFirst == R(correct: 1, incorrect: 0, partial: 0, missed: 0, spurious: 1))
        #expect(close(exactFirst.scores(.strict).f1, 0.6666666667))
    }

    @Test func issue40MultiWordEntity() {
        // X=0, Y=1; gold X[0,12] Y[14,17] (inclusive ends), pred X[0,17]; both gold orders.
        for gold in [[E(label: 0, start: 0, end: 12), E(label: 1, start: 14, end: 17)], [E(label: 1, start: 14, end: 17), E(label: 0, start: 0, end: 12)]] {
            let pred = [E(label: 0, start: 0, end: 17)]
            #expect(NervaluateCompat.run(.strict, gold, pred, 1) == R(correct: 0, incorrect: 1, partial: 0, missed: 1, spurious: 0))
            #expect(NervaluateCompat.run(.partial, gold, pred, 1) == R(correct: 0, incorrect: 0, partial: 1, missed: 1, spurious: 0))
            #expect(NervaluateCompat.run(.entType, gold, pred, 1) == R(correct: 1, incorrect: 0, partial: 0, missed: 1, spurious: 0))
            #expect(NervaluateCompat.run(.exact, gold, pred, 1) == R(correct: 0, incorrect: 1, partial: 0, missed: 1, spurious: 0))
        }
    }

    @Test func singleTokenOverlapIsPartialAndEmptyGoldIsSpurious() {
        let partial = NervaluateCompat.run(.partial, [E(label: 0, start: 0, end: 3)], [E(label: 0, start: 3, end: 6)], 1)
        #expect(partial == R(correct: 0, incorrect: 0, partial: 1, missed: 0, spurious: 0))
        #expect(close(partial.scores(.partial).f1, 0.5))
        #expect(NervaluateCompat.run(.strict, [], [E(label: 0, start: 0, end: 3)], 1) == R(correct: 0, incorrect: 0, partial: 0, missed: 0, spurious: 1))
    }
}

@Suite struct BootstrapSampleTests {
    /// Unit mode with texts that carry no units (a texts folder with more documents than the units file
    /// covers): the bootstrap resamples only the documents with units. With one such document every
    /// resample is the same document, so the interval is the point estimate; drawing the other texts too
    /// would give resamples without it, scored 0.
    @Test func unitModeResamplesOnlyDocumentsWithUnits() throws {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        for id in ["a", "b", "c", "d"] { corpus.add(Document(id: id, text: "One sentence. Another one."), vocabulary: &vocabulary) }
        func span(_ start: Int, _ end: Int, _ codes: [String]) -> CodedSpan {
            CodedSpan(doc: "a", range: TextRange(start: start, end: end), codes: codes.map { CodeAssignment(code: $0) })
        }
        let gold = AnnotationSet(name: "gold", spans: [span(0, 13, ["X"]), span(14, 26, ["Y"])], vocabulary: &vocabulary)
        let pred = AnnotationSet(name: "pred", spans: [span(0, 13, ["X"]), span(14, 26, ["X"])], vocabulary: &vocabulary)
        let units = UnitTable(set: gold)
        var s = EvalSettings()
        s.mode = .unit
        s.bootstrap = 200
        let report = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, units: units), s)
        #expect(report.documents == 4)
        #expect(report.resampledDocuments == 1)
        let f1 = try #require(report.summary?.micro.f1)
        #expect(close(f1, 0.5))
        let interval = try #require(report.summary?.microF1Interval)
        #expect(close(interval.lowerBound, f1) && close(interval.upperBound, f1), "\(interval)")
        #expect(report.scoredDocuments == 1 && report.scope == .units)
        #expect(report.text(markdown: false).contains("1 of 4 documents scored (those with units)"))
        #expect(report.text(markdown: false).contains("bootstrap resamples of the 1 scored documents"))

        // Document mode over a gold built in memory (no coverage known) covers every text: all of them
        // are resampled.
        s.mode = .document
        let whole = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred), s)
        #expect(whole.resampledDocuments == nil)
        // A gold that covers only "a" (as every reader says): only "a" is scored.
        var covering = gold
        covering.codedDocs = [vocabulary.docs.lookup("a")!]
        let scoped = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: covering, pred: pred), s)
        #expect(scoped.scoredDocuments == 1 && scoped.resampledDocuments == 1 && scoped.scope == .gold)
    }
}

@Suite struct MinimumOverlapTests {
    /// `--min-overlap F` at its exact boundary: a span covering exactly F of a unit lands there, one code
    /// point less does not, for every fraction of two decimals and unit lengths up to 100 where F × length
    /// is a whole number (checked as a product in floating point, 0.55 × 100 = 55.000000000000007 missed).
    @Test func aSpanCoveringExactlyTheFractionLands() throws {
        var failures: [String] = []
        for length in 1...100 {
            for percent in 1...99 where percent * length % 100 == 0 {
                let covered = percent * length / 100
                for (end, lands) in [(covered, true), (covered - 1, false)] where end > 0 {
                    var vocabulary = Vocabulary()
                    var corpus = EvalCorpus()
                    corpus.add(Document(id: "a", text: String(repeating: "x", count: length)), vocabulary: &vocabulary)
                    let gold = AnnotationSet(name: "gold", spans: [CodedSpan(doc: "a", range: TextRange(start: 0, end: length), codes: [CodeAssignment(code: "X")])],
                                             vocabulary: &vocabulary)
                    let pred = AnnotationSet(name: "pred", spans: [CodedSpan(doc: "a", range: TextRange(start: 0, end: end), codes: [CodeAssignment(code: "X")])],
                                             vocabulary: &vocabulary)
                    var s = EvalSettings()
                    s.mode = .unit
                    s.minOverlap = Double(percent) / 100
                    let report = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, units: UnitTable(set: gold)), s)
                    let counts = report.perCode.first { $0.code == "X" }!.counts
                    if counts.tp != (lands ? 1 : 0) { failures.append("\(covered == end ? "" : "one less than ")\(covered) of \(length) at \(s.minOverlap): \(counts)") }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5)) (\(failures.count))")
    }
}

@Suite struct NoCodeAnywhereTests {
    /// Unit mode where neither file sets any code: the agreement block is still there, every coefficient
    /// the zero-division value (no cell to compute it from), as the JSON's readers expect the key.
    @Test(arguments: ZeroDivision.allCases)
    func agreementTakesTheZeroDivisionValue(z: ZeroDivision) throws {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        corpus.add(Document(id: "a", text: "国家建立制度。"), vocabulary: &vocabulary)
        let empty = [CodedSpan(doc: "a", range: TextRange(start: 0, end: 7), codes: [])]
        let gold = AnnotationSet(name: "gold", spans: empty, vocabulary: &vocabulary)
        let pred = AnnotationSet(name: "pred", spans: empty, vocabulary: &vocabulary)
        var s = EvalSettings()
        s.mode = .unit
        s.zeroDivision = z
        let report = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, units: UnitTable(set: gold)), s)
        let a = try #require(report.agreement)
        #expect(a.cells == 0)
        for value in [a.percent, a.cohenKappa, a.scottPi, a.bennettS, a.gwetAC1, a.alpha, a.alphaMASI, a.alphaJaccard, a.alphaSetIdentity] {
            #expect(value == z.value || (value.isNaN && z.value.isNaN), "\(a)")
        }
    }
}
