import Foundation
import Testing
import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText
@testable import SpanCoderClassify

/// `Classifier.scan(documents:)` joins runs of short documents into one text and scans it once; each
/// document must still get exactly what it gets scanned alone: the same coded spans, codes, scores and
/// evidence, with offsets into its own text, through both `classify(_:textOfUncodedSpans:)` and
/// `forEachCodedSpan`.
@Suite struct JoinedScanTests {
    /// Everything a document's classification says, as text, through both ways of reading it.
    static func outcome(_ classifier: Classifier, _ scanned: Classifier.ScannedDocument) -> [String] {
        var lines = classifier.classify(scanned, textOfUncodedSpans: true).map { span in
            "\(span.doc) \(span.range.start)-\(span.range.end) \(span.text ?? "nil") "
                + span.codes.map { "\($0.code)=\($0.score.map { "\($0)" } ?? "nil")\($0.evidence.map { "[\($0.term)|\($0.rule ?? "-")@\($0.range.start)-\($0.range.end)]" })" }.joined(separator: " ")
        }
        classifier.forEachCodedSpan(scanned) { k, range, utf8, proposals in
            lines.append("#\(k) \(range.start)-\(range.end) bytes \(utf8.lowerBound)-\(utf8.upperBound) "
                + proposals.codes.map { "\($0.code)=\($0.score)\(proposals.evidence[$0.evidence].map { "\($0.entry)/\($0.rule)@\($0.range.start)-\($0.range.end)" })" }.joined(separator: " "))
        }
        return lines
    }

    /// Checks every document of `documents` scanned together against the same document scanned alone,
    /// under several classifier options; returns how many documents shared their scan with another.
    @discardableResult
    static func expectJoinedLikeAlone(_ lexicon: CompiledLexicon, _ documents: [(document: Document, spans: [Range<Int>])],
                                      sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Int {
        let optionSets = [
            ClassifierOptions(),
            ClassifierOptions(inheritLeadInCodes: true),
            ClassifierOptions(codeHeadings: false, inheritLeadInCodes: true, codeDefinitions: false),
        ]
        var shared = 0
        for options in optionSets {
            let classifier = Classifier(lexicon: lexicon, options: options)
            let together = classifier.scan(documents: documents)
            #expect(together.count == documents.count, sourceLocation: sourceLocation)
            for (k, item) in documents.enumerated() {
                let alone = classifier.scan(document: item.document, spans: item.spans)
                #expect(outcome(classifier, together[k]) == outcome(classifier, alone),
                        "document \(k) \(item.document.text.prefix(40).debugDescription)", sourceLocation: sourceLocation)
            }
            shared = together.indices.filter { k in
                together.indices.contains { $0 != k && together[$0].scan === together[k].scan }
            }.count
        }
        return shared
    }

    /// Pairs of documents whose meeting point would change a match, a containment or the structure if
    /// the two were read as one text: a Latin term's word edge, a prefix term's word, a Chinese term
    /// and a blocker split over two documents, an exclusion and a blocker that would hide the next
    /// document's term, a lead-in whose list items are the next document, headings, a combining mark
    /// after a line break, CR at the end, blank and empty documents, spans past a document's end.
    @Test func boundaryCasesClassifyAsAlone() throws {
        let lexicon = try CompiledLexicon(set: testLexiconSet())
        let texts = [
            "Our AI", "s are fine and AI is here",
            "discriminat", "ory prices discriminate",
            "人工", "智能系统安全",
            "statistical", "bias in data",
            "national", "security reviews",
            "cyber", "security of AI",
            "Providers shall prevent bias:", "(a) in prices;", "(b) through AI security reviews.",
            "Bias", "AI systems shall not show bias.",
            "cafe", "\u{301}security and bias",
            "AI\r", "\nsecurity\r\n", "",
            "   \n  ", "ＡＩ與人工智慧的安全", "𠮷AI 𠮷 bias 😀 security",
            "(1) the term “AI” means a system; security", "(2) bias.",
        ]
        var documents: [(document: Document, spans: [Range<Int>])] = texts.enumerated().map { k, text in
            (Document(id: "d\(k)", text: text), lineSpans(text))
        }
        // Spans a caller may give: one past the text's end (clamped to the document, as alone), empty
        // ones, and overlapping ones.
        documents.append((Document(id: "clamped", text: "AI bias"), [0..<400, 3..<3, 0..<2, 1..<7]))
        documents.append((Document(id: "after", text: "security first"), [0..<8, 0..<14]))
        let shared = JoinedScanTests.expectJoinedLikeAlone(lexicon, documents)
        #expect(shared == documents.count)
    }

    /// Runs split where a document is too long to join or a joined text would grow too long: a long
    /// document in the middle is scanned alone, and a run of many short ones fills several texts.
    @Test func longDocumentsAndFullRunsClassifyAsAlone() throws {
        let lexicon = try CompiledLexicon(set: testLexiconSet())
        let sentence = "AI systems shall not show bias; security reviews of prices that discriminate. "
        let long = String(repeating: sentence, count: Classifier.joinedDocumentBytes / sentence.utf8.count + 1)
        var texts = ["short AI", long, "bias after the long one", "security"]
        for k in 0..<(2 * Classifier.joinedTextBytes / 300) {
            texts.append(String(repeating: k % 2 == 0 ? "人工智慧安全与歧视，" : sentence, count: 300 / sentence.utf8.count + 1))
        }
        let documents = texts.enumerated().map { k, text in (document: Document(id: "d\(k)", text: text), spans: lineSpans(text)) }
        let classifier = Classifier(lexicon: lexicon)
        let scanned = classifier.scan(documents: documents)
        #expect(scanned[1].scan !== scanned[0].scan && scanned[1].scan !== scanned[2].scan)
        #expect(scanned[2].scan === scanned[3].scan)
        // The short documents after it fill more than one joined text, none longer than the limit.
        #expect(scanned[4...].contains { $0.scan !== scanned[4].scan })
        #expect(scanned.allSatisfy { $0.scan.byteCount <= Classifier.joinedTextBytes || $0.byteCount == $0.scan.byteCount })
        JoinedScanTests.expectJoinedLikeAlone(lexicon, documents)
    }
}
