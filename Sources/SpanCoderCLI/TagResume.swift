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

/// A stream output of `spancoder tag` (JSONL, CSV, Label Studio, doccano written to a file) that an
/// interrupted run can continue with `--resume`, without redoing or repeating finished documents.
///
/// While the run goes, the output grows in `<output>.partial`, and after each chunk a line is appended
/// to the journal `<output>.journal`: how many input documents were consumed, how many bytes of the
/// partial file hold their complete output, and a hash of their ids, texts and metadata. The journal's
/// first line holds a hash of everything that shapes the output (format, unit, threshold, flags,
/// encoding, inputs, the lexicon files' bytes). At the end the partial file is synced and renamed to `<output>` and the
/// journal removed, so `<output>` only ever holds one complete run.
///
/// `--resume` reads the journal's last complete checkpoint, truncates the partial file to its byte
/// count (dropping output written after it), skips the consumed documents (checking that their ids,
/// texts and metadata hash to the recorded value) and continues. A journal made with other parameters, or inputs that changed
/// before the checkpoint, is refused rather than mixed in. Without `--resume` an earlier partial run of
/// the same output is discarded (with a note) and the run starts over.
///
/// The journal is written after the output bytes it covers, so a kill at any point leaves a journal
/// that never claims more than the partial file holds. A run holds an exclusive `flock` on its partial
/// file from before it reads the journal until its output is in place, so a second run into the same
/// output is refused instead of truncating the first one's file under it.
final class ResumableTagOutput {
    /// Where a run stood after a chunk.
    struct Checkpoint: Equatable {
        /// Input items consumed (documents written plus documents skipped).
        var consumed: Int
        /// Bytes of the partial file that hold the output of those items.
        var bytes: Int
        /// Documents written and skipped, for the summary and for the writer's state (separators).
        var documents: Int
        var skipped: Int
        /// FNV-1a hash of the consumed items: ids, texts and metadata (see `InputTracker`).
        var inputsHash: UInt64

        static let start = Checkpoint(consumed: 0, bytes: 0, documents: 0, skipped: 0, inputsHash: InputTracker.seed)

        var line: String { "\(consumed) \(bytes) \(documents) \(skipped) \(String(inputsHash, radix: 16))\n" }

        init(consumed: Int, bytes: Int, documents: Int, skipped: Int, inputsHash: UInt64) {
            (self.consumed, self.bytes, self.documents, self.skipped, self.inputsHash) = (consumed, bytes, documents, skipped, inputsHash)
        }

        init?(line: Substring) {
            let fields = line.split(separator: " ")
            guard fields.count == 5, let consumed = Int(fields[0]), let bytes = Int(fields[1]), let documents = Int(fields[2]),
                  let skipped = Int(fields[3]), let hash = UInt64(fields[4], radix: 16),
                  consumed >= 0, bytes >= 0, documents >= 0, skipped >= 0, documents + skipped == consumed else { return nil }
            self.init(consumed: consumed, bytes: bytes, documents: documents, skipped: skipped, inputsHash: hash)
        }
    }

    /// 2: the checkpoint hash covers the consumed documents' texts and metadata, not only their ids.
    static let journalVersion = "spancoder-tag-journal 2"

    let path: String
    let partialPath: String
    let journalPath: String
    /// Where this run started: `.start`, or the checkpoint it resumed from.
    let resumedFrom: Checkpoint
    private var descriptor: Int32
    private var journal: Int32
    private var buffer: [UInt8] = []
    private var written: Int
    private var checkpoints = 0
    private var finished = false
    /// Testing hook: `SPANCODER_TEST_KILL_AT_CHECKPOINT=N` kills the process with SIGKILL at checkpoint N,
    /// after that chunk's output reached the partial file and before the journal records it: the worst
    /// place for an interruption.
    private let killAtCheckpoint = ProcessInfo.processInfo.environment["SPANCODER_TEST_KILL_AT_CHECKPOINT"].flatMap(Int.init)

    /// Opens the partial output of `path`, continuing an earlier run when `resume` is set and its
    /// journal matches `parameters`.
    /// - Parameter note: receives a line for standard error (discarded an earlier run, or found none to
    ///   resume); where the run resumes is `resumingNote`.
    /// - Throws: `.usage` when another run is writing the same output, or the journal was written with
    ///   other parameters; `.output` when the files cannot be created or written.
    init(path: String, parameters: String, resume: Bool, note: (String) -> Void) throws {
        self.path = path
        self.partialPath = path + ".partial"
        self.journalPath = path + ".journal"
        let header = "\(ResumableTagOutput.journalVersion) \(parameters)\n"

        // Lock before reading or touching anything: a second run into the same output would otherwise
        // truncate the first one's partial file under it, and the first would then rename a mix of both.
        let hadPartial = access(partialPath, F_OK) == 0
        descriptor = try ResumableTagOutput.openLocked(partialPath, output: path)
        journal = -1
        written = 0

        var checkpoint = Checkpoint.start
        if let existing = try? String(contentsOfFile: journalPath, encoding: .utf8) {
            if resume {
                checkpoint = try ResumableTagOutput.lastCheckpoint(journal: existing, header: header, journalPath: journalPath)
            } else if hadPartial {
                note("spancoder: note: discarding the partial output of an interrupted run (\(partialPath)); use --resume to continue one")
            }
        } else if resume {
            note("spancoder: note: no interrupted run to resume for \(path); starting from the beginning")
        }

        var info = stat()
        if checkpoint.consumed > 0, fstat(descriptor, &info) != 0 || Int(info.st_size) < checkpoint.bytes {
            note("spancoder: note: the partial output \(partialPath) is missing or shorter than its journal says; starting from the beginning")
            checkpoint = .start
        }
        resumedFrom = checkpoint
        guard ftruncate(descriptor, off_t(checkpoint.bytes)) == 0, lseek(descriptor, off_t(checkpoint.bytes), SEEK_SET) >= 0 else {
            throw ResumableTagOutput.error("cannot truncate the partial output", at: partialPath)
        }
        written = checkpoint.bytes
        if checkpoint.consumed > 0 {
            journal = open(journalPath, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard journal >= 0 else { throw ResumableTagOutput.error("cannot open the journal", at: journalPath) }
            // Drop a torn last line so new checkpoints start on a line of their own.
            let valid = ResumableTagOutput.validJournalLength(existing: (try? String(contentsOfFile: journalPath, encoding: .utf8)) ?? header)
            _ = ftruncate(journal, off_t(valid))
        } else {
            journal = open(journalPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, OutputPermissions.newFile)
            guard journal >= 0 else { throw ResumableTagOutput.error("cannot create the journal", at: journalPath) }
            try ResumableTagOutput.writeAll(journal, Array(header.utf8), path: journalPath)
        }
        // Ctrl-C ended such runs with status 130 and nothing said: that the partial output stays, and
        // how to go on, was in the documentation only.
        InterruptCleanup.setInterruptMessage(ResumableTagOutput.interruptMessage(path: path, partialPath: partialPath))
    }

    /// What an interrupted run says on standard error.
    static func interruptMessage(path: String, partialPath: String) -> String {
        "\nspancoder: interrupted: the output of the documents done so far is kept in \(partialPath); run the same command with --resume to go on from there (without it, \(path) is tagged from the beginning)\n"
    }

    /// The line that says where the run resumes (nil when it starts from the beginning), for after the
    /// skipped inputs have been checked: a refused resume must not first say it resumes.
    var resumingNote: String? {
        let start = resumedFrom
        guard start.consumed > 0 else { return nil }
        return "spancoder: resuming \(path) after \(start.consumed) document\(start.consumed == 1 ? "" : "s") (\(start.documents) written, \(start.skipped) skipped earlier)"
    }

    /// Opens `partialPath` (created when missing, not truncated) holding an exclusive `flock` on it,
    /// which the run keeps until its output is renamed into place or discarded.
    /// - Throws: `.usage` when another run holds the lock (another `spancoder tag` writes the same
    ///   output); `.output` when the file cannot be opened. A file system without `flock` goes unlocked.
    static func openLocked(_ partialPath: String, output: String) throws -> Int32 {
        while true {
            let fd = open(partialPath, O_WRONLY | O_CREAT | O_CLOEXEC, OutputPermissions.newFile)
            guard fd >= 0 else { throw error("cannot create the partial output", at: partialPath) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK else { return fd }
                close(fd)
                throw SpanCoderError(.usage, "another spancoder tag is writing this output now (it holds \(partialPath)); wait for it to finish, or choose another --output",
                                     at: SourceLocation(file: output))
            }
            // The run that held the lock may have renamed this file into place (or removed it) before
            // letting go: then the name is free or another file's, and the lock is on the wrong file.
            var held = stat()
            var named = stat()
            if fstat(fd, &held) == 0, stat(partialPath, &named) == 0, held.st_dev == named.st_dev, held.st_ino == named.st_ino {
                return fd
            }
            close(fd)
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if journal >= 0 { close(journal) }
        if !finished { InterruptCleanup.setInterruptMessage(nil) }
    }

    /// The last well-formed checkpoint of `journal`; `.start` when it has none.
    static func lastCheckpoint(journal: String, header: String, journalPath: String) throws -> Checkpoint {
        guard journal.hasPrefix(header) else {
            if journal.hasPrefix(journalVersion + " ") {
                throw SpanCoderError(.usage, "the interrupted run was made with other parameters (format, unit, threshold, flags, inputs or lexicon files changed); rerun without --resume to start over",
                                     at: SourceLocation(file: journalPath, line: 1))
            }
            throw SpanCoderError(.usage, "not a spancoder tag journal; rerun without --resume to start over", at: SourceLocation(file: journalPath, line: 1))
        }
        var last = Checkpoint.start
        // Only lines ending in a line break are complete.
        let body = journal.dropFirst(header.count)
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard let checkpoint = Checkpoint(line: line) else { break }
            last = checkpoint
        }
        return last
    }

    /// Length of the header and complete, well-formed checkpoint lines.
    static func validJournalLength(existing: String) -> Int {
        var length = 0
        var first = true
        for line in existing.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            if !first, Checkpoint(line: Substring(decoding: line, as: UTF8.self)) == nil { break }
            first = false
            length += line.count + 1
        }
        return length
    }

    /// Appends output bytes. A large piece (a document's JSONL) is written as it is after what is
    /// buffered: copying it into the buffer first was 1.5% of `tag` (perf, the 100 MB mixed corpus).
    func write(bytes: [UInt8]) throws {
        if bytes.count >= ResumableTagOutput.directWrite {
            try flush()
            try ResumableTagOutput.writeAll(descriptor, bytes, path: partialPath)
            written += bytes.count
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Pieces at least this large skip the buffer.
    static let directWrite = 1 << 16

    private func flush() throws {
        try ResumableTagOutput.writeAll(descriptor, buffer, path: partialPath)
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Records that every item up to `consumed` is completely in the output.
    func checkpoint(consumed: Int, documents: Int, skipped: Int, inputsHash: UInt64) throws {
        try flush()
        checkpoints += 1
        if checkpoints == killAtCheckpoint { kill(getpid(), SIGKILL) }
        let line = Checkpoint(consumed: consumed, bytes: written, documents: documents, skipped: skipped, inputsHash: inputsHash).line
        try ResumableTagOutput.writeAll(journal, Array(line.utf8), path: journalPath)
    }

    /// Syncs the partial output, renames it to `path` and removes the journal.
    func finish() throws {
        try flush()
        // As AtomicFileWriter's outputs: a replaced file's bits, else the umask's.
        fchmod(descriptor, OutputPermissions.forOutput(at: path))
        guard fsync(descriptor) == 0 else { throw ResumableTagOutput.error("cannot sync the output", at: partialPath) }
        guard rename(partialPath, path) == 0 else { throw ResumableTagOutput.error("cannot move the finished output into place", at: path) }
        InterruptCleanup.setInterruptMessage(nil)
        close(journal)
        journal = -1
        unlink(journalPath)
        // Closing lets go of the lock, so only now may another run take the name.
        close(descriptor)
        descriptor = -1
        finished = true
    }

    /// Removes the partial output and the journal: the run stopped for good (`--strict` met a bad
    /// document, which a resumed `--strict` run would meet again), and `--strict` leaves no output.
    func discard() {
        unlink(partialPath)
        unlink(journalPath)
        if journal >= 0 { close(journal) }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        journal = -1
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error("write failed", at: path)
            }
            offset += count
        }
    }

    static func error(_ message: String, at path: String) -> SpanCoderError {
        SpanCoderError(.output, "\(message): \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
    }

    /// The hash of everything that shapes a run's output, for the journal header.
    static func parametersHash(_ fields: [String], lexiconDirectory: String) -> String {
        var hasher = FNV1a()
        for field in fields { hasher.add(field) }
        // The lexicon files' bytes, in sorted path order: editing a term changes the output.
        let root = URL(fileURLWithPath: lexiconDirectory)
        if let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            var files: [String] = []
            for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files.append(url.path)
            }
            for file in files.sorted() {
                hasher.add(String(file.dropFirst(root.path.count)))
                if let data = FileManager.default.contents(atPath: file) { hasher.add(bytes: data) }
            }
        }
        return String(hasher.value, radix: 16)
    }
}

/// Counts and hashes the input items a run consumes (ids, texts, metadata), so a resumed run can check
/// that it skips the same documents with the same content: a document edited since the interruption
/// would otherwise keep its old tags in the output.
final class InputTracker: @unchecked Sendable {
    static let seed = FNV1a().value
    private(set) var consumed = 0
    private var hasher = FNV1a()
    var inputsHash: UInt64 { hasher.value }

    func record(_ item: Result<Document, SpanCoderError>) {
        consumed += 1
        switch item {
        case .success(let document):
            // Each field with its length first: ("a", "bc…") and ("ab", "c…") must not hash alike.
            hasher.addField("d" + document.id)
            hasher.addField(document.text)
            for key in document.metadata.keys.sorted() {
                hasher.addField(key)
                hasher.addField(document.metadata[key]!)
            }
        case .failure(let error): hasher.add("e" + (error.location?.description ?? error.message))
        }
    }
}

extension TaggingPipeline {
    /// Runs a stream-format tag into a file resumably (see `ResumableTagOutput`).
    static func runResumable(_ options: TagOptions, inputs documents: DocumentInputs, renderer: TagRenderer, runner: TaggingRunner,
                             tag: @escaping TaggingRunner.ChunkTagger,
                             note: (String) -> Void,
                             onSkip: (SpanCoderError) -> Void, onProgress: (TaggingProgress) -> Void,
                             onFinish: (Result<Document, SpanCoderError>) -> Void = { _ in }) throws -> TaggingSummary {
        let path = options.output!
        let inputs = options.inputs.map { $0 == "-" ? "-" : (URL(fileURLWithPath: $0).standardizedFileURL.path) }
        let parameters = ResumableTagOutput.parametersHash(
            ["format=\(options.format.rawValue)", "unit=\(options.unit.rawValue)", "threshold=\(options.threshold ?? ClassifierOptions().threshold)",
             "all-spans=\(options.allSpans)", "doc-codes=\(options.documentCodes)", "blind=\(options.blind)",
             "code-headings=\(options.codeHeadings)", "lead-in-codes=\(options.leadInCodes)", "code-definitions=\(options.codeDefinitions)",
             "doc-rule=\(options.documentRule.minSpans),\(options.documentRule.minScore)", "encoding=\(options.encoding ?? "auto")",
             "max-document-bytes=\(options.maxDocumentBytes.map(String.init) ?? "none")",
             "inputs=\(inputs.joined(separator: "\u{0}"))"],
            lexiconDirectory: options.lexicons)
        let file = try ResumableTagOutput(path: path, parameters: parameters, resume: options.resume, note: note)
        let start = file.resumedFrom

        // Skip what the interrupted run finished, checking it is the same input.
        let tracker = InputTracker()
        var iterator = documents.makeIterator()
        while tracker.consumed < start.consumed {
            guard let item = iterator.next() else { break }
            tracker.record(item)
            onFinish(item)
        }
        if tracker.consumed != start.consumed || tracker.inputsHash != start.inputsHash {
            throw SpanCoderError(.usage, "the inputs changed since the interrupted run (its first \(start.consumed) documents are not the same: ids, texts or metadata); rerun without --resume to start over",
                                 at: SourceLocation(file: file.journalPath))
        }
        if let resuming = file.resumingNote { note(resuming) }

        let output = TagOutput(renderer: renderer, writeBytes: { try file.write(bytes: $0) })
        output.resume(afterDocuments: start.documents)
        var checkpointError: Error?
        var summary: TaggingSummary
        do {
            summary = try runner.run(
                documents: IteratorSequence(iterator), output: output, onSkip: onSkip,
                onProgress: { progress in
                    // The tracker has recorded exactly the items written or skipped so far (not those
                    // read ahead).
                    if checkpointError == nil {
                        do {
                            try file.checkpoint(consumed: tracker.consumed, documents: start.documents + progress.documents,
                                                skipped: start.skipped + progress.skipped, inputsHash: tracker.inputsHash)
                        } catch {
                            checkpointError = error
                            note("spancoder: warning: \(error); this run can no longer be resumed if interrupted")
                        }
                    }
                    onProgress(progress)
                }, onFinish: { tracker.record($0); onFinish($0) }, tagChunk: tag)
        } catch let error as SpanCoderError where options.strict && error.kind != .output {
            // --strict stopped at a bad document: no output, and nothing to resume (a resumed --strict
            // run meets the same document). Output errors (a full disk) stay resumable. A run that
            // resumed an earlier one keeps the files: they hold that run's work, which a resume
            // without --strict can finish.
            if start.consumed == 0 {
                file.discard()
            } else {
                note("spancoder: note: keeping the partial output of the resumed run (\(file.partialPath)); rerun with --resume and without --strict to skip the bad document")
            }
            throw error
        }
        if summary.readNoDocument && start.documents == 0 {
            // Every input consumed and none read (the interrupted run, if any, read none either):
            // nothing to resume and nothing to write; the previous output stays.
            file.discard()
            summary.withheldOutput = path
        } else {
            try output.finish()
            try file.finish()
        }
        // The whole output's counts: documents the interrupted run wrote, and one line for what it skipped.
        summary.documents += start.documents
        if start.skipped > 0 {
            summary.skipped.insert(SpanCoderError(.badInput, "\(start.skipped) document\(start.skipped == 1 ? "" : "s") skipped by the interrupted run (reported then)",
                                                  at: SourceLocation(file: file.journalPath)), at: 0)
        }
        return summary
    }
}
