import Testing
import SpanCoderCore
@testable import SpanCoderEval

/// Expected values: `../shared/reference/README.md`, `results.md` and `results_python.json`
/// (10-digit values from the raw JSON where `results.md` rounds to 4).
@Suite struct ReferenceFixtureTests {
    @Test func unitLevelPrecisionRecallF1() throws {
        let fixture = try ReferenceFixture()
        let report = try Evaluator.evaluate(fixture.inputs(), settings(.unit))
        let summary = try #require(report.summary)
        // scikit-learn precision_recall_fscore_support on the unit × code multi-hot matrix.
        #expect(close(summary.micro.precision, 8.0 / 11.0))   // 0.7273
        #expect(close(summary.micro.recall, 8.0 / 12.0))      // 0.6667
        #expect(close(summary.micro.f1, 16.0 / 23.0))         // 0.6957
        #expect(close(summary.macro.precision, 0.7333333333))
        #expect(close(summary.macro.recall, 0.6333333333))
        #expect(close(summary.macro.f1, 0.6666666667))
        let f1 = Dictionary(uniqueKeysWithValues: report.perCode.map { ($0.code, $0.scores.f1) })
        #expect(close(f1["FAIR"], 1.0) && close(f1["INNOV"], 0.6666666667) && close(f1["PRIV"], 0.5)
                && close(f1["REG"], 0.6666666667) && close(f1["SAFE"], 0.5))
        // multilabel_confusion_matrix [[tn, fp], [fn, tp]]
        let counts = Dictionary(uniqueKeysWithValues: report.perCode.map { ($0.code, $0.counts) })
        #expect(counts["FAIR"] == Counts(tp: 3, fp: 0, fn: 0))
        #expect(counts["INNOV"] == Counts(tp: 1, fp: 0, fn: 1))
        #expect(counts["PRIV"] == Counts(tp: 1, fp: 1, fn: 1))
        #expect(counts["REG"] == Counts(tp: 2, fp: 1, fn: 1))
        #expect(counts["SAFE"] == Counts(tp: 1, fp: 1, fn: 1))
    }

    /// Macro averages with an undefined ratio in one code, against scikit-learn 1.9.1's
    /// `precision_recall_fscore_support(average="macro", zero_division=…)`, which leaves NaN out of the
    /// average (SpanCoder propagated it: macro precision NaN where scikit-learn gives 1.0).
    /// Codes: A (tp 1, fn 1), B (only in the gold: precision undefined), C (only predicted: recall
    /// undefined).
    static let macroCases: [(ZeroDivision, Double, Double, Double)] = [
        (.zero, 0.3333333333, 0.1666666667, 0.2222222222),
        (.one, 0.6666666667, 0.5, 0.2222222222),
        (.nan, 0.5, 0.25, 0.2222222222),
    ]

    @Test(arguments: macroCases)
    func macroAverageLeavesUndefinedRatiosOutAsScikitLearnDoes(zero: ZeroDivision, precision: Double, recall: Double, f1: Double) {
        let perCode = [Counts(tp: 1, fp: 0, fn: 1), Counts(tp: 0, fp: 0, fn: 1), Counts(tp: 0, fp: 2, fn: 0), Counts()]
        let macro = PRF.macro(perCode, zero)
        #expect(close(macro.precision, precision) && close(macro.recall, recall) && close(macro.f1, f1), "\(macro)")
        // Gold A on unit 1 and B on unit 2, A predicted on unit 1 only: scikit-learn 1.0 / 0.5 / 0.5.
        let twoUnits = PRF.macro([Counts(tp: 1), Counts(fn: 1)], .nan)
        #expect(close(twoUnits.precision, 1.0) && close(twoUnits.recall, 0.5) && close(twoUnits.f1, 0.5))
        // Undefined for every code: NaN.
        #expect(PRF.macro([Counts(fn: 2)], .nan).precision.isNaN)
    }

    @Test func perCodeKappaAndAlpha() throws {
        let fixture = try ReferenceFixture()
        let report = try Evaluator.evaluate(fixture.inputs(), settings(.unit))
        let kappa = Dictionary(uniqueKeysWithValues: report.perCode.map { ($0.code, $0.kappa ?? .nan) })
        // scikit-learn cohen_kappa_score per code, gold vs pred.
        #expect(close(kappa["FAIR"], 1.0))
        #expect(close(kappa["INNOV"], 0.6206896552))
        #expect(close(kappa["PRIV"], 0.3888888889))
        #expect(close(kappa["REG"], 0.5416666667))
        #expect(close(kappa["SAFE"], 0.3888888889))
        // krippendorff 0.9.0 nominal per code.
        let alpha = Dictionary(uniqueKeysWithValues: report.perCode.map { ($0.code, $0.alpha ?? .nan) })
        #expect(close(alpha["FAIR"], 1.0))
        #expect(close(alpha["INNOV"], 0.6315789474))
        #expect(close(alpha["PRIV"], 0.4166666667))
        #expect(close(alpha["REG"], 0.5625))
        #expect(close(alpha["SAFE"], 0.4166666667))
    }

    @Test func pooledAgreementTwoCoders() throws {
        let fixture = try ReferenceFixture()
        let report = try Evaluator.evaluate(fixture.inputs(), settings(.unit))
        let a = try #require(report.agreement)
        // README: "Numbers that five tools agree on to 10 digits".
        #expect(close(a.alpha, 0.6186906547))
        #expect(close(a.cohenKappa, 0.6153846154))
        #expect(close(a.scottPi, 0.6151924038))
        #expect(close(a.bennettS, 0.7454545455))
        #expect(close(a.gwetAC1, 0.8098295876))
        #expect(close(a.percent, 0.8727272727))
        #expect(a.cells == 55)
        // krippendorff: nominal alpha on the label set as one value.
        #expect(close(a.alphaSetIdentity, 0.3793103448))
    }

    @Test func threeCodersWithAndWithoutTheMissingCoder() throws {
        let fixture = try ReferenceFixture()
        let report = try Evaluator.evaluate(fixture.inputs(coders: [fixture.humanB]), settings(.unit))
        let multi = try #require(report.agreement?.multi)
        // README: three coders on the units all coded: Fleiss 0.6027542373, alpha 0.6054025424;
        // with the missing coder: alpha 0.5826771654.
        #expect(close(multi.fleissKappa, 0.6027542373))
        #expect(close(multi.alphaComplete, 0.6054025424))
        #expect(close(multi.alpha, 0.5826771654))
        // NLTK multi_kappa / DKPro hubert_kappa 0.603175; statsmodels/DKPro randolph 0.733333.
        #expect(close(multi.hubertKappa, 0.6031746032))
        #expect(close(multi.randolphKappa, 0.7333333333))
        #expect(multi.completeCells == 50)
        // krippendorff per code with human_b missing on doc2.
        #expect(close(multi.perCodeAlpha["FAIR"], 0.8385416667))
        #expect(close(multi.perCodeAlpha["INNOV"], 0.7703703704))
        #expect(close(multi.perCodeAlpha["PRIV"], 0.2051282051))
        #expect(close(multi.perCodeAlpha["REG"], 0.515625))
        #expect(close(multi.perCodeAlpha["SAFE"], 0.6025641026))
        // statsmodels fleiss per code on doc0+doc1 units.
        #expect(close(multi.perCodeFleiss["FAIR"], 0.8295454545))
        #expect(close(multi.perCodeFleiss["PRIV"], 0.1666666667))
        // NLTK MASI alpha, empty set counted as a value {NONE} (MASI distance 1 to any code set).
        #expect(close(report.agreement?.alphaMASI ?? .nan, 0.4490521327))
        // krippendorff nominal alpha on label-set identity, three coders with missing.
        #expect(close(report.agreement?.alphaSetIdentity ?? .nan, 0.3928571429))
        // The two-coder numbers are unchanged by a third coder.
        #expect(close(report.agreement?.cohenKappa ?? .nan, 0.6153846154))
        // scikit-learn cohen_kappa per code, gold vs human_b on doc0+doc1 units.
        let pairwise = try #require(report.pairwise.first)
        #expect(close(pairwise.perCodeKappa["FAIR"], 0.7368421053))
        #expect(close(pairwise.perCodeKappa["INNOV"], 1.0))
        #expect(close(pairwise.perCodeKappa["PRIV"], 0.375))
        #expect(close(pairwise.perCodeKappa["REG"], 0.7368421053))
        #expect(close(pairwise.perCodeKappa["SAFE"], 1.0))
    }

    @Test func nervaluateFourSchemas() throws {
        let fixture = try ReferenceFixture()
        let report = try Evaluator.evaluate(fixture.inputs(), settings(.nervaluate))
        let n = try #require(report.nervaluate)
        typealias R = NervaluateCompat.Result
        // results.md, nervaluate table: COR INC PAR MIS SPU.
        #expect(n.overall[.strict] == R(correct: 4, incorrect: 4, partial: 0, missed: 4, spurious: 3))
        #expect(n.overall[.partial] == R(correct: 5, incorrect: 0, partial: 3, missed: 4, spurious: 3))
        #expect(n.overall[.entType] == R(correct: 7, incorrect: 1, partial: 0, missed: 4, spurious: 3))
        #expect(n.overall[.exact] == R(correct: 5, incorrect: 3, partial: 0, missed: 4, spurious: 3))
        #expect(close(n.overall[.strict]!.scores(.strict).f1, 0.347826087))
        #expect(close(n.overall[.exact]!.scores(.exact).f1, 0.4347826087))
        #expect(close(n.overall[.partial]!.scores(.partial).f1, 0.5652173913))
        #expect(close(n.overall[.entType]!.scores(.entType).f1, 0.6086956522))
        #expect(close(n.overall[.partial]!.scores(.partial).precision, 0.5909090909))
        #expect(close(n.overall[.entType]!.scores(.entType).recall, 0.5833333333))
        // Per code (strict / ent_type F1).
        let expected: [String: (Double, Double)] = ["FAIR": (0, 0.8), "INNOV": (0.6666666667, 0.6666666667), "PRIV": (0, 0.5),
                                                    "REG": (0.5714285714, 0.5714285714), "SAFE": (0.5, 0.5)]
        for (code, (strict, entType)) in expected {
            #expect(close(n.perCode[code]?[.strict]?.scores(.strict).f1 ?? .nan, strict), "\(code) strict")
            #expect(close(n.perCode[code]?[.entType]?.scores(.entType).f1 ?? .nan, entType), "\(code) ent_type")
        }
    }

    @Test func documentWithNoGoldWorksInEveryMode() throws {
        let fixture = try ReferenceFixture()
        for mode in EvalMode.allCases {
            var s = settings(mode, bootstrap: 50)
            s.iou = 0.5
            let report = try Evaluator.evaluate(fixture.inputs(), s)
            #expect(report.documents == 3, "\(mode)")
            if mode != .nervaluate {
                // doc2_en has no gold and one spurious SAFE prediction: counted as a false positive.
                #expect(report.errors.contains { $0.doc == "doc2_en" && $0.kind == .falsePositive && $0.code == "SAFE" }, "\(mode)")
            }
        }
    }
}

@Suite struct UnitOptionsTests {
    /// The error listing is cut per code; the line under it says how much of each kind it shows, so that
    /// nobody reads ten examples for all the errors. (The span modes: the fixture's units and documents
    /// have one error of a kind per code at most, which no limit above 0 cuts.)
    @Test(arguments: [EvalMode.exact, .overlap])
    func errorListingSaysWhatItLeavesOut(mode: EvalMode) throws {
        let fixture = try ReferenceFixture()
        var s = settings(mode)
        s.iou = 0.5
        let full = try Evaluator.evaluate(fixture.inputs(), s)
        let counts = try #require(full.summary?.counts)
        #expect(full.errors.count == counts.fp + counts.fn, "\(mode): a limit of 10 lists the fixture's every error")
        #expect(full.errorsCaption == nil)
        #expect(!full.render(.table).contains("false negatives listed"))
        s.errorLimit = 1
        let cut = try Evaluator.evaluate(fixture.inputs(), s)
        let fp = cut.errors.filter { $0.kind == .falsePositive }.count, fn = cut.errors.count - fp
        #expect(fp + fn < counts.fp + counts.fn, "\(mode)")
        let caption = "\(fp) of \(counts.fp) false positives and \(fn) of \(counts.fn) false negatives listed: at most 1 of each per code"
        #expect(cut.errorsCaption?.hasPrefix(caption) == true, "\(mode): \(cut.errorsCaption ?? "nil")")
        for format in [ReportFormat.table, .md, .html] { #expect(cut.render(format).contains(caption), "\(mode) \(format)") }
    }

    @Test func bootstrapIsSeededAndCoversThePointEstimate() throws {
        let fixture = try ReferenceFixture()
        var s = settings(.unit, bootstrap: 300)
        let a = try Evaluator.evaluate(fixture.inputs(), s)
        let b = try Evaluator.evaluate(fixture.inputs(), s)
        #expect(a.summary?.microF1Interval == b.summary?.microF1Interval)
        s.seed = 7
        let c = try Evaluator.evaluate(fixture.inputs(), s)
        #expect(c.summary?.microF1Interval != nil)
        let interval = try #require(a.summary?.microF1Interval)
        #expect(interval.lowerBound <= a.summary!.micro.f1 && a.summary!.micro.f1 <= interval.upperBound)
    }

    /// P3 FAIR [180,254) covers 74 of the 85 code points of unit [169,254): it lands with a minimum
    /// overlap of 0.8 of the unit, not with 0.9.
    @Test func minimumOverlapFraction() throws {
        let fixture = try ReferenceFixture()
        var s = settings(.unit)
        s.minOverlap = 0.8
        let loose = try Evaluator.evaluate(fixture.inputs(), s)
        s.minOverlap = 0.9
        let strict = try Evaluator.evaluate(fixture.inputs(), s)
        let fairLoose = loose.perCode.first { $0.code == "FAIR" }!.counts
        let fairStrict = strict.perCode.first { $0.code == "FAIR" }!.counts
        #expect(fairLoose == Counts(tp: 3, fp: 0, fn: 0))
        #expect(fairStrict == Counts(tp: 2, fp: 0, fn: 1))
    }
}
