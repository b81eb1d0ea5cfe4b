import Foundation
import Testing
import SpanCoderCore
@testable import SpanCoderEval

/// `../shared/gold/README.md`: agreement of the two coders before adjudication, all units, per-code
/// multi-label F1 (pooled micro / macro): 0.929 / 0.886 over 273 units (Chinese 0.913 / 0.901, English
/// 0.941 / 0.890); each coder against the adjudicated labels: 0.963 and 0.968 micro.
///
/// Reproduced as: unit mode on the gold's own units, macro over the codes either side uses in the
/// scope (the languages differ in which codes occur), language from the text's script.
@Suite struct GoldAgreementTests {
    struct Gold {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        var labels: AnnotationSet
        var coderA: AnnotationSet
        var coderB: AnnotationSet

        init() throws {
            let dev = packageRoot().appendingPathComponent("../shared/gold/dev").standardized.path
            let texts = packageRoot().appendingPathComponent("../shared/gold/texts").standardized.path
            labels = try SpanJSONLReader.read(path: dev + "/labels.jsonl", vocabulary: &vocabulary)
            coderA = try SpanJSONLReader.read(path: dev + "/coder-a.jsonl", vocabulary: &vocabulary)
            coderB = try SpanJSONLReader.read(path: dev + "/coder-b.jsonl", vocabulary: &vocabulary)
            // Only the four documents with labels take part.
            var all = EvalCorpus()
            var scratch = vocabulary
            try EvalDocumentLoader.loadDirectory(texts, into: &all, vocabulary: &scratch)
            for doc in Set(labels.docs).sorted() {
                let id = vocabulary.docs[doc]
                guard let index = scratch.docs.lookup(id), let text = all.text(index) else { continue }
                corpus.add(Document(id: id, text: text), vocabulary: &vocabulary)
            }
        }

        func evaluate(gold: AnnotationSet, pred: AnnotationSet, coders: [AnnotationSet] = []) throws -> EvalReport {
            var s = EvalSettings()
            s.mode = .unit
            s.bootstrap = 200
            return try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, coders: coders,
                                                     units: UnitTable(set: labels), groupFields: ["language"]), s)
        }
    }

    func rounded(_ x: Double?) -> Double { ((x ?? .nan) * 1000).rounded() / 1000 }

    @Test func coderAAgainstCoderB() throws {
        let gold = try Gold()
        let report = try gold.evaluate(gold: gold.coderA, pred: gold.coderB)
        #expect(report.units == 273)
        #expect(report.diagnostics.isEmpty)
        #expect(rounded(report.summary?.micro.f1) == 0.929)
        #expect(rounded(report.summary?.macro.f1) == 0.886)
        let byLanguage = Dictionary(uniqueKeysWithValues: report.groups.map { ($0.value, $0) })
        #expect(rounded(byLanguage["zh"]?.summary.micro.f1) == 0.913)
        #expect(rounded(byLanguage["zh"]?.summary.macro.f1) == 0.901)
        #expect(rounded(byLanguage["en"]?.summary.micro.f1) == 0.941)
        #expect(rounded(byLanguage["en"]?.summary.macro.f1) == 0.890)
        #expect(byLanguage["zh"].map { $0.documents } == 2)
        // The bootstrap interval is around the point estimate.
        let interval = try #require(report.summary?.microF1Interval)
        #expect(interval.contains(report.summary!.micro.f1))
    }

    @Test func eachCoderAgainstAdjudicated() throws {
        let gold = try Gold()
        let a = try gold.evaluate(gold: gold.labels, pred: gold.coderA)
        let b = try gold.evaluate(gold: gold.labels, pred: gold.coderB)
        #expect(rounded(a.summary?.micro.f1) == 0.963)
        #expect(rounded(b.summary?.micro.f1) == 0.968)
        // The same through --coder: gold vs each further coder, pairwise.
        let both = try gold.evaluate(gold: gold.labels, pred: gold.coderA, coders: [gold.coderB])
        #expect(rounded(both.pairwise.first?.summary.micro.f1) == 0.968)
        #expect(both.agreement?.multi != nil)
    }

    /// The HTML report shows every table the text and Markdown reports show, with the same cells: it
    /// had left out the several-coders measures and the gold-vs-each-coder table, dropped columns of
    /// the breakdown, and labelled the all-coders MASI and Jaccard alphas as two-coder figures.
    @Test func htmlShowsEveryTableOfTheTextReport() throws {
        let gold = try Gold()
        let report = try gold.evaluate(gold: gold.labels, pred: gold.coderA, coders: [gold.coderB])
        let html = report.render(.html)
        let tables = report.tables()
        #expect(tables.map(\.title).contains("Gold vs each further coder") && tables.contains { $0.title.hasPrefix("Several coders") })
        for table in tables {
            #expect(html.contains(HTMLReport.escape(table.title)) || table.title == "Per code", "\(table.title)")
            for row in table.rows {
                let cells = row.map { "<td" + ($0.isEmpty || !$0.allSatisfy({ "0123456789.-[], nan".contains($0) }) ? ">" : " class=\"n\">") + HTMLReport.escape($0) + "</td>" }
                #expect(html.contains("<tr>" + cells.joined() + "</tr>"), "\(table.title): \(row)")
            }
        }
    }

    @Test func goldAgainstItselfIsPerfect() throws {
        let gold = try Gold()
        let report = try gold.evaluate(gold: gold.labels, pred: gold.labels)
        #expect(report.summary?.micro.f1 == 1 && report.summary?.macro.f1 == 1)
        #expect(report.agreement?.cohenKappa == 1 && report.agreement?.alpha == 1 && report.agreement?.alphaMASI == 1)
        #expect(report.errors.isEmpty && report.confusion.isEmpty)
        for mode in [EvalMode.exact, .overlap, .document] {
            var s = EvalSettings()
            s.mode = mode
            s.bootstrap = 0
            let r = try Evaluator.evaluate(EvalInputs(vocabulary: gold.vocabulary, corpus: gold.corpus, gold: gold.labels, pred: gold.labels), s)
            #expect(r.summary?.micro.f1 == 1, "\(mode)")
        }
    }
}
