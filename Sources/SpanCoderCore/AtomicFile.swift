#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What an output path names, once symbolic links are followed.
public enum OutputDestination: Equatable, Sendable {
    /// A regular file, or no file yet: written beside it and renamed into place. The path is the
    /// link's target when the given path is a symbolic link, so the link stays a link.
    case file(String)
    /// A device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, a named pipe): written in place.
    /// Renaming a finished file over it would replace the device or pipe with a regular file, which
    /// for `/dev/null`, run as root, breaks every other program on the machine.
    case stream(String)

    /// The path bytes go to.
    public var path: String {
        switch self {
        case .file(let path), .stream(let path): path
        }
    }

    /// Classifies `path`, following symbolic links (also dangling ones: the file is then created where
    /// the link points).
    /// - Throws: `SpanCoderError.output` when `path` is a folder or a loop of links.
    public static func of(_ path: String) throws -> OutputDestination {
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                return .file(resolved(path) ?? path)
            case S_IFDIR:
                throw SpanCoderError(.output, "the output path is a folder; name a file", at: SourceLocation(file: path))
            default:
                // Opened by the given name: /dev/stdout's links end in names like "pipe:[1234]".
                return .stream(path)
            }
        }
        // Nothing there yet, or a dangling link: create the file where the links lead.
        var current = path
        for _ in 0..<40 {
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, let target = linkTarget(current) else {
                return .file(current)
            }
            current = target.hasPrefix("/") ? target : AtomicFileWriter.directory(of: current) + "/" + target
        }
        throw SpanCoderError(.output, "too many levels of symbolic links", at: SourceLocation(file: path))
    }

    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private static func linkTarget(_ path: String) -> String? {
        var bytes = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &bytes, bytes.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: bytes[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// An output file that appears at its path only when it is complete.
///
/// Bytes go to a temporary file beside the destination; `commit()` flushes, fsyncs and renames it into
/// place, so a reader never sees half a file and an interrupted run never replaces a good output with a
/// truncated one. Dropping the writer without committing removes the temporary file, and so does a
/// SIGINT, SIGTERM or SIGHUP that ends the process meanwhile (`InterruptCleanup`). A symbolic link
/// is followed (its target is replaced, the link stays); a device, FIFO or socket is written in place
/// (`OutputDestination.stream`), since it cannot be replaced atomically and must not be replaced at all.
public final class AtomicFileWriter {
    public let path: String
    /// The temporary file, or nil when writing in place to a device, FIFO or socket.
    private let temporaryPath: String?
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 20
    private var finished = false
    /// Removes the temporary file if a signal ends the process before `commit()` or `deinit`.
    private let cleanup: InterruptCleanup.Registration?
    /// Where the bytes end up: `path`, or the file its symbolic links lead to.
    private let destinationPath: String

    /// Opens a temporary file next to `path` (next to the file a symbolic link points to), or `path`
    /// itself when it is a device, FIFO or socket.
    /// - Throws: `SpanCoderError.output` when the folder is missing or not writable, or `path` is a folder.
    public convenience init(path: String) throws {
        try self.init(path: path, destination: OutputDestination.of(path))
    }

    /// `init(path:)` for a caller that has classified `path` already (`OutputDestination.of(path)`), so
    /// that what it decided from the classification and what is opened agree.
    public init(path: String, destination: OutputDestination) throws {
        self.path = path
        if case .stream(let device) = destination {
            let fd = open(device, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw SpanCoderError(.output, "cannot open for writing: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
            }
            self.descriptor = fd
            self.temporaryPath = nil
            self.destinationPath = device
            self.cleanup = nil
            return
        }
        let target = destination.path
        self.destinationPath = target
        let directory = AtomicFileWriter.directory(of: target)
        let base = target.split(separator: "/").last.map(String.init) ?? "output"
        guard let made = InterruptCleanup.makeTemporaryFile(template: "\(directory)/.\(base).tmp-XXXXXX") else {
            throw SpanCoderError(.output, "cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
        }
        self.descriptor = made.descriptor
        self.temporaryPath = made.path
        self.cleanup = made.registration
        buffer.reserveCapacity(bufferLimit)
    }

    deinit {
        if !finished {
            close(descriptor)
            if let temporaryPath { unlink(temporaryPath) }
            cleanup?.release()
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

    /// Makes the file visible at `path`, replacing any previous file there (for a device, FIFO or
    /// socket: writes what is buffered and closes it).
    public func commit() throws {
        precondition(!finished, "AtomicFileWriter committed twice")
        try flush()
        guard let temporaryPath else {
            close(descriptor)
            finished = true
            return
        }
        // The temporary is 0600 (mkstemp): the output gets its own bits, or the umask's. The owner is
        // whoever runs the command.
        fchmod(descriptor, OutputPermissions.forOutput(at: destinationPath))
        fsync(descriptor)
        close(descriptor)
        finished = true
        // Released after the rename (or the unlink): in between, a signal's unlink of the temporary
        // name finds nothing.
        defer { cleanup?.release() }
        guard rename(temporaryPath, destinationPath) == 0 else {
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

    /// The folder `path` is written in: what comes before its last "/", "/" for a file at the root,
    /// "." for a bare name.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }
}
