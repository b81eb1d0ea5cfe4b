import Testing
@testable import SpanCoderLexicon

@Suite struct LexiconSuggesterTests {
    func set(_ bias: [String]) -> LexiconSet {
        let taxonomy = Taxonomy(name: "t", codes: [
            CodeDefinition(id: "risk.bias", nameEN: "Bias", nameZH: "偏见", kind: .risk, definition: ""),
        ])
        return LexiconSet(name: "t", taxonomy: taxonomy, lexicons: [
            CodeLexicon(code: "risk.bias", terms: bias.map { Term(text: $0, language: .en) }),
        ])
    }

    let spans = [
        SuggestionSpan(text: "Prevent algorithmic discrimination against protected groups.", codes: ["risk.bias"]),
        SuggestionSpan(text: "Providers must avoid discrimination against protected groups.", codes: ["risk.bias"]),
        SuggestionSpan(text: "不得实施民族歧视和地域歧视。", codes: ["risk.bias"]),
        SuggestionSpan(text: "防止产生民族、性别等歧视。", codes: ["risk.bias"]),
        SuggestionSpan(text: "Providers must report incidents to the agency.", codes: []),
        SuggestionSpan(text: "Providers must keep records for the agency.", codes: []),
        SuggestionSpan(text: "提供者应当向主管部门报告。", codes: []),
    ]

    @Test func ranksCodeSpecificNgramsFirst() {
        let suggestions = LexiconSuggester(priorStrength: 50).suggest(set: set(["bias"]), spans: spans, limit: 5)
        let english = suggestions.filter { $0.language == .en }.map(\.term)
        #expect(english.contains("discrimination"))
        #expect(suggestions.allSatisfy { $0.inCode >= 2 && $0.zScore > 0 })
        #expect(!english.contains("providers"), "frequent elsewhere, so not key for bias")
        let chinese = suggestions.filter { $0.language == .zh }.map(\.term)
        #expect(chinese.contains("歧视"))
        #expect(chinese.contains("民族"))
    }

    @Test func leavesOutWhatTheLexiconHas() {
        let suggestions = LexiconSuggester(priorStrength: 50).suggest(set: set(["discriminat*", "protected groups"]), spans: spans, limit: 10)
        let english = suggestions.filter { $0.language == .en }.map(\.term)
        #expect(!english.contains("discrimination"))
        #expect(!english.contains("protected groups"))
        #expect(!english.contains("protected"), "part of an existing term")
    }
}
