import Foundation
import SpanCoderCore
import SpanCoderFormats
import Testing
@testable import SpanCoderCLI

/// The runner with a stand-in tagger: one span per line that contains "AI", coded `code.ai`, with the
/// "AI" occurrences as evidence. Independent of the lexicon and the classifier.
private let lineTagger: @Sendable (Document) throws -> [CodedSpan] = { document in
    if document.text.contains("FAIL") { throw SpanCoderError(.badInput, "stand-in tagger refuses this document") }
    var spans: [CodedSpan] = []
    var offset = 0
    for line in document.text.split(separator: "\n", omittingEmptySubsequences: false) {
        let scalars = Array(line.unicodeScalars)
        let length = scalars.count
        var evidence: [Evidence] = []
        if length >= 2 {
            for i in 0..<(length - 1) where scalars[i] == "A" && scalars[i + 1] == "I" {
                evidence.append(Evidence(term: "AI", range: TextRange(start: offset + i, end: offset + i + 2)))
            }
        }
        if !evidence.isEmpty {
            spans.append(CodedSpan(doc: document.id, range: TextRange(start: offset, end: offset + length),
                                   codes: [CodeAssignment(code: "code.ai", score: Double(evidence.count), evidence: evidence)]))
        }
        offset += length + 1
    }
    return spans
}

private func documents(_ count: Int, failing: Set<Int> = []) -> [Result<Document, SpanCoderError>] {
    (0..<count).map { i in
        if failing.contains(i) { return .failure(SpanCoderError(.badInput, "invalid UTF-8", at: SourceLocation(file: "doc\(i).txt", byteOffset: 3))) }
        // Later documents are shorter, so with two workers they finish first.
        let lines = (0..<(count - i) * 20).map { j in j % 3 == 0 ? "line \(j) of 𠮷 doc \(i) mentions AI and AI" : "line \(j) <plain> & text" }
        return .success(Document(id: "doc\(i)", text: lines.joined(separator: "\n")))
    }
}

private func runStream(_ format: TagFormat, jobs: Int, chunk: Int = 256, inFlight: Int? = nil, inputs: [Result<Document, SpanCoderError>]) throws -> (String, TaggingSummary) {
    var text = ""
    let output = TagOutput(renderer: TagRenderer(format: format, options: .init()), write: { text += $0 })
    let summary = try TaggingRunner(jobs: jobs, chunkDocuments: chunk, chunksInFlight: inFlight).run(documents: inputs, output: output, tag: lineTagger)
    try output.finish()
    return (text, summary)
}

private func temporaryFolder() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tagrunner-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct TagRunnerTests {
    @Test(arguments: [TagFormat.jsonl, .csv, .labelStudio, .doccano])
    func outputIsInInputOrderWhateverTheJobsAndChunks(format: TagFormat) throws {
        let inputs = documents(40)
        let (serial, summary) = try runStream(format, jobs: 1, inputs: inputs)
        let (parallel, _) = try runStream(format, jobs: 4, chunk: 3, inputs: inputs)
        // Later documents are shorter, so later chunks often finish before earlier ones; with as few
        // chunks in flight as allowed, the reader waits for them in order.
        let (tight, _) = try runStream(format, jobs: 2, chunk: 2, inFlight: 1, inputs: inputs)
        let (small, _) = try runStream(format, jobs: 1, chunk: 3, inputs: inputs)
        #expect(summary.documents == 40)
        #expect(summary.skipped.isEmpty)
        #expect(parallel == serial)
        #expect(tight == serial)
        #expect(small == serial)
    }

    @Test func jsonlLinesCarryTextAndEvidenceThatSliceTheDocument() throws {
        let inputs = documents(5)
        let (text, summary) = try runStream(.jsonl, jobs: 2, inputs: inputs)
        let lines = text.split(separator: "\n")
        #expect(lines.count == summary.spans)
        let byID = Dictionary(uniqueKeysWithValues: inputs.compactMap { try? $0.get() }.map { ($0.id, Array($0.text.unicodeScalars)) })
        for line in lines {
            let span = try CodedSpanJSONL.decode(String(line), location: SourceLocation(file: "out"))
            let scalars = try #require(byID[span.doc])
            #expect(span.text == String(String.UnicodeScalarView(scalars[span.range.start..<span.range.end])))
            for evidence in span.codes.flatMap(\.evidence) {
                #expect(String(String.UnicodeScalarView(scalars[evidence.range.start..<evidence.range.end])) == "AI")
            }
        }
    }

    @Test func labelStudioOutputIsOneJSONArrayForAnyNumberOfDocuments() throws {
        for count in [0, 1, 7] {
            let (text, _) = try runStream(.labelStudio, jobs: 2, inputs: documents(count))
            let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])
            #expect(array.count == count)
        }
    }

    @Test func badDocumentsAreSkippedAndReportedInOrder() throws {
        var inputs = documents(6, failing: [0, 3])
        inputs.append(.success(Document(id: "refused", text: "FAIL AI")))
        var reported: [String] = []
        var text = ""
        let output = TagOutput(renderer: TagRenderer(format: .jsonl, options: .init()), write: { text += $0 })
        let summary = try TaggingRunner(jobs: 2, chunkDocuments: 2).run(documents: inputs, output: output, onSkip: { reported.append($0.location?.file ?? "?") }, tag: lineTagger)
        #expect(summary.documents == 4)
        #expect(reported == ["doc0.txt", "doc3.txt", "refused"])
        #expect(summary.skipped.count == 3)
        let report = summary.skippedReport()
        #expect(report.first == "spancoder: skipped 3 of 7 documents:")
        #expect(report.contains("  doc0.txt (byte 3): invalid UTF-8"))
        #expect(!text.contains("\"doc\":\"doc3\""))
        #expect(text.contains("\"doc\":\"doc4\""))
    }

    /// With helpers, the runner reads ahead of the chunks being tagged: what it reports as finished (for
    /// resume checkpoints) must be exactly what was written or skipped, in input order, never the items
    /// read ahead. With one job it reads no chunk before the last one is written.
    @Test(arguments: [1, 2, 3])
    func finishedItemsAreThoseWrittenOrSkippedInInputOrder(jobs: Int) throws {
        let inputs = documents(9, failing: [0, 4, 5])
        final class Pulls: @unchecked Sendable { var count = 0 }
        let pulls = Pulls()
        let counted = inputs.lazy.map { item -> Result<Document, SpanCoderError> in pulls.count += 1; return item }
        var events: [String] = []
        var readAhead = false
        let output = TagOutput(renderer: TagRenderer(format: .jsonl, options: .init()), write: { text in
            if let id = text.firstRange(of: "\"doc\":\"")
                .map({ text[$0.upperBound...].prefix(while: { $0 != "\"" }) }) { events.append("write \(id)") }
        })
        let chunkTagger: TaggingRunner.ChunkTagger = { documents in
            documents.map { document in Result { .spans(try lineTagger(document)) }.mapError { $0 as! SpanCoderError } }
        }
        var finished = 0
        let summary = try TaggingRunner(jobs: jobs, chunkDocuments: 1).run(
            documents: counted, output: output,
            onSkip: { events.append("skip \($0.location?.file ?? "?")") },
            onProgress: { progress in
                #expect(finished == progress.documents + progress.skipped)
                if pulls.count > finished { readAhead = true }
            },
            onFinish: { item in
                finished += 1
                switch item {
                case .success(let document): events.append("finish \(document.id)")
                case .failure(let error): events.append("finish \(error.location?.file ?? "?")")
                }
            },
            tagChunk: chunkTagger)
        #expect(summary.documents == 6)
        #expect(finished == 9)
        #expect(readAhead == (jobs > 1))
        var expected: [String] = []
        for i in 0..<9 {
            if [0, 4, 5].contains(i) {
                expected += ["skip doc\(i).txt", "finish doc\(i).txt"]
            } else {
                expected += ["write doc\(i)", "finish doc\(i)"]
            }
        }
        #expect(events == expected)
    }

    /// Progress is reported after each chunk is written. With one job nothing is read beyond the chunk
    /// being tagged (its text stays in the cache from reading to writing); with more, what is read and
    /// not yet written stays within the chunks in flight and the reader's lookahead of a chunk per job,
    /// however long the input.
    @Test(arguments: [1, 2, 3])
    func readAheadIsBoundedByAFewChunks(jobs: Int) throws {
        final class Pulls: @unchecked Sendable { var count = 0 }
        let pulls = Pulls()
        let counted = documents(60).lazy.map { item -> Result<Document, SpanCoderError> in pulls.count += 1; return item }
        let runner = TaggingRunner(jobs: jobs, chunkDocuments: 2)
        let output = TagOutput(renderer: TagRenderer(format: .jsonl, options: .init()), write: { _ in })
        var reports: [Int] = []
        var mostAhead = 0
        _ = try runner.run(documents: counted, output: output, onProgress: { progress in
            reports.append(progress.documents)
            mostAhead = max(mostAhead, pulls.count - progress.documents)
        }, tag: lineTagger)
        #expect(reports == Array(stride(from: 2, through: 60, by: 2)))
        if jobs == 1 {
            #expect(mostAhead == 0)
        } else {
            #expect(mostAhead > 0)
            #expect(mostAhead <= 2 * (runner.chunksInFlight + jobs + 1))
        }
    }

    /// Chunks are cut at `chunkBytes`; with several jobs, once the input is exhausted the rest is cut
    /// into chunks that shrink, so that the workers finish together instead of one waiting for the
    /// other's last full chunk.
    @Test(arguments: [1, 2])
    func chunksShrinkAtTheEndWithSeveralJobs(jobs: Int) throws {
        final class Sizes: @unchecked Sendable {
            let lock = NSLock()
            var chunks: [(first: Int, count: Int)] = []
        }
        let sizes = Sizes()
        let inputs: [Result<Document, SpanCoderError>] = (0..<100).map { i in
            .success(Document(id: "\(i)", text: String(repeating: "0123456789", count: 1_000)))
        }
        let tagger: TaggingRunner.ChunkTagger = { documents in
            sizes.lock.withLock { sizes.chunks.append((Int(documents[0].id)!, documents.count)) }
            return documents.map { _ in .success(.spans([])) }
        }
        let output = TagOutput(renderer: TagRenderer(format: .jsonl, options: .init()), write: { _ in })
        let summary = try TaggingRunner(jobs: jobs, chunkBytes: 160_000).run(documents: inputs, output: output, tagChunk: tagger)
        #expect(summary.documents == 100)
        let counts = sizes.chunks.sorted { $0.first < $1.first }.map(\.count)
        #expect(counts.reduce(0, +) == 100)
        if jobs == 1 {
            #expect(counts == [16, 16, 16, 16, 16, 16, 4])
        } else {
            // Full chunks while the input lasts, then a tail that shrinks to 64 KB chunks.
            #expect(counts.prefix(3) == [16, 16, 16])
            #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 >= $1 })
            #expect(counts.count > 7)
            #expect(counts.last! <= 7)
        }
    }

    #if os(Linux)
    /// `spancoder tag` relies on these settings (fewer page faults per chunk); a build where the C
    /// shim does not see glibc would silently lose them.
    @Test func allocatorSettingsAreTakenOnGlibc() {
        #expect(AllocatorTuning.favourThroughput())
    }
    #endif

    @Test func strictStopsAtTheFirstBadDocument() throws {
        let output = TagOutput(renderer: TagRenderer(format: .jsonl, options: .init()), write: { _ in })
        #expect(throws: SpanCoderError.self) {
            try TaggingRunner(jobs: 2, strict: true).run(documents: documents(4, failing: [2]), output: output, tag: lineTagger)
        }
    }

    @Test func htmlFolderHasOnePagePerDocumentAnIndexAndStaysInside() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/review"
        var inputs = documents(3)
        inputs.append(.success(Document(id: "../../etc/x", text: "AI <script>alert(1)</script>")))
        inputs.append(.success(Document(id: "doc0", text: "duplicate id AI")))
        let output = try TagOutput(renderer: TagRenderer(format: .html, options: .init(legend: [CodeLegendEntry(id: "code.ai", name: "AI mentions")])), folder: folder)
        let summary = try TaggingRunner(jobs: 2).run(documents: inputs, output: output, tag: lineTagger)
        try output.finish()
        #expect(summary.documents == 5)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == [".spancoder-tag", "_._.._etc_x.html", "doc0-2.html", "doc0.html", "doc1.html", "doc2.html", "index.html"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["review"])
        let hostile = try String(contentsOfFile: folder + "/_._.._etc_x.html", encoding: .utf8)
        #expect(!hostile.contains("<script>"))
        #expect(hostile.contains("&lt;script&gt;"))
        let index = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(index.contains("href=\"doc0-2.html\""))

        // A second run replaces the whole folder: nothing of the first run survives.
        let again = try TagOutput(renderer: TagRenderer(format: .html, options: .init()), folder: folder)
        _ = try TaggingRunner(jobs: 1).run(documents: documents(1), output: again, tag: lineTagger)
        try again.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [".spancoder-tag", "doc0.html", "index.html"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["review"])
    }

    @Test func bratFolderRoundTripsThroughTheReader() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inputs = documents(3)
        let output = try TagOutput(renderer: TagRenderer(format: .brat, options: .init()), folder: root + "/brat")
        _ = try TaggingRunner(jobs: 2).run(documents: inputs, output: output, tag: lineTagger)
        try output.finish()
        let (read, warnings) = try BratFormat.read(directory: root + "/brat")
        #expect(warnings.isEmpty)
        #expect(read.map(\.document.id) == ["doc0", "doc1", "doc2"])
        for (document, annotated) in zip(inputs.compactMap { try? $0.get() }, read) {
            let expected = try lineTagger(document)
            #expect(annotated.document.text == document.text)
            #expect(annotated.spans.map(\.range) == expected.map(\.range))
            #expect(annotated.spans.map { $0.codes.map(\.evidence) } == expected.map { $0.codes.map(\.evidence) })
        }
        // No legend was given: the one code the documents have comes from the pieces written.
        let conf = try String(contentsOfFile: root + "/brat/annotation.conf", encoding: .utf8)
        let entities = conf.split(separator: "\n").drop { $0 != "[entities]" }.dropFirst().prefix { $0 != "[relations]" }
        #expect(entities.count == 1 && entities.first!.contains("ai"))
    }

    @Test func refusesToReplaceAFolderItDidNotWrite() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try AtomicFileWriter.write("precious", to: root + "/thesis.docx")
        #expect(throws: SpanCoderError.self) { try TagOutput(renderer: TagRenderer(format: .html, options: .init()), folder: root) }
        #expect(try String(contentsOfFile: root + "/thesis.docx", encoding: .utf8) == "precious")
    }

    @Test func anUnfinishedFolderOutputLeavesNothingBehind() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        do {
            let output = try TagOutput(renderer: TagRenderer(format: .brat, options: .init()), folder: root + "/out")
            _ = try TaggingRunner(jobs: 1).run(documents: documents(2), output: output, tag: lineTagger)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
    }
}

/// The line a run on a terminal ends with, once its progress line is cleared.
@Suite struct TagFinalLineTests {
    @Test func saysWhatTheRunWroteAndWhere() {
        var summary = TaggingSummary()
        summary.documents = 28
        summary.bytes = 1_940_000
        summary.seconds = 0.42
        summary.spans = 2539
        #expect(ProgressLine.finalLine(summary, output: "out.jsonl", allSpans: false)
                == "spancoder tag: 28 documents, 1.9 MB in 0.42 s: 2539 coded spans written to out.jsonl")
        #expect(ProgressLine.finalLine(summary, output: nil, allSpans: true)
                == "spancoder tag: 28 documents, 1.9 MB in 0.42 s: 2539 spans written to standard output")
        summary.documents = 1
        summary.spans = 1
        summary.seconds = 12.34
        summary.skipped = [SpanCoderError(.badInput, "x")]
        #expect(ProgressLine.finalLine(summary, output: "-", allSpans: false)
                == "spancoder tag: 1 document, 1.9 MB in 12.3 s: 1 coded span written to standard output; 1 skipped")
        summary.seconds = 0.014
        #expect(ProgressLine.finalLine(summary, output: "out.csv", allSpans: false).contains("in 0.01 s:"))
        #expect(ProgressLine.finalLine(summary, output: "tasks.json", allSpans: false, blind: true)
                == "spancoder tag: 1 document, 1.9 MB in 0.01 s: written without proposals (--blind) to tasks.json; 1 skipped")
    }
}
