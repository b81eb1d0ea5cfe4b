import ArgumentParser
import Foundation
import SpanCoderClassify
import SpanCoderCore
import SpanCoderFormats
import SpanCoderText

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `spancoder tag`: propose codes for every span of the documents, with evidence, in the formats coders use.
struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Propose codes for every span of the documents, with the evidence for each.",
        discussion: """
        Inputs are text files, folders (.txt and .md inside, .jsonl as corpora), JSONL corpora \
        ({"id","text",...} per line) or - for standard input. Output (default JSONL on standard output) has \
        one line per span with at least one code: {"doc","start","end","text","codes":[{"code","score",\
        "evidence":[{"term","rule","start","end"}]}]}, offsets in Unicode code points, half-open. \
        Other formats: csv, label-studio (code points), doccano (UTF-16 offsets), brat and html (folders; \
        --output DIR required). Documents that cannot be read are reported on standard error and skipped \
        (exit status 1 at the end, with a summary); --strict stops at the first (exit status 65). \
        Output files appear only when complete. A run that reads no document (every input missing or \
        failing, or only empty folders and corpora: an unmounted drive) writes no output file or folder, \
        leaves an earlier one as it was, says so and exits with status 1. An --output that is an input, or lies where the inputs are read, is refused (exit status 64); \
        an earlier brat or html folder is replaced only while it holds just the files spancoder tag wrote \
        there, unchanged (a coder's edit or added file is refused, exit status 64).
        """
    )

    enum Unit: String, ExpressibleByArgument, CaseIterable {
        case sentence, paragraph, clause, document
    }

    @Argument(help: "Text files, folders, JSONL corpora, or - for standard input.")
    var inputs: [String]

    @Option(help: "The lexicon set folder (taxonomy.yaml, codes/…).")
    var lexicons: String

    @Option(help: "What one span is: sentence, paragraph, clause or document.")
    var unit: Unit = .sentence

    @Option(parsing: .unconditional, help: "Minimum score for a code to be proposed, greater than 0 (default: the classifier's default, 1).")
    var threshold: Double?

    @Option(help: "Output format: \(TagFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = TagFormat.jsonl.rawValue

    @Option(name: .shortAndLong, help: "Output file (written atomically), or folder for brat and html. Default: standard output.")
    var output: String?

    @Flag(help: "Write every span, including spans without codes (jsonl, csv and html; a label-studio, doccano or brat annotation needs a code).")
    var allSpans = false

    @Flag(help: "Add document-level codes derived from the span codes (one whole-document span per document).")
    var docCodes = false

    @Flag(help: "Write the documents without SpanCoder's proposals, for coders who must code independently (an agreement study): Label Studio tasks without predictions, doccano lines and brat files without annotations (label-studio, doccano, brat).")
    var blind = false

    @Flag(help: "Give codes to headings too (short lines of their own such as \"Chapter V: Legal Liability\" or \"第五章 法律责任\", and run-in headings such as \"Independent evaluation.\"). By default they get none, as human coders do; with --doc-codes their codes still count for the document.")
    var codeHeadings = false

    @Flag(help: "Give codes to definitions too (\"（一）网络安全，是指…\", \"The term “AI” means …\"). By default they get none, as human coders do; with --doc-codes their codes still count for the document.")
    var codeDefinitions = false

    @Flag(inversion: .prefixedNo, help: "Give list items under a lead-in (a span ending in a colon, such as \"Providers shall:\" or \"应当履行下列义务：\") the lead-in's codes besides their own, as human coders do.")
    var leadInCodes = true

    @Option(name: .customLong("doc-min-spans"), parsing: .unconditional, help: "With --doc-codes: spans that must carry a code for the document to get it (default 2; 1 = any span).")
    var docMinSpans: Int?

    @Option(name: .customLong("doc-min-score"), parsing: .unconditional, help: "With --doc-codes: or a summed span score of at least this (default 3).")
    var docMinScore: Double?

    @Option(parsing: .unconditional, help: "Documents tagged in parallel (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Encoding of text files (GB18030, GBK, Big5, UTF-16LE, …); detected when omitted.")
    var encoding: String?

    @Flag(help: "Stop at the first document that cannot be read or tagged (exit status 65) instead of skipping it.")
    var strict = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Largest document tagged (bytes; K, M, G, T suffixes; 0 for no limit); larger ones are reported and skipped. A document needs about 10 times its size in memory.", valueName: "size"))
    var maxDocumentBytes: String = "\(TagOptions.defaultMaxDocumentBytes >> 20)M"

    @Flag(help: "Continue an interrupted run into the same --output file, skipping the documents it finished (stream formats).")
    var resume = false

    func run() async throws {
        try await runReportingErrors {
            guard let format = TagFormat(rawValue: format) else {
                throw SpanCoderError(.usage, "unknown --format \"\(format)\"; expected one of \(TagFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let jobs, jobs < 1 { throw SpanCoderError(.usage, "--jobs must be at least 1") }
            if blind, ![.labelStudio, .doccano, .brat].contains(format) {
                throw SpanCoderError(.usage, "--blind writes the annotation tools' formats without proposals (label-studio, doccano, brat); \(format.rawValue) holds nothing but the proposals (the texts alone: spancoder segment)")
            }
            if blind && (docCodes || allSpans) {
                throw SpanCoderError(.usage, "--blind writes no codes, so \(docCodes ? "--doc-codes" : "--all-spans") has nothing to add")
            }
            if allSpans, [.labelStudio, .doccano, .brat].contains(format) {
                printError("spancoder: warning: --all-spans: a \(format.rawValue) annotation needs a code, so only the spans with codes are written (every span: --format jsonl, csv or html)")
            }
            if let threshold { try validateThreshold(threshold) }
            if (docMinSpans != nil || docMinScore != nil) && !docCodes {
                throw SpanCoderError(.usage, "--doc-min-spans and --doc-min-score set the document rule of --doc-codes; add --doc-codes")
            }
            if let docMinSpans, docMinSpans < 1 { throw SpanCoderError(.usage, "--doc-min-spans must be at least 1") }
            if let docMinScore, !(docMinScore.isFinite && docMinScore > 0) { throw SpanCoderError(.usage, "--doc-min-score must be a positive number") }
            var options = TagOptions(inputs: inputs, lexicons: lexicons)
            options.unit = SegmentUnit(rawValue: unit.rawValue)!
            options.threshold = threshold
            options.format = format
            options.output = output
            options.allSpans = allSpans
            options.codeHeadings = codeHeadings
            options.leadInCodes = leadInCodes
            options.codeDefinitions = codeDefinitions
            options.documentCodes = docCodes
            options.blind = blind
            let defaults = DocumentCodeRule()
            options.documentRule = DocumentCodeRule(minSpans: docMinSpans ?? defaults.minSpans, minScore: docMinScore ?? defaults.minScore)
            options.jobs = jobs ?? TaggingRunner.defaultJobs
            options.encoding = encoding
            options.strict = strict
            options.resume = resume
            guard let limit = TagCommand.parseSize(maxDocumentBytes) else {
                throw SpanCoderError(.usage, "--max-document-bytes takes a size such as 500M, 2G or 1000000, got \"\(maxDocumentBytes)\"")
            }
            options.maxDocumentBytes = limit == 0 ? nil : limit
            let progress = isatty(2) == 1 ? ProgressLine() : nil
            // Testing hook: SPANCODER_TEST_SIGNAL_AT_PROGRESS=N sends the process SIGINT after its N-th
            // chunk of output is written, as a Ctrl-C in the middle of a run would.
            let signalAt = getenv("SPANCODER_TEST_SIGNAL_AT_PROGRESS").flatMap { Int(String(cString: $0)) }
            var chunksWritten = 0
            AllocatorTuning.favourThroughput()
            let summary = try TaggingPipeline.run(options, onSkip: { error in
                progress?.clear()
                printError("spancoder: skipped: \(error)")
            }, onProgress: {
                progress?.update($0)
                chunksWritten += 1
                if chunksWritten == signalAt { kill(getpid(), SIGINT) }
            }, onWarning: { printError("spancoder: warning: \($0)") })
            progress?.clear()
            // On a terminal the progress line is gone now: say what the run did (scripts see nothing new).
            if progress != nil && !summary.readNoDocument {
                printError(ProgressLine.finalLine(summary, output: options.output, allSpans: options.allSpans, blind: options.blind))
            }
            if let warning = summary.emptyDocumentsWarning { printError("spancoder: warning: \(warning)") }
            if let warning = summary.longCSVCellsWarning { printError("spancoder: warning: \(warning)") }
            for line in summary.skippedReport() { printError(line) }
            // A run that read no document fails wherever its output went (an output file was left as
            // it was): an empty mount point must not pass for an empty result.
            if summary.readNoDocument { printError(noDocumentReadNote(output: summary.withheldOutput, skipped: summary.skipped.count)) }
            return summary.skipped.isEmpty && !summary.readNoDocument ? .success : .partialFailure
        }
    }
}

extension TagCommand {
    /// Bytes in "1000", "64K", "500M", "2G" (powers of 1024), or nil.
    static func parseSize(_ text: String) -> Int? {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        if digits.hasSuffix("B") { digits.removeLast() }
        if digits.hasSuffix("I") { digits.removeLast() }
        var shift = 0
        if let last = digits.last, let unit = ["K", "M", "G", "T"].firstIndex(of: String(last)) {
            shift = 10 * (unit + 1)
            digits.removeLast()
        }
        guard let value = Int(digits), value >= 0, value <= (Int.max >> shift) else { return nil }
        return value << shift
    }
}

/// A single progress line on a terminal's standard error, redrawn at most a few times a second.
final class ProgressLine {
    private var lastDraw = -1.0
    private var drawn = false

    func update(_ progress: TaggingProgress) {
        guard progress.seconds - lastDraw >= 0.2 else { return }
        lastDraw = progress.seconds
        let megabytes = Double(progress.bytes) / 1_000_000
        let rate = progress.seconds > 0 ? megabytes / progress.seconds : 0
        var line = "\r\u{1B}[Kspancoder tag: \(progress.documents) documents, \(Self.format(megabytes)) MB, \(Self.format(rate)) MB/s"
        if progress.skipped > 0 { line += ", \(progress.skipped) skipped" }
        line.withUTF8 { _ = writeAll(fd: 2, $0) }
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        var line = "\r\u{1B}[K"
        line.withUTF8 { _ = writeAll(fd: 2, $0) }
        drawn = false
        lastDraw = -1
    }

    /// The line a run on a terminal ends with: "spancoder tag: 28 documents, 1.9 MB in 0.4 s: 2539 coded
    /// spans written to out.jsonl" (`allSpans`: spans, coded or not; no `output`: standard output;
    /// `blind`: the documents, written without proposals).
    static func finalLine(_ summary: TaggingSummary, output: String?, allSpans: Bool, blind: Bool = false) -> String {
        let megabytes = Double(summary.bytes) / 1_000_000
        let documents = summary.documents == 1 ? "1 document" : "\(summary.documents) documents"
        let spans = allSpans ? (summary.spans == 1 ? "span" : "spans") : (summary.spans == 1 ? "coded span" : "coded spans")
        let destination = output.map { $0 == "-" ? "standard output" : $0 } ?? "standard output"
        let written = blind ? "written without proposals (--blind)" : "\(summary.spans) \(spans) written"
        var line = "spancoder tag: \(documents), \(format(megabytes)) MB in \(formatSeconds(summary.seconds)) s: \(written) to \(destination)"
        if !summary.skipped.isEmpty { line += "; \(summary.skipped.count) skipped" }
        return line
    }

    /// Tenths of a second, hundredths below one (a small corpus takes a few hundredths).
    private static func formatSeconds(_ value: Double) -> String {
        guard value < 1 else { return format(value) }
        let hundredths = Int((value * 100).rounded())
        return hundredths >= 100 ? "1.0" : "0.\(hundredths < 10 ? "0" : "")\(hundredths)"
    }

    private static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
