import DequeModule
import Dispatch
import SpanCoderCore
import SpanCoderFormats
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a tagging run did.
public struct TaggingSummary: Sendable {
    /// Documents tagged and written.
    public var documents = 0
    /// Coded spans written.
    public var spans = 0
    /// UTF-8 bytes of document text tagged.
    public var bytes = 0
    /// Documents read and written that hold no text but white space (a failed PDF extraction, an empty
    /// JSONL "text"): nothing in them can be coded, which a run should say rather than pass over.
    public var emptyDocuments = 0
    /// The ids of the first few of them, for the warning.
    public var emptyDocumentExamples: [String] = []
    /// CSV rows with a cell too long for a spreadsheet, and the first of them ("doc [start, end)").
    public var longCSVCells = 0
    public var firstLongCSVCell: String?
    /// Documents that could not be read or tagged: where, and why.
    public var skipped: [SpanCoderError] = []
    public var seconds = 0.0
    /// The output file or folder that was not written because no document was read
    /// (`readNoDocument`): an existing one is left as it was.
    public var withheldOutput: String?

    /// Whether the run read no document at all (an empty document counts as one read), because every
    /// input failed (missing, an unmounted drive, a typo in a path) or because the inputs hold none (an
    /// empty folder or mount point, a folder without .txt, .md or .jsonl files, an empty JSONL corpus).
    /// Such a run must not write its output file or folder, whose output would be empty and renamed over
    /// the previous run's good one, and ends with exit status 1 wherever its output goes.
    public var readNoDocument: Bool { documents == 0 }

    public init() {}

    /// The warning about empty documents, or nil when there are none.
    public var emptyDocumentsWarning: String? {
        guard emptyDocuments > 0 else { return nil }
        let shown = emptyDocumentExamples.joined(separator: ", ") + (emptyDocuments > emptyDocumentExamples.count ? ", …" : "")
        return emptyDocuments == 1
            ? "1 document has no text (\(shown)): nothing in it could be coded; was its text extracted?"
            : "\(emptyDocuments) documents have no text (\(shown)): nothing in them could be coded; was their text extracted?"
    }

    /// The warning about CSV cells that spreadsheets cut, or nil when there are none.
    public var longCSVCellsWarning: String? {
        guard longCSVCells > 0, let first = firstLongCSVCell else { return nil }
        let rows = longCSVCells == 1 ? "1 CSV row has a cell" : "\(longCSVCells) CSV rows have a cell"
        return "\(rows) longer than the 32,767 characters a spreadsheet cell holds (the first: \(first)); the file has them whole, but Excel and LibreOffice cut them: read it with a CSV library, or tag to JSONL"
    }

    mutating func countIfEmpty(_ document: Document) {
        // Stops at the first byte that is not ASCII white space: at once for any document with text.
        guard document.text.utf8.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) else { return }
        emptyDocuments += 1
        if emptyDocumentExamples.count < 3 { emptyDocumentExamples.append(document.id) }
    }

    /// Lines for standard error saying how many documents were skipped and why (at most `limit`
    /// listed, then a count of the rest).
    public func skippedReport(limit: Int = 20) -> [String] {
        skippedDocumentsReport(skipped.count, of: skipped.count + documents, reasons: skipped, limit: limit)
    }
}

/// Progress after each chunk written, for a terminal progress line.
public struct TaggingProgress: Sendable {
    public var documents: Int
    public var skipped: Int
    public var bytes: Int
    public var seconds: Double
}

/// Runs a tagger over a stream of documents on several cores and writes the results in input order.
///
/// The calling thread reads documents and cuts them into chunks of consecutive documents (at most
/// `chunkDocuments` documents or, at least one document, `chunkBytes` bytes of text), which a
/// `ChunkTagger` may run stage by stage. `jobs - 1` helper threads and the calling thread tag the
/// chunks; the calling thread also writes each finished chunk's output as soon as the chunks before it
/// are written. There is no barrier between groups of chunks: a worker that finishes a chunk takes the
/// next, and at most `chunksInFlight` chunks are read and not yet written, so memory stays bounded by a
/// few chunks however long the stream is, and the same few buffers are reused instead of new memory
/// being faulted in (page faults cost about 3 µs each on the machines measured). The output is the same
/// for any number of jobs. (Two jobs, mixed corpus, against 4 MB batches with a barrier after each:
/// 10 MB 1.83× one job's speed instead of 1.60×, with 40% fewer page faults; 100 MB 2.02× instead of
/// 1.87×, peak RSS 59 MiB instead of 87.)
///
/// With one job a chunk is read, tagged and written before the next is read: each document's text,
/// matches and output stay in the cache from its reading to its writing. With several, the reader keeps
/// about one chunk per job read ahead, so that when the input ends it can cut what is left into smaller
/// chunks and the workers finish together.
///
/// A document that fails to read, tag or render is recorded in the summary and skipped; with `strict`
/// the first failure is thrown instead (and the output is not completed).
public struct TaggingRunner: Sendable {
    public var jobs: Int
    public var strict: Bool

    /// A worker hands a tagger up to this many consecutive documents at once...
    public var chunkDocuments: Int
    /// ... or, at least one document, this many bytes of text. By default 512 KB: a chunk runs stage by
    /// stage (segmentation, normalization, scan, classification and output of all its documents in
    /// turn), and at this size what one stage leaves for the next (text, normalized text, matches) is
    /// still in the core's L2 cache when the next reads it; with 2 MB chunks it came back from L3 or
    /// memory (mixed 100 MB corpus, one job: 1.06× less CPU; chunks of 1 MB were 0.95× of 512 KB,
    /// of 256 and 384 KB the same).
    public var chunkBytes: Int
    /// Chunks read and not yet written, at most (with one job always 1).
    public var chunksInFlight: Int

    public init(jobs: Int = TaggingRunner.defaultJobs, strict: Bool = false, chunkDocuments: Int = 256, chunkBytes: Int = 512 << 10,
                chunksInFlight: Int? = nil) {
        self.jobs = max(1, jobs)
        self.strict = strict
        self.chunkDocuments = max(1, chunkDocuments)
        self.chunkBytes = max(1, chunkBytes)
        self.chunksInFlight = self.jobs == 1 ? 1 : max(self.jobs + 1, chunksInFlight ?? 2 * self.jobs)
    }

    /// Tags consecutive documents in one call (so that it can run them stage by stage, see
    /// `TaggingPipeline.tag(_:)`): one result per document, in order.
    public typealias ChunkTagger = @Sendable ([Document]) -> [Result<TaggedDocument, SpanCoderError>]

    /// What a `ChunkTagger` gives for one document: its spans, for the runner's renderer, or its
    /// output already rendered (by a tagger that writes the output format itself).
    public enum TaggedDocument: Sendable {
        case spans([CodedSpan])
        case rendered(TagRenderer.Piece)
    }

    /// The number of online processors.
    public static var defaultJobs: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Tags every document of `documents` with `tag`, rendering with `output.renderer`, and appends the
    /// pieces to `output` in input order. Does not call `output.finish()`.
    /// - Parameters:
    ///   - onSkip: called (on the calling thread, in order) for each skipped document.
    ///   - onProgress: called after each chunk is written.
    /// - Throws: the first failure when `strict`; output errors always.
    public func run<Documents: Sequence>(
        documents: Documents,
        output: TagOutput,
        onSkip: (SpanCoderError) -> Void = { _ in },
        onProgress: (TaggingProgress) -> Void = { _ in },
        tag: @escaping @Sendable (Document) throws -> [CodedSpan]
    ) throws -> TaggingSummary where Documents.Element == Result<Document, SpanCoderError> {
        try run(documents: documents, output: output, onSkip: onSkip, onProgress: onProgress, tagChunk: { documents in
            documents.map { document in
                do {
                    return .success(.spans(try tag(document)))
                } catch let error as SpanCoderError {
                    return .failure(error)
                } catch {
                    return .failure(SpanCoderError(.internal, "\(error)"))
                }
            }
        })
    }

    /// `run(documents:output:onSkip:onProgress:tag:)` with a tagger of several documents at a time,
    /// which gets the runner's chunks (`chunkDocuments`, `chunkBytes`).
    /// - Parameter onFinish: called in input order for each input item once its output is written or it
    ///   is skipped (before the `onProgress` of its chunk): items read ahead are not finished yet, so a
    ///   checkpoint must count these, not the items pulled from `documents`.
    public func run<Documents: Sequence>(
        documents: Documents,
        output: TagOutput,
        onSkip: (SpanCoderError) -> Void = { _ in },
        onProgress: (TaggingProgress) -> Void = { _ in },
        onFinish: (Result<Document, SpanCoderError>) -> Void = { _ in },
        tagChunk: @escaping ChunkTagger
    ) throws -> TaggingSummary where Documents.Element == Result<Document, SpanCoderError> {
        let clock = ContinuousClock()
        let began = clock.now
        var summary = TaggingSummary()

        func skip(_ error: SpanCoderError) throws {
            if strict { throw error }
            summary.skipped.append(error)
            onSkip(error)
        }

        func write(_ chunk: Chunk, _ results: [Result<TagRenderer.Piece, SpanCoderError>?]) throws {
            for (item, result) in zip(chunk.items, results) {
                if let error = item.readError {
                    try skip(error)
                    onFinish(.failure(error))
                    continue
                }
                let document = item.document!
                switch result {
                case .success(let piece):
                    try output.append(docID: document.id, fileStem: item.fileStem, piece: piece)
                    summary.documents += 1
                    summary.spans += piece.spanCount
                    if piece.longCells > 0 {
                        summary.longCSVCells += piece.longCells
                        if summary.firstLongCSVCell == nil { summary.firstLongCSVCell = piece.firstLongCell }
                    }
                    summary.bytes += document.text.utf8.count
                    summary.countIfEmpty(document)
                case .failure(let error):
                    try skip(error)
                case nil:
                    break
                }
                onFinish(.success(document))
            }
            onProgress(TaggingProgress(documents: summary.documents, skipped: summary.skipped.count, bytes: summary.bytes,
                                       seconds: Self.seconds(clock.now - began)))
        }

        var reader = ChunkReader(documents.makeIterator(), runner: self, output: output)
        let exchange = ChunkExchange(renderer: output.renderer, tagChunk: tagChunk)
        let helpers = jobs - 1
        let group = DispatchGroup()
        for _ in 0..<helpers {
            DispatchQueue.global().async(group: group) { exchange.help() }
        }
        // The helpers hold `exchange` alive; stop and wait for them even when writing throws, so that
        // no tagging outlives the run.
        defer {
            exchange.close(helpers: helpers)
            group.wait()
        }

        var unwritten = Deque<Chunk>()
        while true {
            // Write what is finished, in order.
            while let first = unwritten.first, let results = exchange.takeFinished(first.sequence) {
                unwritten.removeFirst()
                try write(first, results)
            }
            if unwritten.count < chunksInFlight, let chunk = reader.next() {
                unwritten.append(chunk)
                if jobs == 1 {
                    exchange.tag(chunk)
                } else {
                    exchange.enqueue(chunk)
                }
                continue
            }
            if unwritten.isEmpty { break }
            // Read as far as allowed: tag a waiting chunk here, or wait for a helper's.
            if let chunk = exchange.takeQueued() {
                exchange.tag(chunk)
            } else {
                exchange.waitForAFinishedChunk()
            }
        }
        summary.seconds = Self.seconds(clock.now - began)
        return summary
    }

    struct Item: Sendable {
        var document: Document?
        var fileStem: String?
        var readError: SpanCoderError?

        init(document: Document, fileStem: String?) {
            self.document = document
            self.fileStem = fileStem
        }

        init(readError: SpanCoderError) {
            self.readError = readError
        }
    }

    /// Consecutive input items (documents and read failures), numbered in input order.
    struct Chunk: Sendable {
        var sequence: Int
        var items: [Item]
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// Cuts the input stream into chunks. With several jobs it keeps about a chunk per job read ahead, and
/// once the input is exhausted it cuts what is left into chunks that shrink (each at most half a
/// worker's share of the rest, guided scheduling), so that the workers finish about together.
struct ChunkReader<Iterator: IteratorProtocol> where Iterator.Element == Result<Document, SpanCoderError> {
    private var iterator: Iterator
    private let runner: TaggingRunner
    private let output: TagOutput
    /// Items read and not yet cut into a chunk: `staged[stagedStart...]`, moved out (left nil) as
    /// chunks take them, so that no item is copied (a copy retains each of a document's strings).
    private var staged: [TaggingRunner.Item?] = []
    private var stagedStart = 0
    private var stagedBytes = 0
    private var exhausted = false
    private var sequence = 0
    private let minimumTailBytes = 64 << 10

    init(_ iterator: Iterator, runner: TaggingRunner, output: TagOutput) {
        self.iterator = iterator
        self.runner = runner
        self.output = output
    }

    /// The next chunk, or nil at the end of the input.
    mutating func next() -> TaggingRunner.Chunk? {
        if stagedStart == staged.count {
            staged.removeAll(keepingCapacity: true)
            stagedStart = 0
        }
        // One job reads exactly one chunk: nothing is read ahead of what is written. Nor is anything
        // for the first chunk, which the workers wait for.
        let lookahead = runner.jobs == 1 || sequence == 0 ? 1 : runner.jobs + 1
        while !exhausted && stagedBytes < runner.chunkBytes * lookahead && staged.count - stagedStart < runner.chunkDocuments * lookahead {
            guard let next = iterator.next() else { exhausted = true; break }
            switch next {
            case .success(let document):
                stagedBytes += document.text.utf8.count
                staged.append(TaggingRunner.Item(document: document, fileStem: output.fileStem(for: document.id)))
            case .failure(let error):
                staged.append(TaggingRunner.Item(readError: error))
            }
        }
        guard stagedStart < staged.count else { return nil }
        let limit = exhausted && runner.jobs > 1
            ? min(runner.chunkBytes, max(minimumTailBytes, stagedBytes / (2 * runner.jobs)))
            : runner.chunkBytes
        var items: [TaggingRunner.Item] = []
        var bytes = 0
        var documents = 0
        while stagedStart < staged.count, documents < runner.chunkDocuments, bytes < limit {
            let item = staged[stagedStart].take()!
            stagedStart += 1
            if let document = item.document {
                documents += 1
                bytes += document.text.utf8.count
            }
            items.append(item)
        }
        // Read failures that follow the chunk's last document go with it: they are reported when it is
        // written, and a chunk of failures alone costs a round trip.
        while stagedStart < staged.count, staged[stagedStart]!.document == nil {
            items.append(staged[stagedStart].take()!)
            stagedStart += 1
        }
        if stagedStart > 4 * runner.chunkDocuments {
            // Only nils before `stagedStart`: dropping them copies no item.
            staged.removeFirst(stagedStart)
            stagedStart = 0
        }
        stagedBytes -= bytes
        defer { sequence += 1 }
        return TaggingRunner.Chunk(sequence: sequence, items: items)
    }
}

/// The chunks between the reading thread and the workers: those waiting to be tagged, and the results
/// of those tagged and not yet written.
final class ChunkExchange: Sendable {
    private struct State: ~Copyable {
        var queued = Deque<TaggingRunner.Chunk>()
        var finished: [Int: [Result<TagRenderer.Piece, SpanCoderError>?]] = [:]
        var closed = false
    }

    private let state = Mutex(State())
    /// Signalled once per queued chunk, and once per helper when the run ends.
    private let queuedSignal = DispatchSemaphore(value: 0)
    /// Signalled once per chunk a helper finishes.
    private let finishedSignal = DispatchSemaphore(value: 0)
    private let renderer: TagRenderer
    private let tagChunk: TaggingRunner.ChunkTagger

    init(renderer: TagRenderer, tagChunk: @escaping TaggingRunner.ChunkTagger) {
        self.renderer = renderer
        self.tagChunk = tagChunk
    }

    func enqueue(_ chunk: TaggingRunner.Chunk) {
        state.withLock { $0.queued.append(chunk) }
        queuedSignal.signal()
    }

    /// A queued chunk, for the reading thread to tag itself, or nil when none waits.
    func takeQueued() -> TaggingRunner.Chunk? {
        state.withLock { $0.queued.popFirst() }
    }

    /// The results of chunk `sequence` if it is tagged (and forgets them).
    func takeFinished(_ sequence: Int) -> [Result<TagRenderer.Piece, SpanCoderError>?]? {
        state.withLock { $0.finished.removeValue(forKey: sequence) }
    }

    func waitForAFinishedChunk() {
        finishedSignal.wait()
    }

    /// A helper's loop: tags queued chunks until the run is closed.
    func help() {
        while true {
            queuedSignal.wait()
            // A signal may find the queue empty (the reading thread took the chunk itself).
            let (chunk, closed) = state.withLock { state -> (TaggingRunner.Chunk?, Bool) in (state.queued.popFirst(), state.closed) }
            if let chunk {
                tag(chunk)
                finishedSignal.signal()
            } else if closed {
                return
            }
        }
    }

    /// Drops the chunks still queued and lets `helpers` helpers return.
    func close(helpers: Int) {
        state.withLock { state in
            state.closed = true
            state.queued.removeAll()
        }
        for _ in 0..<helpers { queuedSignal.signal() }
    }

    /// Tags and renders `chunk` and keeps the results for the writer.
    func tag(_ chunk: TaggingRunner.Chunk) {
        var results = [Result<TagRenderer.Piece, SpanCoderError>?](repeating: nil, count: chunk.items.count)
        let indices = chunk.items.indices.filter { chunk.items[$0].document != nil }
        let documents = indices.map { chunk.items[$0].document! }
        let tagged = documents.isEmpty ? [] : tagChunk(documents)
        for (k, i) in indices.enumerated() {
            let document = documents[k]
            do {
                guard k < tagged.count else {
                    throw SpanCoderError(.internal, "the tagger returned \(tagged.count) results for \(documents.count) documents")
                }
                switch try tagged[k].get() {
                case .spans(let spans):
                    results[i] = .success(try renderer.render(document: document, spans: spans, fileStem: chunk.items[i].fileStem))
                case .rendered(let piece):
                    results[i] = .success(piece)
                }
            } catch let error as SpanCoderError {
                var error = error
                if error.location == nil { error.location = SourceLocation(file: document.id) }
                results[i] = .failure(error)
            } catch {
                results[i] = .failure(SpanCoderError(.internal, "\(error)", at: SourceLocation(file: document.id)))
            }
        }
        state.withLock { $0.finished[chunk.sequence] = results }
    }
}
