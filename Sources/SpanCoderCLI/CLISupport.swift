import ArgumentParser
import SpanCoderCore

#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error.
func printError(_ message: String) {
    var line = message
    line += "\n"
    line.withUTF8 { bytes in writeAll(fd: 2, bytes) }
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
final class OutputSink {
    private let file: AtomicFileWriter?
    private var stdoutBuffer: [UInt8] = []

    init(path: String?) throws {
        if let path, path != "-" {
            file = try AtomicFileWriter(path: path)
        } else {
            file = nil
        }
    }

    func write(_ text: String) throws {
        try write(bytes: text.utf8)
    }

    func write<Bytes: Sequence>(bytes: Bytes) throws where Bytes.Element == UInt8 {
        if let file {
            try file.write(bytes: bytes)
        } else {
            stdoutBuffer.append(contentsOf: bytes)
            if stdoutBuffer.count >= 1 << 16 { flushStdout() }
        }
    }

    /// Completes the output: renames the file into place, or flushes standard output.
    func finish() throws {
        if let file {
            try file.commit()
        } else {
            flushStdout()
        }
    }

    private func flushStdout() {
        stdoutBuffer.withUnsafeBufferPointer { writeAll(fd: 1, $0) }
        stdoutBuffer.removeAll(keepingCapacity: true)
    }
}

/// Writes all of `bytes` to a file descriptor, retrying short writes.
func writeAll(fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
    var offset = 0
    while offset < bytes.count {
        let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += written
    }
}
