import ArgumentParser
import Foundation
import SpanCoderClassify
import SpanCoderCore
import SpanCoderFormats
import SpanCoderMatching
import SpanCoderText
import Testing
@testable import SpanCoderCLI

private let corpusFolder = CLI.packageRoot + "/../shared/corpus/texts"
private let lexiconFolder = CLI.lexiconSet

private func corpus() -> [Document] {
    DocumentInputs(paths: [corpusFolder]).compactMap { try? $0.get() }
}

/// Short documents, which the classifier scans joined (`Classifier.scan(documents:)`): the lines of
/// every fourth corpus document and windows of three of them (lead-ins with their items, headings,
/// definitions, blank lines), a few hundred of each document.
private func shortDocuments(_ documents: [Document]) -> [Document] {
    var short: [Document] = []
    for document in documents.enumerated().filter({ $0.offset % 4 == 0 }).map(\.element) {
        let lines = document.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).prefix(300)
        for (k, line) in lines.enumerated() { short.append(Document(id: "\(document.id)-\(k)", text: line)) }
        for k in stride(from: 0, to: lines.count, by: 3) {
            short.append(Document(id: "\(document.id)-w\(k)", text: lines[k..<min(k + 3, lines.count)].joined(separator: "\n")))
        }
    }
    return short
}

@Suite(.serialized) struct TagCorpusTests {
    /// Every document is coded, and every evidence offset slices the original text to a string that
    /// normalizes to the matched term (for a `stem*` term: to a word that starts with the stem). Evidence
    /// lies inside its span, except for a code a list item takes from its lead-in: that evidence is the
    /// lead-in's, in an earlier span with the same code.
    @Test func everyEvidenceOffsetSlicesTheTextToItsTerm() throws {
        let documents = corpus()
        #expect(documents.count == 28)
        let pipeline = try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 2)
        let normalizer = TextNormalizer.shared(.matching)
        var evidenceChecked = 0
        for document in documents {
            let text = DocumentText(document)
            let spans = pipeline.tag(document)
            #expect(!spans.isEmpty, "no coded span in \(document.id)")
            var earlier: Set<String> = []
            var inherited = 0
            defer { if document.id == "cn-pipl-2021" { #expect(inherited > 0) } }
            for span in spans {
                defer {
                    for code in span.codes { for e in code.evidence { earlier.insert("\(code.code) \(e.term) \(e.range)") } }
                }
                #expect(!span.codes.isEmpty)
                #expect(span.range.end <= text.codePointCount)
                #expect(span.text == (try text.slice(span.range)))
                for code in span.codes {
                    #expect(code.score != nil)
                    #expect(!code.evidence.isEmpty, "\(code.code) in \(document.id) \(span.range) has no evidence")
                    for evidence in code.evidence {
                        if !span.range.contains(evidence.range) {
                            inherited += 1
                            #expect(evidence.range.end <= span.range.start && earlier.contains("\(code.code) \(evidence.term) \(evidence.range)"),
                                    "evidence \(evidence.term) \(evidence.range) outside its span \(span.range) and not its lead-in's")
                        }
                        let found = normalizer.normalize(try text.slice(evidence.range)).string
                        // The term, or one of its forms without compound hyphens ("red-⏎teaming" reads
                        // "redteaming": `TermPattern.dehyphenatedVariants()`).
                        let pattern = try TermPattern(evidence.term, normalizer: normalizer)
                        let stems = ([pattern] + pattern.dehyphenatedVariants()).map { String(decoding: $0.normalized, as: UTF8.self) }
                        if evidence.term.hasSuffix("*") {
                            #expect(stems.contains { found.hasPrefix($0) }, "\(document.id) \(evidence.range): \"\(found)\" does not start with \"\(stems[0])\"")
                        } else {
                            #expect(stems.contains(found), "\(document.id) \(evidence.range): \"\(found)\" is not \"\(evidence.term)\"")
                        }
                        evidenceChecked += 1
                    }
                }
            }
        }
        #expect(evidenceChecked > 1000)
    }

    /// A huge document is classified in pieces on several cores; the result must be exactly that of
    /// classifying it whole.
    @Test func classifyingInPiecesEqualsClassifyingWhole() throws {
        let whole = try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 1)
        let pieces = try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 3, splitThreshold: 1)
        let documents = corpus()
        let joined = Document(id: "all", text: documents.map(\.text).joined(separator: "\n\n"))
        // A long list under a lead-in: a cut inside it would cost the later items the lead-in's codes.
        let items = (1...40).map { "(\($0)) keep record number \($0) of each processing step;" }
        let list = Document(id: "list", text: (["Providers shall protect personal information:"] + items + ["Done with the list now, as agreed."]).joined(separator: "\n"))
        #expect(whole.tag(list).filter { $0.codeIDs.contains("risk.privacy") }.count == 41)
        // The same list without markers: its items end in semicolons.
        let unmarkedItems = (1...40).map { "keep record number \($0) of each processing step;" }
        let unmarked = Document(id: "unmarked", text: (["Providers shall protect personal information:"] + unmarkedItems + ["Done with the list now, as agreed."]).joined(separator: "\n"))
        #expect(whole.tag(unmarked).filter { $0.codeIDs.contains("risk.privacy") }.count == 42)
        for document in [list, unmarked, joined] + documents.prefix(4) {
            #expect(pieces.tag(document) == whole.tag(document), "\(document.id)")
        }
    }

    /// `--unit document`: one purpose or scope clause ("为了规范…，制定本办法", "These Measures apply
    /// to…") cancelled every code of the whole document, so 14 of the 28 corpus documents, all the
    /// Chinese rules and their translations, got no code at all. An exclusion now acts in its sentence:
    /// every document whose sentences are coded gets a coded document span, and with the codes of its
    /// sentences (a code can only be added at this unit, by terms in different sentences adding up).
    /// The split path (a huge document cut into paragraph pieces) scopes exclusions alike.
    @Test func documentAndParagraphUnitsScopeExclusionsToTheirSentence() throws {
        let sentences = try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 1)
        let documents = try TaggingPipeline(lexiconDirectory: lexiconFolder, unit: .document, jobs: 1)
        let corpus = corpus()
        var coded = 0
        for document in corpus {
            let sentenceCodes = Set(sentences.tag(document).flatMap(\.codeIDs))
            let documentCodes = Set(documents.tag(document).flatMap(\.codeIDs))
            if !sentenceCodes.isEmpty { coded += 1 }
            #expect(documentCodes.isSuperset(of: sentenceCodes), "\(document.id): \(sentenceCodes.subtracting(documentCodes))")
        }
        #expect(coded == 28)
        let measures = try #require(corpus.first { $0.id == "cn-genai-measures-2023" })
        #expect(documents.tag(measures).flatMap(\.codeIDs).contains("risk.privacy"))

        let whole = try TaggingPipeline(lexiconDirectory: lexiconFolder, unit: .paragraph, jobs: 1)
        let pieces = try TaggingPipeline(lexiconDirectory: lexiconFolder, unit: .paragraph, jobs: 3, splitThreshold: 1)
        let purpose = Document(id: "p", text: "Because of AI's risks, the city adopts these guidelines for its staff. But this regulation applies equally to all forms of AI.\n\nAgencies shall protect personal data.")
        #expect(whole.tag(purpose).first?.codeIDs.contains("gov.governance-development") == true)
        for document in [purpose] + corpus.prefix(6) {
            #expect(pieces.tag(document) == whole.tag(document), "\(document.id)")
        }
    }

    /// At `--unit document` the span is the whole document, which the heading and definition shapes
    /// read by its first line: a document that opened with a definition or its title got no code.
    @Test func aDocumentIsNeitherAHeadingNorADefinition() throws {
        let documents = try TaggingPipeline(lexiconDirectory: lexiconFolder, unit: .document, jobs: 1)
        let definition = Document(id: "def", text: "“Personal information” means information that identifies a natural person.\nProviders shall protect personal information and prevent algorithmic bias.\n")
        #expect(documents.tag(definition).first?.codeIDs == ["risk.bias", "risk.privacy"])
        let titled = Document(id: "title", text: "Chapter V: Legal Liability\n\nProviders shall prevent algorithmic bias.\n")
        #expect(documents.tag(titled).first?.codeIDs.contains("risk.bias") == true)
        // Sentences keep the conventions.
        let sentences = try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 1)
        #expect(sentences.tag(definition).map(\.range.start) == [75])
    }

    /// A heading's span gets no code (convention 1), unless asked for; with document codes what it
    /// names still counts for the document.
    @Test func headingsCountForTheDocumentButGetNoSpanCode() throws {
        let document = Document(id: "h", text: "Chapter V: Legal Liability\nProviders shall keep records of their services.\n")
        func liability(_ spans: [CodedSpan]) -> [TextRange] {
            spans.filter { $0.codeIDs.contains("gov.liability") }.map(\.range)
        }
        let plain = try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 1)
        let asked = try TaggingPipeline(lexiconDirectory: lexiconFolder, codeHeadings: true, jobs: 1)
        let documentLevel = try TaggingPipeline(lexiconDirectory: lexiconFolder, allSpans: true, documentCodes: true,
                                                documentRule: DocumentCodeRule(minSpans: 1), jobs: 1)
        #expect(liability(plain.tag(document)).isEmpty)
        #expect(liability(asked.tag(document)) == [TextRange(start: 0, end: 26)])
        let spans = documentLevel.tag(document)
        #expect(liability(spans) == [TextRange(start: 0, end: document.text.unicodeScalars.count)])
        #expect(spans.first?.range == TextRange(start: 0, end: 26) && spans.first?.codes.isEmpty == true)
    }

    /// A definition's span gets no code unless asked for, nor do the items of a definition's list; with
    /// document codes their codes still count.
    @Test(arguments: ["“Personal information” means information that identifies a natural person.\nProviders shall keep records of their services.\n",
                      "“Covered data” means any of the following:\n(1) personal information of a natural person.\nProviders shall keep records of their services.\n"])
    func definitionsCountForTheDocumentButGetNoSpanCode(text: String) throws {
        let document = Document(id: "d", text: text)
        func privacy(_ spans: [CodedSpan]) -> [TextRange] { spans.filter { $0.codeIDs.contains("risk.privacy") }.map(\.range) }
        #expect(privacy(try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 1).tag(document)).isEmpty)
        #expect(privacy(try TaggingPipeline(lexiconDirectory: lexiconFolder, codeDefinitions: true, jobs: 1).tag(document)).count == 1)
        let documentLevel = try TaggingPipeline(lexiconDirectory: lexiconFolder, allSpans: true, documentCodes: true,
                                                documentRule: DocumentCodeRule(minSpans: 1), jobs: 1).tag(document)
        #expect(privacy(documentLevel) == [TextRange(start: 0, end: document.text.unicodeScalars.count)])
    }

    /// Tagging documents stage by stage in one call (as the runner's workers do) gives each document
    /// what tagging it alone gives, also when one of them is split over several cores.
    @Test func taggingManyAtOnceEqualsTaggingEachAlone() throws {
        let long = corpus()
        let documents = long + shortDocuments(long)
        for pipeline in [try TaggingPipeline(lexiconDirectory: lexiconFolder, documentCodes: true, jobs: 1),
                         try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 2, splitThreshold: 200_000)] {
            let together = pipeline.tag(documents + [Document(id: "empty", text: "")])
            #expect(together.count == documents.count + 1)
            for (k, document) in documents.enumerated() {
                #expect(together[k] == pipeline.tag(document), "\(document.id)")
            }
            #expect(together.last == pipeline.tag(Document(id: "empty", text: "")))
        }
    }

    /// The direct JSONL writer gives, byte for byte, what the renderer makes of `tag(_:)`: on the
    /// corpus (terms and rule evidence, Chinese and English) and on a document whose id and text need
    /// escaping, also for documents split over several cores (rendered piece by piece, offsets shifted).
    @Test func directJSONLEqualsRenderingTheSpans() throws {
        let tricky = Document(id: "q\"uote\\d\u{1}", text: "AI \"safety\"\t\\ 人工智能\u{1} 安全评估\n算法歧视。Risk\r\nassessment of AI models.")
        let long = corpus()
        let documents = long + [tricky] + shortDocuments(long) + [tricky]
        let renderer = TagRenderer(format: .jsonl, options: .init())
        var compared = 0
        var splitSeen = 0
        for pipeline in [try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 1),
                         try TaggingPipeline(lexiconDirectory: lexiconFolder, jobs: 3, splitThreshold: 50_000)] {
            let writer = ProposalJSONLWriter(lexicon: pipeline.classifier.lexicon)
            let direct = try #require(pipeline.tagAsJSONL(documents, writer: writer))
            #expect(direct.count == documents.count)
            for (k, document) in documents.enumerated() {
                let spans = pipeline.tag(document)
                guard case .rendered(let piece) = direct[k] else {
                    Issue.record("\(document.id) was not rendered")
                    continue
                }
                let expected = try renderer.render(document: document, spans: spans, fileStem: nil)
                // Compared as a Bool: a diff of two arrays of this size would take minutes to print.
                #expect(piece.bytes.elementsEqual(expected.bytes), "\(document.id): \(piece.bytes.count) and \(expected.bytes.count) bytes")
                #expect(piece.spanCount == expected.spanCount)
                #expect(piece.codeCounts == expected.codeCounts)
                compared += 1
                if pipeline.jobs > 1 && document.text.utf8.count >= 50_000 { splitSeen += 1 }
            }
        }
        #expect(compared == 2 * documents.count)
        #expect(splitSeen > 0)
        let everySpan = try TaggingPipeline(lexiconDirectory: lexiconFolder, allSpans: true)
        #expect(everySpan.tagAsJSONL(documents, writer: ProposalJSONLWriter(lexicon: everySpan.classifier.lexicon)) == nil)
    }

    @Test func allSpansAndDocumentCodes() throws {
        let document = try #require(corpus().first { $0.id == "cn-algorithmic-recommendation-provisions-2021" })
        let coded = try TaggingPipeline(lexiconDirectory: lexiconFolder).tag(document)
        let all = try TaggingPipeline(lexiconDirectory: lexiconFolder, allSpans: true).tag(document)
        let segments = Segmenter(unit: .sentence).segments(of: document.text)
        #expect(all.map(\.range) == segments.map(\.range))
        #expect(all.filter { !$0.codes.isEmpty } == coded)
        let withDocument = try TaggingPipeline(lexiconDirectory: lexiconFolder, documentCodes: true).tag(document)
        let last = try #require(withDocument.last)
        #expect(last.id == "document")
        #expect(last.range == TextRange(start: 0, end: document.text.unicodeScalars.count))
        #expect(!last.codes.isEmpty)
        #expect(Array(withDocument.dropLast()) == coded)
    }

    /// The command end to end: every format over three documents (zh, en and a translation), outputs
    /// complete and readable back.
    @Test func tagCommandWritesEveryFormat() async throws {
        let inputs = ["cn-algorithmic-recommendation-provisions-2021", "us-ai-bill-of-rights-2022", "cn-genai-measures-2023-en"].map { corpusFolder + "/" + $0 + ".txt" }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tagcmd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (format, name) in [("jsonl", "t.jsonl"), ("csv", "t.csv"), ("label-studio", "t.json"), ("doccano", "t.doccano.jsonl"), ("brat", "brat"), ("html", "html")] {
            var command = try SpanCoderCommand.parseAsRoot(["tag"] + inputs + ["--lexicons", lexiconFolder, "--format", format, "--output", folder + "/" + name, "--jobs", "2"])
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        }
        let jsonl = try CodedSpanJSONL.read(path: folder + "/t.jsonl")
        #expect(Set(jsonl.map(\.doc)).count == 3)
        let tasks = try LabelStudioFormat.read(path: folder + "/t.json", selection: .predictions).documents
        #expect(tasks.count == 3)
        #expect(tasks.map { $0.spans.count }.reduce(0, +) == jsonl.count)
        let doccano = try DoccanoFormat.read(path: folder + "/t.doccano.jsonl").documents
        #expect(doccano.map { $0.spans.map(\.range) }.flatMap { $0 } == jsonl.map(\.range))
        let brat = try BratFormat.read(directory: folder + "/brat").documents
        #expect(brat.count == 3)
        #expect(brat.flatMap { $0.spans.map(\.codeIDs) }.count == jsonl.count)
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder + "/html").filter { $0.hasSuffix(".html") }
        #expect(pages.count == 4)  // 3 documents and the index
        let csv = try String(contentsOfFile: folder + "/t.csv", encoding: .utf8)
        #expect(csv.components(separatedBy: "\r\n").count >= jsonl.count + 1)
    }
}
