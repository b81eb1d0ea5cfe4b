import Foundation
import Testing
@testable import SpanCoderCLI

/// `spancoder segment` over every document of the shared corpus: each output line's offsets, in each
/// offset unit, slice the original file's text to exactly the line's `text`.
@Suite struct SegmentCorpusTests {
    static let corpus: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/../shared/corpus/texts"
    }()

    @Test(arguments: ["codepoint", "utf16", "utf8"])
    func offsetsSliceTheOriginalText(offsets: String) async throws {
        let folder = SegmentCommandTests.Folder()
        let output = folder.path + "/spans.jsonl"
        #expect(try await SegmentCommandTests().run(["segment", Self.corpus, "--offsets", offsets, "-o", output]) == 0)
        let lines = try #require(folder.read("spans.jsonl")).split(separator: "\n")
        #expect(lines.count > 5000)

        var texts: [String: (scalars: [Unicode.Scalar], utf16: [UInt16], utf8: [UInt8])] = [:]
        var docs = Set<String>()
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let doc = try #require(object["doc"] as? String)
            let start = try #require(object["start"] as? Int)
            let end = try #require(object["end"] as? Int)
            let text = try #require(object["text"] as? String)
            #expect(["zh", "en", "mixed", "other"].contains(object["lang"] as? String ?? ""))
            docs.insert(doc)
            if texts[doc] == nil {
                let original = try String(contentsOfFile: Self.corpus + "/\(doc).txt", encoding: .utf8)
                texts[doc] = (Array(original.unicodeScalars), Array(original.utf16), Array(original.utf8))
            }
            let original = texts[doc]!
            let sliced: String
            switch offsets {
            case "codepoint":
                var view = String.UnicodeScalarView()
                view.append(contentsOf: original.scalars[start..<end])
                sliced = String(view)
            case "utf16":
                sliced = String(decoding: original.utf16[start..<end], as: UTF16.self)
            default:
                sliced = String(decoding: original.utf8[start..<end], as: UTF8.self)
            }
            #expect(sliced == text, "\(doc) [\(start), \(end))")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter { $0.hasSuffix(".txt") }
        #expect(docs.count == files.count)
    }

    @Test func crlfAndOutsideBMPFilesSliceExactly() async throws {
        let folder = SegmentCommandTests.Folder()
        let text = "第一条 提供者应当标识𠮷。\r\n\r\n（一）😀 emoji 👍🏽 in a mixed 句子；\r\nSecond line. Third sentence.\r\n"
        try folder.write("crlf.txt", Array(text.utf8))
        for offsets in ["codepoint", "utf16", "utf8"] {
            #expect(try await SegmentCommandTests().run(["segment", folder.path + "/crlf.txt", "--unit", "clause", "--offsets", offsets,
                                                         "-o", folder.path + "/out.jsonl"]) == 0)
            let lines = try #require(folder.read("out.jsonl")).split(separator: "\n")
            #expect(lines.count == 4)
            for line in lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let start = try #require(object["start"] as? Int)
                let end = try #require(object["end"] as? Int)
                let expected: String
                switch offsets {
                case "codepoint":
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: Array(text.unicodeScalars)[start..<end])
                    expected = String(view)
                case "utf16": expected = String(decoding: Array(text.utf16)[start..<end], as: UTF16.self)
                default: expected = String(decoding: Array(text.utf8)[start..<end], as: UTF8.self)
                }
                #expect(object["text"] as? String == expected)
            }
        }
    }
}
