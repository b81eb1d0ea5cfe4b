import Foundation
import Testing
import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText
@testable import SpanCoderClassify

/// The package root, whatever its folder is called (CI clones to a fresh folder).
private let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
private let lexiconDirectory = packageRoot + "/Lexicons/us-china-ai-governance"
private let corpusDirectory = packageRoot + "/../shared/corpus/texts"

private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

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
        var stems: [String: (String, Bool)] = [:]
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
                            stems[evidence.term] = (String(decoding: pattern.normalized, as: UTF8.self), pattern.isPrefix)
                        }
                        let (stem, isPrefix) = stems[evidence.term]!
                        #expect(isPrefix ? slice.hasPrefix(stem) : slice == stem, "\(document.id) \(evidence.range): \(slice) vs \(evidence.term)")
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
