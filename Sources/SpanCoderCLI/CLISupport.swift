import Foundation
import ArgumentParser
import SpanCoderCore
import SpanCoderLexicon

#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error.
/// The closing lines of a run that skipped documents (hostile-input.md's `skipped N of M documents:`),
/// the same for every command: `count` of `total` skipped, with the first `limit` of `reasons` repeated
/// (each was reported when it happened, but a long run buries them), then a count of the rest.
func skippedDocumentsReport(_ count: Int, of total: Int, reasons: [SpanCoderError], limit: Int = 20) -> [String] {
    guard count > 0 else { return [] }
    var lines = ["spancoder: skipped \(count) of \(total) document\(total == 1 ? "" : "s"):"]
    for error in reasons.prefix(limit) { lines.append("  \(error)") }
    if count > min(limit, reasons.count) { lines.append("  … and \(count - min(limit, reasons.count)) more (reported above)") }
    return lines
}

/// The line for standard error when a run read no document (`TaggingSummary.readNoDocument`): why
/// (every input that was there failed, or the inputs hold no document), and what became of the output
/// file or folder `path`, which was not written: the previous one, if any, stays. `path` nil: the output
/// went to standard output, which got what the format writes for no document.
func noDocumentReadNote(output path: String?, skipped: Int) -> String {
    let reason = skipped > 0 ? "no document could be read" : "the inputs hold no document"
    guard let path else { return "spancoder: \(reason)" }
    return access(path, F_OK) == 0
        ? "spancoder: \(reason), so \(path) was left as it was (not replaced by an empty output)"
        : "spancoder: \(reason), so \(path) was not written"
}

/// A warning for a bootstrap too small to give a 95% percentile interval worth reporting: its ends are
/// the 2.5th and 97.5th of a handful of values (with one resample, the point estimate twice).
func bootstrapWarning(_ replicates: Int) -> String? {
    guard (1..<200).contains(replicates) else { return nil }
    return "spancoder: warning: --bootstrap \(replicates): a 95% interval from fewer than 200 resamples is rough (its ends are the 2.5th and 97.5th percentiles of \(replicates) value\(replicates == 1 ? "" : "s")); 1000 or more is usual"
}

func printError(_ message: String) {
    var line = message
    line += "\n"
    line.withUTF8 { bytes in _ = writeAll(fd: 2, bytes) }
}

/// Runs a subcommand body and turns a `SpanCoderError` into a message on standard error and the exit code
/// of its kind; any other error is reported as an internal error.
func runReportingErrors(_ body: () async throws -> ExitStatus) async throws {
    let status: ExitStatus
    do {
        status = try await body()
    } catch let error as SpanCoderError {
        printError("spancoder: error: \(error)")
        status = ExitStatus(error.kind)
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("spancoder: internal error: \(error)")
        status = .internal
    }
    if status != .success { throw ExitCode(status.rawValue) }
}

/// Where a command's main output goes: standard output, or a file written atomically (it appears only
/// when complete, replacing any earlier file).
///
/// A failed write to standard output (a full disk behind a redirection, a closed pipe with SIGPIPE
/// ignored) is an output error, never silently dropped output.
final class OutputSink {
    private let file: AtomicFileWriter?
    private var stdoutBuffer: [UInt8] = []
    private static let stdoutBufferLimit = 1 << 16

    init(path: String?) throws {
        if let path, path != "-" {
            file = try AtomicFileWriter(path: path)
        } else {
            file = nil
        }
    }

    /// Writes to `path`, already classified as `destination`.
    init(path: String, destination: OutputDestination) throws {
        file = try AtomicFileWriter(path: path, destination: destination)
    }

    func write(_ text: String) throws {
        try write(bytes: text.utf8)
    }

    func write<Bytes: Sequence>(bytes: Bytes) throws where Bytes.Element == UInt8 {
        if let file {
            try file.write(bytes: bytes)
            return
        }
        // A large contiguous piece (a document's JSONL) goes out as it is instead of through the buffer.
        let direct: Void?? = try bytes.withContiguousStorageIfAvailable { chunk -> Void? in
            guard chunk.count >= OutputSink.stdoutBufferLimit else { return nil }
            try flushStdout()
            try OutputSink.writeStdout(chunk)
            return ()
        }
        if case .some(.some) = direct { return }
        stdoutBuffer.append(contentsOf: bytes)
        if stdoutBuffer.count >= OutputSink.stdoutBufferLimit { try flushStdout() }
    }

    /// Completes the output: renames the file into place, or flushes standard output.
    func finish() throws {
        if let file {
            try file.commit()
        } else {
            try flushStdout()
        }
    }

    private func flushStdout() throws {
        guard !stdoutBuffer.isEmpty else { return }
        try stdoutBuffer.withUnsafeBufferPointer { try OutputSink.writeStdout($0) }
        stdoutBuffer.removeAll(keepingCapacity: true)
    }

    private static func writeStdout(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if let failure = writeAll(fd: 1, bytes) {
            let reason = failure == EPIPE ? "the reader closed the pipe" : String(cString: strerror(failure))
            throw SpanCoderError(.output, "cannot write to standard output: \(reason)")
        }
    }
}

/// Writes all of `bytes` to a file descriptor, retrying short and interrupted writes; nil when done,
/// else the `errno` of the write that failed.
@discardableResult
func writeAll(fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    var offset = 0
    while offset < bytes.count {
        let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return nil
}

/// The codes of `--codes PATH`: a code list file (`CodeList`), or a lexicon set folder, whose taxonomy
/// gives the codes in its order (`--codes Lexicons/us-china-ai-governance`).
func readCodeList(_ path: String) throws -> [String] {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        return try LexiconSet.load(directory: path).taxonomy.codes.map(\.id)
    }
    return try CodeList.read(path: path)
}

/// `tag` and `lexicon explain` take the same thresholds: a finite score above 0. At 0 or below, every code
/// with any evidence would pass, which no lexicon weight means; infinity would propose nothing.
func validateThreshold(_ threshold: Double) throws {
    guard threshold.isFinite, threshold > 0 else {
        throw SpanCoderError(.usage, "--threshold must be a finite number greater than 0 (got \(threshold))")
    }
}
