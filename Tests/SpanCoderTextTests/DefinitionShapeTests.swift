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
        ("(m) “Personal information” has the meaning defined in Section 1798.140 of the Civil Code.", true),
        ("(17)  \"Personal data\" has the meaning assigned to it by Section 541.001.", true),
        ("13. \"Red-teaming\" shall mean an exercise conducted to identify adverse behaviors.", true),
        ("(f) “Train a generative artificial intelligence system” includes testing by the developer.", true),
        ("\"Person\" include any individual or corporation.", true),
        ("(2) “Catastrophic risk” does not include a risk from any of the following:", true),
        ("(3) COVERED ENTITY.—The term “covered entity” means—", true),
        // Bill texts from the Government Publishing Office print quotation marks as ``…'' and "—" as "--".
        ("(2) The term ``artificial intelligence sandbox environment'' means a platform.", true),
        ("The term ``covered entity'' means--", true),
        ("``Covered model'' includes any system trained on data.", true),
        ("(B) ``Major system'' does not include a pilot.", true),
        // Bills printed in capitals and justified.
        ("1. \"ALGORITHMIC DISCRIMINATION\" MEANS ANY CONDITION IN WHICH  THE  USE", true),
        ("(VI)  \"PERSONAL  INFORMATION\"  SHALL MEAN INFORMATION THAT DIRECTLY OR", true),
        ("(II)  \"AUTOMATED DECISION SYSTEM IMPACT ASSESSMENT\" SHALL  MEAN A STUDY", true),
        ("THE TERM \"COVERED ENTITY\" MEANS A PERSON.", true),
        ("GENERATIVE AI REFERS TO TECHNOLOGIES GENERATING TEXT.", true),
        ("THE DEPLOYER SHALL MEAN WELL AND SHALL ACT.", false),
        ("THE COMMITTEE ON WAYS AND MEANS SHALL REPORT.", false),
        ("The developers' models shall be tested by the Director's staff.", false),
        // White space between 是 and 指, which matching ignores between Han characters.
        ("（五）个人信息，是 指以电子或者其他方式记录的能够识别自然人的各种信息。", true),
        ("（五）个人信息，是　指以电子方式记录的信息。", true),
        ("（五）个人信息，是\n指以电子方式记录的信息。", true),
        ("个人信息是\u{00A0}\t 指以电子方式记录的信息。", true),
        // Not definitions.
        ("Providers shall label AI-generated content and keep logs for six months.", false),
        ("This means that providers must act.", false),
        ("The terms of service shall state the purpose.", false),
        ("提供者应当对生成合成内容添加显式标识。", false),
        ("提供者是 否应当添加显式标识，是　由主管部门确定的。", false),
        ("The program, known as “Safe AI”, includes grants to universities.", false),
        ("Providers shall label “deep synthesis” content and keep logs.", false),
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

    /// The sixteen-byte candidate search against a plain search for each marker, on random texts built
    /// from marker pieces (markers across block edges, near the limit, at the span's start and end).
    @Test func blockSearchAgreesWithAPlainSearch() {
        func naive(_ raw: [UInt8]) -> Bool {
            // Letters in either case: the markers are compared with the text in lowercase.
            let bytes = raw.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            let limit = min(bytes.count, DefinitionShape.maxMarkerOffset)
            func at(_ marker: String, _ i: Int) -> Bool {
                let m = Array(marker.utf8)
                return i + m.count <= bytes.count && Array(bytes[i..<i + m.count]) == m
            }
            // After a quotation mark, each space of a marker may be a run of spaces and tabs.
            func atSpaced(_ marker: String, _ i: Int) -> Bool {
                var k = i
                for want in marker.utf8 {
                    guard k < bytes.count, bytes[k] == want else { return false }
                    k += 1
                    if want == 0x20 { while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 } }
                }
                return true
            }
            // 是, white space, 指: the spaces the random texts hold.
            func shiZhi(_ i: Int) -> Bool {
                guard at("是", i) else { return false }
                var k = i + 3
                while let space = ["\n", "\t", " ", "\u{3000}", "\u{00A0}", "\u{2003}"].first(where: { at($0, k) }) { k += space.utf8.count }
                return at("指", k)
            }
            if i0(bytes) { return true }
            for i in 0..<limit {
                if shiZhi(i) || at(" refers to ", i) || at(" refer to ", i) || at(" is defined as ", i) || at(" are defined as ", i) { return true }
                let afterQuote = i > 0 && (bytes[i - 1] == 0x22 || (i >= 3 && Array(bytes[i - 3..<i]) == Array("”".utf8))
                                           || (i >= 2 && bytes[i - 1] == 0x27 && bytes[i - 2] == 0x27))
                if afterQuote, [" means ", " means—", " means--", " has the meaning", " shall mean", " includes ", " include ", " does not include ",
                                 " shall not include "].contains(where: { atSpaced($0, i) }) { return true }
                if i + 1 < bytes.count, bytes[i] == 0x20, at(" the term ", i) {
                    let after = i + 10
                    if after < bytes.count, bytes[after] == 0x22 || (after + 3 <= bytes.count && Array(bytes[after..<after + 3]) == Array("“".utf8)) || at("``", after) { return true }
                }
            }
            return false
        }
        func i0(_ bytes: [UInt8]) -> Bool {
            let bytes = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            for opening in ["the term "] where bytes.starts(with: Array(opening.utf8)) {
                let after = 9
                if after < bytes.count, bytes[after] == 0x22 || (after + 3 <= bytes.count && Array(bytes[after..<after + 3]) == Array("“".utf8))
                    || (after + 2 <= bytes.count && bytes[after] == 0x60 && bytes[after + 1] == 0x60) { return true }
            }
            return false
        }
        let pieces = ["是指", "是", "指", " refers to ", " refer", " is defined as ", " is ", " are defined as ", " are ", " means ", " means—", "—", " has the meaning", " shall mean", " includes ", " include ", " does not include ", " shall not include ", " not ", " has ", " shall", "\"", "“", "”", "''", "'", "``", "`", " means--", "--",
                      " the term ", " The term ", " th", "x", "word", "中文", "  ", "re", "me",
                      " MEANS ", " SHALL", " MEAN", " REFERS TO ", " THE TERM ", " The Term ", "\t", " INCLUDES ", " IS DEFINED AS ", "MEANS", "Z", "@",
                      "\n", "\u{3000}", "\u{00A0}", "\u{2003}", "是否", "”", "…"]
        var generator = SystemRandomNumberGenerator()
        var definitions = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &generator) { text += pieces.randomElement(using: &generator)! }
            let bytes = Array(text.utf8)
            let found = bytes.withUnsafeBufferPointer { DefinitionShape.isDefinition($0, span: 0..<$0.count) }
            #expect(found == naive(bytes), "\(text)")
            if found { definitions += 1 }
        }
        #expect(definitions > 1000)
    }
}
