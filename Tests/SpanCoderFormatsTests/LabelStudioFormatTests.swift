import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderFormats

@Suite struct LabelStudioFormatTests {
    /// Validates the written file against the fields Label Studio documents for importing text span
    /// pre-annotations ("Import span pre-annotations for text", Basic Label Studio JSON format).
    @Test func writesTasksInLabelStudiosDocumentedPredictionFormat() throws {
        let document = DocumentText(Fixture.document)
        let json = try LabelStudioFormat.file([(document, Fixture.spans)], options: .init(modelVersion: "spancoder test"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])
        #expect(root.count == 1)
        let task = try #require(root[0] as? [String: Any])
        let data = try #require(task["data"] as? [String: Any])
        #expect(data["text"] as? String == Fixture.text)
        #expect(data["doc"] as? String == "doc-1")
        #expect(data["country"] as? String == "CN")
        let predictions = try #require(task["predictions"] as? [[String: Any]])
        #expect(predictions.count == 1)
        let prediction = predictions[0]
        #expect(prediction["model_version"] as? String == "spancoder test")
        #expect((prediction["score"] as? NSNumber)?.doubleValue == 2.25)
        let results = try #require(prediction["result"] as? [[String: Any]])
        #expect(results.count == 4)  // one region per (span, code)
        var ids = Set<String>()
        let scalars = Array(Fixture.text.unicodeScalars)
        for result in results {
            let id = try #require(result["id"] as? String)
            #expect(ids.insert(id).inserted, "region ids must be unique in a task")
            #expect(result["from_name"] as? String == "label")
            #expect(result["to_name"] as? String == "text")
            #expect(result["type"] as? String == "labels")
            let value = try #require(result["value"] as? [String: Any])
            let start = try #require(value["start"] as? Int)
            let end = try #require(value["end"] as? Int)
            let labels = try #require(value["labels"] as? [String])
            #expect(labels.count == 1)
            // Code points: the text Python would slice with text[start:end].
            #expect(value["text"] as? String == String(String.UnicodeScalarView(scalars[start..<end])))
            #expect(value["score"] is NSNumber)
        }
        let second = try #require(results.first { ($0["value"] as? [String: Any])?["labels"] as? [String] == ["gov.evaluations"] })
        let value = try #require(second["value"] as? [String: Any])
        // "AI 🤖 …" starts after "第一条 算法歧视𠮷应当禁止。\r\n": 16 code points (𠮷 counts once, CRLF twice).
        #expect(value["start"] as? Int == 16)
    }

    /// A broken export names the place: line, column and byte where Foundation's parser stopped.
    @Test func brokenJSONIsPlaced() throws {
        let data = Data("[{\"id\": 1, \"data\": {\"text\": \"x\"}},\n {\"id\": 2 \"data\": 3}]".utf8)
        do {
            _ = try LabelStudioFormat.read(data: data, file: "ls.json")
            Issue.record("read broken JSON")
        } catch let error as SpanCoderError {
            #expect(error.location?.line == 2, "\(error)")
            #expect(error.location?.byteOffset == 45, "\(error)")
            #expect(error.message.contains("Invalid value"), "\(error)")
        }
    }

    /// Label Studio 1.23's default JSON export lists a task's predictions by id ("predictions": [1]):
    /// asked for predictions, the reader says so and how to export them whole, instead of reading none
    /// and leaving eval to report a file of no document. A suggested selector drops the one given.
    @Test func predictionsListedByIdOnlyAreNamed() throws {
        let export = #"[{"id": 1, "data": {"text": "Providers shall protect personal data.", "doc": "d"}, "predictions": [1], "annotations": []}]"#
        let error = try #require(throws: SpanCoderError.self) {
            try LabelStudioFormat.read(data: Data(export.utf8), file: "export.json#predictions", selection: .predictions)
        }
        #expect(error.message.contains("by id only") && error.message.contains("only_id"), "\(error.message)")
        #expect(LabelStudioFormat.Selection.strippingSelector("export.json#annotations") == "export.json")
        #expect(LabelStudioFormat.Selection.strippingSelector("my#file.json") == "my#file.json")
    }

    @Test func predictionsRoundTripThroughTheReader() throws {
        let document = DocumentText(Fixture.document)
        let json = try LabelStudioFormat.file([(document, Fixture.spans)])
        let (documents, warnings) = try LabelStudioFormat.read(data: Data(json.utf8), file: "ls.json")
        #expect(warnings.isEmpty)
        #expect(documents.count == 1)
        #expect(documents[0].document.text == Fixture.text)
        #expect(documents[0].document.id == "doc-1")
        #expect(Fixture.comparable(documents[0].spans, keepEvidence: false) == Fixture.comparable(Fixture.spans, keepEvidence: false))
    }

    /// Metadata named `text` or `doc` neither overwrites the task's own fields nor is dropped.
    @Test func metadataNamedLikeTheTasksFieldsRoundTrips() throws {
        let metadata = ["text": "T", "doc": "D", "meta_text": "M", "country": "CN"]
        let document = Document(id: "doc-1", text: Fixture.text, metadata: metadata)
        let json = try LabelStudioFormat.file([(DocumentText(document), Fixture.spans)])
        let (documents, warnings) = try LabelStudioFormat.read(data: Data(json.utf8), file: "ls.json")
        #expect(warnings.isEmpty)
        #expect(documents[0].document.id == "doc-1" && documents[0].document.text == Fixture.text)
        #expect(documents[0].document.metadata == metadata)
    }

    /// A task-level choice (no offsets) is the document's codes: the whole-document line, id `document`.
    /// Relations and other results without offsets are still skipped with a warning.
    @Test func readsAnnotationExportsWithChoicesAndSkipsResultsWithoutOffsets() throws {
        let export = #"""
        [{"id": 7, "data": {"text": "a 𠮷 b c"},
          "annotations": [{"id": 1, "was_cancelled": false, "result": [
            {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 2, "end": 3, "text": "𠮷", "labels": ["risk.bias"]}},
            {"id": "r2", "from_name": "code", "to_name": "text", "type": "choices", "value": {"start": 4, "end": 5, "choices": ["gov.audits"]}},
            {"id": "r3", "from_name": "doc", "to_name": "text", "type": "choices", "value": {"choices": ["whole-doc"]}},
            {"id": "r4", "from_name": "rel", "to_name": "text", "type": "relation", "value": {}}
          ]}],
          "predictions": [{"result": [{"id": "p1", "type": "labels", "value": {"start": 0, "end": 1, "labels": ["x"]}}]}]
        }]
        """#
        let (documents, warnings) = try LabelStudioFormat.read(data: Data(export.utf8), file: "export.json")
        #expect(documents.count == 1)
        #expect(documents[0].document.id == "7")
        #expect(Set(documents[0].spans.map(\.range)) == [TextRange(start: 2, end: 3), TextRange(start: 4, end: 5), TextRange(start: 0, end: 7)])
        #expect(documents[0].spans.first { $0.range.start == 2 }?.codeIDs == ["risk.bias"])
        #expect(documents[0].spans.first { $0.range.start == 4 }?.codeIDs == ["gov.audits"])
        let whole = try #require(documents[0].spans.first { $0.id == "document" })
        #expect(whole.range == TextRange(start: 0, end: 7) && whole.codeIDs == ["whole-doc"] && whole.text == "a 𠮷 b c")
        #expect(documents[0].spans.first { $0.range.start == 2 }?.text == "𠮷")
        #expect(warnings.count == 1)
        #expect(warnings.first?.location.file == "export.json task 1 (id 7) result 1.4")

        let (predicted, _) = try LabelStudioFormat.read(data: Data(export.utf8), file: "export.json", selection: .predictions)
        #expect(predicted[0].spans.map(\.codeIDs) == [["x"]])
    }

    /// `tag --doc-codes`: the document's codes are one task-level `choices` result (not one region over
    /// the whole text per code, drawn over every sentence), and read back as the whole-document line.
    @Test func documentCodesAreOneTaskLevelChoice() throws {
        let text = "Providers shall protect personal data. Nothing else."
        let document = Document(id: "d", text: text)
        let spans = [CodedSpan(doc: "d", range: TextRange(start: 0, end: 38), codes: [CodeAssignment(code: "risk.privacy", score: 1)]),
                     CodedSpan(doc: "d", range: TextRange(start: 0, end: 52), codes: [CodeAssignment(code: "risk.privacy", score: 1), CodeAssignment(code: "gov.disclosure", score: 2.5)], id: "document")]
        let json = try LabelStudioFormat.file([(DocumentText(document), spans)])
        #expect(json.contains(#"{"id":"document","from_name":"doc_codes","to_name":"text","type":"choices","value":{"choices":["risk.privacy","gov.disclosure"]},"score":2.5}"#), "\(json)")
        #expect(!json.contains("\"start\":0,\"end\":52"))
        let (read, warnings) = try LabelStudioFormat.read(data: Data(json.utf8), file: "ls.json")
        #expect(warnings.isEmpty, "\(warnings)")
        let line = try #require(read[0].spans.first { $0.id == "document" })
        #expect(line.range == TextRange(start: 0, end: 52) && line.codeIDs == ["risk.privacy", "gov.disclosure"])
        #expect(read[0].spans.filter { $0.id != "document" }.map(\.range) == [TextRange(start: 0, end: 38)])
    }

    /// JSON_MIN and CSV exports flatten a task-level choice to `{"choices": [...]}` under the control's
    /// name (in CSV, its JSON text), and one ticked choice of SpanCoder's `doc_codes` to a plain string:
    /// both are the document's codes, as in the full export; another field's plain string stays data.
    @Test func minimalExportsKeepTheDocumentsChoices() throws {
        let text = "Providers shall protect personal data."
        let records: [[String: Any]] = [
            ["id": 1, "text": text, "doc": "a", "annotator": "q@x.org", "annotation_id": 1, "doc_codes": ["choices": ["risk.privacy", "gov.disclosure"]]],
            ["id": 2, "text": text, "doc": "b", "annotator": "q@x.org", "annotation_id": 2, "doc_codes": "risk.privacy", "country": "US"],
            ["id": 3, "text": text, "doc": "c", "annotator": "q@x.org", "annotation_id": 3, "topics": #"{"choices": ["x", "y"]}"#],
        ]
        let (documents, warnings) = try #require(try LabelStudioFormat.read(minimalExportRecords: records, file: "min.json"))
        #expect(warnings.isEmpty, "\(warnings)")
        let lines = documents.map { $0.spans.first { $0.id == "document" } }
        #expect(lines.map { $0?.codeIDs } == [["risk.privacy", "gov.disclosure"], ["risk.privacy"], ["x", "y"]])
        #expect(lines.allSatisfy { $0?.range == TextRange(start: 0, end: 38) })
        #expect(documents[1].document.metadata["country"] == "US" && documents[1].document.metadata["doc_codes"] == nil)
    }

    /// Impossible offsets skip the result with a warning of their kind (as a malformed JSONL line is
    /// skipped), so that one bad result does not stop an evaluation; the task's other results stay.
    @Test func skipsOffsetsPastTheTaskTextOrInverted() throws {
        let export = #"[{"data": {"text": "abc"}, "annotations": [{"result": [{"value": {"start": 1, "end": 9, "labels": ["x"]}}, {"value": {"start": 2, "end": 1, "labels": ["x"]}}, {"value": {"start": 0, "end": 1, "labels": ["y"]}}]}]}]"#
        let (documents, warnings) = try LabelStudioFormat.read(data: Data(export.utf8), file: "e.json")
        #expect(documents[0].spans.map(\.codeIDs) == [["y"]])
        #expect(warnings.map(\.kind) == [.outsideText, .inverted])
        #expect(warnings.map(\.location.file) == ["e.json task 1 result 1.1", "e.json task 1 result 1.2"])
        #expect(warnings.allSatisfy { $0.leftOut })
    }

    /// A task without annotations was never coded; one with an empty annotation was coded and found nothing.
    @Test func tasksWithoutAnnotationsAreNotCoded() throws {
        let export = #"[{"id": 1, "data": {"text": "abc"}, "annotations": []}, {"id": 2, "data": {"text": "abc"}, "annotations": [{"result": []}]}]"#
        let (documents, _) = try LabelStudioFormat.read(data: Data(export.utf8), file: "e.json", selection: .annotations)
        #expect(documents.map(\.isCoded) == [false, true])
    }

    /// SpanCoder's pre-tags travel in `predictions`, and Label Studio's JSON export keeps them: a task the
    /// coder skipped (no annotation) or cancelled must not be read from them, or a skipped task agrees
    /// perfectly with SpanCoder. Predictions are read only from a file without annotations (an import
    /// file such as `tag --format label-studio` writes), or when asked for.
    @Test func skippedAndCancelledTasksOfAnExportAreNotReadFromPredictions() throws {
        let prediction = #""predictions": [{"model_version": "spancoder", "result": [{"value": {"start": 0, "end": 3, "labels": ["risk.privacy"]}}]}]"#
        let export = """
        [{"id": 1, "data": {"text": "abc", "doc": "skipped"}, "annotations": [], \(prediction)},
         {"id": 2, "data": {"text": "abc", "doc": "cancelled"}, "annotations": [{"id": 7, "result": [], "was_cancelled": true}], \(prediction)},
         {"id": 3, "data": {"text": "abc", "doc": "coded"}, "annotations": [{"id": 8, "result": []}], \(prediction)}]
        """
        let (documents, warnings) = try LabelStudioFormat.read(data: Data(export.utf8), file: "e.json")
        #expect(warnings.isEmpty)
        #expect(documents.map(\.isCoded) == [false, false, true])
        #expect(documents.allSatisfy { $0.spans.isEmpty })
        // Asked for, the export's predictions are read (SpanCoder's side of the same file).
        let (predicted, _) = try LabelStudioFormat.read(data: Data(export.utf8), file: "e.json", selection: try .init(selector: "predictions"))
        #expect(predicted.map(\.isCoded) == [true, true, true])
        #expect(predicted.map { $0.spans.map(\.codeIDs) } == Array(repeating: [["risk.privacy"]], count: 3))
        // A file without any "annotations" key is a prediction file: read from its predictions.
        let imports = "[{\"data\": {\"text\": \"abc\"}, \(prediction)}, {\"data\": {\"text\": \"abc\"}}]"
        let (tagged, _) = try LabelStudioFormat.read(data: Data(imports.utf8), file: "i.json")
        #expect(tagged.map(\.isCoded) == [true, false])
        #expect(tagged[0].spans.map(\.codeIDs) == [["risk.privacy"]])
    }

    /// Two coders' annotations of one task are two codings: without a choice that is an error naming
    /// them (never a silent union); `annotator=` picks one by user id or by email.
    @Test func severalAnnotatorsOfOneTaskMustBeChosen() throws {
        let export = #"""
        [{"id": 11, "data": {"text": "abcdef", "doc": "d1"}, "annotations": [
           {"id": 1, "completed_by": 4, "result": [{"id": "a", "value": {"start": 0, "end": 3, "labels": ["A"]}}]},
           {"id": 2, "completed_by": {"id": 9, "email": "b@example.org"}, "result": [{"id": "b", "value": {"start": 3, "end": 6, "labels": ["B"]}}]},
           {"id": 3, "completed_by": 5, "was_cancelled": true, "result": []}]},
         {"id": 12, "data": {"text": "xyz", "doc": "d2"}, "annotations": [
           {"id": 4, "completed_by": 5, "result": [{"id": "c", "value": {"start": 0, "end": 1, "labels": ["C"]}}]}]}]
        """#
        do {
            _ = try LabelStudioFormat.read(data: Data(export.utf8), file: "both.json")
            Issue.record("two annotators of one task were read as one coder")
        } catch let error as SpanCoderError {
            #expect(error.kind == .usage)
            #expect(error.message.contains("task 1 (id 11): 4, 9 (b@example.org)"), "\(error.message)")
            #expect(error.message.contains("both.json#annotator=4"), "\(error.message)")
        }
        let four = try LabelStudioFormat.read(data: Data(export.utf8), file: "both.json", selection: try .init(selector: "annotator=4")).documents
        #expect(four.map { $0.spans.map(\.codeIDs) } == [[["A"]], []])
        #expect(four.map(\.isCoded) == [true, false])
        let byEmail = try LabelStudioFormat.read(data: Data(export.utf8), file: "both.json", selection: try .init(selector: "annotator=B@example.org")).documents
        #expect(byEmail.map { $0.spans.map(\.codeIDs) } == [[["B"]], []])
        // Annotator 5 cancelled task 1 and coded task 2.
        let five = try LabelStudioFormat.read(data: Data(export.utf8), file: "both.json", selection: try .init(selector: "annotator=5")).documents
        #expect(five.map(\.isCoded) == [false, true])
        #expect(throws: SpanCoderError.self) {
            try LabelStudioFormat.read(data: Data(export.utf8), file: "both.json", selection: try .init(selector: "annotator=77"))
        }
        #expect(throws: SpanCoderError.self) { try LabelStudioFormat.Selection(selector: "annotater=4") }
        // An annotator whose every annotation was cancelled coded nothing: said so, not read as "not coded".
        let skipper = #"[{"data": {"text": "ab"}, "annotations": [{"completed_by": 6, "was_cancelled": true, "result": []}, {"completed_by": 1, "result": []}]}]"#
        do {
            _ = try LabelStudioFormat.read(data: Data(skipper.utf8), file: "k.json", selection: try .init(selector: "annotator=6"))
            Issue.record("an annotator who only skipped was read as a coding")
        } catch let error as SpanCoderError {
            #expect(error.kind == .usage && error.message.contains("was cancelled"), "\(error.message)")
        }
        // Tasks shared out among annotators (one each) are one coding of the file: no choice needed.
        let shared = #"[{"data": {"text": "ab"}, "annotations": [{"completed_by": 1, "result": []}]}, {"data": {"text": "cd"}, "annotations": [{"completed_by": 2, "result": []}]}]"#
        #expect(try LabelStudioFormat.read(data: Data(shared.utf8), file: "s.json").documents.map(\.isCoded) == [true, true])
    }

    /// Predictions of two model versions in one task are two codings too.
    @Test func severalModelVersionsOfOneTaskMustBeChosen() throws {
        let file = #"[{"data": {"text": "abc"}, "predictions": [{"model_version": "v1", "result": [{"value": {"start": 0, "end": 1, "labels": ["A"]}}]}, {"model_version": "v2", "result": [{"value": {"start": 1, "end": 2, "labels": ["B"]}}]}]}]"#
        #expect(throws: SpanCoderError.self) { try LabelStudioFormat.read(data: Data(file.utf8), file: "p.json") }
        let v2 = try LabelStudioFormat.read(data: Data(file.utf8), file: "p.json", selection: try .init(selector: "predictions=v2")).documents
        #expect(v2[0].spans.map(\.codeIDs) == [["B"]])
    }

    /// Every span names its task (position and id) and result, for findings: Label Studio has no lines.
    @Test func spansNameTheirTaskAndResult() throws {
        let export = #"[{"id": 40, "data": {"text": "abcdef"}, "annotations": [{"completed_by": 1, "result": [{"value": {"start": 0, "end": 2, "labels": ["A"]}}, {"value": {"start": 2, "end": 4, "labels": ["B"]}}, {"value": {"start": 0, "end": 2, "labels": ["C"]}}]}]}]"#
        let documents = try LabelStudioFormat.read(data: Data(export.utf8), file: "e.json").documents
        #expect(documents[0].spans.map(\.codeIDs) == [["A", "C"], ["B"]])
        #expect(documents[0].places == ["e.json task 1 (id 40) result 1.1", "e.json task 1 (id 40) result 1.2"])
    }
}
