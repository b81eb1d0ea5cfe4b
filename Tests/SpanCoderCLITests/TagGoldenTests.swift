import ArgumentParser
import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderCLI

/// Golden outputs of `spancoder tag` on a small document (Chinese, English, 𠮷 and 🤖 outside the BMP,
/// CRLF line ends, a cell that starts with "=") with a two-code lexicon written by the test itself, so
/// that the expected text does not move when the shipped lexicon grows.
@Suite struct TagGoldenTests {
    static let document = "第一条 禁止算法歧视𠮷。\r\nProviders shall not discriminate 🤖; \"=red teaming\" is required.\r\n\r\n第二条 开展红队测试。"

    static let files: [String: String] = [
        "lex/taxonomy.yaml": """
        name: golden
        version: "1"
        description: Two codes for the tag command's golden tests.
        codes:
          - id: risk.bias
            name_en: Bias
            name_zh: 偏见
            kind: risk
            definition: Unfair treatment.
          - id: gov.adversarial-testing
            name_en: Adversarial testing
            name_zh: 对抗性测试
            kind: governance
            definition: Red teaming.

        """,
        "lex/codes/risk.bias.yaml": "code: risk.bias\nzh:\n  terms:\n    - 歧视\nen:\n  terms:\n    - discriminat*\n",
        "lex/codes/gov.adversarial-testing.yaml": "code: gov.adversarial-testing\nzh:\n  terms:\n    - 红队测试\nen:\n  terms:\n    - red team*\n",
        "doc.txt": document,
    ]

    private func run(_ format: String) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taggolden-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/lex/codes", withIntermediateDirectories: true)
        for (name, content) in Self.files { try AtomicFileWriter.write(content, to: folder + "/" + name) }
        var command = try SpanCoderCommand.parseAsRoot(["tag", folder + "/doc.txt", "--lexicons", folder + "/lex", "--format", format, "--output", folder + "/out"])
        if var asyncCommand = command as? AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        // Bytes, not String(contentsOfFile:), which drops a byte order mark.
        let data = try #require(FileManager.default.contents(atPath: folder + "/out"))
        return String(decoding: data, as: UTF8.self)
    }

    @Test func jsonl() async throws {
        let expected = #"""
        {"doc":"doc","start":0,"end":12,"text":"第一条 禁止算法歧视𠮷。","codes":[{"code":"risk.bias","score":1,"evidence":[{"term":"歧视","rule":null,"start":8,"end":10}]}]}
        {"doc":"doc","start":14,"end":77,"text":"Providers shall not discriminate 🤖; \"=red teaming\" is required.","codes":[{"code":"gov.adversarial-testing","score":1,"evidence":[{"term":"red team*","rule":null,"start":52,"end":63}]},{"code":"risk.bias","score":1,"evidence":[{"term":"discriminat*","rule":null,"start":34,"end":46}]}]}
        {"doc":"doc","start":81,"end":92,"text":"第二条 开展红队测试。","codes":[{"code":"gov.adversarial-testing","score":1,"evidence":[{"term":"红队测试","rule":null,"start":87,"end":91}]}]}

        """#
        #expect(try await run("jsonl") == expected)
    }

    @Test func csv() async throws {
        let expected = "\u{FEFF}doc,start,end,text,codes,scores,evidence\r\n"
            + "doc,0,12,第一条 禁止算法歧视𠮷。,risk.bias,1,risk.bias: 歧视@8-10\r\n"
            + "doc,14,77,\"Providers shall not discriminate 🤖; \"\"=red teaming\"\" is required.\",gov.adversarial-testing;risk.bias,1;1,gov.adversarial-testing: red team*@52-63; risk.bias: discriminat*@34-46\r\n"
            + "doc,81,92,第二条 开展红队测试。,gov.adversarial-testing,1,gov.adversarial-testing: 红队测试@87-91\r\n"
        #expect(try await run("csv") == expected)
    }

    @Test func doccanoCountsUTF16() async throws {
        let expected = #"{"doc":"doc","text":"第一条 禁止算法歧视𠮷。\r\nProviders shall not discriminate 🤖; \"=red teaming\" is required.\r\n\r\n第二条 开展红队测试。","label":[[0,13,"risk.bias"],[15,79,"gov.adversarial-testing"],[15,79,"risk.bias"],[83,94,"gov.adversarial-testing"]]}"# + "\n"
        #expect(try await run("doccano") == expected)
    }
}
