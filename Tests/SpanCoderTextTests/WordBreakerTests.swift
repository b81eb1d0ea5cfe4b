import SpanCoderCore
import Testing
@testable import SpanCoderText

@Suite struct WordBreakerTests {
    let breaker = WordBreaker()

    @Test func wordsCarryICUsRuleStatus() {
        let text = "AI 风险评估 in 2024, 𠮷😀\r\nカタカナ"
        let words = breaker.words(in: text)
        // Pieces tile the whole text.
        #expect(words.first?.range.start == 0)
        #expect(words.last?.range.end == text.unicodeScalars.count)
        for (a, b) in zip(words, words.dropFirst()) { #expect(a.range.end == b.range.start) }
        let kinds = Dictionary(words.map { ($0.text(in: text), $0.kind) }, uniquingKeysWith: { a, _ in a })
        #expect(kinds["AI"] == .letter)
        #expect(kinds["in"] == .letter)
        #expect(kinds["2024"] == .number)
        // ICU's Chinese/Japanese dictionary reports katakana words as ideographic.
        #expect(kinds["カタカナ"] == .kana || kinds["カタカナ"] == .ideographic)
        #expect(kinds["\r\n"] == .nonWord)
        let han = words.filter { $0.kind == .ideographic }.map { $0.text(in: text) }
        #expect(han.joined().hasPrefix("风险评估𠮷"))
        let only = breaker.words(in: text, wordsOnly: true)
        #expect(only.allSatisfy { $0.kind != .nonWord })
        #expect(only.count == words.filter { $0.kind != .nonWord }.count)
    }

    @Test func emptyText() {
        #expect(breaker.words(in: "").isEmpty)
    }
}

extension Word {
    func text(in document: String) -> String {
        Segment(range: range, utf8Range: utf8Range, language: .other).text(in: document)
    }
}
