import Foundation
import Testing
import SpanCoderCore
import SpanCoderFormats
@testable import SpanCoderEval

/// Files from the annotation tools read as `eval` reads them (`EvalReaders`): Label Studio exports and
/// their selectors, doccano lines, and the CSV that `tag --format csv` writes.
/// Texts and files of one test, in a temporary folder.
private struct ToolCase {
    let folder = NSTemporaryDirectory() + "eval-tools-" + UUID().uuidString
    var vocabulary = Vocabulary()
    var corpus = EvalCorpus()

    init(_ texts: [(String, String)]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (id, text) in texts { corpus.add(Document(id: id, text: text), vocabulary: &vocabulary) }
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ name: String, _ contents: String) throws -> String {
        let path = folder + "/" + name
        try AtomicFileWriter.write(contents, to: path)
        return path
    }

    mutating func read(_ path: String) throws -> AnnotationSet {
        try EvalReaders.read(path: path, corpus: corpus, vocabulary: &vocabulary)
    }

    func exact(gold: AnnotationSet, pred: AnnotationSet) throws -> EvalReport {
        var s = EvalSettings()
        s.mode = .exact
        s.bootstrap = 0
        return try Evaluator.evaluate(EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred), s)
    }

    func code(_ set: AnnotationSet, _ row: Int) -> [String] { set.codes(ofRow: row).map { vocabulary.codes[$0] } }
}

private func spans(_ set: AnnotationSet) -> [[Int32]] { zip(set.starts, set.ends).map { [$0, $1] } }

@Suite struct AnnotationToolReaderTests {
    // MARK: Label Studio

    static let text = "Providers shall protect personal data.\nThe service shall label AI-generated content.\n"
    static let prediction = #""predictions": [{"model_version": "spancoder", "result": [{"id": "p1", "type": "labels", "value": {"start": 0, "end": 38, "labels": ["risk.privacy"]}}]}]"#

    /// The acceptance report's case: a coder who skipped (or cancelled) a task that carries SpanCoder's
    /// pre-tags did not code it. As a further coder that is missing data, and a coding that holds no
    /// document at all is refused as predictions; read from the predictions it was a perfect agreement
    /// with SpanCoder.
    @Test(arguments: [#""annotations": []"#, #""annotations": [{"id": 7, "result": [], "was_cancelled": true}]"#])
    func aSkippedTaskIsNotCodedByItsPredictions(annotations: String) throws {
        var c = try ToolCase([("d1", Self.text)])
        defer { c.remove() }
        let task = #"{"id": 1, "data": {"text": \#(jsonString(Self.text)), "doc": "d1"}, \#(annotations), \#(Self.prediction)}"#
        let coder = try c.read(try c.write("coder.json", "[" + task + "]"))
        #expect(coder.count == 0)
        #expect(coder.codedDocs == [])
        let gold = try c.read(try c.write("gold.json", #"[{"id": 1, "data": {"text": \#(jsonString(Self.text)), "doc": "d1"}, "annotations": [{"id": 8, "result": []}]}]"#))
        #expect(gold.codedDocs?.count == 1)
        // Compared with the gold it holds no document: refused, not a report of zeros.
        #expect { try c.exact(gold: gold, pred: coder) } throws: { error in
            (error as? SpanCoderError)?.message.hasPrefix("pred holds no document — gold (\(c.folder)/gold.json): 1 document (d1); pred (\(c.folder)/coder.json): 0 documents") == true
        }
        // SpanCoder's side of the same export, asked for by name.
        let tags = try c.read(c.folder + "/coder.json#predictions")
        #expect(tags.count == 1 && tags.name.hasSuffix("coder.json#predictions"))
    }

    /// A task the coder skipped is named as such in the note about documents the gold has no line for
    /// (its advice, a line with empty codes, is for JSONL).
    @Test func aSkippedTaskIsNamedInTheScopeNote() throws {
        var c = try ToolCase([("d1", Self.text), ("d2", Self.text), ("d3", Self.text)])
        defer { c.remove() }
        let gold = try c.read(try c.write("gold.json", #"[{"id": 1, "data": {"text": \#(jsonString(Self.text)), "doc": "d1"}, "annotations": [{"id": 8, "result": []}]}, {"id": 2, "data": {"text": \#(jsonString(Self.text)), "doc": "d2"}, "annotations": [{"id": 9, "result": [], "was_cancelled": true}]}]"#))
        let report = try c.exact(gold: gold, pred: gold)
        #expect(report.notes.contains { $0.hasPrefix("2 of the 3 documents have no line in the gold (d2, d3)") }, "\(report.notes)")
        #expect(report.notes.contains { $0.hasPrefix("1 of these documents is a task that the gold (\(c.folder)/gold.json) holds without an annotation, or with cancelled (skipped) annotations only (d2)") }, "\(report.notes)")
    }

    /// Two coders in one export: an error naming them unless one is selected per input; selected, each
    /// is its own coding (as if exported separately) and findings name the selector, task and result.
    @Test func twoAnnotatorsInOneExportAreSelectedByPath() throws {
        var c = try ToolCase([("d1", Self.text)])
        defer { c.remove() }
        let export = #"""
        [{"id": 5, "data": {"text": \#(jsonString(Self.text)), "doc": "d1"}, "annotations": [
          {"id": 1, "completed_by": 1, "result": [{"id": "a1", "value": {"start": 0, "end": 38, "labels": ["risk.privacy"]}}]},
          {"id": 2, "completed_by": 2, "result": [{"id": "b1", "value": {"start": 0, "end": 38, "labels": ["risk.privacy"]}},
                                                  {"id": "b2", "value": {"start": 39, "end": 84, "labels": ["gov.labeling"]}},
                                                  {"id": "b3", "value": {"start": 39, "end": 99, "labels": ["gov.labeling"]}}]}],
          \#(Self.prediction)}]
        """#
        let path = try c.write("both.json", export)
        do {
            _ = try c.read(path)
            Issue.record("two annotators were merged into one coder")
        } catch let error as SpanCoderError {
            #expect(error.kind == .usage)
            #expect(error.message.contains("#annotator=1") && error.message.contains("#annotator=2"), "\(error.message)")
        }
        let first = try c.read(path + "#annotator=1")
        let second = try c.read(path + "#annotator=2")
        #expect(spans(first) == [[0, 38]])
        #expect(spans(second) == [[0, 38], [39, 84]])
        let report = try c.exact(gold: first, pred: second)
        #expect(report.summary?.counts == Counts(tp: 1, fp: 1, fn: 0))
        // The result past the text is named by task and result, not by a span count.
        let finding = try #require(report.diagnostics.first { $0.kind == .outOfText })
        #expect(finding.location.description == path + "#annotator=2 task 1 (id 5) result 2.3")
        #expect(second.location(ofRow: 1).description == path + "#annotator=2 task 1 (id 5) result 2.2")
        // A selector belongs to Label Studio files only.
        #expect(throws: SpanCoderError.self) { try c.read(try c.write("g.jsonl", "") + "#annotator=1") }
    }

    /// Label Studio's JSON_MIN and CSV exports (one flat record per annotation, regions under the
    /// control's name; in CSV as JSON text) read as its full export does. The CSV export used to be read
    /// as quotes: its whole-task `text` column and JSON `label` cells scored F1 0 without a word; JSON_MIN
    /// was "0 documents".
    @Test func minimalAndCSVExportsReadAsTheFullExport() throws {
        var c = try ToolCase([("d1", Self.text), ("d2", "Nothing to code here."), ("d3", "Not annotated yet.")])
        defer { c.remove() }
        let regions = #"[{"start": 0, "end": 38, "text": "Providers shall protect personal data.", "labels": ["risk.privacy"]}, {"start": 39, "end": 84, "text": "The service shall label AI-generated content.", "labels": ["gov.labeling"]}]"#
        let full = try c.read(try c.write("full.json", #"[{"id": 5, "data": {"text": \#(jsonString(Self.text)), "doc": "d1"}, "annotations": [{"id": 1, "completed_by": 1, "result": [{"id": "a1", "value": {"start": 0, "end": 38, "labels": ["risk.privacy"]}}, {"id": "a2", "value": {"start": 39, "end": 84, "labels": ["gov.labeling"]}}]}]}, {"id": 6, "data": {"text": "Nothing to code here.", "doc": "d2"}, "annotations": [{"id": 2, "completed_by": 1, "result": []}]}]"#))
        let minimal = try c.read(try c.write("min.json", #"[{"id": 5, "text": \#(jsonString(Self.text)), "doc": "d1", "label": \#(regions), "annotator": "qa@example.com", "annotation_id": 1, "created_at": "2026-12-02T10:00:00Z", "updated_at": "2026-12-02T10:00:00Z", "lead_time": 3.5}, {"id": 6, "text": "Nothing to code here.", "doc": "d2", "annotator": "qa@example.com", "annotation_id": 2, "lead_time": 1.0}, {"id": 7, "text": "Not annotated yet.", "doc": "d3", "annotator": null, "annotation_id": null}]"#))
        func cell(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let csv = try c.read(try c.write("export.csv", """
            annotation_id,annotator,created_at,doc,id,label,lead_time,text,updated_at\r
            1,qa@example.com,2026-12-02T10:00:00Z,d1,5,\(cell(regions)),3.5,\(cell(Self.text)),2026-12-02T10:00:00Z\r
            2,qa@example.com,2026-12-02T10:00:00Z,d2,6,,1.0,Nothing to code here.,2026-12-02T10:00:00Z\r
            ,,,d3,7,,,Not annotated yet.,\r

            """))
        for set in [minimal, csv] {
            #expect(spans(set) == spans(full), "\(set.name)")
            #expect((0..<set.count).map { c.code(set, $0) } == [["risk.privacy"], ["gov.labeling"]], "\(set.name)")
            // d3, which nobody annotated, is listed but not coded, as in the full export.
            #expect(set.codedDocs == full.codedDocs && set.codedDocs?.count == 2, "\(set.name)")
            #expect(set.uncodedRecords.count == 1, "\(set.name)")
            #expect(set.diagnostics.isEmpty, "\(set.name): \(set.diagnostics)")
            #expect(try c.exact(gold: full, pred: set).summary?.micro.f1 == 1, "\(set.name)")
        }
        // Two annotators of one task are two coders here too, selected as in the full export.
        let two = try c.write("two.csv", """
            annotation_id,annotator,doc,id,label,text\r
            1,1,d1,5,\(cell(regions)),\(cell(Self.text))\r
            2,2,d1,5,"[{""start"": 0, ""end"": 38, ""labels"": [""risk.privacy""]}]",\(cell(Self.text))\r

            """)
        #expect { try c.read(two) } throws: { ($0 as? SpanCoderError)?.kind == .usage }
        #expect(spans(try c.read(two + "#annotator=2")) == [[0, 38]])
        // A CSV of quotes is still one.
        let quotes = try c.read(try c.write("quotes.csv", "doc,quote,codes\r\nd1,personal data,risk.privacy\r\n"))
        #expect(spans(quotes) == [[24, 37]])
    }

    /// A region whose recorded text is not the task text at its offsets is scored at its offsets with a
    /// finding; offsets that another tool wrote in UTF-16 code units are named as such. Label Studio's own
    /// line breaks in a selection across lines are not a difference.
    @Test func regionTextIsCheckedAgainstTheTaskText() throws {
        let text = "𠮷 Providers shall protect personal data.\r\nThe service shall label content."
        var c = try ToolCase([("d1", text)])
        defer { c.remove() }
        // "personal data" is [26, 39) in code points, [27, 40) in UTF-16 (𠮷 is two code units).
        let export = #"[{"id": 5, "data": {"text": \#(jsonString(text)), "doc": "d1"}, "annotations": [{"id": 1, "result": [{"id": "a1", "value": {"start": 27, "end": 40, "text": "personal data", "labels": ["risk.privacy"]}}, {"id": "a2", "value": {"start": 26, "end": 39, "text": "personal data", "labels": ["risk.privacy"]}}, {"id": "a3", "value": {"start": 35, "end": 50, "text": "data.\n\nThe serv", "labels": ["x"]}}]}]}]"#
        let set = try c.read(try c.write("ls.json", export))
        #expect(spans(set) == [[27, 40], [26, 39], [35, 50]])
        #expect(set.diagnostics.count == 1, "\(set.diagnostics)")
        let finding = try #require(set.diagnostics.first)
        #expect(finding.kind == .textMismatch)
        #expect(finding.message.contains("value.text \"personal data\" differs from the task text \"ersonal data.\" at [27, 40)"), "\(finding.message)")
        #expect(finding.message.contains("read as UTF-16 code units the offsets give [26, 39)"), "\(finding.message)")
    }

    // MARK: one coding in every format

    /// brat, doccano and Label Studio readers merge regions with one range into one span, which eval
    /// used as is: a repeated annotation vanished without a finding (nervaluate's strict F1 1.0 where
    /// nervaluate 1.2.1 gives 0.6667), and `Y[0,9)` moved ahead of `Y[0,4)` beside `X[0,9)`, which changed
    /// nervaluate's greedy, order-dependent matching (F1 0.4 where it gives 0). eval now reads one span
    /// per annotation in file order, so the four formats score alike, as nervaluate does, and report the
    /// duplicate.
    @Test(arguments: [
        // (predictions in file order, nervaluate strict COR, INC, SPU; a duplicate reported)
        ([(0, 9, "X"), (0, 9, "X")], 1, 0, 1, true),
        ([(0, 9, "X"), (0, 4, "Y"), (0, 9, "Y")], 0, 2, 1, false),
    ])
    func everyFormatReadsOneSpanPerAnnotationInFileOrder(pred: [(Int, Int, String)], correct: Int, incorrect: Int, spurious: Int,
                                                         duplicate: Bool) throws {
        let text = "abcdefghijklmnop"
        var c = try ToolCase([("d", text)])
        defer { c.remove() }
        let goldSpans = pred.contains { $0.2 == "Y" } ? [(5, 9, "Y"), (0, 9, "Y")] : [(0, 9, "X")]
        let gold = try c.read(try c.write("gold.jsonl", goldSpans.map { #"{"doc":"d","start":\#($0.0),"end":\#($0.1),"codes":["\#($0.2)"]}"# }.joined(separator: "\n") + "\n"))
        func slice(_ s: Int, _ e: Int) -> String { String(text.dropFirst(s).prefix(e - s)) }
        try FileManager.default.createDirectory(atPath: c.folder + "/brat", withIntermediateDirectories: true)
        _ = try c.write("brat/d.txt", text)
        _ = try c.write("brat/d.ann", pred.enumerated().map { "T\($0.offset + 1)\t\($0.element.2) \($0.element.0) \($0.element.1)\t\(slice($0.element.0, $0.element.1))" }.joined(separator: "\n") + "\n")
        let files = [
            try c.write("pred.jsonl", pred.map { #"{"doc":"d","start":\#($0.0),"end":\#($0.1),"codes":["\#($0.2)"]}"# }.joined(separator: "\n") + "\n"),
            c.folder + "/brat",
            try c.write("doccano.jsonl", #"{"doc":"d","text":"\#(text)","label":[\#(pred.map { "[\($0.0),\($0.1),\"\($0.2)\"]" }.joined(separator: ","))]}"# + "\n"),
            try c.write("ls.json", #"[{"id":1,"data":{"text":"\#(text)","doc":"d"},"annotations":[{"id":1,"completed_by":1,"result":[\#(pred.enumerated().map { #"{"id":"r\#($0.offset)","value":{"start":\#($0.element.0),"end":\#($0.element.1),"labels":["\#($0.element.2)"]}}"# }.joined(separator: ","))]}]}]"#),
        ]
        for file in files {
            let set = try c.read(file)
            #expect(set.count == pred.count, "\(file)")
            var settings = EvalSettings()
            settings.mode = .nervaluate
            settings.bootstrap = 0
            let report = try Evaluator.evaluate(EvalInputs(vocabulary: c.vocabulary, corpus: c.corpus, gold: gold, pred: set), settings)
            let strict = try #require(report.nervaluate?.overall[.strict])
            #expect(strict.correct == correct && strict.incorrect == incorrect && strict.spurious == spurious, "\(file): \(strict)")
            #expect(report.diagnostics.contains { $0.kind == .duplicate } == duplicate, "\(file): \(report.diagnostics)")
        }
    }

    // MARK: doccano
    // MARK: doccano

    /// A bad offset is a finding of that record's line (exit 1, 65 only with --on-invalid error), not a
    /// stop; every span's findings give its record's line, not a span count.
    @Test func doccanoFindingsGiveTheRecordLine() throws {
        var c = try ToolCase([("d1", "Alpha one. Alpha one."), ("d2", "😀 Providers shall protect personal data.\n")])
        defer { c.remove() }
        let lines = [
            #"{"doc": "d1", "text": "Alpha one. Alpha one.", "label": [[0, 21, "A"], [0, 10, "A"]]}"#,
            #"{"doc": "d2", "text": "😀 Providers shall protect personal data.\n", "label": [[1, 10, "B"], [3, 41, "B"], [30, 99, "C"]]}"#,
        ]
        let set = try c.read(try c.write("dc.jsonl", lines.joined(separator: "\n") + "\n"))
        #expect(spans(set) == [[0, 21], [0, 10], [2, 40]])
        #expect(set.lines == [1, 1, 2])
        let report = try c.exact(gold: set, pred: AnnotationSet(name: "none"))
        let found = report.diagnostics.map { "\($0.location.line ?? 0):\($0.kind)" }
        #expect(found.sorted() == ["1:selfOverlap", "2:malformed", "2:outOfText"], "\(found)")
        #expect(report.leftInputOut)
    }

    // MARK: CSV

    /// `tag --format csv` read back: offsets from start/end (a repeated sentence keeps its own
    /// occurrence, edge spaces stay), the spreadsheet `'` stripped from every cell.
    @Test func tagCSVIsReadAtItsOffsets() throws {
        let text = "Risks:\n- Companies collect personal data.\nProviders shall protect personal data.\n  Providers shall protect personal data.  \n"
        var c = try ToolCase([("d", text)])
        defer { c.remove() }
        let scalars = Array(text.unicodeScalars)
        func range(_ s: String, from: Int = 0) -> TextRange {
            let needle = Array(s.unicodeScalars)
            let start = (from...(scalars.count - needle.count)).first { Array(scalars[$0..<($0 + needle.count)]) == needle }!
            return TextRange(start: start, end: start + needle.count)
        }
        let dash = range("- Companies collect personal data.")
        let second = range("  Providers shall protect personal data.  ")
        let header = "\u{FEFF}doc,start,end,text,codes,scores,evidence\r\n"
        let csv = header
            + "d,\(dash.start),\(dash.end),'- Companies collect personal data.,risk.privacy,'-1,\r\n"
            + "d,\(second.start),\(second.end),  Providers shall protect personal data.  ,'@code,1,\r\n"
        let set = try c.read(try c.write("tags.csv", csv))
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        #expect(spans(set) == [[Int32(dash.start), Int32(dash.end)], [Int32(second.start), Int32(second.end)]])
        #expect(c.code(set, 1) == ["@code"])
    }

    /// A code id may hold "," or "|" (AGORA's "Licensing, registration, and certification"): tag's CSV,
    /// which joins codes with ";", is split at ";" only, as is any file that uses ";"; a hand-made file
    /// without ";" may still join with "|" or ",".
    @Test func csvCodesSplitAtSemicolonsWhenTheFileUsesThem() throws {
        var c = try ToolCase([("d1", Self.text)])
        defer { c.remove() }
        let tagCSV = try c.read(try c.write("tag.csv", "\u{FEFF}doc,start,end,text,codes,scores,evidence\r\nd1,0,38,x,\"Licensing,_registration;a|b\",1;1,\r\n"))
        #expect(c.code(tagCSV, 0) == ["Licensing,_registration", "a|b"])
        let semicolons = try c.read(try c.write("q1.csv", "doc,quote,codes\r\nd1,personal data,\"x,y;z\"\r\nd1,The service,w|v\r\n"))
        #expect(c.code(semicolons, 0) == ["x,y", "z"] && c.code(semicolons, 1) == ["w|v"])
        let pipes = try c.read(try c.write("q2.csv", "doc,quote,codes\r\nd1,personal data,x|y\r\nd1,The service,\"w,v\"\r\n"))
        #expect(c.code(pipes, 0) == ["x", "y"] && (c.code(pipes, 1) == ["v", "w"] || c.code(pipes, 1) == ["w", "v"]))
    }

    /// Offsets win over the quote; a quote that differs from the text there is a finding that says where
    /// the quote occurs. Rows without offsets are anchored; offsets that are not numbers are malformed.
    @Test func csvOffsetsAreCheckedAgainstTheQuote() throws {
        var c = try ToolCase([("d", "Same words. Other words. Same words.")])
        defer { c.remove() }
        let csv = """
        doc,start,end,text,codes
        d,25,36,Same words.,A
        d,0,11,Other words.,B
        d,,,Other words.,C
        d,x,3,Same words.,D
        d,0,99,Same words.,E
        """
        let set = try c.read(try c.write("edited.csv", csv))
        #expect(spans(set) == [[25, 36], [0, 11], [12, 24], [0, 99]])
        let kinds = set.diagnostics.map { "\($0.location.line ?? 0):\($0.kind)" }
        #expect(kinds == ["3:textMismatch", "5:malformed"], "\(kinds)")
        #expect(set.diagnostics[0].message.contains("the quote occurs at [12, 24)"))
        #expect(!set.diagnostics[0].excluded)
        let report = try c.exact(gold: set, pred: set)
        #expect(report.diagnostics.contains { $0.kind == .outOfText && $0.location.line == 6 })

        // A text that itself opens with ' and - was written as it is by writers before the guard was
        // made reversible (no second '): the cell as written matches, and is no finding.
        var q = try ToolCase([("p", "'- Providers shall comply.")])
        defer { q.remove() }
        let quoted = try q.read(try q.write("q.csv", "doc,start,end,text,codes\np,0,12,'- Providers,A\n"))
        #expect(spans(quoted) == [[0, 12]])
        #expect(quoted.diagnostics.isEmpty, "\(quoted.diagnostics)")
    }

    /// The acceptance report's case: documents `'-1` and `-1`, and a text that opens with `'=`, written by
    /// the CSV writer and read back: two documents, the text as it is, no finding.
    @Test func tagCSVKeepsCellsThatOpenWithAnApostrophe() throws {
        let plain = "personal information must be protected.\n"
        let quoted = "'=personal information must be protected.\n"
        var c = try ToolCase([("'-1", plain), ("-1", plain), ("quote", quoted)])
        defer { c.remove() }
        var csv = CodedSpanCSV.headerRow()
        for (id, text) in [("'-1", plain), ("-1", plain), ("quote", quoted)] {
            let length = text.unicodeScalars.count - 1
            let span = CodedSpan(doc: id, range: TextRange(start: 0, end: length), codes: [CodeAssignment(code: "risk.privacy", score: 1)])
            csv += try CodedSpanCSV.rows(document: DocumentText(Document(id: id, text: text)), spans: [span])
        }
        #expect(csv.contains("\r\n''-1,0,39,") && csv.contains(",''=personal information"))
        let path = try c.write("tag.csv", csv)
        let set = try c.read(path)
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        #expect(set.docs.map { c.vocabulary.docs[$0] } == ["'-1", "-1", "quote"])
        // The text cells as a reader following the documented rule gets them.
        let texts = try CSVQuotesReader.readRows(path: path).dropFirst().map { CSVQuotesReader.unneutralise($0[3]) }
        #expect(texts == [String(plain.dropLast()), String(plain.dropLast()), String(quoted.dropLast())])
    }

    /// A quote-only CSV keeps anchoring; a quote protected with `'` is found without it.
    @Test func quoteOnlyCSVStripsTheSpreadsheetQuote() throws {
        var c = try ToolCase([("d", "Risks:\n- Companies collect personal data.")])
        defer { c.remove() }
        let set = try c.read(try c.write("quotes.csv", "doc,quote,codes\nd,'- Companies collect personal data.,risk.privacy\n"))
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        #expect(spans(set) == [[7, 41]])
    }
}

private func jsonString(_ s: String) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: s, options: .fragmentsAllowed), as: UTF8.self)
}
