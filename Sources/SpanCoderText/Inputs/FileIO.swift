import SpanCoderCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX file helpers: whole-file reads in one go (much faster than `String(contentsOfFile:)`),
/// buffered line reads for corpora too large to hold, and directory listings.
enum FileIO {
    enum Kind: Equatable {
        case file, directory, other, missing
        /// A symbolic link whose target is missing, or a chain of links that leads back to itself.
        case brokenLink(loop: Bool)
    }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let loop = errno == ELOOP
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return .missing }
            return .brokenLink(loop: loop)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Size in bytes of a file, or nil when it cannot be read.
    static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Device and inode of a folder, to notice symbolic-link cycles.
    static func identity(of path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    /// Reads a whole file (`FileReader`, shared with the other modules' inputs).
    static func readAll(path: String) throws -> [UInt8] {
        try FileReader.readAll(path: path)
    }

    static func readAll(fd: Int32, name: String, sizeHint: Int = 0, prefix: [UInt8] = []) throws -> [UInt8] {
        try FileReader.readAll(fd: fd, name: name, sizeHint: sizeHint, prefix: prefix)
    }

    /// Names in a folder (not "." or ".."), sorted by their UTF-8 bytes.
    static func list(directory path: String) throws -> [String] {
        guard let dir = opendir(path) else {
            throw SpanCoderError(.badInput, "cannot read folder: \(errorText())", at: SourceLocation(file: path))
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        // Compared in place: copying both names into arrays for every comparison made sorting a folder
        // of 100,000 files a tenth of `segment`'s time on it.
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

/// Reads lines from a file descriptor with a fixed-size buffer, so memory stays flat however large
/// the file is (a single line is held whole).
final class LineReader {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// 1-based number of the line returned last.
    private(set) var lineNumber = 0
    /// Byte offset in the file of the line returned last.
    private(set) var lineOffset = 0
    private var nextOffset = 0
    let name: String

    init(fd: Int32, name: String, ownsDescriptor: Bool, initial: [UInt8] = []) {
        self.fd = fd
        self.name = name
        self.ownsDescriptor = ownsDescriptor
        self.buffer = [UInt8](repeating: 0, count: max(1 << 20, initial.count * 2))
        buffer.replaceSubrange(0..<initial.count, with: initial)
        end = initial.count
    }

    convenience init(path: String) throws {
        self.init(fd: try FileReader.open(path), name: path, ownsDescriptor: true)
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Calls `body` with the next line (without its "\n" or "\r\n"), or returns false at the end.
    func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        var scanFrom = start
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { all in
                guard scanFrom < end else { return nil }
                guard let hit = memchr(all.baseAddress! + scanFrom, 0x0A, end - scanFrom) else { return nil }
                return UnsafeRawPointer(hit) - UnsafeRawPointer(all.baseAddress!)
            }
            if let newline = found {
                return try emit(upTo: newline, consumed: newline + 1, body)
            }
            if atEOF {
                if start == end { return nil }
                return try emit(upTo: end, consumed: end, body)
            }
            scanFrom = end - start  // all bytes up to `end` are scanned; fill() moves them to the front
            try fill()
        }
    }

    private func emit<R>(upTo lineEnd: Int, consumed: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        var stop = lineEnd
        if stop > start, buffer[stop - 1] == 0x0D { stop -= 1 }
        lineNumber += 1
        lineOffset = nextOffset
        nextOffset += consumed - start
        let lineStart = start
        start = consumed
        return try buffer.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[lineStart..<stop]))
        }
    }

    /// Reads more bytes, first moving the unfinished line to the front (and growing the buffer when
    /// the line fills it).
    private func fill() throws {
        if start > 0 {
            let pending = end - start
            buffer.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, pending)
            }
            start = 0
            end = pending
        }
        if end == buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: buffer.count))
        }
        while true {
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + end, raw.count - end) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SpanCoderError(.badInput, "read failed: \(FileIO.errorText())", at: SourceLocation(file: name, byteOffset: nextOffset + end))
            }
            if n == 0 { atEOF = true }
            end += n
            return
        }
    }

    /// Everything left unread, for callers that decide after a peek that the input is not line-based.
    func readRest() throws -> [UInt8] {
        let buffered = Array(buffer[start..<end])
        start = end
        if atEOF { return buffered }
        return try FileIO.readAll(fd: fd, name: name, prefix: buffered)
    }

    /// Up to `count` of the bytes not yet returned (fewer at the end of the input), reading as needed;
    /// they are returned again by `nextLine`.
    func peek(_ count: Int) throws -> [UInt8] {
        while end - start < count, !atEOF { try fill() }
        return Array(buffer[start..<min(end, start + count)])
    }

    /// The first byte that is not white space or a UTF-8 byte-order mark, reading as needed.
    func peekFirstSignificantByte() throws -> UInt8? {
        var i = start
        while true {
            while i < end {
                let byte = buffer[i]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xEF || byte == 0xBB || byte == 0xBF {
                    i += 1
                    continue
                }
                return byte
            }
            if atEOF { return nil }
            let before = start
            try fill()
            i -= before - start
        }
    }
}
