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

    @Test func readsAnnotationExportsWithChoicesAndSkipsResultsWithoutOffsets() throws {
        let export = #"""
        [{"id": 7, "data": {"text": "a 𠮷 b c"},
          "annotations": [{"id": 1, "was_cancelled": false, "result": [
            {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 2, "end": 3, "text": "𠮷", "labels": ["risk.bias"]}},
            {"id": "r2", "from_name": "code", "to_name": "text", "type": "choices", "value": {"start": 4, "end": 5, "choices": ["gov.audits"]}},
            {"id": "r3", "from_name": "doc", "to_name": "text", "type": "choices", "value": {"choices": ["whole-doc"]}}
          ]}],
          "predictions": [{"result": [{"id": "p1", "type": "labels", "value": {"start": 0, "end": 1, "labels": ["x"]}}]}]
        }]
        """#
        let (documents, warnings) = try LabelStudioFormat.read(data: Data(export.utf8), file: "export.json")
        #expect(documents.count == 1)
        #expect(documents[0].document.id == "7")
        #expect(documents[0].spans.map(\.range) == [TextRange(start: 2, end: 3), TextRange(start: 4, end: 5)])
        #expect(documents[0].spans.map(\.codeIDs) == [["risk.bias"], ["gov.audits"]])
        #expect(documents[0].spans[0].text == "𠮷")
        #expect(warnings.count == 1)
        #expect(warnings.first?.location.file == "export.json task 1 result 1.3")

        let (predicted, _) = try LabelStudioFormat.read(data: Data(export.utf8), file: "export.json", source: .predictions)
        #expect(predicted[0].spans.map(\.codeIDs) == [["x"]])
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
        let (documents, _) = try LabelStudioFormat.read(data: Data(export.utf8), file: "e.json", source: .annotations)
        #expect(documents.map(\.isCoded) == [false, true])
    }
}
