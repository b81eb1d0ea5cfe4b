import CICU
import SpanCoderCore
@testable import SpanCoderText

#if canImport(Glibc)
import Glibc
#endif

/// Paths and files for tests. The package root may have any name; `../shared` sits beside it.
enum TestSupport {
    static let packageRoot: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }  // …/Tests/SpanCoderTextTests/x.swift
        return path
    }()

    static let sharedCorpusTexts = packageRoot + "/../shared/corpus/texts"

    static func corpusFiles() throws -> [String] {
        try FileIO.list(directory: sharedCorpusTexts).filter { $0.hasSuffix(".txt") }.map { sharedCorpusTexts + "/" + $0 }
    }

    static func read(_ path: String) throws -> [UInt8] { try FileIO.readAll(path: path) }

    /// A fresh empty folder under /tmp, removed by the caller with `remove(_:)`.
    static func makeTemporaryFolder() -> String {
        var template = Array("/tmp/spancoder-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static func remove(_ path: String) {
        if FileIO.kind(of: path) == .directory {
            for name in (try? FileIO.list(directory: path)) ?? [] { remove(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try AtomicFileWriter.write(bytes, to: path)
    }

    /// `text` encoded in `charset` with ICU.
    static func encode(_ text: String, as charset: String) -> [UInt8] {
        let source = Array(text.utf8)
        var out = [UInt8](repeating: 0, count: source.count * 2 + 16)
        let written = source.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                sc_convert_from_utf8(charset, input.baseAddress!, Int64(input.count), output.baseAddress!, Int64(output.count))
            }
        }
        precondition(written >= 0 && Int(written) <= out.count, "ICU could not encode as \(charset)")
        return Array(out[0..<Int(written)])
    }
}
