import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderFormats

/// Mutated and truncated versions of valid files go through every reader: each must return or throw a
/// `SpanCoderError`, never trap. (A deterministic smoke test; the fuzz targets of issue 8 go further.)
@Suite struct ReaderMutationTests {

    /// Bytes that matter to the formats, to splice in.
    static let interesting: [[UInt8]] = ["\"", "\\", "\t", "\n", "\r\n", ";", " ", "-1", "99999999999999999999", "1e3", "2.5", "null", "true", "[", "]", "{", "}", ",", "𠮷", "\u{0}", "\u{FFFF}"].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80]]

    static func mutations(of valid: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        var result: [[UInt8]] = []
        for _ in 0..<count {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes = Array(bytes[..<position])
                case 1: bytes.insert(contentsOf: interesting.randomElement(using: &random)!, at: position)
                case 2: if position < bytes.count { bytes.remove(at: position) }
                default: if position < bytes.count { bytes[position] = UInt8.random(in: 0...255, using: &random) }
                }
            }
            result.append(bytes)
        }
        return result
    }

    @Test func labelStudioReaderNeverTraps() throws {
        let valid = Array(try LabelStudioFormat.file([(DocumentText(Fixture.document), Fixture.spans)]).utf8)
        for bytes in Self.mutations(of: valid, count: 1500, seed: 1) {
            _ = try? LabelStudioFormat.read(data: Data(bytes), file: "m.json")
        }
    }

    @Test func doccanoReaderNeverTraps() throws {
        let valid = Array(try DoccanoFormat.line(document: DocumentText(Fixture.document), spans: Fixture.spans).utf8)
        for bytes in Self.mutations(of: valid, count: 1500, seed: 2) {
            _ = try? DoccanoFormat.decode(line: String(decoding: bytes, as: UTF8.self), location: SourceLocation(file: "m", line: 1))
        }
    }

    @Test func bratReaderNeverTraps() throws {
        let valid = Array(try BratFormat.annotations(document: DocumentText(Fixture.document), spans: Fixture.spans).utf8)
        for bytes in Self.mutations(of: valid, count: 3000, seed: 3) {
            _ = try? BratFormat.read(ann: String(decoding: bytes, as: UTF8.self), document: Fixture.document, file: "m.ann")
        }
    }

    @Test func writersRejectRangesPastTheEndInsteadOfTrapping() {
        let document = DocumentText(Document(id: "d", text: "short 𠮷"))
        let span = CodedSpan(doc: "d", range: TextRange(start: 3, end: 50), codes: [CodeAssignment(code: "x", evidence: [Evidence(term: "t", range: TextRange(start: 40, end: 45))])])
        #expect(throws: SpanCoderError.self) { try CodedSpanCSV.rows(document: document, spans: [span]) }
        #expect(throws: SpanCoderError.self) { try LabelStudioFormat.task(document: document, spans: [span]) }
        #expect(throws: SpanCoderError.self) { try DoccanoFormat.line(document: document, spans: [span]) }
        #expect(throws: SpanCoderError.self) { try BratFormat.annotations(document: document, spans: [span]) }
        #expect(throws: SpanCoderError.self) { try HTMLReport.page(document: document, spans: [span]) }
    }
}

@Suite struct CodedSpanJSONLFileTests {
    @Test func readsCRLFFilesLineByLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jsonl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFileWriter.write("{\"doc\":\"a\",\"start\":0,\"end\":1,\"codes\":[\"x\"]}\r\n\r\n{\"doc\":\"b\",\"start\":2,\"end\":3,\"codes\":[]}\r\n", to: directory + "/g.jsonl")
        let spans = try CodedSpanJSONL.read(path: directory + "/g.jsonl")
        #expect(spans.map(\.doc) == ["a", "b"])
        try AtomicFileWriter.write("{\"doc\":\"a\",\"start\":0,\"end\":1}\r\n{\"doc\":\"b\",\"start\":5,\"end\":3}\r\n", to: directory + "/bad.jsonl")
        do {
            _ = try CodedSpanJSONL.read(path: directory + "/bad.jsonl")
            Issue.record("an inverted span must be rejected")
        } catch let error as SpanCoderError {
            #expect(error.location?.line == 2)
        }
    }
}
