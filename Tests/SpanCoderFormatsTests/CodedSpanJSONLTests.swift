import SpanCoderCore
import Testing
@testable import SpanCoderFormats

@Suite struct CodedSpanJSONLTests {
    @Test func roundTripsSpansWithEvidence() throws {
        let span = CodedSpan(
            doc: "d\"1", range: TextRange(start: 2, end: 9), text: "算法\n\"歧视\" 𠮷",
            codes: [CodeAssignment(code: "risk.bias", score: 1.5, evidence: [Evidence(term: "歧视", range: TextRange(start: 5, end: 7))])])
        let line = CodedSpanJSONL.encode(span)
        #expect(!line.contains("\n"))
        let back = try CodedSpanJSONL.decode(line, location: SourceLocation(file: "t"))
        #expect(back == span)
    }

    @Test func readsGoldShapeWithPlainCodeIDs() throws {
        let span = try CodedSpanJSONL.decode(#"{"doc": "a", "unit": 3, "start": 0, "end": 4, "codes": ["gov.evaluations"]}"#, location: SourceLocation(file: "g"))
        #expect(span.codeIDs == ["gov.evaluations"])
        #expect(span.id == "3")
    }

    @Test(arguments: [
        #"{"doc": "a", "start": 5, "end": 4, "codes": []}"#,
        #"{"doc": "a", "start": -1, "end": 4, "codes": []}"#,
        #"{"start": 0, "end": 4}"#,
        #"{"doc": "a", "start": "0", "end": 4}"#,
        #"{"doc": "a""#,
    ])
    func rejectsMalformedLinesWithTheirLocation(line: String) {
        #expect(throws: SpanCoderError.self) { try CodedSpanJSONL.decode(line, location: SourceLocation(file: "f", line: 7)) }
    }
}
