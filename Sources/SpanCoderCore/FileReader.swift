#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with POSIX calls (no `Data` bridging or copying on the way), shared by every
/// module that loads an input file, so that a missing file, a folder or a read error is reported the
/// same way everywhere: as `SpanCoderError.badInput` with the path.
public enum FileReader {
    /// Opens `path` for reading.
    /// - Throws: `SpanCoderError.badInput` when the path is missing ("no such file"), a folder or
    ///   cannot be opened.
    public static func open(_ path: String) throws -> Int32 {
        let fd = openFile(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(errno)))"
            throw SpanCoderError(.badInput, reason, at: SourceLocation(file: path))
        }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw SpanCoderError(.badInput, "is a folder, expected a file", at: SourceLocation(file: path))
        }
        return fd
    }

    /// The whole content of `path` (a file, or a pipe such as `/dev/stdin`).
    /// - Throws: `SpanCoderError.badInput` as `open(_:)` does, or when a read fails.
    public static func readAll(path: String) throws -> [UInt8] {
        let fd = try open(path)
        defer { close(fd) }
        var info = stat()
        let sizeHint = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
        return try readAll(fd: fd, name: path, sizeHint: sizeHint)
    }

    /// Everything left to read from `fd`, after `prefix` (bytes the caller already read from it).
    /// Reads straight into the result's storage, doubling it as needed.
    /// - Throws: `SpanCoderError.badInput` naming `name` and the byte offset when a read fails.
    public static func readAll(fd: Int32, name: String, sizeHint: Int = 0, prefix: [UInt8] = []) throws -> [UInt8] {
        var capacity = max(prefix.count + max(sizeHint, 0) + 1, 1 << 16)
        var bytes = prefix
        var failure: Int32 = 0
        while true {
            let before = bytes.count
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                if before > 0 {
                    _ = bytes.withUnsafeBufferPointer { memcpy(buffer.baseAddress!, $0.baseAddress!, before) }
                }
                count = before
                while count < capacity {
                    let got = read(fd, buffer.baseAddress! + count, capacity - count)
                    if got < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if got == 0 { return }
                    count += got
                }
            }
            if failure != 0 {
                throw SpanCoderError(.badInput, "read failed: \(String(cString: strerror(failure)))",
                                     at: SourceLocation(file: name, byteOffset: bytes.count))
            }
            if bytes.count < capacity { return bytes }  // end of file
            capacity *= 2
        }
    }
}

/// `open(2)`, named so that `FileReader.open` can call it.
private func openFile(_ path: String, _ flags: Int32) -> Int32 {
    open(path, flags)
}
