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

    /// A set for English only gets no Chinese leads (a few Chinese names in AGORA's texts gave a block of
    /// them first), and the limit holds per code and language.
    @Test func onlyTheSetsLanguagesAreSuggested() {
        var english = set([])
        english.taxonomy.languages = [.en]
        let suggestions = LexiconSuggester(priorStrength: 50).suggest(set: english, spans: spans, limit: 2)
        #expect(!suggestions.isEmpty && suggestions.allSatisfy { $0.language == .en })
        #expect(suggestions.count == 2)
        let both = LexiconSuggester(priorStrength: 50).suggest(set: set([]), spans: spans, limit: 2)
        #expect(Set(both.map(\.language)) == [.zh, .en] && both.count == 4)
    }

    /// Chinese candidates are ICU dictionary words and runs of them: no character n-grams across word
    /// edges (业道 from 商业道德, 练数 from 训练数据), no article numbers (第二十), no function word at an edge.
    @Test func chineseCandidatesAreWholeWords() {
        let coded = [
            SuggestionSpan(text: "第二十条 遵守商业道德，提高训练数据的质量。", codes: ["risk.bias"]),
            SuggestionSpan(text: "第二十一条 尊重商业道德和训练数据的来源。", codes: ["risk.bias"]),
            SuggestionSpan(text: "提供者应当向主管部门报告。", codes: []),
        ]
        let chinese = LexiconSuggester(priorStrength: 50).suggest(set: set([]), spans: coded, limit: 50).filter { $0.language == .zh }.map(\.term)
        #expect(chinese.contains("商业道德") || chinese.contains("商业"), "\(chinese)")
        #expect(chinese.contains("训练数据") || chinese.contains("训练"), "\(chinese)")
        for fragment in ["业道", "练数", "第二十", "二十", "数据的", "的质量"] { #expect(!chinese.contains(fragment), "\(fragment) in \(chinese)") }
        #expect(LexiconSuggester.isArticleNumber("第二十条") && LexiconSuggester.isArticleNumber("九条") && !LexiconSuggester.isArticleNumber("第一线"))
    }
}
