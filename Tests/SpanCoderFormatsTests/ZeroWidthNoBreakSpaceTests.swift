import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderFormats

/// U+FEFF inside text (what concatenating BOM-marked files leaves after a line break) must survive every
/// JSON reader: swift-corelibs-foundation's `JSONSerialization` drops a raw one that opens a run of a
/// string, which shifted every later offset by one.
@Suite struct ZeroWidthNoBreakSpaceTests {
    static let feff = "\u{FEFF}"
    /// U+FEFF at the start of a string, right after escapes (`\n`, `\"`), twice in a row, and mid-text.
    static let text = "\u{FEFF}a.\n\u{FEFF}The \"\u{FEFF}provider\" shall pro\u{FEFF}tect\t\u{FEFF}\u{FEFF}personal information."

    static func scalars(_ string: String) -> [UInt32] { string.unicodeScalars.map(\.value) }

    @Test func foundationJSONKeepsEveryRawAndEscapedFEFF() throws {
        let json = "{\"\u{FEFF}k\":\"\u{FEFF}x\\n\u{FEFF}y\u{FEFF}\\ufeff\u{FEFF}\"}"
        let object = try #require(try FoundationJSON.object(with: Data(json.utf8)) as? [String: Any])
        #expect(object.keys.map(Self.scalars) == [Self.scalars("\u{FEFF}k")])
        let value = try #require(object["\u{FEFF}k"] as? String)
        #expect(Self.scalars(value) == Self.scalars("\u{FEFF}x\n\u{FEFF}y\u{FEFF}\u{FEFF}\u{FEFF}"))
        // A byte-order mark opening the data is still the data's mark, not a character of the JSON.
        let marked = try #require(try FoundationJSON.object(with: Data(("\u{FEFF}" + json).utf8)) as? [String: Any])
        #expect(marked.count == 1)
        // Outside a string it stays invalid JSON.
        #expect(throws: (any Error).self) { try FoundationJSON.object(with: Data("{\u{FEFF}\"k\":1}".utf8)) }
    }

    @Test func labelStudioRoundTripKeepsTheText() throws {
        let document = Document(id: "d", text: Self.text)
        let span = Self.span(of: "The \"\u{FEFF}provider\" shall pro\u{FEFF}tect\t\u{FEFF}\u{FEFF}personal information.")
        let json = try LabelStudioFormat.file([(DocumentText(document), [span])])
        let (documents, warnings) = try LabelStudioFormat.read(data: Data(json.utf8), file: "ls.json")
        #expect(warnings.isEmpty, "\(warnings.map(\.message))")
        #expect(Self.scalars(documents[0].document.text) == Self.scalars(Self.text))
        #expect(documents[0].spans.map(\.range) == [span.range])
        #expect(documents[0].spans.map { $0.text.map(Self.scalars) } == [span.text.map(Self.scalars)])
    }

    @Test func doccanoRoundTripKeepsTheText() throws {
        let document = Document(id: "d", text: Self.text)
        let span = Self.span(of: "\u{FEFF}The")
        let line = try DoccanoFormat.line(document: DocumentText(document), spans: [span])
        var warnings: [FormatWarning] = []
        let back = try DoccanoFormat.decode(line: line, location: SourceLocation(file: "d.jsonl", line: 1), warnings: &warnings)
        #expect(warnings.isEmpty, "\(warnings.map(\.message))")
        #expect(Self.scalars(back.document.text) == Self.scalars(Self.text))
        #expect(back.spans.map(\.range) == [span.range])
    }

    @Test func spanJSONLRoundTripKeepsTheText() throws {
        let span = CodedSpan(doc: "\u{FEFF}d", range: TextRange(start: 0, end: 3), text: "\u{FEFF}\"\u{FEFF}",
                             codes: [CodeAssignment(code: "c", score: 1, evidence: [Evidence(term: "\u{FEFF}t", range: TextRange(start: 0, end: 1))])])
        let back = try CodedSpanJSONL.decode(CodedSpanJSONL.encode(span), location: SourceLocation(file: "s.jsonl", line: 1))
        #expect(Self.scalars(back.doc) == Self.scalars(span.doc))
        #expect(back.text.map(Self.scalars) == span.text.map(Self.scalars))
        #expect(back.codes.first?.evidence.first.map { Self.scalars($0.term) } == Self.scalars("\u{FEFF}t"))
    }

    static func span(of needle: String) -> CodedSpan {
        let range = Fixture.range(of: needle, in: text)
        return CodedSpan(doc: "d", range: range, text: Fixture.slice(range, of: text), codes: [CodeAssignment(code: "risk.privacy")])
    }
}
