import Dispatch
import SpanCoderClassify
import SpanCoderCore
import SpanCoderFormats
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText

/// Everything `spancoder tag` takes from its command line.
public struct TagOptions: Sendable {
    public var inputs: [String]
    /// The lexicon set folder.
    public var lexicons: String
    public var unit: SegmentUnit = .sentence
    /// Minimum score of a proposed code; nil for the classifier's default.
    public var threshold: Double?
    public var format: TagFormat = .jsonl
    /// Output file (stream formats; nil or "-" for standard output) or folder (brat, html).
    public var output: String?
    /// Write spans without codes too.
    public var allSpans = false
    /// Add one whole-document span per document with the document-level codes.
    public var documentCodes = false
    public var jobs: Int = TaggingRunner.defaultJobs
    /// Encoding of text files; nil to detect.
    public var encoding: String?
    public var strict = false

    public init(inputs: [String], lexicons: String) {
        self.inputs = inputs
        self.lexicons = lexicons
    }
}

/// The tagging pipeline: segment a document, propose codes for its spans with the compiled lexicon, and
/// (with `run`) write the proposals for a whole input stream in one of the output formats.
///
/// Immutable and Sendable once built: `tag(_:)` may be called from many threads at once. Building it
/// loads and compiles the lexicon set once.
public final class TaggingPipeline: Sendable {
    public let lexiconSet: LexiconSet
    public let segmenter: Segmenter
    public let classifier: Classifier
    public let allSpans: Bool
    public let documentCodes: Bool
    /// Documents at least this large (UTF-8 bytes) have their spans classified on several cores.
    public let splitThreshold: Int
    public let jobs: Int

    /// Loads and compiles the lexicon set at `lexiconDirectory`.
    /// - Throws: the lexicon loader's `SpanCoderError` (file:line of a broken entry).
    public init(lexiconDirectory: String, unit: SegmentUnit = .sentence, threshold: Double? = nil,
                allSpans: Bool = false, documentCodes: Bool = false, jobs: Int = TaggingRunner.defaultJobs,
                splitThreshold: Int = 4 << 20) throws {
        let set = try LexiconSet.load(directory: lexiconDirectory)
        self.lexiconSet = set
        self.segmenter = Segmenter(unit: unit)
        var classifierOptions = ClassifierOptions()
        if let threshold { classifierOptions.threshold = threshold }
        self.classifier = Classifier(lexicon: try CompiledLexicon(set: set), options: classifierOptions)
        self.allSpans = allSpans
        self.documentCodes = documentCodes
        self.jobs = max(1, jobs)
        self.splitThreshold = splitThreshold
    }

    /// The coded spans of one document, in text order: the spans with at least one code (every span with
    /// `allSpans`), then, with `documentCodes`, one span over the whole text with the document's codes.
    public func tag(_ document: Document) -> [CodedSpan] {
        let segments = segmenter.segments(of: document.text)
        var coded: [CodedSpan]
        if document.text.utf8.count >= splitThreshold && jobs > 1 && segments.count > 1 {
            // One huge document: classify slices of its spans in parallel, concatenate in order.
            let parts = min(jobs * 4, segments.count)
            let slots = SpanSlots(count: parts)
            let size = (segments.count + parts - 1) / parts
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lower = min(p * size, segments.count)
                let upper = min(lower + size, segments.count)
                slots.store(classifier.classify(document: document, segments: Array(segments[lower..<upper])), at: p)
            }
            coded = slots.take().flatMap { $0 }
        } else {
            coded = classifier.classify(document: document, segments: segments)
        }
        coded = coded.filter { !$0.codes.isEmpty }
        var result = coded
        if allSpans {
            var byRange: [TextRange: CodedSpan] = [:]
            for span in coded { byRange[span.range] = span }
            result = segments.map { byRange[$0.range] ?? CodedSpan(doc: document.id, range: $0.range, codes: []) }
            // Spans the classifier made that are not segments (none expected) are kept too.
            let segmentRanges = Set(segments.map(\.range))
            result += coded.filter { !segmentRanges.contains($0.range) }
            result.sort { $0.range < $1.range }
        }
        if documentCodes {
            let codes = classifier.documentCodes(spans: coded)
            if !codes.isEmpty || allSpans {
                let length = OffsetIndex(document.text).codePointCount
                result.append(CodedSpan(doc: document.id, range: TextRange(start: 0, end: length), codes: codes, id: "document"))
            }
        }
        return result
    }

    /// The legend for HTML pages and brat's configuration: the taxonomy's codes with their names.
    public var legend: [CodeLegendEntry] {
        lexiconSet.taxonomy.codes.map { code in
            let name = [code.nameEN, code.nameZH].filter { !$0.isEmpty }.joined(separator: " / ")
            return CodeLegendEntry(id: code.id, name: name.isEmpty ? nil : name)
        }
    }

    /// Runs `spancoder tag`: reads `options.inputs`, tags every document, writes `options.format` to
    /// `options.output` (atomically) and returns what happened.
    /// - Throws: usage and lexicon errors before any output; with `strict`, the first bad document;
    ///   output errors. On a throw no output file or folder is left behind.
    public static func run(_ options: TagOptions, onSkip: (SpanCoderError) -> Void = { _ in },
                           onProgress: (TaggingProgress) -> Void = { _ in }) throws -> TaggingSummary {
        try DocumentDecoder.validateEncodingName(options.encoding)
        if options.format.writesFolder && (options.output == nil || options.output == "-") {
            throw SpanCoderError(.usage, "--format \(options.format.rawValue) writes a folder: name it with --output DIR")
        }
        let pipeline = try TaggingPipeline(lexiconDirectory: options.lexicons, unit: options.unit, threshold: options.threshold,
                                           allSpans: options.allSpans, documentCodes: options.documentCodes, jobs: options.jobs)
        let name = pipeline.lexiconSet.name.isEmpty ? "lexicon" : pipeline.lexiconSet.name
        let renderer = TagRenderer(format: options.format, options: TagOutputOptions(
            legend: pipeline.legend, modelVersion: "spancoder \(name)", generator: "spancoder tag, lexicon set \(name), unit \(options.unit.rawValue)"))
        let runner = TaggingRunner(jobs: options.jobs, strict: options.strict)
        let inputs = DocumentInputs(paths: options.inputs, encoding: options.encoding)
        let tag: @Sendable (Document) throws -> [CodedSpan] = { pipeline.tag($0) }
        if options.format.writesFolder {
            let output = try TagOutput(renderer: renderer, folder: options.output!)
            let summary = try runner.run(documents: inputs, output: output, onSkip: onSkip, onProgress: onProgress, tag: tag)
            try output.finish()
            return summary
        }
        let sink = try OutputSink(path: options.output)
        let output = TagOutput(renderer: renderer, write: { try sink.write($0) })
        let summary = try runner.run(documents: inputs, output: output, onSkip: onSkip, onProgress: onProgress, tag: tag)
        try output.finish()
        try sink.finish()
        return summary
    }
}

/// Per-slice results of one document classified in parallel.
final class SpanSlots: @unchecked Sendable {
    private var slots: UnsafeMutableBufferPointer<[CodedSpan]>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: [])
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ spans: [CodedSpan], at index: Int) { slots[index] = spans }
    func take() -> [[CodedSpan]] { Array(slots) }
}
