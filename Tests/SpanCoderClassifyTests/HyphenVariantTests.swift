import Testing
import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText
@testable import SpanCoderClassify

/// Compound hyphens and words hyphenated at a line break: matching normalization joins "privacy-⏎enhancing"
/// into "privacyenhancing" (as it joins "Ro-⏎bustness"), so a hyphenated term also compiles its
/// variants without the hyphens, carrying the same entry.
@Suite struct HyphenVariantTests {
    static func set(terms: [String: [String]]) -> LexiconSet {
        func en(_ text: String) -> Term { Term(text: text, language: .en, weight: 1, location: SourceLocation(file: "test.yaml", line: 1)) }
        let lexicons = terms.keys.sorted().map { CodeLexicon(code: $0, terms: terms[$0]!.map(en), file: "\($0).yaml") }
        return LexiconSet(name: "test", taxonomy: Taxonomy(name: "test", codes: []), lexicons: lexicons, blockers: [])
    }

    /// code → [(term, matched original text)] of the one span `text`.
    static func evidence(_ set: LexiconSet, _ text: String) throws -> [String: [String]] {
        let classifier = Classifier(lexicon: try CompiledLexicon(set: set))
        let scalars = Array(text.unicodeScalars)
        var out: [String: [String]] = [:]
        for code in classifier.classify(document: Document(id: "d", text: text)).codes {
            out[code.code] = code.evidence.map { "\($0.term)@" + String(String.UnicodeScalarView(scalars[$0.range.start..<$0.range.end])) }
        }
        return out
    }

    @Test func aCompoundBrokenAtItsHyphenMatchesTheTermAsWritten() throws {
        let set = Self.set(terms: ["risk.privacy": ["privacy-enhancing", "Privacy-Preserving Machine Learning"]])
        #expect(try Self.evidence(set, "Use privacy-\nenhancing technologies.") == ["risk.privacy": ["privacy-enhancing@privacy-\nenhancing"]])
        #expect(try Self.evidence(set, "Use privacy-enhancing technologies.") == ["risk.privacy": ["privacy-enhancing@privacy-enhancing"]])
        #expect(try Self.evidence(set, "use privacy-\n  preserving machine learning") ==
                ["risk.privacy": ["Privacy-Preserving Machine Learning@privacy-\n  preserving machine learning"]])
        // Documented: the joined spelling matches too; a blank line keeps the words apart (no join).
        #expect(try Self.evidence(set, "privacyenhancing tools") == ["risk.privacy": ["privacy-enhancing@privacyenhancing"]])
        #expect(try Self.evidence(set, "privacy-\n\nenhancing") == [:])
    }

    /// A compound with a capital on either side of a hyphen at a line break ("Privacy-⏎Enhancing
    /// Technologies", "AI-⏎enabled") keeps its hyphen and loses the break: the terms as written match,
    /// in one span (the segmenter goes on across the break), and the evidence slices the original text.
    @Test func aCapitalizedCompoundBrokenAtItsHyphenMatches() throws {
        let set = Self.set(terms: ["risk.privacy": ["privacy-enhancing technolog*"], "gov.ai-for-safety": ["AI-enabled defense*"]])
        #expect(try Self.evidence(set, "Agencies should adopt Privacy-\nEnhancing Technologies.") ==
                ["risk.privacy": ["privacy-enhancing technolog*@Privacy-\nEnhancing Technologies"]])
        #expect(try Self.evidence(set, "and AI- \r\n enabled defenses") == ["gov.ai-for-safety": ["AI-enabled defense*@AI- \r\n enabled defenses"]])
        #expect(try Self.evidence(set, "Privacy-\n\nEnhancing Technologies") == [:])
    }

    @Test func aTermWithSeveralHyphensMatchesWhicheverBrokeAtALineEnd() throws {
        let set = Self.set(terms: ["gov.evaluations": ["end-to-end-testing"]])
        for text in ["end-to-end-testing", "end-\nto-end-testing", "end-to-\nend-testing", "end-\nto-\nend-\ntesting"] {
            #expect(try Self.evidence(set, text) == ["gov.evaluations": ["end-to-end-testing@" + text]], "\(text)")
        }
    }

    /// The term's score counts once per span, whichever spelling matched, and explain names the term.
    @Test func oneEntryWhicheverSpelling() throws {
        let set = Self.set(terms: ["risk.privacy": ["privacy-enhancing"]])
        let classifier = Classifier(lexicon: try CompiledLexicon(set: set))
        let result = classifier.classify(document: Document(id: "d", text: "privacy-enhancing and privacy-\nenhancing"))
        #expect(result.codes.map(\.score) == [1])
        #expect(result.codes.first?.evidence.map(\.term) == ["privacy-enhancing", "privacy-enhancing"])
        let explained = classifier.explain(text: "privacy-\nenhancing")
        #expect(explained.map(\.term) == ["privacy-enhancing"] && explained.map(\.text) == ["privacy-\nenhancing"])
    }

    /// A form that the lexicon spells itself keeps its own entry: "redteaming" is not also "red-teaming"
    /// (which would count the code twice, or give it to another code).
    @Test func aSpelledFormIsNoVariant() throws {
        let set = Self.set(terms: ["gov.adversarial-testing": ["red-teaming", "redteaming"], "gov.other": ["data-driven"]])
        #expect(try Self.evidence(set, "redteaming") == ["gov.adversarial-testing": ["redteaming@redteaming"]])
        // The joined text is that spelling, so its entry is the one that fires.
        #expect(try Self.evidence(set, "red-\nteaming") == ["gov.adversarial-testing": ["redteaming@red-\nteaming"]])
        #expect(try Self.evidence(set, "data-\ndriven") == ["gov.other": ["data-driven@data-\ndriven"]])
    }

    /// Exclusions compile their variants too: one broken at its hyphen still cancels its code.
    @Test func anExclusionBrokenAtItsHyphenStillCancels() throws {
        func en(_ text: String) -> Term { Term(text: text, language: .en, weight: 1) }
        let bias = CodeLexicon(code: "risk.bias", terms: [en("bias")], exclusions: [en("bias-variance")], file: "risk.bias.yaml")
        let set = LexiconSet(name: "test", taxonomy: Taxonomy(name: "test", codes: []), lexicons: [bias], blockers: [])
        #expect(try Self.evidence(set, "the bias-variance trade-off, and bias") == [:])
        #expect(try Self.evidence(set, "the bias-\nvariance trade-off, and bias") == [:])
        #expect(try Self.evidence(set, "the variance trade-off, and bias") == ["risk.bias": ["bias@bias"]])
    }

    /// The set's checker sees the terms as written: no duplicate (L003) or other finding for a term
    /// whose variants are compiled.
    @Test func lexiconCheckSeesNoVariant() throws {
        let set = Self.set(terms: ["risk.privacy": ["privacy-enhancing", "end-to-end-testing"]])
        #expect(LexiconChecker.check(set).filter { $0.severity != .note && $0.problem == .duplicateTerm }.isEmpty)
    }

    @Test(arguments: [
        ("privacy-enhancing", ["privacyenhancing"]),
        ("AI-enabled", ["aienabled"]),
        ("end-to-end", ["endto-end", "end-toend", "endtoend"]),
        ("a-b-c-d", ["ab-c-d", "a-bc-d", "abc-d", "a-b-cd", "ab-cd", "a-bcd", "abcd"]),
        ("a-b-c-d-e", []),  // more than 3 compound hyphens: none
        ("COVID-19", []), ("x - y", []), ("e-", []), ("-e", []), ("个人-信息", []),
        ("privacy-enhanc*", ["privacyenhanc"]),
    ])
    func variants(term: String, expected: [String]) throws {
        let pattern = try TermPattern(term)
        let variants = pattern.dehyphenatedVariants()
        #expect(variants.map { String(decoding: $0.normalized, as: UTF8.self) } == expected, "\(term)")
        #expect(variants.allSatisfy { $0.term == term && $0.isPrefix == pattern.isPrefix && $0.checksLeftEdge == pattern.checksLeftEdge })
    }
}
