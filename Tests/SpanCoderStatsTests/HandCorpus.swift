import SpanCoderCore
@testable import SpanCoderStats

/// A small corpus whose tables were counted by hand (see CorpusStatisticsTests for the counts):
/// seven documents in two countries and two issuer types, one manifest row without coding (cn4), one
/// coded document missing from the manifest (xx9), an uncoded span in us1 and cn3, a code listed twice
/// on one span (us3), a rule as evidence (us3), a document whose lines are not contiguous (cn1), and CSV
/// fields with commas, quotes and a line break.
enum HandCorpus {
    static let manifestCSV = #"""
    id,country,issuer_type,title,chars
    us1,US,Executive,"Order, with a comma",10000
    us2,US,Legislature,"An Act
    on two lines",5000
    us3,US,Executive,Plain,5000
    cn1,CN,Executive,办法,2000
    cn2,CN,Executive,规定,3000
    cn3,CN,Legislature,法,5000
    cn4,CN,Legislature,"引号 ""quoted""",10000

    """#

    static let codingJSONL = """
    {"doc":"us1","start":0,"end":10,"codes":[{"code":"risk.bias","score":1,"evidence":[{"term":"bias","rule":null,"start":2,"end":6}]},{"code":"gov.evaluations","evidence":[{"term":"evaluation","rule":null,"start":0,"end":10}]}]}
    {"doc":"us1","start":11,"end":30,"codes":[{"code":"risk.bias","evidence":[{"term":"discrimination","rule":null,"start":11,"end":25},{"term":"bias","rule":null,"start":26,"end":30}]}]}
    {"doc":"us1","start":31,"end":40,"codes":[]}
    {"doc":"us2","start":0,"end":10,"text":"privacy \\"quoted\\"\\n","codes":[{"code":"risk.privacy","evidence":[{"term":"privacy","rule":null,"start":0,"end":7}]}]}
    {"doc":"us3","start":0,"end":10,"codes":[{"code":"risk.bias","evidence":[{"term":"unfair","rule":"R1","start":0,"end":6}]}]}
    {"doc":"us3","start":11,"end":20,"codes":[{"code":"gov.evaluations","evidence":[{"term":"evaluation","rule":null,"start":11,"end":20}]},{"code":"gov.evaluations","evidence":[{"term":"test","rule":null,"start":11,"end":15}]}]}
    {"doc":"cn1","start":0,"end":10,"codes":[{"code":"risk.privacy","evidence":[{"term":"个人信息","rule":null,"start":0,"end":4}]}]}
    {"doc":"cn1","start":11,"end":20,"codes":[{"code":"risk.privacy","evidence":[{"term":"个人信息","rule":null,"start":11,"end":15},{"term":"\\u9690\\u79c1","rule":null,"start":15,"end":17}]},{"code":"gov.evaluations","evidence":[{"term":"评估","rule":null,"start":17,"end":19}]}]}

    {"doc":"cn2","start":0,"end":10,"codes":[{"code":"risk.bias","evidence":[{"term":"歧视","rule":null,"start":0,"end":2}]},{"code":"risk.cybersecurity","evidence":[{"term":"网络安全","rule":null,"start":3,"end":7}]}]}
    {"doc":"cn1","start":21,"end":30,"codes":[{"code":"risk.cybersecurity","evidence":[{"term":"网络安全","rule":null,"start":21,"end":25}]}]}
    {"doc":"cn3","start":0,"end":10,"codes":[{"code":"gov.evaluations","evidence":[{"term":"评估","rule":null,"start":0,"end":2}]}]}
    {"doc":"cn3","start":11,"end":20,"codes":[{"code":"gov.liability","evidence":[{"term":"法律责任","rule":null,"start":11,"end":15}]}]}
    {"doc":"cn3","start":21,"end":30,"codes":[]}
    {"doc":"xx9","unit":4,"start":0,"end":5,"codes":["risk.bias"]}

    """

    /// The same coding as `codingJSONL`, built as `CodedSpan`s (the reference for the fast parser).
    static var spans: [CodedSpan] {
        func r(_ s: Int, _ e: Int) -> TextRange { TextRange(start: s, end: e) }
        func ev(_ term: String, rule: String? = nil) -> Evidence { Evidence(term: term, rule: rule, range: r(0, 1)) }
        return [
            CodedSpan(doc: "us1", range: r(0, 10), codes: [CodeAssignment(code: "risk.bias", evidence: [ev("bias")]), CodeAssignment(code: "gov.evaluations", evidence: [ev("evaluation")])]),
            CodedSpan(doc: "us1", range: r(11, 30), codes: [CodeAssignment(code: "risk.bias", evidence: [ev("discrimination"), ev("bias")])]),
            CodedSpan(doc: "us1", range: r(31, 40), codes: []),
            CodedSpan(doc: "us2", range: r(0, 10), codes: [CodeAssignment(code: "risk.privacy", evidence: [ev("privacy")])]),
            CodedSpan(doc: "us3", range: r(0, 10), codes: [CodeAssignment(code: "risk.bias", evidence: [ev("unfair", rule: "R1")])]),
            CodedSpan(doc: "us3", range: r(11, 20), codes: [CodeAssignment(code: "gov.evaluations", evidence: [ev("evaluation")]), CodeAssignment(code: "gov.evaluations", evidence: [ev("test")])]),
            CodedSpan(doc: "cn1", range: r(0, 10), codes: [CodeAssignment(code: "risk.privacy", evidence: [ev("个人信息")])]),
            CodedSpan(doc: "cn1", range: r(11, 20), codes: [CodeAssignment(code: "risk.privacy", evidence: [ev("个人信息"), ev("隐私")]), CodeAssignment(code: "gov.evaluations", evidence: [ev("评估")])]),
            CodedSpan(doc: "cn2", range: r(0, 10), codes: [CodeAssignment(code: "risk.bias", evidence: [ev("歧视")]), CodeAssignment(code: "risk.cybersecurity", evidence: [ev("网络安全")])]),
            CodedSpan(doc: "cn1", range: r(21, 30), codes: [CodeAssignment(code: "risk.cybersecurity", evidence: [ev("网络安全")])]),
            CodedSpan(doc: "cn3", range: r(0, 10), codes: [CodeAssignment(code: "gov.evaluations", evidence: [ev("评估")])]),
            CodedSpan(doc: "cn3", range: r(11, 20), codes: [CodeAssignment(code: "gov.liability", evidence: [ev("法律责任")])]),
            CodedSpan(doc: "cn3", range: r(21, 30), codes: []),
            CodedSpan(doc: "xx9", range: r(0, 5), codes: [CodeAssignment(code: "risk.bias")]),
        ]
    }

    static func manifest() throws -> Manifest {
        try parseManifestCSV(manifestCSV)
    }

    static func coding(name: String = "hand.jsonl") throws -> Coding {
        try parseCoding(codingJSONL, name: name)
    }
}

func parseManifestCSV(_ text: String, source: String = "manifest.csv") throws -> Manifest {
    var text = text
    return try text.withUTF8 { try Manifest.parseCSV($0, source: source) }
}

func parseManifestJSONL(_ text: String, source: String = "manifest.jsonl") throws -> Manifest {
    var text = text
    return try text.withUTF8 { try Manifest.parseJSONL($0, source: source) }
}

func parseCoding(_ text: String, name: String = "coding.jsonl") throws -> Coding {
    var text = text
    return try text.withUTF8 { try Coding.parse($0, name: name, source: name) }
}
