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
    /// How span codes become document codes (with `documentCodes`).
    public var documentRule = DocumentCodeRule()
    /// Give codes to spans with the shape of a heading too (`HeadingShape`; by default they get none).
    public var codeHeadings = false
    /// Give list items under a lead-in the lead-in's codes (`SpanStructure`; on by default).
    public var leadInCodes = true
    /// Give codes to spans that define a term too (`DefinitionShape`; by default they get none).
    public var codeDefinitions = false
    /// Write the review formats without the proposals (`TagOutputOptions.blind`).
    public var blind = false
    public var jobs: Int = TaggingRunner.defaultJobs
    /// Encoding of text files; nil to detect.
    public var encoding: String?
    public var strict = false
    /// Continue an interrupted run into the same output file (see `ResumableTagOutput`).
    public var resume = false
    /// Largest document tagged, in bytes; larger ones are reported and skipped (nil: no limit). A
    /// document needs about ten times its size in memory while it is tagged (9.2–9.7 times measured for
    /// documents of 105 and 262 MB).
    public var maxDocumentBytes: Int? = TagOptions.defaultMaxDocumentBytes
    public static let defaultMaxDocumentBytes = 256 << 20

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
    /// For spans larger than sentences (paragraphs, whole documents): the sentence segmenter whose
    /// sentences bound the exclusions (see `exclusionScopes(of:)`); nil for sentences and clauses.
    let exclusionSegmenter: Segmenter?
    public let classifier: Classifier
    public let allSpans: Bool
    public let documentCodes: Bool
    /// The rule that turns span codes into document codes (with `documentCodes`).
    public let documentRule: DocumentCodeRule
    /// Whether `finish` takes the codes off heading spans and off definitions (see `init`).
    let headingsUncodedInFinish: Bool
    let definitionsUncodedInFinish: Bool
    /// Documents at least this large (UTF-8 bytes) have their spans classified on several cores.
    public let splitThreshold: Int
    public let jobs: Int

    /// Loads and compiles the lexicon set at `lexiconDirectory`.
    /// - Throws: the lexicon loader's `SpanCoderError` (file:line of a broken entry).
    public init(lexiconDirectory: String, unit: SegmentUnit = .sentence, threshold: Double? = nil,
                allSpans: Bool = false, documentCodes: Bool = false, documentRule: DocumentCodeRule = DocumentCodeRule(),
                codeHeadings: Bool = false, leadInCodes: Bool = true, codeDefinitions: Bool = false, jobs: Int = TaggingRunner.defaultJobs,
                splitThreshold: Int = 4 << 20) throws {
        let set = try LexiconSet.load(directory: lexiconDirectory)
        self.lexiconSet = set
        self.segmenter = Segmenter(unit: unit)
        self.exclusionSegmenter = unit == .paragraph || unit == .document ? Segmenter(unit: .sentence) : nil
        var classifierOptions = ClassifierOptions()
        if let threshold { classifierOptions.threshold = threshold }
        // Headings and definitions give their spans no code (the coders' convention 1), but what they
        // name is evidence that the document treats the topic: with document codes they are classified,
        // count towards the document's codes, and lose their codes as spans in `finish`.
        // A whole document is neither a heading nor a definition: read as one, a document that opens with
        // its title or a definition ("“AI” means …") got no code at all at `--unit document`.
        classifierOptions.codeHeadings = codeHeadings || documentCodes || unit == .document
        classifierOptions.codeDefinitions = codeDefinitions || documentCodes || unit == .document
        classifierOptions.inheritLeadInCodes = leadInCodes
        self.headingsUncodedInFinish = documentCodes && !codeHeadings
        self.definitionsUncodedInFinish = documentCodes && !codeDefinitions
        self.classifier = Classifier(lexicon: try CompiledLexicon(set: set), options: classifierOptions)
        self.allSpans = allSpans
        self.documentCodes = documentCodes
        self.documentRule = documentRule
        self.jobs = max(1, jobs)
        self.splitThreshold = splitThreshold
    }

    /// The coded spans of one document, in text order: the spans with at least one code (every span with
    /// `allSpans`), then, with `documentCodes`, one span over the whole text (id `document`) with the
    /// document's codes (`documentRule`).
    public func tag(_ document: Document) -> [CodedSpan] {
        tag([document])[0]
    }

    /// `tag(_:)` for each of `documents`, stage by stage: all are segmented, then all scanned, then all
    /// classified, so the automaton's table stays in cache from one scan to the next (see
    /// `Classifier.scan(document:spans:)`). The runner passes up to 2 MB of text at a time.
    public func tag(_ documents: [Document]) -> [[CodedSpan]] {
        staged(documents, split: { k, segments in
            finish(documents[k], spans: classifyInParallel(documents[k], segments: segments))
        }, whole: { k, scanned in
            finish(documents[k], spans: classifier.classify(scanned, textOfUncodedSpans: allSpans))
        })
    }

    /// `tag(_:)` rendered as JSONL lines in one go (see `ProposalJSONLWriter`), for the default output:
    /// nil when this pipeline writes every span or document spans, which go through `tag(_:)` and
    /// the renderer. Documents split over several cores are returned as spans.
    func tagAsJSONL(_ documents: [Document], writer: ProposalJSONLWriter) -> [TaggingRunner.TaggedDocument]? {
        guard !allSpans && !documentCodes else { return nil }
        let workspace = Classifier.Workspace()
        return staged(documents, split: { k, segments in
            .rendered(renderInParallel(documents[k], segments: segments, writer: writer))
        }, whole: { k, scanned in
            .rendered(writer.piece(for: scanned, document: documents[k], classifier: classifier, workspace: workspace))
        })
    }

    /// Runs `documents` stage by stage: segments all (UTF-8 byte ranges only: the classifier finds the
    /// code point offsets of the spans it keeps, and the segments' languages are not needed), hands
    /// documents large enough to be split over several cores to `split`, normalizes and scans the
    /// others one after the other, then hands each to `whole`.
    private func staged<Tagged>(_ documents: [Document], split: (Int, [Range<Int>]) -> Tagged,
                                whole: (Int, Classifier.ScannedDocument) -> Tagged) -> [Tagged] {
        // By index: a loop over the documents would copy each whole (a retain and a release per field),
        // where only the text is needed.
        let segments = documents.indices.map { k in
            var text = documents[k].text
            return text.withUTF8 { segmenter.byteRanges(utf8: $0) }
        }
        var results = [Tagged?](repeating: nil, count: documents.count)
        var scannedIndices: [Int] = []
        for k in documents.indices {
            if documents[k].text.utf8.count >= splitThreshold && jobs > 1 && segments[k].count > 1 {
                results[k] = split(k, segments[k])
            } else {
                scannedIndices.append(k)
            }
        }
        let scopes = exclusionSegmenter == nil ? nil : scannedIndices.compactMap { exclusionScopes(of: documents[$0].text) }
        let scanned = classifier.scan(documents: scannedIndices.map { (documents[$0], segments[$0]) }, exclusionScopes: scopes)
        for (k, scan) in zip(scannedIndices, scanned) {
            results[k] = whole(k, scan)
        }
        return results.map { $0! }
    }

    /// What `spancoder tag` hands to its `TaggingRunner` for output in `format`: chunks of documents
    /// tagged stage by stage, written straight to JSONL for the default output (see
    /// `ProposalJSONLWriter`), else as spans for the runner's renderer.
    /// With `blind`, documents pass through untagged: the formats write them without proposals
    /// (`TagOutputOptions.blind`), so segmenting and classifying them would be work thrown away.
    public func chunkTagger(format: TagFormat, blind: Bool = false) -> TaggingRunner.ChunkTagger {
        if blind {
            return { documents in documents.map { _ in .success(.spans([])) } }
        }
        if format == .jsonl && !allSpans && !documentCodes {
            let writer = ProposalJSONLWriter(lexicon: classifier.lexicon)
            return { documents in self.tagAsJSONL(documents, writer: writer)!.map { .success($0) } }
        }
        return { documents in self.tag(documents).map { .success(.spans($0)) } }
    }

    /// The spans to write for a classified document (see `tag(_:)`).
    private func finish(_ document: Document, spans: [CodedSpan]) -> [CodedSpan] {
        let coded = spans.filter { !$0.codes.isEmpty }
        var result = headingsUncodedInFinish || definitionsUncodedInFinish
            ? TaggingPipeline.uncodingLabels(spans, of: document, headings: headingsUncodedInFinish,
                                             definitions: definitionsUncodedInFinish, keepUncoded: allSpans)
            : allSpans ? spans : coded
        if documentCodes {
            let codes = documentRule.documentCodes(from: coded)
            if !codes.isEmpty || allSpans {
                let length = codePointCount(document.text)
                result.append(CodedSpan(doc: document.id, range: TextRange(start: 0, end: length), codes: codes, id: HTMLReport.documentSpanID))
            }
        }
        return result
    }

    /// The coded spans among `spans` (every span of `document`, in order: the structure is read from all
    /// of them) with the codes of headings (`SpanStructure`) and of definitions (`DefinitionShape`)
    /// removed, as asked; with `keepUncoded`, every span.
    static func uncodingLabels(_ spans: [CodedSpan], of document: Document, headings: Bool, definitions: Bool,
                               keepUncoded: Bool) -> [CodedSpan] {
        var text = document.text
        return text.withUTF8 { bytes in
            let index = OffsetIndex(utf8: Array(bytes))
            var structure = SpanStructure()
            var result: [CodedSpan] = []
            result.reserveCapacity(spans.count)
            for var span in spans {
                let lower = index.utf8Offset(codePoint: span.range.start) ?? 0
                let upper = index.utf8Offset(codePoint: span.range.end) ?? lower
                let coded = !span.codes.isEmpty
                let role = structure.role(of: lower..<upper, in: bytes, heading: headings && coded)
                if role.isHeading { span.codes = [] }
                if definitions && coded && role.isDefinition(bytes, span: lower..<upper) { span.codes = [] }
                if !span.codes.isEmpty || keepUncoded { result.append(span) }
            }
            return result
        }
    }

    /// The sentences of `text` (UTF-8 byte ranges) when spans are larger than sentences, else nil:
    /// there an exclusion ("制定本办法", "these measures apply") cancels its code in its own sentence,
    /// not in the whole paragraph or document around it.
    func exclusionScopes(of text: String) -> [Range<Int>]? {
        guard let exclusionSegmenter else { return nil }
        var text = text
        return text.withUTF8 { exclusionSegmenter.byteRanges(utf8: $0) }
    }

    /// One huge document: cut it at span boundaries into pieces, classify the pieces on several cores
    /// and shift their offsets back. The same as classifying the whole text, because the classifier
    /// drops matches that cross a span's end and rule windows never leave a span.
    func classifyInParallel(_ document: Document, segments: [Range<Int>]) -> [CodedSpan] {
        let classifier = self.classifier
        let allSpans = self.allSpans
        return inPieces(document, segments: segments) { piece, ranges, shift in
            let scanned = classifier.scan(document: piece, spans: ranges, exclusionScopes: self.exclusionScopes(of: piece.text))
            var spans = classifier.classify(scanned, textOfUncodedSpans: allSpans)
            if shift > 0 {
                for s in spans.indices {
                    spans[s].range = spans[s].range.shifted(by: shift)
                    for c in spans[s].codes.indices {
                        for e in spans[s].codes[c].evidence.indices {
                            spans[s].codes[c].evidence[e].range = spans[s].codes[c].evidence[e].range.shifted(by: shift)
                        }
                    }
                }
            }
            return spans
        }.flatMap { $0 }
    }

    /// `classifyInParallel` written straight to JSONL: each piece is scanned, classified and rendered
    /// on its own core (its offsets shifted as it is written), and the pieces' bytes are joined in
    /// order. Rendering a huge document's spans on one thread afterwards took as long as classifying it.
    func renderInParallel(_ document: Document, segments: [Range<Int>], writer: ProposalJSONLWriter) -> TagRenderer.Piece {
        let classifier = self.classifier
        let parts = inPieces(document, segments: segments) { piece, ranges, shift in
            writer.piece(for: classifier.scan(document: piece, spans: ranges, exclusionScopes: self.exclusionScopes(of: piece.text)),
                         document: piece, classifier: classifier, codePointShift: shift)
        }
        var joined = TagRenderer.Piece(bytes: [], files: [], spanCount: 0, codeCounts: [:])
        joined.bytes.reserveCapacity(parts.reduce(0) { $0 + $1.bytes.count })
        for part in parts {
            joined.bytes.append(contentsOf: part.bytes)
            joined.spanCount += part.spanCount
            joined.codeCounts.merge(part.codeCounts, uniquingKeysWith: +)
        }
        return joined
    }

    /// Runs `body` on several cores for consecutive pieces of `document` cut at span boundaries: each
    /// gets a document of its own text (same id and metadata), its spans' byte ranges in that text,
    /// and the code points before it. Results in order.
    private func inPieces<Part>(_ document: Document, segments: [Range<Int>],
                                _ body: @escaping @Sendable (Document, [Range<Int>], Int) -> Part) -> [Part] {
        var text = document.text
        let utf8 = text.withUTF8 { Array($0) }
        let index = OffsetIndex(utf8: utf8)
        let parts = min(jobs * 4, segments.count)
        let perPart = (segments.count + parts - 1) / parts
        // Piece p covers segments [p * perPart, …) and the bytes from its first segment's start (0 for
        // the first piece) to the next piece's start (the end of the text for the last).
        var cuts: [(segments: Range<Int>, bytes: Range<Int>)] = []
        var lower = 0
        // A piece starts at a line's first span, and not where a list may go on, so that what the
        // classifier reads of the structure (is a span a heading, is it an item under a lead-in?) is the
        // same in the piece as in the whole text; a text without such a place after a cut stays in fewer pieces.
        func mayStartPiece(_ s: Int) -> Bool {
            let segment = segments[s]
            var k = segment.lowerBound - 1
            while k >= 0, utf8[k] == 0x20 || utf8[k] == 0x09 { k -= 1 }
            guard k < 0 || utf8[k] == 0x0A else { return false }
            return utf8.withUnsafeBufferPointer { SpanStructure.startsAfreshAt($0, span: segment, previous: s > 0 ? segments[s - 1] : nil) }
        }
        while lower < segments.count {
            var upper = min(lower + perPart, segments.count)
            while upper < segments.count, !mayStartPiece(upper) { upper += 1 }
            let byteStart = cuts.isEmpty ? 0 : segments[lower].lowerBound
            let byteEnd = upper < segments.count ? segments[upper].lowerBound : utf8.count
            cuts.append((lower..<upper, byteStart..<byteEnd))
            lower = upper
        }
        let slots = ResultSlots<Part>(count: cuts.count)
        let pieces = cuts
        DispatchQueue.concurrentPerform(iterations: pieces.count) { p in
            let cut = pieces[p]
            let piece = Document(id: document.id, text: String(decoding: utf8[cut.bytes], as: UTF8.self), metadata: document.metadata)
            let ranges = segments[cut.segments].map {
                ($0.lowerBound - cut.bytes.lowerBound)..<($0.upperBound - cut.bytes.lowerBound)
            }
            slots.store(body(piece, ranges, index.codePointOffset(utf8: cut.bytes.lowerBound)), at: p)
        }
        return slots.take().map { $0! }
    }

    private func codePointCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { UTF8CodePoints.count($0) }
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
    /// - Parameter onWarning: called with each warning about the inputs: text files whose names give
    ///   the same document id and folders with nothing to read (`DocumentInputs.warnings()`), before any document is read; documents
    ///   renamed because an earlier one had their id (`DocumentIDRegistry`), once, after the last; when the run
    ///   stops at an error, only those among the documents before the one that stopped it.
    /// - Throws: usage and lexicon errors before any output; with `strict`, the first bad document;
    ///   output errors. On a throw no output file or folder is left behind.
    public static func run(_ options: TagOptions, onSkip: (SpanCoderError) -> Void = { _ in },
                           onProgress: (TaggingProgress) -> Void = { _ in },
                           onWarning: (String) -> Void = { _ in }) throws -> TaggingSummary {
        try DocumentDecoder.validateEncodingName(options.encoding)
        if options.format.writesFolder && (options.output == nil || options.output == "-") {
            throw SpanCoderError(.usage, "--format \(options.format.rawValue) writes a folder: name it with --output DIR")
        }
        // Before the lexicon is compiled: an output that is an input is refused before any work. The
        // lexicon set counts whole: the resume journal hashes every file in it.
        let read = options.inputs.map { OutputGuard.Input.documents($0) } + [.file(options.lexicons, role: "--lexicons set")]
        if options.format.writesFolder {
            try OutputGuard.checkFolder(output: options.output!, inputs: read)
        } else {
            try OutputGuard.checkFile(output: options.output, inputs: read)
        }
        let pipeline = try TaggingPipeline(lexiconDirectory: options.lexicons, unit: options.unit, threshold: options.threshold,
                                           allSpans: options.allSpans, documentCodes: options.documentCodes,
                                           documentRule: options.documentRule, codeHeadings: options.codeHeadings,
                                           leadInCodes: options.leadInCodes, codeDefinitions: options.codeDefinitions, jobs: options.jobs)
        let name = pipeline.lexiconSet.name.isEmpty ? "lexicon" : pipeline.lexiconSet.name
        let renderer = TagRenderer(format: options.format, options: TagOutputOptions(
            legend: pipeline.legend, modelVersion: "spancoder \(name)", generator: "spancoder tag, lexicon set \(name), unit \(options.unit.rawValue)",
            blind: options.blind))
        let runner = TaggingRunner(jobs: options.jobs, strict: options.strict)
        // Metadata is read only for the formats that write it.
        // One listing of the inputs for the warnings and the run (folders are walked once).
        var inputs = DocumentInputs(paths: options.inputs, encoding: options.encoding, maxDocumentBytes: options.maxDocumentBytes,
                                    metadata: options.format.writesMetadata)
        for warning in inputs.warnings() { onWarning(warning) }
        let ids = DocumentIDRegistry()
        inputs.idRegistry = ids
        // Also when the run stops with an error (--strict, a full disk): the output written so far has
        // the new ids. Only the documents before the one that stopped the run count, not those read
        // ahead of it, which no output holds.
        var finishedDocuments = 0
        let countFinished: (Result<Document, SpanCoderError>) -> Void = { if case .success = $0 { finishedDocuments += 1 } }
        defer { if let warning = ids.warning(amongFirst: finishedDocuments) { onWarning(warning) } }
        let tag = pipeline.chunkTagger(format: options.format, blind: options.blind)
        if options.format.writesFolder {
            if options.resume {
                throw SpanCoderError(.usage, "--resume works with the stream formats (jsonl, csv, label-studio, doccano); \(options.format.rawValue) folders are written whole")
            }
            let output = try TagOutput(renderer: renderer, folder: options.output!)
            var summary = try runner.run(documents: inputs, output: output, onSkip: onSkip, onProgress: onProgress,
                                         onFinish: countFinished, tagChunk: tag)
            if summary.readNoDocument {
                // Dropping the unfinished output removes its temporary folder; the old folder stays.
                summary.withheldOutput = options.output
                return summary
            }
            try output.finish()
            return summary
        }
        let path = options.output == "-" ? nil : options.output
        let destination = try path.map(OutputDestination.of)
        let readsStandardInput = options.inputs.contains("-")
        if options.resume && readsStandardInput {
            throw SpanCoderError(.usage, "--resume cannot skip documents already read from standard input; name files, folders or JSONL corpora")
        }
        if case .file(let target) = destination, !readsStandardInput {
            // A file output is written resumably: an interrupted run can go on with --resume. A symbolic
            // link's target is what gets replaced; the link stays. Not with standard input, which a
            // resumed run cannot read again: there the output is an ordinary atomic file, whose temporary
            // an interrupt removes, instead of a FILE.partial and FILE.journal nothing could use.
            var resolved = options
            resolved.output = target
            var summary = try runResumable(resolved, inputs: inputs, renderer: renderer, runner: runner, tag: tag, note: printError,
                                           onSkip: onSkip, onProgress: onProgress, onFinish: countFinished)
            if summary.withheldOutput != nil { summary.withheldOutput = path }
            return summary
        }
        if options.resume {
            throw SpanCoderError(.usage, path.map { "--resume needs a regular output file; \($0) is a device, FIFO or socket, written as the run goes" }
                ?? "--resume needs an output file (--output FILE)")
        }
        let sink: OutputSink
        if let path, let destination {
            sink = try OutputSink(path: path, destination: destination)
        } else {
            sink = try OutputSink(path: nil)
        }
        let output = TagOutput(renderer: renderer, writeBytes: { try sink.write(bytes: $0) })
        var summary = try runner.run(documents: inputs, output: output, onSkip: onSkip, onProgress: onProgress,
                                     onFinish: countFinished, tagChunk: tag)
        if summary.readNoDocument, let path, case .file = destination {
            // Not committed: the sink's temporary file is removed and the previous output stays.
            summary.withheldOutput = path
            return summary
        }
        try output.finish()
        try sink.finish()
        return summary
    }
}

/// One slot per item of parallel work (a huge document's pieces): each worker writes only the slots
/// of the items it took, into memory of their own, so no array is shared between threads.
final class ResultSlots<Element>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Element?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ element: Element, at index: Int) {
        slots[index] = element
    }

    /// The results, once every worker has finished (nil where nothing was stored).
    func take() -> [Element?] { Array(slots) }
}
