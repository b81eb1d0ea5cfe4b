import Foundation
import SpanCoderCore
import Testing

/// Replacing an output by rename makes a new file: it must not widen a file its owner restricted.
@Suite struct AtomicFileWriterTests {
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func aReplacedOutputKeepsItsPermissionsAndANewOneFollowsTheUmask() throws {
        let folder = NSTemporaryDirectory() + "spancoder-atomic-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/coding.jsonl"
        try AtomicFileWriter.write("first\n", to: path)
        #expect(try Self.mode(path) == Int(0o666 & ~OutputPermissions.umask))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try AtomicFileWriter.write("second\n", to: path)
        #expect(try Self.mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
    }
}
