import SpanCoderCore
@testable import SpanCoderFormats

/// A document with text outside the BMP (𠮷 U+20BB7, 🤖 U+1F916), CRLF line ends, Chinese and English,
/// and spans whose codes carry scores and evidence.
enum Fixture {
    static let text = "第一条 算法歧视𠮷应当禁止。\r\nAI 🤖 systems need red teaming.\r\n第二条 人工智能\r\n服务提供者应当评估。"

    static var document: Document { Document(id: "doc-1", text: text, metadata: ["country": "CN"]) }

    /// Code point range of the first occurrence of `needle`.
    static func range(of needle: String, in text: String = text) -> TextRange {
        let scalars = Array(text.unicodeScalars)
        let target = Array(needle.unicodeScalars)
        for start in 0...(scalars.count - target.count) where Array(scalars[start..<start + target.count]) == target {
            return TextRange(start: start, end: start + target.count)
        }
        fatalError("\(needle) not in fixture")
    }

    static func slice(_ range: TextRange, of text: String = text) -> String {
        let scalars = Array(text.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[range.start..<range.end]))
    }

    static func span(_ needle: String, codes: [CodeAssignment]) -> CodedSpan {
        let range = range(of: needle)
        return CodedSpan(doc: "doc-1", range: range, text: slice(range), codes: codes)
    }

    static var spans: [CodedSpan] {
        [
            span("算法歧视𠮷应当禁止。", codes: [
                CodeAssignment(code: "risk.bias", score: 1.5, evidence: [Evidence(term: "歧视", range: range(of: "歧视"))]),
                CodeAssignment(code: "gov.prohibition", score: 1, evidence: [Evidence(term: "禁止", rule: "ban-rule", range: range(of: "禁止"))]),
            ]),
            span("AI 🤖 systems need red teaming.", codes: [
                CodeAssignment(code: "gov.evaluations", score: 2.25, evidence: [Evidence(term: "red team*", range: range(of: "red teaming"))]),
            ]),
            // Crosses a CRLF: brat writes it as two fragments.
            span("人工智能\r\n服务提供者应当评估。", codes: [CodeAssignment(code: "gov.evaluations", score: 1, evidence: [])]),
        ]
    }

    /// What survives a round trip through a format that keeps codes (and possibly scores/evidence).
    struct Comparable: Hashable {
        var doc: String
        var range: TextRange
        var text: String?
        var codes: [CodeAssignment]
    }

    static func comparable(_ spans: [CodedSpan], keepScores: Bool = true, keepEvidence: Bool = true) -> [Comparable] {
        spans.map { span in
            Comparable(doc: span.doc, range: span.range, text: span.text, codes: span.codes.map {
                CodeAssignment(code: $0.code, score: keepScores ? $0.score : nil, evidence: keepEvidence ? $0.evidence : [])
            })
        }
    }
}
