import Foundation
import Testing
import SpanCoderCore
import SpanCoderFormats
@testable import SpanCoderEval

/// A small evaluation built from JSONL strings, read as the CLI reads them (so every set knows the
/// documents it covers).
private struct Case {
    var vocabulary = Vocabulary()
    var corpus = EvalCorpus()

    init(_ texts: [(String, String)]) {
        for (id, text) in texts { corpus.add(Document(id: id, text: text), vocabulary: &vocabulary) }
    }

    mutating func set(_ name: String, _ lines: [String]) -> AnnotationSet {
        var set = SpanJSONLReader.parse(data: Data(lines.joined(separator: "\n").utf8), file: name, name: name, vocabulary: &vocabulary)
        set.codedDocs = set.documentsWithRows
        return set
    }

    func inputs(gold: AnnotationSet, pred: AnnotationSet, coders: [AnnotationSet] = [], unitFile: AnnotationSet? = nil,
                codeList: [String]? = nil, groupFields: [String] = []) -> EvalInputs {
        EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, coders: coders, unitFile: unitFile,
                   codeList: codeList, groupFields: groupFields)
    }
}

private func span(_ doc: String, _ start: Int, _ end: Int, _ codes: [String], text: String? = nil) -> String {
    var fields = #"{"doc":"\#(doc)","start":\#(start),"end":\#(end)"#
    if let text { fields += #","text":"\#(text)""# }
    return fields + #","codes":[\#(codes.map { "\"\($0)\"" }.joined(separator: ","))]}"#
}

private func settings(_ mode: EvalMode) -> EvalSettings {
    var s = EvalSettings()
    s.mode = mode
    s.bootstrap = 0
    return s
}

/// The documents of the acceptance report's `m1` case: four sentence units in "d", none in "e".
private let m1Texts = [("d", "Alpha one. Beta two. Gamma three. Delta four."), ("e", "Other text here.")]
private let m1Units = [span("d", 0, 10, []), span("d", 11, 20, []), span("d", 21, 33, []), span("d", 34, 45, [])]

@Suite struct ScopeTests {
    /// A code that only a further coder uses is scored against gold and in the multi-coder figures: the
    /// coder's false positives count, and gold against the coder equals the coder passed as --pred.
    @Test func codesOnlyAFurtherCoderUsesAreScored() throws {
        var c = Case(m1Texts)
        let gold = c.set("gold", [span("d", 0, 10, ["A"]), span("d", 11, 20, ["A"])])
        let pred = c.set("pred", [span("d", 0, 10, ["A"])])
        let coder = c.set("coder", [span("d", 0, 10, ["A", "X"]), span("d", 21, 33, ["X"]), span("d", 34, 45, ["Y"])])
        let units = c.set("units", m1Units)
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred, coders: [coder], unitFile: units), settings(.unit))
        let pairwise = try #require(report.pairwise.first)
        let alone = try Evaluator.evaluate(c.inputs(gold: gold, pred: coder, unitFile: units), settings(.unit))
        #expect(close(pairwise.summary.micro.f1, 1.0 / 3.0))
        #expect(close(pairwise.summary.micro.f1, alone.summary!.micro.f1))
        #expect(close(pairwise.summary.macro.f1, alone.summary!.macro.f1))
        #expect(close(pairwise.kappa, alone.agreement!.cohenKappa) && close(pairwise.alpha, alone.agreement!.alpha))
        #expect(Set(pairwise.perCodeKappa.keys) == ["A", "X", "Y"])
        // Three coders over the codes any of them set: 4 units × 3 codes.
        let multi = try #require(report.agreement?.multi)
        #expect(multi.completeCells == 12)
        #expect(Set(multi.perCodeAlpha.keys) == ["A", "X", "Y"])
        // Gold against predictions keeps its own codes (A only): 4 cells, kappa 0.5.
        #expect(report.agreement?.cells == 4 && close(report.agreement?.cohenKappa, 0.5))
    }

    /// A code used only in a document outside the scope (no units) adds no cells to the pooled
    /// coefficients and no row to the table (the report's `pred2`: 4 cells, kappa 0.5, not 8 and 0.6).
    @Test func pooledAgreementIgnoresCodesOutsideTheScope() throws {
        var c = Case(m1Texts)
        let gold = c.set("gold", [span("d", 0, 10, ["A"]), span("d", 11, 20, ["A"])])
        let pred = c.set("pred", [span("d", 0, 10, ["A"]), span("e", 0, 5, ["Z"])])
        let units = c.set("units", m1Units)
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred, unitFile: units), settings(.unit))
        #expect(report.agreement?.cells == 4)
        #expect(close(report.agreement?.cohenKappa, 0.5))
        #expect(report.perCode.map(\.code) == ["A"])
        #expect(report.scoredDocuments == 1 && report.scope == .units)
    }

    /// Each `--by` subset pools the codes of its own documents, so its kappa is the kappa of the subset
    /// evaluated alone (scikit-learn on the subset).
    /// A `--by` subset: macro-F1 over the codes set in the subset (scikit-learn's default labels on the
    /// subset alone), kappa and alpha over its units × every code of the comparison (the subset's rows of
    /// the unit × code matrix, all columns kept), so that groups share one basis.
    @Test func breakdownAveragesItsOwnCodesAndKeepsTheComparisonsCells() throws {
        let texts = [("en1", "One two. Three four."), ("zh1", "第一句。第二句。")]
        var c = Case(texts)
        let goldLines = [span("en1", 0, 8, ["A"]), span("en1", 9, 20, ["B"]), span("zh1", 0, 4, ["A"]), span("zh1", 4, 8, [])]
        let predLines = [span("en1", 0, 8, ["A", "B"]), span("en1", 9, 20, []), span("zh1", 0, 4, ["A"]), span("zh1", 4, 8, ["A"])]
        let gold = c.set("gold", goldLines), pred = c.set("pred", predLines)
        let units = c.set("units", goldLines)
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred, unitFile: units, groupFields: ["language"]), settings(.unit))
        let zh = try #require(report.groups.first { $0.value == "zh" })
        var z = Case([texts[1]])
        let zhGold = z.set("gold", Array(goldLines[2...])), zhPred = z.set("pred", Array(predLines[2...]))
        let zhUnits = z.set("units", Array(goldLines[2...]))
        let zhOnly = try Evaluator.evaluate(z.inputs(gold: zhGold, pred: zhPred, unitFile: zhUnits), settings(.unit))
        #expect(close(zh.summary.macro.f1, zhOnly.summary!.macro.f1))
        // The zh rows with both columns: code A (1,1) and (0,1), code B (0,0) twice: 4 cells, kappa 0.5.
        var w = Case([texts[1]])
        let wide = try Evaluator.evaluate(w.inputs(gold: w.set("gold", Array(goldLines[2...])), pred: w.set("pred", Array(predLines[2...])),
                                                   unitFile: w.set("units", Array(goldLines[2...])), codeList: ["A", "B"]), settings(.unit))
        #expect(wide.agreement?.cells == 4)
        #expect(close(zh.kappa, 0.5) && close(zh.kappa, wide.agreement!.cohenKappa) && close(zh.alpha, wide.agreement!.alpha))
        #expect(zhOnly.agreement?.cells == 2)  // alone, code A only: a different basis
    }

    /// The gold decides which documents are scored when there are no units: a text the gold has no line
    /// for is not "coded, nothing found" (document mode precision does not collapse; unit mode adds no
    /// both-absent cells for it), and the report says so.
    @Test func documentsTheGoldDoesNotCoverAreNotScored() throws {
        var c = Case([("a", "Alpha one. Beta two."), ("b", "Gamma three. Delta four."), ("c", "Epsilon five.")])
        let gold = c.set("gold", [span("a", 0, 10, ["A"]), span("b", 0, 0, [])])  // b: coded, nothing found
        let pred = c.set("pred", [span("a", 0, 10, ["A"]), span("c", 0, 8, ["A"])])
        let document = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.document))
        #expect(document.summary?.counts == Counts(tp: 1, fp: 0, fn: 0))
        #expect(document.scoredDocuments == 2 && document.documents == 3 && document.scope == .gold)
        #expect(document.agreement?.cells == 2)
        #expect(document.notes.contains { $0.hasPrefix("1 of the 3 documents have no line in the gold (c)") })
        #expect(document.diagnostics.isEmpty)  // the empty line that says "coded" is no finding
        let unit = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.unit))
        #expect(unit.agreement?.cells == 4)  // a: 2 sentences, b: 2 sentences; c is not cut
        // Predictions that skip a scored document predicted nothing there (b has no codes anyway): a note.
        #expect(unit.notes.contains { $0.hasPrefix("pred (pred) has no line for 1 of the 2 scored documents (b)") })
    }

    /// `--scope texts` scores every document given (one the gold has no line for is coded with nothing
    /// found, for formats that write nothing then), `--scope gold` ignores units outside the gold's
    /// documents, and `--scope units` without units is a usage error.
    @Test func scopeCanBeChosen() throws {
        var c = Case([("a", "Alpha one. Beta two."), ("b", "Gamma three. Delta four."), ("c", "Epsilon five.")])
        let gold = c.set("gold", [span("a", 0, 10, ["A"])])
        let pred = c.set("pred", [span("a", 0, 10, ["A"]), span("c", 0, 8, ["A"])])
        var texts = settings(.document)
        texts.scope = .all
        let all = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), texts)
        #expect(all.scope == .all && all.scoredDocuments == 3)
        #expect(all.summary?.counts == Counts(tp: 1, fp: 1, fn: 0))
        #expect(all.notes.contains { $0.hasPrefix("2 of the 3 documents have no line in the gold (b, c); --scope texts") })
        let units = c.set("units", [span("a", 0, 10, []), span("c", 0, 13, [])])
        var gold2 = settings(.unit)
        gold2.scope = .gold
        let byGold = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred, unitFile: units), gold2)
        #expect(byGold.scope == .gold && byGold.scoredDocuments == 1 && byGold.summary?.counts == Counts(tp: 1, fp: 0, fn: 0))
        var noUnits = settings(.unit)
        noUnits.scope = .units
        #expect(throws: SpanCoderError.self) { try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), noUnits) }
    }

    /// Within the scope, predictions missing a document count as predicting nothing (a system that
    /// output nothing), while a further coder missing it is missing data.
    @Test func missingPredictionsAreFalseNegativesMissingCodersAreMissingData() throws {
        var c = Case([("a", "Alpha one."), ("b", "Beta two.")])
        let gold = c.set("gold", [span("a", 0, 10, ["A"]), span("b", 0, 9, ["A"])])
        let pred = c.set("pred", [span("a", 0, 10, ["A"])])
        let coder = c.set("coder", [span("a", 0, 10, ["A"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred, coders: [coder]), settings(.document))
        #expect(report.summary?.counts == Counts(tp: 1, fp: 0, fn: 1))
        #expect(report.pairwise.first?.summary.counts == Counts(tp: 1, fp: 0, fn: 0))
    }
}

/// Inputs that share no document with what they are compared with are refused (exit 65 in the CLI), naming
/// both, their document counts and a few ids of each; inputs that share only some are scored, with notes
/// and report counts that say how many documents each side lacks.
@Suite struct DocumentCoverageTests {
    private static let texts = [("a", "Alpha one. Beta two."), ("b", "Gamma three. Delta four."), ("c", "Epsilon five.")]

    /// The message of the `SpanCoderError` that `body` throws, or nil when it does not throw one of kind `.badInput`.
    private func refusal(_ body: () throws -> EvalReport) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as SpanCoderError {
            return error.kind == .badInput ? error.message : nil
        } catch {
            return nil
        }
    }

    /// Predictions of another id scheme (or of another corpus): no report with zeros in it, in any mode.
    @Test(arguments: [EvalMode.unit, .document, .exact, .overlap, .nervaluate])
    func predictionsSharingNoDocumentWithTheGoldAreRefused(_ mode: EvalMode) throws {
        var c = Case(Self.texts)
        let gold = c.set("gold.jsonl", [span("a", 0, 10, ["A"]), span("b", 0, 12, ["B"])])
        let pred = c.set("pred.jsonl", [span("doc-b", 0, 12, ["B"]), span("doc-a", 0, 10, ["A"]), span("doc-c", 0, 5, ["A"]), span("doc-d", 0, 5, [])])
        let message = refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(mode)) }
        #expect(message == "gold and pred have no document in common — gold (gold.jsonl): 2 documents (a, b); "
            + "pred (pred.jsonl): 4 documents (doc-a, doc-b, doc-c, …); nothing was scored. "
            + "Check that the inputs belong together and name documents the same way")
        // Predictions of other texts of the same folder: the same refusal.
        let others = c.set("others.jsonl", [span("c", 0, 5, ["A"])])
        let other = refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: others), settings(mode)) }
        #expect(other?.hasPrefix("gold and pred have no document in common — gold (gold.jsonl): 2 documents (a, b); pred (others.jsonl): 1 document (c);") == true,
                "\(other ?? "no error")")
    }

    /// The ids a message shows do not depend on the order of the input lines.
    @Test func theIDsShownDoNotDependOnLineOrder() throws {
        var c = Case(Self.texts)
        let gold = c.set("gold.jsonl", [span("b", 0, 12, ["B"]), span("a", 0, 10, ["A"])])
        let lines = (1...6).map { span("x\($0)", 0, 1, ["A"]) }
        let forward = c.set("pred.jsonl", lines), backward = c.set("pred.jsonl", Array(lines.reversed()))
        let first = refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: forward), settings(.unit)) }
        let second = refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: backward), settings(.unit)) }
        #expect(first != nil && first == second)
        #expect(first?.contains("pred (pred.jsonl): 6 documents (x1, x2, x3, …)") == true, "\(first ?? "no error")")
    }

    /// An empty prediction file (or gold file) holds no document: refused, saying so.
    @Test func emptyInputsHoldNoDocument() throws {
        var c = Case(Self.texts)
        let gold = c.set("gold.jsonl", [span("a", 0, 10, ["A"])])
        let empty = c.set("empty.jsonl", [])
        let pred = refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: empty), settings(.unit)) }
        #expect(pred?.hasPrefix("pred holds no document — gold (gold.jsonl): 1 document (a); pred (empty.jsonl): 0 documents; nothing was scored. "
            + "A tagger writes no line for a document it proposes nothing in (tag --all-spans") == true, "\(pred ?? "no error")")
        var inputs = c.inputs(gold: empty, pred: gold)
        inputs.documentsName = "--texts texts"
        let goldEmpty = refusal { try Evaluator.evaluate(inputs, settings(.unit)) }
        #expect(goldEmpty == "gold holds no document — gold (empty.jsonl): 0 documents; the texts (--texts texts): 3 documents (a, b, c); nothing was scored",
                "\(goldEmpty ?? "no error")")
        // A file of malformed lines says why it holds nothing.
        let broken = c.set("broken.jsonl", ["{not json"])
        let malformed = refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: broken), settings(.unit)) }
        #expect(malformed?.contains("0 documents; nothing was scored. 1 line of it could not be read, the first: broken.jsonl:1: malformed line") == true,
                "\(malformed ?? "no error")")
        // An empty CSV (quotes) holds no document either, and a CSV of unknown ids holds those ids.
        let noRows = try CSVQuotesReader.anchor(rows: [], file: "q.csv", name: "q.csv", corpus: c.corpus, vocabulary: &c.vocabulary)
        #expect(refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: noRows), settings(.unit)) }?.hasPrefix("pred holds no document") == true)
        let rows = try CSVQuotesReader.rows(of: "doc,quote,codes\nz1,Alpha,A\nz2,Beta,A\n", file: "q.csv")
        let unknown = try CSVQuotesReader.anchor(rows: rows, file: "q.csv", name: "q.csv", corpus: c.corpus, vocabulary: &c.vocabulary)
        #expect(refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: unknown), settings(.unit)) }?
            .contains("pred (q.csv): 2 documents (z1, z2)") == true)
    }

    /// The gold against the texts (gold scope, and --scope texts), the units and a further coder.
    @Test func goldTextsUnitsAndCodersSharingNoDocumentAreRefused() throws {
        var c = Case(Self.texts)
        let gold = c.set("gold.jsonl", [span("a", 0, 10, ["A"])])
        let pred = c.set("pred.jsonl", [span("a", 0, 10, ["A"]), span("b", 0, 12, ["B"])])
        let elsewhere = c.set("elsewhere.jsonl", [span("z", 0, 10, ["A"])])
        var inputs = c.inputs(gold: elsewhere, pred: pred)
        inputs.documentsName = "--texts texts"
        #expect(refusal { try Evaluator.evaluate(inputs, settings(.document)) }
            == "gold and the texts have no document in common — gold (elsewhere.jsonl): 1 document (z); the texts (--texts texts): 3 documents (a, b, c); "
            + "nothing was scored. Check that the inputs belong together and name documents the same way "
            + "(a text file's document id is its name without extension, a JSONL corpus line's its \"id\")")
        var all = settings(.document)
        all.scope = .all
        #expect(refusal { try Evaluator.evaluate(inputs, all) }?.hasPrefix("gold and the texts have no document in common") == true)

        let unitsOfB = c.set("units.jsonl", [span("b", 0, 12, []), span("b", 13, 24, [])])
        #expect(refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: pred, unitFile: unitsOfB), settings(.unit)) }
            == "gold and the units have no document in common — gold (gold.jsonl): 1 document (a); the units (units.jsonl): 1 document (b); "
            + "nothing was scored. Check that the inputs belong together and name documents the same way")

        let coder = c.set("coder.jsonl", [span("doc-a", 0, 10, ["A"])])
        #expect(refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: pred, coders: [coder]), settings(.unit)) }?
            .hasPrefix("gold and coder1 have no document in common — gold (gold.jsonl): 1 document (a); coder1 (coder.jsonl): 1 document (doc-a);") == true)
    }

    /// Gold and predictions that share only documents that are not scored (here: without units) are
    /// refused too, and the message says why the shared ones do not count.
    @Test func sharingOnlyUnscoredDocumentsIsRefused() throws {
        var c = Case(Self.texts)
        let gold = c.set("gold.jsonl", [span("a", 0, 10, ["A"]), span("b", 0, 12, ["B"])])
        let pred = c.set("pred.jsonl", [span("b", 0, 12, ["B"])])
        let unitsOfA = c.set("units.jsonl", [span("a", 0, 10, []), span("a", 11, 20, [])])
        #expect(refusal { try Evaluator.evaluate(c.inputs(gold: gold, pred: pred, unitFile: unitsOfA), settings(.unit)) }
            == "gold and pred have no scored document in common — gold (gold.jsonl): 2 documents (a, b); pred (pred.jsonl): 1 document (b); "
            + "the one document both hold is not scored (b: without units); nothing was scored. "
            + "Check that the inputs belong together and name documents the same way")
    }

    /// Gold codes on documents the units leave out play no part in any score; a note says so even when
    /// every document with units has its gold line, and the gold's summary counts only its scored pairs.
    @Test func goldDocumentsWithoutUnitsAreNamed() throws {
        var c = Case(Self.texts)
        let gold = c.set("gold.jsonl", [span("a", 0, 10, ["A"]), span("b", 0, 12, ["B"])])
        let unitsOfA = c.set("units.jsonl", [span("a", 0, 10, []), span("a", 11, 20, [])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: gold, unitFile: unitsOfA), settings(.unit))
        #expect(report.notes.contains("gold (gold.jsonl): 1 of the 2 documents it holds is not scored (b: without units); its codes there play no part. "
            + "To score them, give their units too"), "\(report.notes)")
        #expect(report.inputs[0].summary == "gold: gold.jsonl — 2 documents (1 not scored), 2 spans, 2 span-code pairs, 1 of them in scored documents")
        let both = c.set("units.jsonl", [span("a", 0, 10, []), span("b", 0, 12, [])])
        let whole = try Evaluator.evaluate(c.inputs(gold: gold, pred: gold, unitFile: both), settings(.unit))
        #expect(!whole.notes.contains { $0.hasPrefix("gold (gold.jsonl)") }, "\(whole.notes)")
        #expect(whole.inputs[0].summary == "gold: gold.jsonl — 2 documents, 2 spans, 2 span-code pairs scored")
    }

    /// Partial overlap is scored as before — a gold document without predictions as predicting no codes
    /// (every gold code in it missed) — and the note and the report's counts say how many gold
    /// documents have no prediction and how many predicted documents are not scored.
    @Test func partialOverlapIsScoredAndCounted() throws {
        var c = Case(Self.texts)
        let gold = c.set("gold.jsonl", [span("a", 0, 10, ["A"]), span("b", 0, 12, ["B"])])
        let pred = c.set("pred.jsonl", [span("a", 0, 10, ["A"]), span("c", 0, 5, ["A"]), span("zz", 0, 5, ["A"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.document))
        #expect(report.summary?.counts == Counts(tp: 1, fp: 0, fn: 1))
        #expect(report.inputs[0].coverage == EvalReport.DocumentCounts(documents: 2, notScored: 0, missing: 0, scoped: 2))
        #expect(report.inputs[1].coverage == EvalReport.DocumentCounts(documents: 3, notScored: 2, missing: 1, scoped: 2))
        #expect(report.notes.contains("pred (pred.jsonl) has no line for 1 of the 2 scored documents (b), scored as predicting no codes there "
            + "(every gold code there missed), and 2 of the 3 documents it holds are not scored (c, zz: 1 not among the texts, 1 without a line in the gold). "
            + "A second human coder whose missing documents are missing data belongs in --coder"), "\(report.notes)")
        #expect(report.inputs[1].summary == "pred: pred.jsonl — 3 documents (2 not scored, no line for 1 of the 2 scored), 3 spans, "
            + "2 span-code pairs, 1 of them in scored documents; findings: 1 unknown document")
        let json = try JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any]
        let rows = json?["inputs"] as? [[String: Any]] ?? []
        #expect(rows.map { [$0["documents"] as? Int, $0["documents_not_scored"] as? Int, $0["scored_documents_missing"] as? Int] } == [[2, 0, 0], [3, 2, 1]])
        #expect(rows.map { [$0["span_code_pairs"] as? Int, $0["span_code_pairs_scored"] as? Int] } == [[2, 2], [2, 1]])
        // A coder missing a scored document: missing data, with the same counts.
        let coder = c.set("coder.jsonl", [span("b", 0, 12, ["B"])])
        let withCoder = try Evaluator.evaluate(c.inputs(gold: gold, pred: gold, coders: [coder]), settings(.unit))
        #expect(withCoder.notes.contains { $0.hasPrefix("coder1 (coder.jsonl) has no line for 1 of the 2 scored documents (a), which count as not coded by it "
            + "(missing data), and the one document it holds is scored") }, "\(withCoder.notes)")
    }
}

@Suite struct UnitFileValidationTests {
    /// Units go through the same checks as gold and predictions: every bad line is a finding with
    /// file:line, counted for the exit status, and `--on-invalid error` stops.
    @Test func everyBadUnitIsAFindingWithItsLine() throws {
        var c = Case([("d", "Alpha one. Beta two. Gamma three.")])
        let lines = [
            #"{"doc":"d","start":0,"end":10}"#,
            #"{"doc":"d","#,  // malformed
            #"{"doc":"d","start":"11","end":20}"#,  // string offset
            #"{"doc":"d","start":11.5,"end":20}"#,  // fractional offset
            #"{"doc":"d","start":20,"end":11}"#,  // inverted
            #"{"doc":"d","start":21,"end":200}"#,  // past the end
            #"{"doc":"zz","start":0,"end":3}"#,  // unknown document
            #"{"doc":"d","start":0,"end":10}"#,  // duplicate
            #"{"doc":"d","start":5,"end":20}"#,  // overlaps line 1
            #"{"doc":"d","start":21,"end":33,"text":"Gamma four."}"#,  // text differs
        ]
        let units = c.set("u.jsonl", lines)
        let gold = c.set("gold", [span("d", 0, 10, ["A"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: gold, unitFile: units), settings(.unit))
        let found = report.diagnostics.filter { $0.location.file == "u.jsonl" }.map { "\($0.location.line ?? 0):\($0.kind)" }
        #expect(found.sorted() == ["10:textMismatch", "2:malformed", "3:malformed", "4:malformed", "5:inverted", "6:outOfText",
                                   "7:unknownDocument", "8:duplicate", "9:overlappingUnits"])
        #expect(report.units == 3)
        #expect(report.leftInputOut)
        #expect(report.inputs.last?.role == "units" && report.inputs.last?.pairs == 3)
        var strict = settings(.unit)
        strict.onInvalid = .error
        #expect(throws: SpanCoderError.self) { try Evaluator.evaluate(c.inputs(gold: gold, pred: gold, unitFile: units), strict) }
    }

    /// A units file with nothing usable is an error, not a report on nothing.
    @Test func emptyUnitsFileIsAnError() throws {
        var c = Case([("d", "Alpha one.")])
        let gold = c.set("gold", [span("d", 0, 10, ["A"])])
        let empty = c.set("u", []), inverted = c.set("u", [#"{"doc":"d","start":5,"end":1}"#])
        #expect(throws: SpanCoderError.self) { try Evaluator.evaluate(c.inputs(gold: gold, pred: gold, unitFile: empty), settings(.unit)) }
        #expect(throws: SpanCoderError.self) { try Evaluator.evaluate(c.inputs(gold: gold, pred: gold, unitFile: inverted), settings(.unit)) }
    }

    /// A clean units file (the gold's own labels, text included) gives no finding and exits 0.
    @Test func cleanUnitsHaveNoFinding() throws {
        var c = Case([("d", "Alpha one. Beta two.")])
        let lines = [span("d", 0, 10, ["A"], text: "Alpha one."), span("d", 11, 20, [], text: "Beta two.")]
        let gold = c.set("gold", lines)
        let units = c.set("units", lines)
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: gold, unitFile: units), settings(.unit))
        #expect(report.diagnostics.isEmpty && !report.leftInputOut)
        #expect(report.units == 2)
    }
}

@Suite struct FindingTests {
    /// The overlap finding names the span that reaches furthest, several lines back if need be.
    @Test func overlapNamesItsRealPartner() throws {
        var c = Case([("d", String(repeating: "x", count: 201))])
        let gold = c.set("g.jsonl", [span("d", 157, 165, ["A"]), span("d", 94, 164, ["A"]), span("d", 109, 115, ["A"])])
        let pred = c.set("p", [span("d", 0, 0, [])])  // coded, nothing found (an empty file would be refused)
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.exact))
        let overlaps = report.diagnostics.filter { $0.kind == .selfOverlap && $0.location.file == "g.jsonl" }
        #expect(overlaps.map { $0.location.line ?? 0 }.sorted() == [1, 3])
        #expect(overlaps.allSatisfy { $0.message.contains("(line 2 [94, 164))") }, "\(overlaps)")
    }

    /// A blank code id is a finding and not scored; white space around an id is trimmed with a finding.
    @Test func blankAndPaddedCodeIDs() throws {
        var c = Case([("d", "Alpha one. Beta two.")])
        let gold = c.set("gold", [span("d", 0, 10, ["A"])])
        let pred = c.set("pred.jsonl", [span("d", 0, 10, [" A", ""]), span("d", 11, 20, ["\\u3000"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.exact))
        #expect(report.summary?.counts == Counts(tp: 1, fp: 0, fn: 0))
        #expect(report.perCode.map(\.code) == ["A"])
        let kinds = report.diagnostics.map { "\($0.location.line ?? 0):\($0.kind)" }
        #expect(kinds.sorted() == ["1:blankCode", "1:paddedCode", "2:blankCode"])
        #expect(report.leftInputOut)
        // Only a padded id: scored as trimmed, nothing left out.
        let paddedPred = c.set("p", [span("d", 0, 10, ["A "])])
        let padded = try Evaluator.evaluate(c.inputs(gold: gold, pred: paddedPred), settings(.exact))
        #expect(padded.summary?.counts == Counts(tp: 1, fp: 0, fn: 0) && !padded.leftInputOut)
    }

    /// A recorded text that differs from the document at the span's offsets is a finding; the span is
    /// kept. The first row's text counts too (it used to be dropped).
    @Test func textMismatchIsAFindingAndTheSpanIsKept() throws {
        var c = Case([("d", "Alpha one. Beta two.")])
        let gold = c.set("g.jsonl", [span("d", 0, 10, ["A"], text: "Totally different")])
        #expect(gold.text(ofRow: 0) == "Totally different")
        let pred = c.set("p", [span("d", 0, 10, ["A"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.exact))
        #expect(report.diagnostics.map(\.kind) == [.textMismatch])
        #expect(report.summary?.counts == Counts(tp: 1, fp: 0, fn: 0))
        #expect(!report.leftInputOut)
    }

    /// nervaluate counts a duplicate; the finding says so instead of "left out of scoring".
    @Test func nervaluateDuplicateFindingSaysItCounts() throws {
        var c = Case([("d", "Alpha one. Beta two.")])
        let gold = c.set("g", [span("d", 0, 10, ["A"])])
        let pred = c.set("p.jsonl", [span("d", 0, 10, ["A"]), span("d", 0, 10, ["A"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.nervaluate))
        let duplicate = try #require(report.diagnostics.first { $0.kind == .duplicate })
        #expect(!duplicate.description.contains("left out of scoring"))
        #expect(duplicate.description.contains("nervaluate counts it"))
        #expect(report.nervaluate?.overall[.strict]?.spurious == 1)
        // Elsewhere the pair is scored once: said so, not "left out of scoring" (it is not), and no exit 1.
        let unit = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.unit))
        let collapsed = try #require(unit.diagnostics.first { $0.kind == .duplicate })
        #expect(collapsed.description.hasSuffix("(counted once)"), "\(collapsed)")
        #expect(!unit.leftInputOut)
    }

    /// A line that lists one code twice was "duplicate of" its own line; the finding says what it is.
    @Test func aCodeListedTwiceOnOneLineIsNamedSo() throws {
        var c = Case([("d", "Alpha one. Beta two.")])
        let gold = c.set("g.jsonl", [span("d", 0, 10, ["A", "A"]), span("d", 0, 10, ["A"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: gold), settings(.exact))
        let findings = report.diagnostics.filter { $0.kind == .duplicate && $0.location.file == "g.jsonl" }.map(\.description)
        #expect(findings.contains { $0.contains("the code listed twice on this line") }, "\(findings)")
        #expect(findings.contains { $0.contains("duplicate of") && !$0.contains("listed twice") }, "\(findings)")
    }

    /// A coefficient of -1e-17 prints as 0.0000, in text and JSON.
    @Test func negativeZeroPrintsAsZero() {
        #expect(EvalReport.fmt(-1e-17) == "0.0000")
        #expect(EvalReport.fmt(-0.0) == "0.0000")
        #expect(EvalReport.fmt(-0.00004) == "0.0000")
        var out = ""
        JSONValue.number(-1e-17).write(to: &out)
        #expect(out == "0")
    }
}

@Suite struct QuoteAndBratTests {
    /// Rows (Same., A), (Same., B), (Same., A) on "Same. Same.": B is another code of the first
    /// passage; only the repeated identical row takes the next occurrence.
    @Test func repeatedQuoteTakesTheOccurrenceNotUsedByAnIdenticalRow() throws {
        var c = Case([("d", "Same. Same.")])
        let rows = try CSVQuotesReader.rows(of: "doc,quote,codes\nd,Same.,A\nd,Same.,B\nd,Same.,A\n", file: "q.csv")
        let quotes = try CSVQuotesReader.anchor(rows: rows, file: "q.csv", name: "q.csv", corpus: c.corpus, vocabulary: &c.vocabulary)
        #expect(zip(quotes.starts, quotes.ends).map { [$0, $1] } == [[0, 5], [0, 5], [6, 11]])
        let gold = c.set("g", [span("d", 0, 5, ["A", "B"]), span("d", 6, 11, ["A"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: quotes), settings(.exact))
        #expect(close(report.summary?.micro.f1, 1))
    }

    /// brat: an impossible fragment is a finding (warn and skip, exit 1; 65 only with --on-invalid
    /// error), and a document missing from the texts is reported at its own .ann file and line.
    @Test func bratFindingsNameTheirAnnFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("brat-eval-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFileWriter.write("Alpha one. Beta two.", to: folder + "/d.txt")
        try AtomicFileWriter.write("T1\tA 0 10\tAlpha one.\nT2\tB 0 99\tx\nT3\tB 5 2\tx\n", to: folder + "/d.ann")
        try AtomicFileWriter.write("abc", to: folder + "/zz.txt")
        try AtomicFileWriter.write("\nT1\tA 0 3\tabc\n", to: folder + "/zz.ann")
        var c = Case([("d", "Alpha one. Beta two.")])
        let gold = try EvalReaders.read(path: folder, corpus: c.corpus, vocabulary: &c.vocabulary)
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: gold), settings(.exact))
        let found = Set(report.diagnostics.map { "\($0.location):\($0.kind)" })
        #expect(found == ["\(folder)/d.ann:2:outOfText", "\(folder)/d.ann:3:inverted", "\(folder)/zz.ann:2:unknownDocument"], "\(found)")
        #expect(report.summary?.counts == Counts(tp: 1, fp: 0, fn: 0))
        #expect(report.leftInputOut)
    }
}

/// `tag --doc-codes` output and document-level gold, as users write them.
@Suite struct DocumentLineTests {
    static let texts = [("d", "Agencies shall protect personal data. The weather is nice. Models are tested for bias."),
                        ("e", "Nothing about any code here.")]
    /// tag's lines for "d": two coded sentences and the whole-document line (its rule kept only A).
    static let tagged = [span("d", 0, 37, ["A"]), span("d", 59, 85, ["B"]),
                         #"{"doc":"d","start":0,"end":85,"id":"document","codes":["A"]}"#]

    /// CSV and doccano carry the document line as a span over the whole text after the document's
    /// other spans: marked a document line there, and left alone where it comes before another span
    /// of its document, is the document's only span, or the document's length is unknown.
    @Test func marksTrailingWholeDocumentSpans() {
        var vocabulary = Vocabulary()
        let (d, e, f, g) = (vocabulary.internDoc("d"), vocabulary.internDoc("e"), vocabulary.internDoc("f"), vocabulary.internDoc("g"))
        var set = AnnotationSet(name: "csv")
        for (doc, start, end) in [(d, 0, 37), (d, 0, 85), (e, 0, 28), (g, 0, 20), (e, 0, 28), (f, 0, 9), (f, 0, 4), (g, 0, 5), (d, 0, 85)] {
            set.append(doc: doc, start: start, end: end, codes: [], line: 1)
        }
        set.markTrailingWholeDocumentSpans { [d: 85, e: 28, g: 20][$0] }
        #expect((0..<set.count).map(set.id(ofRow:)) == [nil, "document", nil, nil, nil, nil, nil, nil, "document"])
    }

    /// A region a coder draws over the whole text beside tag's document regions (Label Studio gives it a
    /// random id) is a document code too; a whole-text span in a document without document lines stays.
    @Test func wholeTextSpansBesideDocumentLinesJoinThem() {
        var vocabulary = Vocabulary()
        let (d, e) = (vocabulary.internDoc("d"), vocabulary.internDoc("e"))
        var set = AnnotationSet(name: "ls")
        set.append(doc: d, start: 0, end: 37, codes: [], line: 0, id: "s1-1")
        set.append(doc: d, start: 0, end: 85, codes: [], line: 0, id: "document")
        set.append(doc: d, start: 0, end: 85, codes: [], line: 0, id: "Xy12abCD")
        set.append(doc: e, start: 0, end: 28, codes: [], line: 0, id: "Ab3")
        set.markWholeTextSpansBesideDocumentLines { [d: 85, e: 28][$0] }
        #expect((0..<set.count).map(set.id(ofRow:)) == ["s1-1", "document", "document", "Ab3"])
    }

    /// In unit mode the whole-document line put "d"'s codes on every unit: three false positives
    /// here. It is left out, with a note.
    @Test func unitModeLeavesWholeDocumentLinesOut() throws {
        var c = Case(Self.texts)
        let gold = c.set("g", [span("d", 0, 37, ["A"]), span("d", 38, 58, []), span("d", 59, 85, ["B"]), span("e", 0, 28, [])])
        let pred = c.set("p", Self.tagged)
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred, unitFile: gold), settings(.unit))
        #expect(report.summary?.counts == Counts(tp: 2, fp: 0, fn: 0))
        #expect(report.notes.contains { $0.contains(#"1 whole-document line(s) of tag --doc-codes ("id": "document") left out"#) }, "\(report.notes)")
        #expect(!report.diagnostics.contains { $0.kind == .selfOverlap })
    }

    /// In document mode eval pooled every span line and ignored the document line, so tag's
    /// --doc-min-spans/--doc-min-score changed nothing: here B (in one sentence, dropped by the rule)
    /// was scored as predicted. The document line decides. A document with span lines but no document
    /// line is one the rule gave no code (tag writes the line only then): its spans were pooled, so one
    /// weak span became a document code; it now gets none. A file without document lines pools.
    @Test func documentModeTakesTheDocumentLine() throws {
        var c = Case(Self.texts)
        let gold = c.set("g", [span("d", 0, 85, ["A", "B"]), span("e", 0, 28, ["A"])])
        let pred = c.set("p", Self.tagged + [span("e", 0, 7, ["A"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.document))
        #expect(report.summary?.counts == Counts(tp: 1, fp: 0, fn: 2))
        #expect(report.notes.contains { $0.contains("give the codes of their 1 document(s)") && $0.contains("the 1 document(s) with span lines but no such line get no code") }, "\(report.notes)")
        let pooled = try Evaluator.evaluate(c.inputs(gold: gold, pred: c.set("p2", [span("d", 0, 37, ["A"]), span("d", 59, 85, ["B"]), span("e", 0, 7, ["A"])])), settings(.document))
        #expect(pooled.summary?.counts == Counts(tp: 3, fp: 0, fn: 0))
    }

    /// A gold file corrected from tag's output keeps tag's document lines and adds document codes by
    /// hand (an empty span with codes, eval.md's form) or leaves a coder's spans: those count. The rule
    /// "no document line, no code" is the predictions' (tag's rule); a hand line there counts too.
    @Test func handWrittenDocumentCodesBesideTagsLinesCount() throws {
        var c = Case(Self.texts)
        let gold = c.set("g", Self.tagged + [span("e", 0, 0, ["B"])])
        let pred = c.set("p", [#"{"doc":"d","start":0,"end":85,"id":"document","codes":["A"]}"#, span("e", 0, 0, ["B"]), span("e", 0, 7, ["A"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.document))
        // d: A against A; e: gold B (the hand line), pred B (its hand line; the span line A is tag's, no code).
        #expect(report.summary?.counts == Counts(tp: 2, fp: 0, fn: 0), "\(report.notes)")
        let coderSpans = c.set("g2", Self.tagged + [span("e", 0, 7, ["A"])])
        let pooled = try Evaluator.evaluate(c.inputs(gold: coderSpans, pred: pred), settings(.document))
        #expect(pooled.summary?.counts == Counts(tp: 1, fp: 1, fn: 1), "gold pools e's span: A; pred gives e B")
    }

    /// eval.md's document-level line is {"start":0,"end":0,…}: with codes it was an empty span, left
    /// out, and a gold file of document codes written so lost every code. In document mode it is the
    /// document's codes; in unit mode it stays a finding.
    @Test func emptySpansWithCodesAreDocumentCodesInDocumentMode() throws {
        var c = Case(Self.texts)
        let gold = c.set("g", [span("d", 0, 0, ["A", "B"]), span("e", 0, 0, [])])
        let pred = c.set("p", [span("d", 0, 37, ["A"]), span("e", 3, 9, ["B"])])
        let report = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.document))
        #expect(report.summary?.counts == Counts(tp: 1, fp: 1, fn: 1))
        #expect(!report.diagnostics.contains { $0.kind == .emptySpan }, "\(report.diagnostics)")
        #expect(report.notes.contains { $0.contains("1 line(s) with codes on an empty span read as codes of their whole document") })
        let unit = try Evaluator.evaluate(c.inputs(gold: gold, pred: pred), settings(.unit))
        #expect(unit.diagnostics.contains { $0.kind == .emptySpan })
    }
}
