import SpanCoderCore
import Testing
@testable import SpanCoderText

/// A document read from a legacy-encoded or UTF-16 copy must give exactly the spans of its UTF-8 original.
@Suite struct EncodedCopiesTests {
    let traditional = """
    第一條　為了促進生成式人工智慧健康發展和規範應用，維護國家安全和社會公共利益，保護公民、法人和其他組織的合法權益，制定本辦法。

    第二條　提供者應當依法開展預訓練、優化訓練等訓練數據處理活動：
    （一）使用具有合法來源的數據和基礎模型；
    （二）涉及個人信息的，應當取得個人同意。

    第三條　提供者應當按照規定對圖片、視頻等生成內容進行標識。違反本辦法規定的，依法予以處罰。
    """

    private func spansThroughFiles(original: String, copy: [UInt8], name: String) throws -> ([Segment], [Segment]) {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        try TestSupport.write(Array(original.utf8), to: folder + "/original.txt")
        try TestSupport.write(copy, to: folder + "/\(name).txt")
        var documents: [String: Document] = [:]
        for result in DocumentInputs(paths: [folder]) {
            let document = try result.get()
            documents[document.id] = document
        }
        let decoded = try #require(documents[name])
        #expect(decoded.text == original)
        let segmenter = Segmenter(unit: .sentence)
        return (segmenter.segments(of: original), segmenter.segments(of: decoded.text))
    }

    @Test func gb18030CopyOfTheGenAIMeasuresGivesTheSameSpans() throws {
        let path = TestSupport.sharedCorpusTexts + "/cn-genai-measures-2023.txt"
        let original = try DocumentDecoder.decode(bytes: TestSupport.read(path), name: path)
        let (expected, actual) = try spansThroughFiles(original: original, copy: TestSupport.encode(original, as: "GB18030"), name: "gb")
        #expect(expected.count > 50)
        #expect(actual == expected)
    }

    @Test func big5CopyGivesTheSameSpans() throws {
        let (expected, actual) = try spansThroughFiles(original: traditional, copy: TestSupport.encode(traditional, as: "Big5"), name: "big5")
        #expect(expected.count >= 6)
        #expect(actual == expected)
    }

    @Test(arguments: ["UTF-16LE", "UTF-16BE"])
    func utf16CopiesGiveTheSameSpans(charset: String) throws {
        let path = TestSupport.sharedCorpusTexts + "/cn-genai-measures-2023.txt"
        let original = try DocumentDecoder.decode(bytes: TestSupport.read(path), name: path) + "\n𠮷😀 emoji line.\r\n"
        let bom: [UInt8] = charset == "UTF-16LE" ? [0xFF, 0xFE] : [0xFE, 0xFF]
        let (expected, actual) = try spansThroughFiles(original: original, copy: bom + TestSupport.encode(original, as: charset), name: "u16")
        #expect(actual == expected)
    }
}
