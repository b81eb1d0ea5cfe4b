import Foundation
import Testing
import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText
@testable import SpanCoderClassify

@Suite struct RealLexiconTests {
    @Test(.enabled(if: exists(lexiconDirectory)))
    func compilesTheShippedLexiconSet() throws {
        let set = try LexiconSet.load(directory: lexiconDirectory)
        let lexicon = try CompiledLexicon(set: set)
        let entryCount = set.blockers.count + set.lexicons.reduce(0) { total, code in
            total + code.terms.count + code.exclusions.count + code.blockers.count
                + code.rules.reduce(0) { $0 + $1.groups.reduce(0) { $0 + $1.terms.count } }
        }
        #expect(lexicon.entries.count == entryCount)
        #expect(lexicon.codes == set.lexicons.map(\.code).sorted())
        #expect(lexicon.matcher.automaton.representation == .dfa)
        let classifier = Classifier(lexicon: lexicon)
        // The examples the matching semantics promise, with the real set.
        let coded = classifier.classify(document: Document(id: "x", text: "平台不得利用算法对消费者实行不合理的差别定价。")).codeIDs
        #expect(coded.contains("risk.bias"))
        let explained = classifier.explain(text: "依据《网络安全法》")
        #expect(explained.contains { $0.term == "网络安全法" && $0.status == .blocker })
        #expect(!explained.contains { $0.status == .fired })
    }

    @Test(.enabled(if: exists(lexiconDirectory) && exists(corpusDirectory)))
    func everyEvidenceOffsetOnTheCorpusSlicesToItsTerm() throws {
        let lexicon = try CompiledLexicon(set: try LexiconSet.load(directory: lexiconDirectory))
        let classifier = Classifier(lexicon: lexicon)
        let segmenter = Segmenter(unit: .sentence)
        let normalizer = lexicon.normalizer
        let files = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(files.count >= 28)
        var codedSpans = 0
        var evidenceChecked = 0
        // Per term: its normalized form and those without compound hyphens (`dehyphenatedVariants()`:
        // "red-⏎teaming" reads "redteaming"), and whether it is a prefix.
        var stems: [String: ([String], Bool)] = [:]
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: corpusDirectory + "/" + file))
            let text = String(decoding: bytes, as: UTF8.self)
            let document = Document(id: String(file.dropLast(4)), text: text)
            let result = classifier.classify(document: document, segments: segmenter.segments(of: text))
            let scalars = Array(text.unicodeScalars)
            for span in result where !span.codes.isEmpty {
                codedSpans += 1
                #expect(span.codeIDs == span.codeIDs.sorted())
                for code in span.codes {
                    #expect((code.score ?? 0) >= 1.0)
                    for evidence in code.evidence {
                        #expect(span.range.contains(evidence.range))
                        let slice = normalizer.normalize(term: String(String.UnicodeScalarView(scalars[evidence.range.start..<evidence.range.end])))
                        if stems[evidence.term] == nil {
                            let pattern = try TermPattern(evidence.term, normalizer: normalizer)
                            stems[evidence.term] = (([pattern] + pattern.dehyphenatedVariants()).map { String(decoding: $0.normalized, as: UTF8.self) }, pattern.isPrefix)
                        }
                        let (forms, isPrefix) = stems[evidence.term]!
                        #expect(forms.contains { isPrefix ? slice.hasPrefix($0) : slice == $0 }, "\(document.id) \(evidence.range): \(slice) vs \(evidence.term)")
                        evidenceChecked += 1
                    }
                }
            }
            // Deterministic: a second run gives the same spans.
            if file == files.first {
                #expect(classifier.classify(document: document, segments: segmenter.segments(of: text)) == result)
            }
        }
        #expect(codedSpans > 100)
        #expect(evidenceChecked > codedSpans)
    }
}

/// The classifier's packed path (pairs as packed integer keys, rule terms kept only for rules with
/// enough groups in the span to fire, blockers left out) against its general path (every pair,
/// sorted by a closure), which must give the same proposals.
@Suite struct PackedPathTests {
    /// Random texts over the words of a lexicon with rules of every window and mode, rules sharing
    /// terms with plain terms and with each other, exclusions and blockers: whole documents as one
    /// span and line by line.
    @Test func packedPathAgreesWithGeneralPathOnRandomText() throws {
        func en(_ text: String, _ weight: Double = 1) -> Term { Term(text: text, language: .en, weight: weight) }
        func group(_ name: String, _ words: [String]) -> TermGroup { TermGroup(name: name, terms: words.map { en($0) }) }
        let alpha = CodeLexicon(
            code: "alpha",
            terms: [en("apple"), en("pear", 0.5), en("plum*", 0.25)],
            rules: [
                Rule(id: "a-words", groups: [group("g0", ["apple", "fig"]), group("g1", ["kiwi"]), group("g2", ["lime", "date"])],
                     mode: .atLeast(2), window: .words(4)),
                Rule(id: "a-chars", groups: [group("g0", ["fig"]), group("g1", ["lime"])], window: .characters(12), weight: 0.5),
                Rule(id: "a-span", groups: [group("g0", ["kiwi"]), group("g1", ["date"]), group("g2", ["plum"])], window: .span),
            ],
            exclusions: [en("apple pie")],
            blockers: [en("fig tree")])
        let beta = CodeLexicon(
            code: "beta",
            terms: [en("lime"), en("kiwi", 0.5)],
            rules: [Rule(id: "b-words", groups: [group("g0", ["pear"]), group("g1", ["date", "plum*"])], window: .words(3))],
            exclusions: [en("sour lime")])
        let set = LexiconSet(name: "packed", taxonomy: Taxonomy(name: "packed", codes: []), lexicons: [alpha, beta],
                             blockers: [en("date palm")])
        let packed = Classifier(lexicon: try CompiledLexicon(set: set), options: ClassifierOptions(threshold: 0.5))
        let general = Classifier(lexicon: try CompiledLexicon(set: set, normalization: .matching, automaton: ByteAutomaton.Options(),
                                                              packPairKeys: false), options: ClassifierOptions(threshold: 0.5))
        #expect(packed.lexicon.packsPairKeys && !general.lexicon.packsPairKeys)
        let words = ["apple", "pie", "pear", "plums", "fig", "tree", "kiwi", "lime", "sour", "date", "palm", "the", "and", "of"]
        var random = SplitMix64(seed: 41)
        var proposed = 0
        // The packed path's per-rule group bits are cleared by each span for the rules it touched; left
        // set, they would let every later span keep rule terms it cannot use (the same proposals, but
        // the filter undone), so that is checked on one workspace reused throughout.
        let workspace = Classifier.Workspace()
        for round in 0..<400 {
            var text = ""
            for k in 0..<Int.random(in: 1...120, using: &random) {
                text += words[Int.random(in: 0..<words.count, using: &random)]
                text += k % 9 == 8 ? "\n" : (Int.random(in: 0..<5, using: &random) == 0 ? ", " : " ")
            }
            let document = Document(id: "r\(round)", text: text)
            for spans in [lineSpans(text), [0..<text.utf8.count]] {
                let expected = general.classify(document: document, spans: spans)
                let found = packed.classify(document: document, spans: spans)
                #expect(found == expected, "round \(round)")
                proposed += expected.reduce(0) { $0 + $1.codes.count }
                packed.forEachCodedSpan(packed.scan(document: document, spans: spans), workspace: workspace) { _, _, _, _ in }
                #expect(workspace.scratch.pointee.ruleGroups.allSatisfy { $0 == 0 }, "round \(round)")
            }
        }
        #expect(proposed > 1000)
        #expect(workspace.scratch.pointee.ruleGroups.count == packed.lexicon.rules.count)
    }

    /// Classification with one `Classifier.Workspace` reused from document to document (what `tag`
    /// does per chunk) against a fresh workspace per document, on the corpus cut into its paragraphs
    /// (many short documents, scanned joined) and read forwards and backwards: the same coded
    /// spans with the same codes, scores and evidence.
    @Test(.enabled(if: exists(lexiconDirectory) && exists(corpusDirectory)))
    func reusedWorkspaceClassifiesLikeAFreshOne() throws {
        let classifier = Classifier(lexicon: try CompiledLexicon(set: try LexiconSet.load(directory: lexiconDirectory)))
        let segmenter = Segmenter(unit: .sentence)
        let files = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory).filter { $0.hasSuffix(".txt") }.sorted()
        var documents: [(document: Document, spans: [Range<Int>])] = []
        for file in files.prefix(12) {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: corpusDirectory + "/" + file)), as: UTF8.self)
            for (k, paragraph) in text.split(separator: "\n").enumerated() where !paragraph.isEmpty {
                let document = Document(id: "\(file)-\(k)", text: String(paragraph))
                documents.append((document, segmenter.segments(of: document.text).map(\.utf8Range)))
            }
        }
        let scanned = classifier.scan(documents: documents)
        func coded(_ document: Classifier.ScannedDocument, _ workspace: Classifier.Workspace) -> [String] {
            var lines: [String] = []
            classifier.forEachCodedSpan(document, workspace: workspace) { k, range, _, proposals in
                let codes = proposals.codes.map { "\($0.code):\($0.score):\(proposals.evidence[$0.evidence].map { "\($0.entry)/\($0.rule)@\($0.range.start)" })" }
                lines.append("\(k) \(range.start)-\(range.end) \(codes)")
            }
            return lines
        }
        let fresh = scanned.map { coded($0, Classifier.Workspace()) }
        let shared = Classifier.Workspace()
        #expect(scanned.map { coded($0, shared) } == fresh)
        #expect(scanned.reversed().map { coded($0, shared) } == Array(fresh.reversed()))
        #expect(documents.count > 500 && fresh.filter { !$0.isEmpty }.count > 200, "\(documents.count) documents")
    }

    @Test(.enabled(if: exists(lexiconDirectory) && exists(corpusDirectory)))
    func packedPathAgreesWithGeneralPathOnTheCorpus() throws {
        let set = try LexiconSet.load(directory: lexiconDirectory)
        let packed = Classifier(lexicon: try CompiledLexicon(set: set))
        let general = Classifier(lexicon: try CompiledLexicon(set: set, normalization: .matching, automaton: ByteAutomaton.Options(),
                                                              packPairKeys: false))
        let segmenter = Segmenter(unit: .sentence)
        let files = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory).filter { $0.hasSuffix(".txt") }.sorted()
        var coded = 0
        for file in files {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: corpusDirectory + "/" + file)), as: UTF8.self)
            let document = Document(id: file, text: text)
            let segments = segmenter.segments(of: text)
            let expected = general.classify(document: document, segments: segments)
            #expect(packed.classify(document: document, segments: segments) == expected, "\(file)")
            coded += expected.filter { !$0.codes.isEmpty }.count
        }
        #expect(coded > 1000)
    }

    /// The corpus cut into its lines and into windows of three lines (short documents, among them
    /// lead-ins, list items, headings and definitions, and lead-ins whose items are the next document),
    /// in a seeded shuffle and in order: scanned together (`scan(documents:)` joins them), each
    /// document gets what it gets scanned alone, with the shipped lexicon set.
    @Test(.enabled(if: exists(lexiconDirectory) && exists(corpusDirectory)))
    func joinedShortDocumentsClassifyAsAlone() throws {
        let lexicon = try CompiledLexicon(set: try LexiconSet.load(directory: lexiconDirectory))
        let segmenter = Segmenter(unit: .sentence)
        let files = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory).filter { $0.hasSuffix(".txt") }.sorted()
        var documents: [(document: Document, spans: [Range<Int>])] = []
        for file in files {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: corpusDirectory + "/" + file)), as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for k in 0..<min(lines.count, 90) {
                documents.append((Document(id: "\(file)-\(k)", text: lines[k]), []))
            }
            for k in stride(from: 0, to: min(lines.count, 90), by: 3) {
                documents.append((Document(id: "\(file)-w\(k)", text: lines[k..<min(k + 3, lines.count)].joined(separator: "\n")), []))
            }
        }
        documents = documents.map { ($0.document, segmenter.segments(of: $0.document.text).map(\.utf8Range)) }
        let inOrder = JoinedScanTests.expectJoinedLikeAlone(lexicon, documents)
        var random = SplitMix64(seed: 28)
        documents.shuffle(using: &random)
        let shuffled = JoinedScanTests.expectJoinedLikeAlone(lexicon, documents)
        #expect(documents.count > 2500 && inOrder > documents.count * 9 / 10 && shuffled > documents.count * 9 / 10,
                "\(documents.count) documents, \(inOrder) and \(shuffled) joined")
    }
}
