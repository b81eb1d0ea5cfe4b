import Foundation
import Testing
@testable import SpanCoderText

@Suite struct DefinitionShapeTests {
    static let cases: [(String, Bool)] = [
        ("（二）网络安全，是指通过采取必要措施，防范对网络的攻击。", true),
        ("显式标识是指在生成合成内容中添加的标识。", true),
        ("Generative AI, as mentioned in these Measures, refers to technologies generating text.", true),
        ("Providers refer to organizations that offer the service.", true),
        ("Significant Modification: The term “significant modification” refers to an update.", true),
        ("the term \"AI model\" means a component of an information system.", true),
        ("“Training data” means annotated datasets used to train models.", true),
        ("Dual-use foundation model is defined as an AI model trained on broad data.", true),
        // Not definitions.
        ("Providers shall label AI-generated content and keep logs for six months.", false),
        ("This means that providers must act.", false),
        ("The terms of service shall state the purpose.", false),
        ("提供者应当对生成合成内容添加显式标识。", false),
        ("", false),
    ]

    @Test(arguments: cases) func shape(_ text: String, _ expected: Bool) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { DefinitionShape.isDefinition($0, span: 0..<$0.count) } == expected, "\(text)")
    }

    /// The marker must come within the first `maxMarkerOffset` bytes of the span.
    @Test func aMarkerLateInTheSpanIsNoDefinition() {
        let early = "X refers to y. " + String(repeating: "word ", count: 60)
        let late = String(repeating: "word ", count: 40) + "which refers to y."
        for (text, expected) in [(early, true), (late, false)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { DefinitionShape.isDefinition($0, span: 0..<$0.count) } == expected)
        }
    }

    /// The coders' convention 1 gives definitions no code: no unit of the development gold that
    /// defines a term carries a gold code, and the rule finds such units.
    @Test func developmentGoldDefinitionsHaveNoCodes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        guard let data = FileManager.default.contents(atPath: root + "/../shared/gold/dev/labels.jsonl") else { return }
        var found = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let unit = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let text = try #require(unit["text"] as? String)
            let codes = try #require(unit["codes"] as? [String])
            let bytes = Array(text.utf8)
            if bytes.withUnsafeBufferPointer({ DefinitionShape.isDefinition($0, span: 0..<$0.count) }) {
                found += 1
                #expect(codes.isEmpty, "\(text): \(codes)")
            }
        }
        #expect(found >= 6)
    }
}
