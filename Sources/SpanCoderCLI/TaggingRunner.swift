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
    /// Documents that could not be read or tagged: where, and why.
    public var skipped: [SpanCoderError] = []
    public var seconds = 0.0

    public init() {}

    /// Lines for standard error saying how many documents were skipped and why (at most `limit`
    /// listed, then a count of the rest).
    public func skippedReport(limit: Int = 20) -> [String] {
        guard !skipped.isEmpty else { return [] }
        var lines = ["spancoder: skipped \(skipped.count) of \(skipped.count + documents) document\(skipped.count + documents == 1 ? "" : "s"):"]
        for error in skipped.prefix(limit) { lines.append("  \(error)") }
        if skipped.count > limit { lines.append("  … and \(skipped.count - limit) more (reported above)") }
        return lines
    }
}

/// Progress after each batch, for a terminal progress line.
public struct TaggingProgress: Sendable {
    public var documents: Int
    public var skipped: Int
    public var bytes: Int
    public var seconds: Double
}

/// Runs a tagger over a stream of documents on several cores and writes the results in input order.
///
/// Documents are read in batches (at most `batchDocuments` documents or `batchBytes` bytes of text, and
/// always at least one document), each batch is tagged and rendered by `jobs` workers, and the pieces are
/// appended to the output in input order before the next batch is read: memory stays bounded by a batch
/// however long the stream is, and the output is the same for any number of jobs. Workers take a batch in
/// chunks of consecutive documents (at most `chunkDocuments` or `chunkBytes`, smaller towards the end of
/// a batch so that the workers finish together), which a `ChunkTagger` may run stage by stage. With one
/// job a batch is at most one chunk: nothing overlaps then, and reading, tagging and writing a chunk's
/// worth at a time keeps each document's text, matches and output in the cache from its reading to its
/// writing (one job, 10 MB corpora: 1.04–1.07× less CPU than batches of 4 MB in chunks of 512 KB).
///
/// A document that fails to read, tag or render is recorded in the summary and skipped; with `strict`
/// the first failure is thrown instead (and the output is not completed).
public struct TaggingRunner: Sendable {
    public var jobs: Int
    public var strict: Bool
    public var batchDocuments: Int
    public var batchBytes: Int

    /// A worker hands a tagger up to this many consecutive documents at once...
    public var chunkDocuments: Int
    /// ... or, at least one document, this many bytes of text. By default 512 KB: a chunk runs stage by
    /// stage (segmentation, normalization, scan, classification and output of all its documents in
    /// turn), and at this size what one stage leaves for the next (text, normalized text, matches) is
    /// still in the core's L2 cache when the next reads it; with 2 MB chunks it came back from L3 or
    /// memory (mixed 100 MB corpus, one job: 1.06× less CPU; chunks of 1 MB were 0.95× of 512 KB,
    /// of 256 and 384 KB the same).
    public var chunkBytes: Int

    public init(jobs: Int = TaggingRunner.defaultJobs, strict: Bool = false, batchDocuments: Int = 256, batchBytes: Int = 4 << 20,
                chunkDocuments: Int = 256, chunkBytes: Int = 512 << 10) {
        self.jobs = max(1, jobs)
        self.strict = strict
        self.batchDocuments = max(1, batchDocuments)
        self.batchBytes = max(1, batchBytes)
        self.chunkDocuments = max(1, chunkDocuments)
        self.chunkBytes = max(1, chunkBytes)
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
    ///   - onProgress: called after each batch.
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

    /// `run(documents:output:onSkip:onProgress:tag:)` with a tagger of several documents at a time:
    /// each worker hands it runs of consecutive documents of a batch (`chunkDocuments`, `chunkBytes`).
    ///
    /// With several jobs the calling thread does the serial work, writing the previous batch's output
    /// and reading the next batch, while the other workers tag the current one, and then joins them:
    /// `jobs` threads stay busy instead of all but one waiting for each read and write (a third of the
    /// work of a two-job run was serial at 40 MB/s per core). Memory stays bounded by three batches.
    /// When a batch has no work for a helper (one job, or one chunk), nothing could overlap, so its
    /// output is written before the next batch is read: one batch is alive, and the next reuses the
    /// memory it touched (a 10 MB corpus with one job: 28% fewer page faults, 1.04–1.07× less CPU).
    /// - Parameter onFinish: called in input order for each input item once its output is written or it
    ///   is skipped (before the `onProgress` of its batch): items read ahead are not finished yet, so a
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
        let renderer = output.renderer

        func skip(_ error: SpanCoderError) throws {
            if strict { throw error }
            summary.skipped.append(error)
            onSkip(error)
        }

        let batchLimits = jobs == 1 ? (documents: min(batchDocuments, chunkDocuments), bytes: min(self.batchBytes, chunkBytes))
            : (documents: batchDocuments, bytes: self.batchBytes)
        var iterator = documents.makeIterator()
        var exhausted = false
        // One batch; read failures are items too, so that they are reported in input order when the
        // batch is written, not when it is read (ahead of the output of the batch before).
        func readBatch() -> [Item] {
            var batch: [Item] = []
            var batchBytes = 0
            while !exhausted && batch.count < batchLimits.documents && batchBytes < batchLimits.bytes {
                guard let next = iterator.next() else { exhausted = true; break }
                switch next {
                case .success(let document):
                    batchBytes += document.text.utf8.count
                    batch.append(Item(document: document, fileStem: output.fileStem(for: document.id)))
                case .failure(let error):
                    batch.append(Item(readError: error))
                }
            }
            return batch
        }

        func write(_ batch: [Item], _ results: [Result<TagRenderer.Piece, SpanCoderError>?]) throws {
            for (item, result) in zip(batch, results) {
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
                    summary.bytes += document.text.utf8.count
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

        var current = readBatch()
        var finished: (batch: [Item], results: [Result<TagRenderer.Piece, SpanCoderError>?])?
        while !current.isEmpty || finished != nil {
            let work = BatchWork(current, plan: chunkPlan(current), renderer: renderer, tagChunk: tagChunk)
            let helpers = min(jobs, work.chunkCount) - 1
            if helpers <= 0 {
                // Nothing to overlap: tag, write and only then read on, so that one batch is alive at a
                // time, not three, and the next batch reuses the memory this one touched.
                if let previous = finished { try write(previous.batch, previous.results) }
                finished = nil
                work.drain()
                if !current.isEmpty { try write(current, work.take()) }
                current = readBatch()
                continue
            }
            // Here the batch has at least two chunks, so it is not empty.
            let group = DispatchGroup()
            for _ in 0..<helpers {
                DispatchQueue.global().async(group: group) { work.drain() }
            }
            // The helpers hold `work` alive; wait for them even when writing throws, so that no
            // tagging outlives the run.
            defer { group.wait() }
            if let previous = finished { try write(previous.batch, previous.results) }
            let next = readBatch()
            work.drain()
            group.wait()
            finished = (current, work.take())
            current = next
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

    /// The chunks of a batch: runs of consecutive indices of its documents (read errors left out).
    func chunkPlan(_ batch: [Item]) -> [[Int]] {
        // With several workers, chunks shrink as the batch is dealt out (guided scheduling): each takes
        // at most half a worker's share of what is left, so the workers finish about together, while
        // the first chunks stay large (each chunk starts with the automaton's table out of cache).
        var remaining = batch.reduce(0) { $0 + ($1.document?.text.utf8.count ?? 0) }
        func limit() -> Int { jobs > 1 ? min(chunkBytes, max(128 << 10, remaining / (jobs * 2))) : chunkBytes }
        var grouped: [[Int]] = []
        var current: [Int] = []
        var currentBytes = 0
        var currentLimit = limit()
        for i in batch.indices {
            guard let document = batch[i].document else { continue }
            current.append(i)
            currentBytes += document.text.utf8.count
            if current.count >= chunkDocuments || currentBytes >= currentLimit {
                grouped.append(current)
                remaining -= currentBytes
                current = []
                currentBytes = 0
                currentLimit = limit()
            }
        }
        if !current.isEmpty { grouped.append(current) }
        return grouped
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// One batch being tagged: its chunks, dealt out to whichever worker asks next, and a result slot per
/// item.
final class BatchWork: Sendable {
    private let batch: [TaggingRunner.Item]
    private let chunks: [[Int]]
    private let renderer: TagRenderer
    private let tagChunk: TaggingRunner.ChunkTagger
    private let counter = Counter()
    private let slots: ResultSlots<Result<TagRenderer.Piece, SpanCoderError>>

    init(_ batch: [TaggingRunner.Item], plan chunks: [[Int]], renderer: TagRenderer, tagChunk: @escaping TaggingRunner.ChunkTagger) {
        self.batch = batch
        self.chunks = chunks
        self.renderer = renderer
        self.tagChunk = tagChunk
        self.slots = ResultSlots(count: batch.count)
    }

    var chunkCount: Int { chunks.count }

    /// Tags chunks until none is left.
    func drain() {
        while true {
            let c = counter.next()
            if c >= chunks.count { return }
            tag(chunk: chunks[c])
        }
    }

    /// The results, once every worker has drained.
    func take() -> [Result<TagRenderer.Piece, SpanCoderError>?] { slots.take() }

    private func tag(chunk indices: [Int]) {
        let documents = indices.map { batch[$0].document! }
        let results = tagChunk(documents)
        for (k, i) in indices.enumerated() {
            let document = documents[k]
            do {
                guard k < results.count else {
                    throw SpanCoderError(.internal, "the tagger returned \(results.count) results for \(documents.count) documents")
                }
                switch try results[k].get() {
                case .spans(let spans):
                    slots.store(.success(try renderer.render(document: document, spans: spans, fileStem: batch[i].fileStem)), at: i)
                case .rendered(let piece):
                    slots.store(.success(piece), at: i)
                }
            } catch let error as SpanCoderError {
                var error = error
                if error.location == nil { error.location = SourceLocation(file: document.id) }
                slots.store(.failure(error), at: i)
            } catch {
                slots.store(.failure(SpanCoderError(.internal, "\(error)", at: SourceLocation(file: document.id))), at: i)
            }
        }
    }
}

/// A shared work counter for the batch workers.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// One slot per item of parallel work (a batch's documents, a huge document's pieces): each worker
/// writes only the slots of the items it took, into memory of their own, so no array is shared
/// between threads.
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
