import Foundation
import Testing
import SpanCoderCore
import SpanCoderLexicon
@testable import SpanCoderClassify

/// Concept coverage of the shipped set, as a lexicon author checks it with `spancoder lexicon test`:
/// each probe sentence, tagged as one span, gets the code it names, and none gets a code its convention
/// rules out. Catches an edit that silently blinds a rule (a group term hidden inside another rule's
/// longer one) or drops a concept.
@Suite struct ConceptProbeTests {
    @Test(.enabled(if: exists(lexiconDirectory)))
    func shippedSetCodesEveryProbeAsWritten() throws {
        let classifier = Classifier(lexicon: try CompiledLexicon(set: try LexiconSet.load(directory: lexiconDirectory)))
        let results = try LexiconProbes.run(try LexiconProbes.load(path: lexiconDirectory + "/" + LexiconProbes.fileName), classifier: classifier)
        #expect(results.filter { $0.probe.expectation == .proposes }.count > 200)
        #expect(results.filter { $0.probe.expectation == .doesNotPropose }.count > 20)
        for result in results where !result.holds {
            Issue.record("\(result.probe.location) \(result.probe.expectation) \(result.probe.code): proposed \(result.proposed): \(result.probe.sentence)")
        }
    }

    @Test func probeLinesParseWithTheirPlaces() throws {
        let text = "# comment\n\nrisk.bias\tAlgorithms must not discriminate.\r\n-gov.liability\t落实主体责任。\n#? gov.convening\tConsult the public.\n"
        let probes = try LexiconProbes.parse(text, file: "p.tsv")
        #expect(probes.map(\.code) == ["risk.bias", "gov.liability", "gov.convening"])
        #expect(probes.map(\.expectation) == [.proposes, .doesNotPropose, .knownMiss])
        #expect(probes.map(\.location.line) == [3, 4, 5])
        #expect(probes[0].sentence == "Algorithms must not discriminate.", "the CR of a CRLF line is not part of the sentence")
        // "#?" without its space is a known miss, not a comment that drops the probe; a second tab is no
        // part of the sentence; "#?" in a comment without a tab stays a comment.
        let loose = try LexiconProbes.parse("#?risk.bias\tA sentence.\nrisk.bias\t\tAnother one.\n#?? why\n", file: "p.tsv")
        #expect(loose.map(\.expectation) == [.knownMiss, .proposes] && loose.map(\.sentence) == ["A sentence.", "Another one."])
        for bad in ["risk.bias Algorithms discriminate.", "\tA sentence without a code.", "risk.bias\t  "] {
            #expect(throws: SpanCoderError.self) { try LexiconProbes.parse("# ok\n" + bad, file: "p.tsv") }
            do { _ = try LexiconProbes.parse("# ok\n" + bad, file: "p.tsv") } catch let error as SpanCoderError {
                #expect(error.location == SourceLocation(file: "p.tsv", line: 2), "\(bad)")
            }
        }
    }

    /// A probe file saved as "UTF-8 with BOM" made its first code "\u{FEFF}risk.bias", no code of the set.
    @Test func aByteOrderMarkIsNoPartOfTheFirstCode() throws {
        let path = NSTemporaryDirectory() + "probes-bom-" + UUID().uuidString + ".tsv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0xEF, 0xBB, 0xBF] + Array("risk.bias\tAlgorithms must not discriminate.\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(try LexiconProbes.load(path: path).map(\.code) == ["risk.bias"])
    }

    @Test func runReportsWhatEachProbeGaveAndRejectsUnknownCodes() throws {
        func en(_ text: String) -> Term { Term(text: text, language: .en) }
        let set = LexiconSet(
            name: "probe-test",
            taxonomy: Taxonomy(name: "probe-test", codes: [CodeDefinition(id: "risk.bias", nameEN: "Bias", nameZH: "偏见", kind: .risk, definition: "")]),
            lexicons: [CodeLexicon(code: "risk.bias", terms: [en("discriminat*")])])
        let classifier = Classifier(lexicon: try CompiledLexicon(set: set))
        let probes = try LexiconProbes.parse(
            "risk.bias\tNo one may discriminate by algorithm.\nrisk.bias\tPrices must be fair.\n-risk.bias\tThe discriminant of a quadratic.\n-risk.bias\tAlgorithms that discriminate are banned.\n#? risk.bias\tNo discrimination.\n#? risk.bias\tFair prices.\n",
            file: "p.tsv")
        let results = try LexiconProbes.run(probes, classifier: classifier)
        #expect(results.map(\.holds) == [true, false, true, false, true, true])
        #expect(results.map(\.isKnownMissNowCoded) == [false, false, false, false, true, false])
        #expect(results[0].proposed == ["risk.bias"] && results[1].proposed.isEmpty)

        let unknown = try LexiconProbes.parse("risk.nothing\tA sentence.\n", file: "p.tsv")
        #expect(throws: SpanCoderError.self) { try LexiconProbes.run(unknown, classifier: classifier) }

        // With `tag`'s options a probe shaped like a heading or a definition gets no code, and says why.
        let tagLike = Classifier(lexicon: try CompiledLexicon(set: set), options: LexiconProbes.tagOptions)
        let shaped = try LexiconProbes.parse(
            "risk.bias\tDiscriminatory Pricing\nrisk.bias\tDiscrimination refers to unfair treatment of a person.\nrisk.bias\tNo one may discriminate by algorithm.\n",
            file: "p.tsv")
        let tagged = try LexiconProbes.run(shaped, classifier: tagLike)
        #expect(tagged.map(\.holds) == [false, false, true])
        #expect(tagged.map(\.uncodedShape) == ["heading", "definition", nil])
        #expect(try LexiconProbes.run(shaped, classifier: classifier).map(\.holds) == [true, true, true])
    }
}
