import Foundation
import Testing
import SpanCoderCore
import SpanCoderFormats
@testable import SpanCoderEval

@Suite struct InputTests {
    /// The fast path and the full decoder agree on every line shape (table-driven against the naive
    /// reference, `CodedSpanJSONL.decode`).
    @Test func fastReaderMatchesFullDecoder() throws {
        let lines = [
            #"{"doc":"d1","start":0,"end":5,"codes":["A","B"]}"#,
            #"{"doc": "d1", "unit": 3, "start": 6, "end": 9, "text": "a\"b\\c\u00e9\ud83d\ude00\n", "codes": []}"#,
            #"{"doc":"d2","start":1,"end":2,"codes":[{"code":"A","score":1.5,"evidence":[{"term":"t","rule":null,"start":1,"end":2}]}]}"#,
            #"{"doc":"d2","start":1.0,"end":2,"codes":["A"],"extra":{"x":[1,2]}}"#,
            #"{"end":4,"codes":["C"],"doc":"d3","start":0,"id":"T7"}"#,
            #"{"doc":"d3","start":0,"end":4,"codes":null}"#,
        ]
        var vocabulary = Vocabulary()
        let set = SpanJSONLReader.parse(data: Data(lines.joined(separator: "\n").utf8), file: "t.jsonl", name: "t", vocabulary: &vocabulary)
        #expect(set.diagnostics.isEmpty)
        #expect(set.count == lines.count)
        for (i, line) in lines.enumerated() {
            let reference = try CodedSpanJSONL.decode(line, location: SourceLocation(file: "t", line: i + 1))
            #expect(vocabulary.docs[set.docs[i]] == reference.doc)
            #expect(Int(set.starts[i]) == reference.range.start && Int(set.ends[i]) == reference.range.end)
            #expect(set.codes(ofRow: i).map { vocabulary.codes[$0] } == reference.codeIDs)
            #expect(set.text(ofRow: i) == reference.text, "line \(i + 1)")
            #expect(set.id(ofRow: i) == reference.id, "line \(i + 1)")
            #expect(Int(set.lines[i]) == i + 1)
        }
        #expect(set.evidence[2]?.first?.first?.term == "t")
    }

    @Test func malformedLinesAreReportedWithTheirLine() {
        let text = "{\"doc\":\"d\",\"start\":0,\"end\":3,\"codes\":[\"A\"]}\n\nnot json\n{\"doc\":\"d\",\"codes\":[]}\n"
        var vocabulary = Vocabulary()
        let set = SpanJSONLReader.parse(data: Data(text.utf8), file: "f.jsonl", name: "f", vocabulary: &vocabulary)
        #expect(set.count == 1)
        #expect(set.diagnostics.map(\.location.line) == [3, 4])
        #expect(set.diagnostics.allSatisfy { $0.kind == .malformed && $0.excluded })
    }

    @Test func validationReportsEveryKindWithFileAndLine() throws {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        corpus.add(Document(id: "d", text: "0123456789"), vocabulary: &vocabulary)
        let jsonl = """
        {"doc":"d","start":0,"end":4,"codes":["A"]}
        {"doc":"d","start":0,"end":4,"codes":["A"]}
        {"doc":"d","start":2,"end":6,"codes":["A"]}
        {"doc":"d","start":5,"end":3,"codes":["A"]}
        {"doc":"d","start":8,"end":12,"codes":["A"]}
        {"doc":"nope","start":0,"end":1,"codes":["A"]}
        {"doc":"d","start":7,"end":9,"codes":["Z"]}
        """
        let pred = SpanJSONLReader.parse(data: Data(jsonl.utf8), file: "pred.jsonl", name: "pred.jsonl", vocabulary: &vocabulary)
        let gold = AnnotationSet(name: "gold", spans: [CodedSpan(doc: "d", range: TextRange(start: 0, end: 4), codes: [CodeAssignment(code: "A")])], vocabulary: &vocabulary)
        var inputs = EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, codeList: ["A"])
        var s = EvalSettings()
        s.mode = .exact
        s.bootstrap = 0
        let report = try Evaluator.evaluate(inputs, s)
        let found = Dictionary(grouping: report.diagnostics, by: \.kind).mapValues { $0.map { $0.location.line ?? 0 } }
        #expect(found[.duplicate] == [2])
        #expect(found[.selfOverlap] == [3])
        #expect(found[.inverted] == [4])
        #expect(found[.outOfText] == [5])
        #expect(found[.unknownDocument] == [6])
        #expect(found[.unknownCode] == [7])
        #expect(report.diagnostics.allSatisfy { $0.location.file == "pred.jsonl" })
        // Scores: the duplicate collapses; [2,6) and Z[7,9) are false positives; nothing else counts.
        #expect(report.summary?.counts == Counts(tp: 1, fp: 2, fn: 0))
        s.onInvalid = .error
        #expect(throws: SpanCoderError.self) { try Evaluator.evaluate(inputs, s) }
        inputs.pred = gold
        #expect(throws: Never.self) { try Evaluator.evaluate(inputs, s) }
    }

    @Test func zeroDivisionIsExplicit() throws {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        corpus.add(Document(id: "d", text: "abc"), vocabulary: &vocabulary)
        let empty = AnnotationSet(name: "empty")
        for (policy, expected) in [(ZeroDivision.zero, 0.0), (.one, 1.0)] {
            var s = EvalSettings()
            s.zeroDivision = policy
            s.bootstrap = 10
            let report = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: empty, pred: empty, codeList: ["A"]), s)
            #expect(report.summary?.micro.f1 == expected)
            #expect(report.agreement?.cohenKappa == expected)
        }
        var s = EvalSettings()
        s.zeroDivision = .nan
        let report = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: empty, pred: empty, codeList: ["A"]), s)
        #expect(report.summary?.micro.f1.isNaN == true)
    }

    @Test func csvQuotesAnchorDespiteWhitespaceWidthAndSmartQuotes() throws {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        let text = "第一条　为了促进“生成式人工智能”健康发展。\nProviders must  protect\npersonal information. Again: protect personal information."
        corpus.add(Document(id: "d", text: text), vocabulary: &vocabulary)
        let csv = """
        doc,quote,codes
        d,"为了促进""生成式人工智能""健康发展",gov.x
        d,"protect personal information",risk.privacy;gov.y
        d,"protect personal information",risk.privacy
        d,this is not in the text,gov.z
        e,anything,gov.z
        """
        let rows = try CSVQuotesReader.rows(of: csv, file: "q.csv")
        let set = try CSVQuotesReader.anchor(rows: rows, file: "q.csv", name: "q.csv", corpus: corpus, vocabulary: &vocabulary)
        #expect(set.count == 3)
        let scalars = Array(text.unicodeScalars)
        func slice(_ i: Int) -> String { String(String.UnicodeScalarView(scalars[Int(set.starts[i])..<Int(set.ends[i])])) }
        #expect(slice(0) == "为了促进“生成式人工智能”健康发展")
        #expect(slice(1) == "protect\npersonal information")
        #expect(slice(2) == "protect personal information")
        #expect(set.codes(ofRow: 1).map { vocabulary.codes[$0] } == ["risk.privacy", "gov.y"])
        let kinds = set.diagnostics.map { "\($0.kind):\($0.location.line ?? 0)" }
        #expect(kinds.contains("ambiguousQuote:3") && kinds.contains("ambiguousQuote:4"))
        #expect(kinds.contains("unanchoredQuote:5") && kinds.contains("unknownDocument:6"))
    }
}

@Suite struct ReportTests {
    func report(_ mode: EvalMode) throws -> EvalReport {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        corpus.add(Document(id: "d<i>x</i>", text: "Providers must protect personal data. Models <b>shall</b> be tested.", metadata: ["country": "US"]), vocabulary: &vocabulary)
        let gold = AnnotationSet(name: "gold.jsonl", spans: [
            CodedSpan(doc: "d<i>x</i>", range: TextRange(start: 38, end: 67), codes: [CodeAssignment(code: "gov.evaluations")]),
        ], vocabulary: &vocabulary)
        let pred = AnnotationSet(name: "pred.jsonl", spans: [
            CodedSpan(doc: "d<i>x</i>", range: TextRange(start: 0, end: 37), codes: [CodeAssignment(code: "risk.privacy", score: 2,
                evidence: [Evidence(term: "personal data", rule: nil, range: TextRange(start: 23, end: 36))])]),
            CodedSpan(doc: "d<i>x</i>", range: TextRange(start: 38, end: 67), codes: [CodeAssignment(code: "gov.evaluations")]),
        ], vocabulary: &vocabulary)
        var s = EvalSettings()
        s.mode = mode
        s.bootstrap = 20
        return try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, groupFields: ["country"]), s)
    }

    @Test(arguments: [EvalMode.unit, .overlap])
    func falsePositivesCarryTheirEvidence(mode: EvalMode) throws {
        let r = try report(mode)
        let fp = try #require(r.errors.first { $0.kind == .falsePositive })
        #expect(fp.code == "risk.privacy")
        #expect(fp.text == "Providers must protect personal data.")
        #expect(fp.evidence == ["personal data @23-36"])
        #expect(fp.source == "pred.jsonl:1")
        #expect(r.confusion == [EvalReport.Confusion(predicted: "risk.privacy", gold: "(none)", count: 1)])
        #expect(r.groups.map(\.value) == ["US"])
    }

    @Test func everyFormatRendersAndHTMLIsEscapedAndSelfContained() throws {
        let r = try report(.unit)
        for format in ReportFormat.allCases { #expect(!r.render(format).isEmpty) }
        let html = r.render(.html)
        #expect(html.contains("d&lt;i&gt;x&lt;/i&gt;"))
        #expect(!html.contains("<i>x</i>"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        #expect(html.contains("<svg"))
        let json = r.render(.json)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((object?["summary"] as? [String: Any]) != nil)
    }
}
