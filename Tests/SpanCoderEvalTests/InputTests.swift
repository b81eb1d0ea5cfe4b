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

    /// A U+FEFF opening a string or following an escape, on both paths (`tag` output with evidence
    /// takes the full decoder, whose Foundation parser used to drop it).
    @Test func zeroWidthNoBreakSpacesAreKeptOnBothPaths() throws {
        let lines = [
            "{\"doc\":\"d\",\"start\":0,\"end\":3,\"text\":\"\u{FEFF}a\\n\u{FEFF}\",\"codes\":[\"A\"]}",
            "{\"doc\":\"d\",\"start\":0,\"end\":3,\"text\":\"\u{FEFF}a\\n\u{FEFF}\",\"codes\":[{\"code\":\"A\",\"evidence\":[]}]}",
        ]
        var vocabulary = Vocabulary()
        let set = SpanJSONLReader.parse(data: Data(lines.joined(separator: "\n").utf8), file: "t.jsonl", name: "t", vocabulary: &vocabulary)
        #expect(set.diagnostics.isEmpty)
        for row in 0..<2 {
            #expect(set.text(ofRow: row)?.unicodeScalars.map(\.value) == [0xFEFF, 0x61, 0x0A, 0xFEFF], "line \(row + 1)")
        }
    }

    /// A coding from another tool with its codes under `code`, `labels` … was read as spans coding
    /// nothing: every gold code on them a miss, exit 0, even with `--on-invalid error`. Such a line is
    /// malformed now; units need no codes and are read as before.
    @Test func codesUnderAnotherFieldNameAreMalformed() {
        let text = [
            #"{"doc":"d","start":0,"end":3,"code":"B"}"#,
            #"{"doc":"d","start":4,"end":9,"labels":["B"]}"#,
            #"{"doc":"d","start":4,"end":9,"codes":null}"#,
            #"{"doc":"d","start":4,"end":9}"#,
            #"{"doc":"d","start":4,"end":9,"codes":["B"],"label":"x"}"#,
        ].joined(separator: "\n") + "\n"
        var vocabulary = Vocabulary()
        let coding = SpanJSONLReader.parse(data: Data(text.utf8), file: "f.jsonl", name: "f", vocabulary: &vocabulary)
        #expect(coding.count == 3)
        #expect(coding.diagnostics.map(\.location.line) == [1, 2])
        #expect(coding.diagnostics.allSatisfy { $0.kind == .malformed && $0.excluded })
        #expect(coding.diagnostics.first?.message.contains(#"no "codes" field, but a "code" field"#) == true, "\(coding.diagnostics)")
        let units = SpanJSONLReader.parse(data: Data(text.utf8), file: "u.jsonl", name: "u", holdsCodes: false, vocabulary: &vocabulary)
        #expect(units.count == 5 && units.diagnostics.isEmpty)
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
        d,"protect personal information",risk.privacy
        d,this is not in the text,gov.z
        e,anything,gov.z
        """
        let rows = try CSVQuotesReader.rows(of: csv, file: "q.csv")
        let set = try CSVQuotesReader.anchor(rows: rows, file: "q.csv", name: "q.csv", corpus: corpus, vocabulary: &vocabulary)
        #expect(set.count == 4)
        let scalars = Array(text.unicodeScalars)
        func slice(_ i: Int) -> String { String(String.UnicodeScalarView(scalars[Int(set.starts[i])..<Int(set.ends[i])])) }
        #expect(slice(0) == "为了促进“生成式人工智能”健康发展")
        #expect(slice(1) == "protect\npersonal information")
        // Other codes for the same quote: another code of the same passage, so the first occurrence again;
        // an identical earlier row (same quote, same codes) sends the repeat to the next occurrence.
        #expect(slice(2) == "protect\npersonal information")
        #expect(slice(3) == "protect personal information")
        #expect(set.codes(ofRow: 1).map { vocabulary.codes[$0] } == ["risk.privacy", "gov.y"])
        let kinds = set.diagnostics.map { "\($0.kind):\($0.location.line ?? 0)" }
        #expect(kinds.contains("ambiguousQuote:3") && kinds.contains("ambiguousQuote:4") && kinds.contains("ambiguousQuote:5"))
        #expect(kinds.contains("unanchoredQuote:6") && kinds.contains("unknownDocument:7"))
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

    /// A `--by` field no document has (a typo) is a usage error that lists the fields there are; it
    /// would otherwise report every document under "(none)" as a result.
    @Test func groupingByAFieldNoDocumentHasIsAUsageError() throws {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        corpus.add(Document(id: "d", text: "Models shall be tested.", metadata: ["country": "US"]), vocabulary: &vocabulary)
        let gold = AnnotationSet(name: "gold", spans: [
            CodedSpan(doc: "d", range: TextRange(start: 0, end: 23), codes: [CodeAssignment(code: "gov.evaluations")]),
        ], vocabulary: &vocabulary)
        var s = EvalSettings()
        s.mode = .unit
        let error = try #require(throws: SpanCoderError.self) {
            try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: gold, groupFields: ["contry"]), s)
        }
        #expect(error.kind == .usage)
        #expect(error.message.contains("\"contry\"") && error.message.contains("fields: country, language"), "\(error.message)")
        // language needs no metadata: the script of the text gives it.
        let report = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: gold, groupFields: ["language", "country"]), s)
        #expect(report.groups.map(\.value) == ["en", "US"])
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

    @Test func csvNeutralisesCodesAndGroupValuesButNotNumbers() throws {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        corpus.add(Document(id: "d", text: "Models shall be tested.", metadata: ["country": "=HYPERLINK(1)"]), vocabulary: &vocabulary)
        let gold = AnnotationSet(name: "gold", spans: [
            CodedSpan(doc: "d", range: TextRange(start: 0, end: 23), codes: [CodeAssignment(code: "@risk")]),
        ], vocabulary: &vocabulary)
        let pred = AnnotationSet(name: "pred", spans: [
            CodedSpan(doc: "d", range: TextRange(start: 0, end: 23), codes: [CodeAssignment(code: "+gov")]),
        ], vocabulary: &vocabulary)
        var s = EvalSettings()
        s.mode = .unit
        let csv = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, groupFields: ["country"]), s).render(.csv)
        #expect(csv.contains("code,,,'@risk,0,0,1,"))
        #expect(csv.contains("code,,,'+gov,0,1,0,"))
        #expect(csv.contains("group-micro,country,'=HYPERLINK(1),"))
        #expect(!csv.contains(",=") && !csv.contains(",@") && !csv.contains(",+"))
    }

    /// `--codes`: every code outside the list, in gold and in predictions, is reported once per input
    /// with its span count and first line, also when the per-span findings are cut at the detail limit (and
    /// the CLI shows only the first 20 of them).
    @Test func everyCodeOutsideTheListIsReportedPerInput() throws {
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        corpus.add(Document(id: "d", text: String(repeating: "Models shall be tested. ", count: 10)), vocabulary: &vocabulary)
        // More gold findings than the validator keeps in detail.
        var goldSpans: [CodedSpan] = []
        for i in 0..<(Validator.detailLimit + 50) {
            goldSpans.append(CodedSpan(doc: "d", range: TextRange(start: i % 200, end: i % 200 + 5), codes: [CodeAssignment(code: "gold.only")]))
        }
        goldSpans.append(CodedSpan(doc: "d", range: TextRange(start: 0, end: 23), codes: [CodeAssignment(code: "risk.bias")]))
        let gold = AnnotationSet(name: "gold.jsonl", spans: goldSpans, vocabulary: &vocabulary)
        let pred = AnnotationSet(name: "pred.jsonl", spans: [
            CodedSpan(doc: "d", range: TextRange(start: 0, end: 23), codes: [CodeAssignment(code: "risk.bias")]),
            CodedSpan(doc: "d", range: TextRange(start: 24, end: 47), codes: [CodeAssignment(code: "pred.only"), CodeAssignment(code: "risk.bias")]),
            CodedSpan(doc: "d", range: TextRange(start: 48, end: 71), codes: [CodeAssignment(code: "pred.only")]),
            CodedSpan(doc: "d", range: TextRange(start: 72, end: 95), codes: [CodeAssignment(code: "gold.only")]),
        ], vocabulary: &vocabulary)
        var s = EvalSettings()
        s.mode = .exact
        s.bootstrap = 0
        let report = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, codeList: ["risk.bias"]), s)
        // The gold's per-span findings stop at the detail limit; the summary still counts every span.
        #expect(report.diagnostics.filter { $0.location.file == "gold.jsonl" }.count == Validator.detailLimit)
        #expect(report.unlistedCodes == [
            EvalReport.UnlistedCode(role: "gold", file: "gold.jsonl", code: "gold.only", spans: Validator.detailLimit + 50, firstLine: 1),
            EvalReport.UnlistedCode(role: "pred", file: "pred.jsonl", code: "pred.only", spans: 2, firstLine: 2),
            EvalReport.UnlistedCode(role: "pred", file: "pred.jsonl", code: "gold.only", spans: 1, firstLine: 4),
        ])
        // Still scored as is: the prediction's out-of-list code is a false positive.
        #expect(report.perCode.first { $0.code == "pred.only" }?.counts.fp == 2)
        let table = report.render(.table)
        #expect(table.contains("Codes not in the code list"))
        #expect(table.contains("pred: pred.jsonl  pred.only"))
        let json = try #require(JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any])
        let unlisted = try #require(json["unlisted_codes"] as? [[String: Any]])
        #expect(unlisted.map { $0["code"] as? String } == ["gold.only", "pred.only", "gold.only"])
        // Without a code list nothing is out of it.
        let open = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred), s)
        #expect(open.unlistedCodes.isEmpty)
    }

    /// `eval --by country` split "US " from "US" (the manifest's values were taken as they stood) where
    /// `stats` merges them: both read column names, ids and values without surrounding white space
    /// (`WhiteSpace.trimmed`), and so do JSONL corpus fields used for `--by`.
    @Test func manifestValuesAreTrimmedAsStatsTrimsThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spancoder-eval-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("manifest.csv")
        try Data("id , country\na,US \nb,US\n c ,\u{3000}CN\n".utf8).write(to: manifest)
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        for id in ["a", "b", "c"] { corpus.add(Document(id: id, text: "Models shall be tested."), vocabulary: &vocabulary) }
        corpus.add(Document(id: "d", text: "Models shall be tested.", metadata: ["country": " US\t"]), vocabulary: &vocabulary)
        try EvalDocumentLoader.loadManifest(manifest.path, into: &corpus, vocabulary: vocabulary)
        let values = ["a", "b", "c", "d"].map { corpus.value(of: "country", for: vocabulary.docs.lookup($0)!) }
        #expect(values == ["US", "US", "CN", "US"])
        #expect(corpus.metadata[Int(vocabulary.docs.lookup("a")!)]["country"] == "US")

        let spans = ["a", "b", "c", "d"].map { CodedSpan(doc: $0, range: TextRange(start: 0, end: 23), codes: [CodeAssignment(code: "risk.bias")]) }
        let gold = AnnotationSet(name: "gold.jsonl", spans: spans, vocabulary: &vocabulary)
        let pred = AnnotationSet(name: "pred.jsonl", spans: spans, vocabulary: &vocabulary)
        var s = EvalSettings()
        s.mode = .exact
        s.bootstrap = 0
        let report = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred, groupFields: ["country"]), s)
        #expect(report.groups.map(\.value) == ["CN", "US"])
        #expect(report.groups.map(\.documents) == [1, 3])
    }

    /// A doccano export goes through `DoccanoFormat` (UTF-16 offsets back to code points), as `tag
    /// --format doccano` writes it; SpanCoder JSONL with the same fields stays span JSONL.
    /// A doccano line is told from span JSONL by `codes`, not `start`: a doccano file from another tool
    /// may carry a metadata field `start` (an effective date).
    @Test func doccanoWithAStartFieldIsStillDoccano() {
        #expect(EvalReaders.isDoccano(Array(#"{"id":"r","text":"ab","label":[[0,2,"x"]],"start":"2024-01-01"}"#.utf8)))
        #expect(EvalReaders.isDoccano(Array(#"{"text":"ab","entities":[],"start":0,"end":2}"#.utf8)))
        #expect(!EvalReaders.isDoccano(Array(#"{"doc":"d","start":0,"end":2,"text":"ab","label":"x","codes":["x"]}"#.utf8)))
    }

    @Test func doccanoExportsAreReadWithTheFormatsReader() throws {
        let folder = NSTemporaryDirectory() + "eval-doccano-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // "𠮷" is two UTF-16 code units: "歧视" is [1, 3) in code points, [2, 4) in UTF-16.
        let text = "𠮷歧视 and bias"
        try Data(("{\"doc\":\"d\",\"text\":\"\(text)\",\"label\":[[2,4,\"risk.bias\"],[9,13,\"risk.bias\"]]}\n").utf8)
            .write(to: URL(fileURLWithPath: folder + "/pred.jsonl"))
        try Data(#"{"doc":"d","start":1,"end":3,"text":"歧视","codes":["risk.bias"]}"#.utf8).write(to: URL(fileURLWithPath: folder + "/gold.jsonl"))
        var vocabulary = Vocabulary()
        var corpus = EvalCorpus()
        corpus.add(Document(id: "d", text: text), vocabulary: &vocabulary)
        let pred = try EvalReaders.read(path: folder + "/pred.jsonl", corpus: corpus, vocabulary: &vocabulary)
        #expect(pred.count == 2)
        #expect(Array(zip(pred.starts, pred.ends)).map { [$0.0, $0.1] } == [[1, 3], [8, 12]])
        #expect(pred.codes(ofRow: 0).map { vocabulary.codes[$0] } == ["risk.bias"])
        let gold = try EvalReaders.read(path: folder + "/gold.jsonl", corpus: corpus, vocabulary: &vocabulary)
        #expect(gold.count == 1 && gold.starts == [1] && gold.ends == [3])
        var s = EvalSettings()
        s.mode = .exact
        s.bootstrap = 0
        let report = try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred), s)
        #expect(report.summary?.counts.tp == 1 && report.summary?.counts.fp == 1)
    }

    /// `--texts DIR` reads texts only: an annotation export left beside them (a doccano `.jsonl`) is not
    /// a corpus to load (it aborted the run); `--corpus` names JSONL corpora.
    @Test func aTextsFolderIgnoresJSONLFilesBesideTheTexts() throws {
        let folder = NSTemporaryDirectory() + "eval-texts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "Alpha.".write(toFile: folder + "/a.txt", atomically: true, encoding: .utf8)
        try #"{"text":"Alpha.","label":[[0,5,"A"]]}"#.write(toFile: folder + "/export.jsonl", atomically: true, encoding: .utf8)
        var corpus = EvalCorpus()
        var vocabulary = Vocabulary()
        try EvalDocumentLoader.loadDirectory(folder, into: &corpus, vocabulary: &vocabulary)
        #expect(vocabulary.docs.count == 1 && vocabulary.docs.lookup("a") != nil)
        // `--corpus` does read a JSONL corpus, one document a line.
        try "{\"id\":\"d1\",\"text\":\"One.\"}\n{\"id\":\"d2\",\"text\":\"Two.\"}\n".write(toFile: folder + "/corpus.jsonl", atomically: true, encoding: .utf8)
        var jsonl = EvalCorpus()
        var names = Vocabulary()
        try EvalDocumentLoader.loadCorpus(folder + "/corpus.jsonl", into: &jsonl, vocabulary: &names)
        #expect(names.docs.count == 2 && names.docs.lookup("d1") != nil && names.docs.lookup("d2") != nil)
    }
}
