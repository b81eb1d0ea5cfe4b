import ArgumentParser
import Foundation
import SpanCoderClassify
import SpanCoderCore
import SpanCoderFormats
import SpanCoderText
import Testing
@testable import SpanCoderCLI

private let lexiconFolder = CLI.lexiconSet
private let usDocument = CLI.packageRoot + "/../shared/corpus/texts/us-ai-bill-of-rights-2022.txt"

/// `tag --doc-codes --doc-min-spans/--doc-min-score`: the document rule reaches the pipeline and the output.
@Suite struct DocumentRuleOptionTests {
    private func document() throws -> Document {
        try #require(DocumentInputs(paths: [usDocument]).compactMap { try? $0.get() }.first)
    }

    /// The expected document codes, computed from the span codes by hand (not by `DocumentCodeRule`).
    private func expected(_ spans: [CodedSpan], minSpans: Int, minScore: Double) -> [String] {
        var count: [String: Int] = [:], score: [String: Double] = [:]
        for span in spans {
            for code in span.codes {
                count[code.code, default: 0] += 1
                score[code.code, default: 0] += code.score ?? 0
            }
        }
        return count.keys.filter { count[$0]! >= minSpans || score[$0]! >= minScore }.sorted()
    }

    @Test func pipelineAppliesTheGivenRule() throws {
        let document = try document()
        // Document codes count what headings name (their spans get no code): the reference counts them too.
        let spans = try TaggingPipeline(lexiconDirectory: lexiconFolder, codeHeadings: true).tag(document)
        #expect(!spans.isEmpty)
        for (minSpans, minScore) in [(1, 3.0), (2, 3.0), (3, 1000.0)] {
            let tagged = try TaggingPipeline(lexiconDirectory: lexiconFolder, documentCodes: true,
                                             documentRule: DocumentCodeRule(minSpans: minSpans, minScore: minScore)).tag(document)
            let codes = tagged.last { $0.id == "document" }?.codes.map(\.code) ?? []
            #expect(codes == expected(spans, minSpans: minSpans, minScore: minScore), "minSpans \(minSpans), minScore \(minScore)")
        }
        // The rules differ on this document, so the test can tell them apart.
        #expect(expected(spans, minSpans: 1, minScore: 3) != expected(spans, minSpans: 3, minScore: 1000))
    }

    @Test func commandWritesTheDocumentSpanWithTheRule() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docrule-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var command = try SpanCoderCommand.parseAsRoot(["tag", usDocument, "--lexicons", lexiconFolder, "--doc-codes",
                                                        "--doc-min-spans", "1", "--output", folder + "/t.jsonl", "--jobs", "1"])
        if var asyncCommand = command as? AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        let written = try CodedSpanJSONL.read(path: folder + "/t.jsonl")
        let spans = written.filter { $0.id != "document" }
        let documentSpan = try #require(written.last)
        #expect(documentSpan.id == "document")
        #expect(documentSpan.codes.map(\.code) == expected(spans, minSpans: 1, minScore: 3))
    }

    /// The exit status a command line ends with (nil: it ran to the end without one).
    private func exitStatus(_ arguments: [String]) async throws -> Int32? {
        var command = try SpanCoderCommand.parseAsRoot(arguments)
        do {
            if var asyncCommand = command as? AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        } catch let error as ExitCode {
            return error.rawValue
        }
        return nil
    }

    @Test func ruleOptionsNeedDocCodesAndSaneValues() async throws {
        for arguments in [["--doc-min-spans", "1"], ["--doc-codes", "--doc-min-spans", "0"], ["--doc-codes", "--doc-min-score", "0"], ["--doc-codes", "--doc-min-score=-1"]] {
            #expect(try await exitStatus(["tag", usDocument, "--lexicons", lexiconFolder] + arguments) == ExitStatus.usage.rawValue, "\(arguments)")
        }
    }

    /// `tag` and `lexicon explain` refuse the same thresholds: 0, negative, infinite or NaN.
    @Test(arguments: ["0", "-1", "inf", "nan"])
    func thresholdsOutsideTheOpenRangeAreUsageErrors(threshold: String) async throws {
        for command in [["tag", usDocument, "--lexicons", lexiconFolder, "-o", "/dev/null"], ["lexicon", "explain", "--lexicons", lexiconFolder, "bias"]] {
            #expect(try await exitStatus(command + ["--threshold=\(threshold)"]) == ExitStatus.usage.rawValue, "\(command) --threshold=\(threshold)")
        }
    }
}
