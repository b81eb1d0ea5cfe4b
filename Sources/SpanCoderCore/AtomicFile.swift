#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that appears at its path only when it is complete.
///
/// Bytes go to a temporary file beside the destination; `commit()` flushes, fsyncs and renames it into
/// place, so a reader never sees half a file and an interrupted run never replaces a good output with a
/// truncated one. Dropping the writer without committing removes the temporary file.
public final class AtomicFileWriter {
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 20
    private var finished = false

    /// Opens a temporary file next to `path`.
    /// - Throws: `SpanCoderError.output` when the folder is missing or not writable.
    public init(path: String) throws {
        self.path = path
        let directory = AtomicFileWriter.directory(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? "output"
        var template = Array("\(directory)/.\(base).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw SpanCoderError(.output, "cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
        }
        self.descriptor = fd
        self.temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        buffer.reserveCapacity(bufferLimit)
    }

    deinit {
        if !finished {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends UTF-8 text.
    public func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= bufferLimit { try flush() }
    }

    /// Appends raw bytes.
    public func write<Bytes: Sequence>(bytes: Bytes) throws where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferLimit { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw SpanCoderError(.output, "write failed: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Makes the file visible at `path`, replacing any previous file there.
    public func commit() throws {
        precondition(!finished, "AtomicFileWriter committed twice")
        try flush()
        fchmod(descriptor, 0o644)
        fsync(descriptor)
        close(descriptor)
        finished = true
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw SpanCoderError(.output, "cannot move the finished output into place: \(reason)", at: SourceLocation(file: path))
        }
    }

    /// Writes `bytes` to `path` atomically in one call.
    public static func write<Bytes: Sequence>(_ bytes: Bytes, to path: String) throws where Bytes.Element == UInt8 {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(bytes: bytes)
        try writer.commit()
    }

    /// Writes `text` as UTF-8 to `path` atomically in one call.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }
}
