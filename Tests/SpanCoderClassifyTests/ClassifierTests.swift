import Testing
import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText
@testable import SpanCoderClassify

/// A small bilingual lexicon set built in code: terms, two proximity rules, an exclusion and blockers.
func testLexiconSet() -> LexiconSet {
    func en(_ text: String, _ weight: Double = 1) -> Term { Term(text: text, language: .en, weight: weight, location: SourceLocation(file: "test.yaml", line: 1)) }
    func zh(_ text: String, _ weight: Double = 1) -> Term { Term(text: text, language: .zh, weight: weight, location: SourceLocation(file: "test.yaml", line: 2)) }
    let bias = CodeLexicon(
        code: "risk.bias",
        terms: [en("bias"), zh("歧视")],
        rules: [
            Rule(id: "price-discrimination-zh", groups: [TermGroup(name: "price", terms: [zh("定价")]), TermGroup(name: "difference", terms: [zh("差别")])], window: .characters(10)),
            Rule(id: "price-discrimination-en", groups: [TermGroup(name: "price", terms: [en("price*")]), TermGroup(name: "discrimination", terms: [en("discriminat*")])], window: .words(8)),
        ],
        exclusions: [en("statistical bias")],
        file: "risk.bias.yaml")
    let ai = CodeLexicon(code: "gov.ai-general", terms: [en("AI"), zh("人工"), zh("人工智慧"), en("artificial intelligence")], file: "gov.ai-general.yaml")
    let security = CodeLexicon(code: "gov.security", terms: [en("security"), zh("安全"), en("cyber security", 2)], blockers: [en("national security")], file: "gov.security.yaml")
    let taxonomy = Taxonomy(name: "test", codes: [])
    return LexiconSet(name: "test", taxonomy: taxonomy, lexicons: [security, bias, ai], blockers: [zh("人工智能")])
}

/// Byte ranges of the lines of `text` (without the line break).
func lineSpans(_ text: String) -> [Range<Int>] {
    let bytes = Array(text.utf8)
    var spans: [Range<Int>] = []
    var start = 0
    for (i, b) in bytes.enumerated() where b == 0x0A {
        spans.append(start..<i)
        start = i + 1
    }
    spans.append(start..<bytes.count)
    return spans
}

@Suite struct ClassifierTests {
    let lexicon: CompiledLexicon
    let classifier: Classifier

    init() throws {
        lexicon = try CompiledLexicon(set: testLexiconSet())
        classifier = Classifier(lexicon: lexicon)
    }

    func codes(_ text: String, threshold: Double = 1) -> [String] {
        let classifier = Classifier(lexicon: lexicon, options: ClassifierOptions(threshold: threshold))
        return classifier.classify(document: Document(id: "d", text: text)).codeIDs
    }

    @Test func compilesEveryEntryIntoOneAutomaton() {
        // 2 + 2 rule terms x2 + 1 exclusion + 4 + 3 + 1 code blocker + 1 set blocker.
        #expect(lexicon.entries.count == 16)
        #expect(lexicon.matcher.patterns.count == 16)
        #expect(lexicon.codes == ["gov.ai-general", "gov.security", "risk.bias"])
        let located = lexicon.entries.first { $0.term == "定价" }
        #expect(located?.role == .ruleTerm && located?.rule == "price-discrimination-zh" && located?.group == 0)
        #expect(located?.location?.file == "test.yaml")
    }

    @Test(arguments: [
        ("AI governance", ["gov.ai-general"]),
        ("He said the AIM was clear.", []),
        ("ＡＩ芯片", ["gov.ai-general"]),
        ("发展人工智能产业", []),  // 人工 is inside the blocker 人工智能
        ("人工审核", ["gov.ai-general"]),
        ("人工智慧與演算法", ["gov.ai-general"]),
        ("national security review", []),  // security is inside the blocker
        ("national security and data security", ["gov.security"]),
        ("大数据杀熟即差别定价", ["risk.bias"]),
        ("差别很大，一二三四五六七八九十，定价", []),  // 差别 … 定价 spans 18 code points > 10
        ("Prices offered to users may discriminate", ["risk.bias"]),
        ("Prices are set by the firm for many reasons and we do not discriminate", []),  // 14 words > 8
        ("statistical bias and discrimination in pricing", []),  // exclusion cancels the code
        ("bias in hiring; artificial intelligence security", ["gov.ai-general", "gov.security", "risk.bias"]),
    ])
    func proposesCodes(text: String, expected: [String]) {
        #expect(codes(text) == expected)
    }

    /// With the text's sentences given (`exclusionScopes`, for paragraph and document units), an
    /// exclusion takes its code's evidence off its own sentence only: a whole document with one
    /// excluded sentence kept its other evidence for the code, where it had lost the code entirely.
    /// Checked against a reference: the span scored without the excluded sentence's evidence.
    @Test func exclusionsActInTheirSentenceWhenSentencesAreGiven() throws {
        let text = "We measured statistical bias. Hiring shows bias against women. Prices discriminate here."
        let bytes = Array(text.utf8)
        let sentences = [0..<29, 30..<62, 63..<bytes.count]
        #expect(String(decoding: bytes[sentences[0]], as: UTF8.self) == "We measured statistical bias.")
        let document = Document(id: "d", text: text)
        let whole = [0..<bytes.count]
        // Without sentences: the exclusion cancels risk.bias in the whole span.
        let plain = classifier.classify(classifier.scan(document: document, spans: whole), textOfUncodedSpans: true)
        #expect(plain[0].codeIDs == [])
        // With them: the second sentence's "bias" and the third's rule code it; the excluded sentence
        // gives no evidence.
        let scoped = classifier.classify(classifier.scan(document: document, spans: whole, exclusionScopes: sentences),
                                         textOfUncodedSpans: true)
        let bias = try #require(scoped[0].codes.first { $0.code == "risk.bias" })
        #expect(bias.evidence.map(\.term) == ["bias", "price*", "discriminat*"])
        #expect(bias.evidence.allSatisfy { $0.range.start >= 30 })
        #expect(bias.score == 2)
        // The same as the span without the excluded sentence (blanked to keep offsets).
        let blanked = String(repeating: " ", count: 29) + String(text.dropFirst(29))
        let reference = classifier.classify(document: Document(id: "d", text: blanked), spans: whole)
        #expect(reference[0].codes == scoped[0].codes)
        // A span inside one sentence keeps the old rule: the exclusion cancels the code in it.
        let perSentence = classifier.classify(classifier.scan(document: document, spans: sentences, exclusionScopes: sentences),
                                              textOfUncodedSpans: true)
        #expect(perSentence.map(\.codeIDs) == [[], ["risk.bias"], ["risk.bias"]])
        // Every sentence excluded: no code; an exclusion outside every given sentence cancels the span.
        #expect(classifier.classify(classifier.scan(document: Document(id: "d", text: "statistical bias. statistical bias."),
                                                    spans: [0..<35], exclusionScopes: [0..<17, 18..<35]),
                                    textOfUncodedSpans: true)[0].codeIDs == [])
        #expect(classifier.classify(classifier.scan(document: document, spans: whole, exclusionScopes: [30..<62]),
                                    textOfUncodedSpans: true)[0].codeIDs == [])
    }

    /// A window near Int.max (a set built in code; the loader refuses one past `LexiconLimits.maxWindow`)
    /// overflowed the window's end and crashed `tag`; it now reaches to the end of the span.
    @Test(arguments: [Int.max, Int.max - 3, LexiconLimits.maxWindow])
    func aHugeWindowFiresWithoutOverflow(width: Int) throws {
        func en(_ text: String) -> Term { Term(text: text, language: .en, weight: 1, location: SourceLocation(file: "t.yaml", line: 1)) }
        let groups = [TermGroup(name: "a", terms: [en("price*")]), TermGroup(name: "b", terms: [en("discriminat*")])]
        let set = LexiconSet(name: "t", taxonomy: Taxonomy(name: "t", codes: []), lexicons: [
            CodeLexicon(code: "risk.chars", rules: [Rule(id: "c", groups: groups, window: .characters(width))], file: "c.yaml"),
            CodeLexicon(code: "risk.words", rules: [Rule(id: "w", groups: groups, window: .words(width))], file: "w.yaml"),
        ], blockers: [])
        let classifier = Classifier(lexicon: try CompiledLexicon(set: set))
        // Few occurrences (checked window by window) and more than 16 (by a sweep).
        // (Not at the text's start: a window from position 0 does not overflow.)
        let few = "In short: prices may discriminate. " + String(repeating: "Other words here. ", count: 40) + "Prices again discriminate."
        let many = "In short: " + String(repeating: "Prices may discriminate. ", count: 12)
        for text in [few, many] {
            #expect(classifier.classify(document: Document(id: "d", text: text)).codeIDs == ["risk.chars", "risk.words"])
        }
    }

    @Test func scoresDistinctTermsOnceAndRulesByWeight() {
        let result = classifier.classify(document: Document(id: "d", text: "security, security and cyber security; 安全"))
        let security = result.codes.first { $0.code == "gov.security" }
        // security (1, counted once) + cyber security (2) + 安全 (1); the security inside
        // "cyber security" is contained and dropped.
        #expect(security?.score == 4)
        #expect(security?.evidence.map(\.term) == ["security", "security", "cyber security", "安全"])
        #expect(codes("security security", threshold: 2) == [])
        #expect(codes("security 安全", threshold: 2) == ["gov.security"])
        let rule = classifier.classify(document: Document(id: "d", text: "差别定价")).codes.first
        #expect(rule?.score == 1)
        #expect(rule?.evidence.map(\.rule) == ["price-discrimination-zh", "price-discrimination-zh"])
        #expect(rule?.evidence.map(\.term) == ["差别", "定价"])
    }

    @Test func assignsMatchesToTheSpanHoldingTheirStart() {
        let text = "AI rules\nsecurity now\nnational\nsecurity"
        let spans = lineSpans(text)
        let result = classifier.classify(document: Document(id: "doc", text: text), spans: spans)
        #expect(result.map(\.codeIDs) == [["gov.ai-general"], ["gov.security"], [], ["gov.security"]])
        #expect(result.map { $0.text ?? "" } == ["AI rules", "security now", "national", "security"])
        #expect(result[1].range == TextRange(start: 9, end: 21))
        // "national⏎security" normalizes to one match of the blocker, but it crosses the end of line 3, so
        // it is dropped before containment and does not hide line 4's "security".
        let whole = classifier.classify(document: Document(id: "doc", text: text))
        #expect(whole.codes.first { $0.code == "gov.security" }?.evidence.count == 1)
        // A match crossing a span end is dropped from that span.
        let crossing = classifier.classify(document: Document(id: "doc", text: "cyber security"), spans: [0..<8, 8..<14])
        #expect(crossing.map(\.codeIDs) == [[], []])
    }

    /// A match belongs to a span when any span holding its start also holds its end: with a span nested
    /// in a longer one, the longer span's end counts for matches after the nested one (the scan's
    /// shortcut for spans whose ends do not decrease must not apply). Spans past the text are clamped.
    @Test func nestedAndOutOfTextSpansKeepTheirMatches() {
        let text = "AI rules and security policy"
        let count = text.utf8.count
        let nested = classifier.classify(document: Document(id: "doc", text: text), spans: [0..<count, 3..<8])
        #expect(nested.map(\.codeIDs) == [["gov.ai-general", "gov.security"], []])
        let unsorted = classifier.classify(document: Document(id: "doc", text: text), spans: [3..<8, 0..<count])
        #expect(unsorted.map(\.codeIDs) == [[], ["gov.ai-general", "gov.security"]])
        let clamped = classifier.classify(document: Document(id: "doc", text: text), spans: [-4..<2, 13..<(count + 50)])
        #expect(clamped.map(\.codeIDs) == [["gov.ai-general"], ["gov.security"]])
        #expect(clamped.map(\.range) == [TextRange(start: 0, end: 2), TextRange(start: 13, end: count)])
    }

    /// `DocumentScan.matches(in:hint:)`, which walks on from the previous span's matches, against
    /// filtering every match, for spans in text order, shuffled, overlapping and empty, one hint kept
    /// across all calls as the classifier keeps it.
    @Test func matchesOfASpanFollowTheHintOrNot() {
        let text = (0..<60).map { ["AI bias", "security", "人工智慧 歧视", "x", "price discrimination"][$0 % 5] }.joined(separator: " ")
        let scan = DocumentScan(lexicon: lexicon, text: text, spans: [0..<text.utf8.count])
        #expect(scan.originalRanges.count > 40)
        var random = SplitMix64(seed: 3)
        let count = text.utf8.count
        var inOrder: [Range<Int>] = []
        var start = 0
        while start < count {
            let end = min(count, start + Int(random.next() % 40))
            inOrder.append(start..<end)
            start = end + Int(random.next() % 3)
        }
        let shuffled = inOrder.shuffled(using: &random)
        let overlapping = (0..<40).map { _ -> Range<Int> in
            let a = Int(random.next() % UInt64(count))
            return a..<min(count, a + Int(random.next() % 200))
        }
        for spans in [inOrder, shuffled, overlapping, inOrder + inOrder] {
            var hint = 0
            for span in spans {
                let expected = scan.originalRanges.indices.filter { span.contains(scan.originalRanges[$0].lowerBound) }
                let found = scan.matches(in: span, hint: &hint)
                #expect(Array(found) == expected, "\(span)")
            }
        }
    }

    @Test func evidenceOffsetsSliceToTheMatchedTerm() throws {
        let text = "ＡＩ治理與人工智慧\r\n𠮷😀 AI 安全 Security! 𠮷差別定價😀\r\nPrices 😀 may discriminate; 人工審核, CYBER\r\nSECURITY"
        let normalizer = TextNormalizer.shared(.matching)
        let document = Document(id: "mixed", text: text)
        let result = classifier.classify(document: document, spans: lineSpans(text))
        let scalars = Array(text.unicodeScalars)
        var checked = 0
        for span in result {
            for code in span.codes {
                for evidence in code.evidence {
                    let slice = String(String.UnicodeScalarView(scalars[evidence.range.start..<evidence.range.end]))
                    let term = try TermPattern(evidence.term)
                    let stem = String(decoding: term.normalized, as: UTF8.self)
                    let normalizedSlice = normalizer.normalize(term: slice)
                    if term.isPrefix {
                        #expect(normalizedSlice.hasPrefix(stem), "\(slice) vs \(evidence.term)")
                    } else {
                        #expect(normalizedSlice == stem, "\(slice) vs \(evidence.term)")
                    }
                    #expect(span.range.contains(evidence.range))
                    checked += 1
                }
            }
        }
        #expect(result.map(\.codeIDs) == [["gov.ai-general"], ["gov.ai-general", "gov.security", "risk.bias"], ["gov.ai-general", "risk.bias"], ["gov.security"]])
        #expect(checked >= 9)
    }

    @Test func classifiesSentencesFromTheSegmenter() {
        let text = "AI systems are reviewed. 国家安全审查。\n第二条 禁止差别定价。 Prices may discriminate."
        let document = Document(id: "seg", text: text)
        let segments = Segmenter(unit: .sentence).segments(of: text)
        let result = classifier.classify(document: document, segments: segments)
        #expect(result.count == segments.count)
        #expect(result.map(\.range) == segments.map(\.range))
        let coded = result.filter { !$0.codes.isEmpty }.map { ($0.text ?? "", $0.codeIDs) }
        #expect(coded.map(\.1) == [["gov.ai-general"], ["gov.security"], ["risk.bias"], ["risk.bias"]])
        #expect(coded.map(\.0) == ["AI systems are reviewed.", "国家安全审查。", "第二条 禁止差别定价。", "Prices may discriminate."])
    }

    @Test func emptyAndBlankDocumentsGetEmptySpans() {
        for text in ["", " \n\t　"] {
            let result = classifier.classify(document: Document(id: "e", text: text), spans: [0..<text.utf8.count])
            #expect(result.count == 1 && result[0].codes.isEmpty)
            #expect(classifier.explain(text: text).isEmpty)
        }
        // Spans outside the text are clamped, not trusted.
        let clamped = classifier.classify(document: Document(id: "e", text: "AI"), spans: [0..<99, 5..<9])
        #expect(clamped.map(\.codeIDs) == [["gov.ai-general"], []])
        #expect(clamped[1].range == TextRange(start: 2, end: 2))
    }

    @Test func spanResultsAreDeterministicAndSorted() {
        let text = "bias security AI 安全 人工审核 歧视"
        let first = classifier.classify(document: Document(id: "d", text: text))
        #expect(first.codeIDs == first.codeIDs.sorted())
        for _ in 0..<3 { #expect(classifier.classify(document: Document(id: "d", text: text)) == first) }
    }

    @Test func rejectsATermThatNormalizesToNothing() {
        var set = testLexiconSet()
        set.lexicons[0].terms.append(Term(text: " * ", language: .en, location: SourceLocation(file: "gov.security.yaml", line: 7)))
        do {
            _ = try CompiledLexicon(set: set)
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.kind == .badInput)
            #expect(error.location?.line == 7)
            #expect(error.description.contains("gov.security.yaml:7"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// A set built in code skips the loader's weight check: the compiler refuses weights that are not
    /// finite or over `LexiconLimits.maxWeight` (they could sum to an infinite score, written as
    /// `"score":null`); the largest allowed weights give a finite score however many fire.
    @Test func weightsAreBoundedWhenCompiled() throws {
        for weight in [1e308, .infinity, .nan, 0, -1, LexiconLimits.maxWeight.nextUp] {
            var set = testLexiconSet()
            set.lexicons[0].terms.append(Term(text: "heavy", language: .en, weight: weight, location: SourceLocation(file: "gov.security.yaml", line: 9)))
            #expect(throws: SpanCoderError.self, "weight \(weight)") { try CompiledLexicon(set: set) }
            var ruled = testLexiconSet()
            ruled.lexicons[1].rules[0].weight = weight
            #expect(throws: SpanCoderError.self, "rule weight \(weight)") { try CompiledLexicon(set: ruled) }
        }
        var set = testLexiconSet()
        set.lexicons[1].terms = (0..<200).map { Term(text: "w\($0)", language: .en, weight: LexiconLimits.maxWeight) }
        let classifier = Classifier(lexicon: try CompiledLexicon(set: set))
        let text = (0..<200).map { "w\($0)" }.joined(separator: " ") + "."
        let score = try #require(classifier.classify(document: Document(id: "d", text: text)).codes.first?.score)
        #expect(score == 200 * LexiconLimits.maxWeight)
    }

    @Test func explainsEveryMatchAndWhy() {
        let explained = classifier.explain(text: "He said 人工智能 AI; national security; statistical bias")
        func status(_ term: String) -> [MatchExplanation.Status] { explained.filter { $0.term == term }.map(\.status) }
        #expect(status("AI") == [.leftEdge, .fired])
        #expect(status("人工") == [.contained(in: "人工智能", range: TextRange(start: 8, end: 12))])
        #expect(status("人工智能") == [.blocker])
        #expect(status("national security") == [.blocker])
        #expect(status("security") == [.contained(in: "national security", range: TextRange(start: 17, end: 34))])
        #expect(status("statistical bias") == [.exclusion])
        #expect(status("bias") == [.contained(in: "statistical bias", range: TextRange(start: 36, end: 52))])
        let ai = explained.first { $0.term == "AI" && $0.status == .fired }
        #expect(ai?.text == "AI" && ai?.range == TextRange(start: 13, end: 15) && ai?.code == "gov.ai-general")
        #expect(classifier.explain(text: "bias; statistical bias").first { $0.term == "bias" && $0.range.start == 0 }?.status == .excluded(by: "statistical bias"))
    }

    /// A rule's group term counts only when its rule fires: with one group alone, or the groups farther
    /// apart than the window, `explain` must not call it fired (the code's evidence has none of it).
    @Test(arguments: [
        ("prices rose", MatchExplanation.Status.ruleNotFired),
        ("prices discriminate", .fired),
        ("prices are set in one way or another for some time and then discriminate", .ruleNotFired),
    ])
    func ruleTermsFireOnlyWithTheirRule(text: String, expected: MatchExplanation.Status) {
        let price = classifier.explain(text: text).first { $0.term == "price*" }
        #expect(price?.status == expected)
        #expect(price?.rule == "price-discrimination-en")
        if expected == .ruleNotFired { #expect(price?.reason.contains("did not fire") == true) }
    }

    /// Where the rule fired on other matches, an occurrence outside their window is not called fired:
    /// the code's evidence has only the ones that made the rule fire.
    @Test func aRuleTermOutsideTheFiringWindowIsNotCalledFired() {
        let text = "prices discriminate, and " + String(repeating: "other words ", count: 10) + "prices again"
        let prices = classifier.explain(text: text).filter { $0.term == "price*" }.sorted { $0.range < $1.range }
        #expect(prices.map(\.status) == [.fired, .ruleFiredElsewhere])
        #expect(prices.last?.reason.contains("fired on other matches") == true)
    }

    @Test func documentCodesNeedSeveralSpansOrAHighScore() {
        func span(_ codes: [(String, Double)]) -> CodedSpan {
            CodedSpan(doc: "d", range: TextRange(start: 0, end: 1), codes: codes.map { CodeAssignment(code: $0.0, score: $0.1, evidence: [Evidence(term: $0.0, range: TextRange(start: 0, end: 1))]) })
        }
        let spans = [span([("a", 1), ("b", 1)]), span([("a", 1)]), span([("c", 3)])]
        let rule = DocumentCodeRule()
        let codes = rule.documentCodes(from: spans)
        #expect(codes.map(\.code) == ["a", "c"])
        #expect(codes.first?.score == 2)
        #expect(codes.first?.evidence.count == 1)
        #expect(DocumentCodeRule(minSpans: 1).documentCodes(from: spans).map(\.code) == ["a", "b", "c"])
        #expect(DocumentCodeRule(minSpans: 3, minScore: 10).documentCodes(from: spans).isEmpty)
    }

    /// Headings get no code unless asked for (gold convention 1); the sentence below a heading is coded
    /// either way, and so is a line that only looks short.
    @Test func headingsGetNoCodeUnlessAsked() throws {
        let text = "Bias\nAI systems shall not show bias.\n人工智能安全\nBias; security reviews of each system every single year\n"
        let spans = lineSpans(text).filter { !$0.isEmpty }
        let plain = Classifier(lexicon: lexicon, options: ClassifierOptions(codeHeadings: false))
        let asked = Classifier(lexicon: lexicon)
        let document = Document(id: "d", text: text)
        let byDefault = plain.classify(document: document, spans: spans).map(\.codeIDs)
        let all = asked.classify(document: document, spans: spans).map(\.codeIDs)
        #expect(byDefault == [[], ["gov.ai-general", "risk.bias"], [], ["gov.security", "risk.bias"]])
        #expect(all == [["risk.bias"], ["gov.ai-general", "risk.bias"], ["gov.security"], ["gov.security", "risk.bias"]])
    }

    /// With `inheritLeadInCodes`, list items under a lead-in get the lead-in's codes (and evidence)
    /// besides their own, in code order; the list ends at the first span that is no item.
    @Test func listItemsTakeTheirLeadInsCodes() throws {
        let text = "Providers shall prevent bias:\n(a) in prices;\n(b) through AI security reviews.\nUnrelated words here now."
        let spans = lineSpans(text)
        let plain = Classifier(lexicon: lexicon)
        let structured = Classifier(lexicon: lexicon, options: ClassifierOptions(inheritLeadInCodes: true))
        let document = Document(id: "d", text: text)
        #expect(plain.classify(document: document, spans: spans).map(\.codeIDs) == [["risk.bias"], [], ["gov.ai-general", "gov.security"], []])
        let coded = structured.classify(document: document, spans: spans)
        #expect(coded.map(\.codeIDs) == [["risk.bias"], ["risk.bias"], ["gov.ai-general", "gov.security", "risk.bias"], []])
        let inherited = try #require(coded[2].codes.first { $0.code == "risk.bias" })
        #expect(inherited.evidence.map(\.range) == [TextRange(start: 24, end: 28)])
        #expect(coded[2].codes.first { $0.code == "gov.security" }?.evidence.first?.range.start ?? 0 > 30)
    }

    /// Two terms of one code on the same words are one mention: the heavier counts ("red team*" and
    /// "red teaming" on "red teaming" score 1, not 2; two weak terms on one word stay below the
    /// threshold), while terms on different words still add up, each distinct term once, and a mention
    /// goes to a term that has no other.
    @Test(arguments: [
        ("We run red teaming.", 1.0),
        ("Red teaming and red team exercises.", 2.0),  // two mentions, one for each term
        ("Discrimination matters.", nil),
        ("Discrimination and discriminatory pricing.", 1.0),
        ("Discrimination, bias and red teaming.", 2.0),
    ] as [(String, Double?)])
    func termsOnTheSameWordsCountOnce(text: String, expected: Double?) throws {
        func en(_ text: String, _ weight: Double = 1) -> Term { Term(text: text, language: .en, weight: weight) }
        var set = testLexiconSet()
        set.lexicons.append(CodeLexicon(code: "gov.adversarial-testing",
                                        terms: [en("red team*"), en("red teaming"), en("discriminat*", 0.5), en("discrimination", 0.5), en("bias", 0.5)],
                                        file: "gov.adversarial-testing.yaml"))
        let classifier = Classifier(lexicon: try CompiledLexicon(set: set))
        let coded = classifier.classify(document: Document(id: "d", text: text), spans: [0..<text.utf8.count])
        #expect(coded[0].codes.first { $0.code == "gov.adversarial-testing" }?.score == expected, "\(text)")
    }

    /// An item's own exclusion cancels the code in the item, the code it would take from its lead-in
    /// included; the next item still takes it.
    @Test func anItemsExclusionCancelsTheCodeItWouldInherit() throws {
        let text = "Providers shall prevent bias:\n(a) other than statistical bias;\n(b) in prices."
        let classifier = Classifier(lexicon: lexicon, options: ClassifierOptions(inheritLeadInCodes: true))
        let coded = classifier.classify(document: Document(id: "d", text: text), spans: lineSpans(text))
        #expect(coded.map(\.codeIDs) == [["risk.bias"], [], ["risk.bias"]])
    }

    /// Items run on after their lead-in on one line are spans of their own (`Segmenter`) and take the
    /// lead-in's codes as items on lines of their own do, in the sentence and the clause unit.
    @Test(arguments: [SegmentUnit.sentence, .clause])
    func inlineListItemsTakeTheirLeadInsCodes(unit: SegmentUnit) throws {
        let lines = "Providers shall prevent bias:\n(a) in prices;\n(b) through AI security reviews."
        let inline = "Providers shall prevent bias: (a) in prices; (b) through AI security reviews."
        let structured = Classifier(lexicon: lexicon, options: ClassifierOptions(inheritLeadInCodes: true))
        let segmenter = Segmenter(unit: unit)
        var coded: [[[String]]] = []
        for text in [lines, inline] {
            let spans = segmenter.segments(of: text).map { $0.utf8Range }
            coded.append(structured.classify(document: Document(id: "d", text: text), spans: spans).map(\.codeIDs))
        }
        #expect(coded[0] == [["risk.bias"], ["risk.bias"], ["gov.ai-general", "gov.security", "risk.bias"]])
        #expect(coded[1] == coded[0])
    }

    /// A rule marked `list-items: keep-out` codes its lead-in but not the items under it; a code with other
    /// evidence besides such a rule still passes, and items keep their own codes.
    @Test(arguments: [
        ("The council shall be composed of:\n(1) the Secretary;\n(2) AI experts.", [["gov.convening"], [], ["gov.ai-general"]]),
        ("The council shall be composed of stakeholders:\n(1) the Secretary;\n(2) AI experts.",
         [["gov.convening"], ["gov.convening"], ["gov.ai-general", "gov.convening"]]),
        ("The council shall convene:\n(1) the Secretary;", [["gov.convening"], ["gov.convening"]]),
    ])
    func rulesKeptOutOfListItems(text: String, expected: [[String]]) throws {
        func en(_ text: String, _ weight: Double = 1) -> Term { Term(text: text, language: .en, weight: weight) }
        var set = testLexiconSet()
        set.lexicons.append(CodeLexicon(
            code: "gov.convening", terms: [en("stakeholders", 0.5)],
            rules: [Rule(id: "body", groups: [TermGroup(name: "body", terms: [en("council")]), TermGroup(name: "members", terms: [en("composed of")])],
                         passesToListItems: false),
                    Rule(id: "meet", groups: [TermGroup(name: "body", terms: [en("council")]), TermGroup(name: "meet", terms: [en("convene")])])],
            file: "gov.convening.yaml"))
        let classifier = Classifier(lexicon: try CompiledLexicon(set: set), options: ClassifierOptions(inheritLeadInCodes: true))
        let coded = classifier.classify(document: Document(id: "d", text: text), spans: lineSpans(text))
        #expect(coded.map(\.codeIDs) == expected, "\(text)")
    }

    /// Definitions get no code when `codeDefinitions` is off, not even their lead-in's; nor do the items
    /// of a definition's list, which are part of it. Per text: the codes with `codeDefinitions` on, and off.
    @Test(arguments: [
        ("Terms used here:\n(a) AI security refers to protecting AI systems from attack.\n(b) AI systems shall avoid bias in prices.",
         [[], ["gov.ai-general", "gov.security"], ["gov.ai-general", "risk.bias"]], [[], [], ["gov.ai-general", "risk.bias"]]),
        ("“AI harm” means any of the following:\n(a) bias in prices;\n(b) attacks on AI security.\nAI systems shall avoid bias in prices.",
         [["gov.ai-general"], ["gov.ai-general", "risk.bias"], ["gov.ai-general", "gov.security"], ["gov.ai-general", "risk.bias"]],
         [[], [], [], ["gov.ai-general", "risk.bias"]]),
    ])
    func definitionsGetNoCodeUnlessAsked(text: String, on: [[String]], off: [[String]]) {
        let spans = lineSpans(text)
        let document = Document(id: "d", text: text)
        let plain = Classifier(lexicon: lexicon, options: ClassifierOptions(inheritLeadInCodes: true))
        let without = Classifier(lexicon: lexicon, options: ClassifierOptions(inheritLeadInCodes: true, codeDefinitions: false))
        #expect(plain.classify(document: document, spans: spans).map(\.codeIDs) == on)
        #expect(without.classify(document: document, spans: spans).map(\.codeIDs) == off)
    }
}
