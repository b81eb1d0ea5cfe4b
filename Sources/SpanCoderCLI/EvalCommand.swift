import ArgumentParser
import Foundation
import SpanCoderCore
import SpanCoderEval
import SpanCoderText

/// `spancoder eval`: compares predictions (or a second coder) with gold codes.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score predicted codes against gold codes: per-code P/R/F1, kappa, alpha, error listings.",
        discussion: """
        Span files: SpanCoder JSONL ({"doc","start","end","codes"}, codes as ids or objects; the gold's
        unit shape works too), brat, Label Studio exports (JSON, JSON_MIN or CSV), doccano JSONL (UTF-16 offsets,
        converted), tag's CSV (at its offsets), or CSV of coded quotes without offsets (doc, quote, codes), anchored
        in the texts. The documents come from --texts DIR and/or --corpus FILE (one is needed). Offsets are Unicode
        code points, half-open. Gold and predictions (or a --coder) that share no
        document — wrong files, another id scheme, an empty file — are refused (exit 65) and no report is
        written. See docs/eval.md.
        """
    )

    @Option(help: "Gold spans: JSONL, CSV (tag's, or quotes), brat (.ann or a folder), Label Studio export (.json or its CSV; one annotator: FILE#annotator=ID), doccano JSONL.") var gold: String
    @Option(help: "Predicted spans, or a second coder (same formats as --gold).") var pred: String
    @Option(help: "A further coder for multi-coder agreement; repeatable. Documents absent from its file count as not coded by it.")
    var coder: [String] = []
    @Option(help: "Folder (or file) of the documents: .txt and .md files in any encoding tag reads (UTF-8, UTF-16, GB18030...); the id is the file name without extension.") var texts: String?
    @Option(help: "JSONL corpus: {\"id\", \"text\", ...}; other fields are metadata for --by.") var corpus: String?
    @Option(help: "Encoding of the --texts files (GB18030, GBK, Big5, UTF-16LE, windows-1252, …), as tag's --encoding; detected when omitted. JSONL corpora are UTF-8.")
    var encoding: String?
    @Option(help: "Sentence units (JSONL {\"doc\",\"start\",\"end\"}, e.g. the gold's labels.jsonl) instead of SpanCoder's segmentation; checked like gold, and the documents with units are the ones scored (without it: the documents the gold has a line for).")
    var units: String?
    @Option(help: "exact | overlap | unit | document | nervaluate.") var mode: String = "unit"
    @Option(parsing: .unconditional, help: "IoU threshold of overlap mode (0 = any overlap; default 0.5).") var iou: Double?
    @Option(name: .customLong("min-overlap"), parsing: .unconditional, help: "Unit and document modes: fraction of a unit (a document) a span must cover to put its code there (0 = any overlap, the default).")
    var minOverlap: Double?
    @Option(help: "Break results down by a metadata field (language, country, issuer_type, ...); repeatable.") var by: [String] = []
    @Option(help: "CSV manifest with an id column, for --by.") var manifest: String?
    @Option(help: "Code list (one id per line, or a lexicon set folder: its taxonomy's codes); codes outside it are reported.") var codes: String?
    @Option(help: "table | json | csv | md | html.") var format: String = "table"
    @Option(name: .shortAndLong, help: "Write the report here (atomically) instead of standard output.") var output: String?
    @Option(name: .customLong("zero-division"), help: "Value of a ratio with zero denominator: 0 | 1 | nan.") var zeroDivision: String = "0"
    @Option(parsing: .unconditional, help: "Bootstrap replicates over documents for 95% intervals (0 = none).") var bootstrap: Int = 1000
    @Option(parsing: .unconditional, help: "Bootstrap seed.") var seed: UInt64 = 42
    @Option(parsing: .unconditional, help: "Error examples listed per code and kind.") var errors: Int = 10
    @Option(name: .customLong("on-invalid"), help: "warn | error: what invalid input (bad offsets or units, unknown or blank codes, duplicates, self-overlaps) does.")
    var onInvalid: String = "warn"
    @Option(help: "Which documents are scored: units (those with --units), gold (those the gold has a line for), texts (every document given; one without gold lines counts as coded with nothing found). Default: units when --units is given in unit mode, else gold.")
    var scope: String?

    func run() async throws {
        try await runReportingErrors { try execute() }
    }

    private func execute() throws -> ExitStatus {
        guard let mode = EvalMode(rawValue: mode) else { throw SpanCoderError(.usage, "--mode must be one of \(EvalMode.allCases.map(\.rawValue).joined(separator: ", "))") }
        guard let format = ReportFormat(rawValue: format) else { throw SpanCoderError(.usage, "--format must be one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))") }
        guard let zero = ZeroDivision(rawValue: zeroDivision) else { throw SpanCoderError(.usage, "--zero-division must be 0, 1 or nan") }
        guard let policy = InvalidInputPolicy(rawValue: onInvalid) else { throw SpanCoderError(.usage, "--on-invalid must be warn or error") }
        guard texts != nil || corpus != nil else { throw SpanCoderError(.usage, "give the documents with --texts DIR or --corpus FILE") }
        let iou = self.iou ?? 0.5, minOverlap = self.minOverlap ?? 0
        guard (0...1).contains(iou), (0...1).contains(minOverlap) else { throw SpanCoderError(.usage, "--iou and --min-overlap must be between 0 and 1") }
        if !coder.isEmpty, mode != .unit && mode != .document {
            throw SpanCoderError(.usage, "--coder is scored in unit and document modes (agreement of several coders per unit or document); in \(mode.rawValue) mode score each coder against the gold as --pred")
        }
        // Options of one mode only: said, not silently left out (a script may pass them to every mode).
        // (Document mode scores one unit per document, so --min-overlap counts there too.)
        for (option, given, modes) in [("--iou", self.iou != nil, [EvalMode.overlap]), ("--min-overlap", self.minOverlap != nil, [.unit, .document]),
                                       ("--units", units != nil, [.unit])]
        where given && !modes.contains(mode) {
            printError("spancoder: warning: \(option) applies to --mode \(modes.map(\.rawValue).joined(separator: " and ")) only; it is not used in \(mode.rawValue) mode")
        }
        guard bootstrap >= 0, errors >= 0 else { throw SpanCoderError(.usage, "--bootstrap and --errors must not be negative") }
        if let warning = bootstrapWarning(bootstrap) { printError(warning) }
        try OutputGuard.checkFile(output: output, inputs: readInputs())

        try DocumentDecoder.validateEncodingName(encoding)

        var vocabulary = Vocabulary()
        var documents = EvalCorpus()
        // One registry for --texts and --corpus: a document whose id an earlier one has is renamed as tag
        // and segment rename it, so tag's output for the same inputs is scored against the right texts.
        let ids = DocumentIDRegistry()
        var unreadable: [EvalDocumentLoader.UnreadableText] = []
        if let texts {
            unreadable += try EvalDocumentLoader.loadDirectory(texts, into: &documents, vocabulary: &vocabulary, encoding: encoding, ids: ids,
                                                               onWarning: { printError("spancoder: warning: \($0)") })
        }
        if let corpus {
            unreadable += try EvalDocumentLoader.loadCorpus(corpus, into: &documents, vocabulary: &vocabulary, encoding: encoding, ids: ids,
                                                            onWarning: { printError("spancoder: warning: \($0)") })
        }
        if let warning = ids.warning() {
            printError("spancoder: warning: \(warning); spans of the id are scored against the first document's text")
        }
        // No document read (an empty folder or mount point, an empty corpus) is refused as a missing
        // --texts path is: a report scored against no text would replace a good one.
        let named = [texts.map { "--texts \($0)" }, corpus.map { "--corpus \($0)" }].compactMap { $0 }.joined(separator: " and ")
        if !documents.hasTexts {
            if var error = unreadable.first?.error {
                error.message += " (no document of \(named) could be read)"
                throw error
            }
            throw SpanCoderError(.badInput, "no document read from \(named): the inputs hold no document (--texts reads .txt and .md files, --corpus the lines of a JSONL corpus); nothing was scored")
        }
        if let manifest { try EvalDocumentLoader.loadManifest(manifest, into: &documents, vocabulary: vocabulary) }

        func load(_ path: String) throws -> AnnotationSet {
            try EvalReaders.read(path: path, corpus: documents, vocabulary: &vocabulary)
        }
        let goldSet = try load(gold)
        let predSet = try load(pred)
        let coderSets = try coder.map(load)
        var unitFile: AnnotationSet?
        // Units matter only in unit mode (document mode makes one unit per document).
        if let units, mode == .unit { unitFile = try SpanJSONLReader.read(path: units, holdsCodes: false, vocabulary: &vocabulary) }
        let codeList = try codes.map(readCodeList)

        var settings = EvalSettings()
        settings.mode = mode
        settings.iou = iou
        settings.minOverlap = minOverlap
        settings.zeroDivision = zero
        settings.bootstrap = bootstrap
        settings.seed = seed
        settings.errorLimit = errors
        settings.onInvalid = policy
        if let scope {
            switch scope {
            case "units": settings.scope = .units
            case "gold": settings.scope = .gold
            case "texts": settings.scope = .all
            default: throw SpanCoderError(.usage, "--scope must be units, gold or texts")
            }
        }
        try EvalDocumentLoader.check(unreadable, vocabulary: vocabulary, corpus: documents, allScored: settings.scope == .all,
                                     onWarning: { printError("spancoder: warning: \($0)") })
        // A field named twice is one breakdown.
        var groupFields: [String] = []
        for field in by where !groupFields.contains(field) { groupFields.append(field) }
        let inputs = EvalInputs(vocabulary: vocabulary, corpus: documents, gold: goldSet, pred: predSet, coders: coderSets,
                                unitFile: unitFile, codeList: codeList, groupFields: groupFields, documentsName: named)
        let report = try Evaluator.evaluate(inputs, settings)

        // Every code outside --codes, once per input, however many other findings there are; the
        // per-span findings of that kind are in the report.
        for unlisted in report.unlistedCodes { printError("spancoder: warning: \(unlisted)") }
        for note in report.notes { printError("spancoder: warning: \(note)") }
        for d in report.diagnostics.lazy.filter({ $0.kind != .unknownCode }).prefix(20) { printError("spancoder: warning: \(d)") }
        let findings = report.inputs.map { $0.findings.values.reduce(0, +) }.reduce(0, +)
        let otherFindings = findings - report.inputs.map { $0.findings[Diagnostic.Kind.unknownCode.rawValue] ?? 0 }.reduce(0, +)
        if otherFindings > 20 { printError("spancoder: warning: \(findings) input findings in all; the report lists them") }

        let sink = try OutputSink(path: output)
        try sink.write(report.render(format))
        try sink.finish()
        // Exit 1 when input was left out of scoring (impossible spans or units, malformed lines, quotes
        // not found, blank code ids); collapsed duplicates do not count as lost input.
        return report.leftInputOut ? .partialFailure : .success
    }

    /// Everything eval reads, for `OutputGuard`: a span file may be a brat folder (its .ann and .txt
    /// files) or a Label Studio export with a `#selector`; `--codes` may be a lexicon set.
    private func readInputs() -> [OutputGuard.Input] {
        func spans(_ path: String, _ role: String) -> OutputGuard.Input {
            OutputGuard.Input(EvalReaders.splitSelector(path).file, role: role, extensions: ["ann", "txt"], skipsHidden: false)
        }
        var inputs = [spans(gold, "--gold"), spans(pred, "--pred")] + coder.map { spans($0, "--coder") }
        if let texts { inputs.append(OutputGuard.Input(texts, role: "--texts", extensions: DocumentInputs.defaultTextExtensions)) }
        if let corpus { inputs.append(.documents(corpus, role: "--corpus")) }
        if let units { inputs.append(.file(units, role: "--units file")) }
        if let manifest { inputs.append(.file(manifest, role: "--manifest")) }
        if let codes { inputs.append(.lexiconSet(codes, role: "--codes")) }
        return inputs
    }
}
