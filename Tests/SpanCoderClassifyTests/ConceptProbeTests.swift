import Foundation
import Testing
import SpanCoderCore
import SpanCoderLexicon
@testable import SpanCoderClassify

private let probeFile = packageRoot + "/Tests/SpanCoderClassifyTests/concept-probes.tsv"

/// One line of `concept-probes.tsv`: a sentence that names one code's concept in plain words (or, for
/// `-CODE`, one that the gold conventions keep that code off).
private struct Probe: CustomStringConvertible {
    var code: String
    var mustPropose: Bool
    var sentence: String
    var line: Int
    var description: String { "concept-probes.tsv:\(line) \(mustPropose ? "" : "-")\(code) \(sentence)" }
}

private func probes() throws -> [Probe] {
    let text = try String(contentsOfFile: probeFile, encoding: .utf8)
    var result: [Probe] = []
    for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where !line.isEmpty && !line.hasPrefix("#") {
        let fields = line.split(separator: "\t", maxSplits: 1)
        guard fields.count == 2 else { throw SpanCoderError(.badInput, "concept-probes.tsv:\(k + 1): expected CODE<TAB>SENTENCE") }
        let negated = fields[0].hasPrefix("-")
        result.append(Probe(code: String(negated ? fields[0].dropFirst() : fields[0]), mustPropose: !negated,
                            sentence: String(fields[1]), line: k + 1))
    }
    return result
}

/// Concept coverage of the shipped set, as a lexicon author checks it: each probe sentence, tagged as
/// one span, gets the code it names, and none gets a code its convention rules out. Catches an edit that
/// silently blinds a rule (a group term hidden inside another rule's longer one) or drops a concept.
@Suite struct ConceptProbeTests {
    @Test(.enabled(if: exists(lexiconDirectory)))
    func shippedSetCodesEveryProbeAsWritten() throws {
        let set = try LexiconSet.load(directory: lexiconDirectory)
        let classifier = Classifier(lexicon: try CompiledLexicon(set: set))
        let probes = try probes()
        #expect(probes.count > 150 && probes.contains { !$0.mustPropose })
        let taxonomy = Set(set.taxonomy.codes.map(\.id))
        let documents = probes.map { probe in
            (document: Document(id: "probe-\(probe.line)", text: probe.sentence), spans: [0..<probe.sentence.utf8.count])
        }
        let scanned = classifier.scan(documents: documents)
        let workspace = Classifier.Workspace()
        for (probe, document) in zip(probes, scanned) {
            #expect(taxonomy.contains(probe.code), "\(probe): not a code of the set")
            var proposed: Set<String> = []
            classifier.forEachCodedSpan(document, workspace: workspace) { _, _, _, proposals in
                proposed.formUnion(proposals.codes.map { classifier.lexicon.codes[$0.code] })
            }
            #expect(proposed.contains(probe.code) == probe.mustPropose, "\(probe): proposed \(proposed.sorted())")
        }
    }
}
