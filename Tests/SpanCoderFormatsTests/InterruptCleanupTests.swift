import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderFormats

/// The registry behind the signal handler (`InterruptCleanup`): atomic writers register their
/// temporaries while they are open and release them once renamed into place; removal does what the
/// handler does. (The signal itself is tested on the real binary in `InterruptTests`.)
@Suite struct InterruptCleanupTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "spancoder-cleanup-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func atomicFileWriterRegistersItsTemporaryUntilCommitted() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try AtomicFileWriter(path: folder + "/out.jsonl")
        try writer.write("{}\n")
        let temporary = try #require(Self.entries(folder).first)
        #expect(temporary.hasPrefix(".out.jsonl.tmp-"))
        #expect(InterruptCleanup.isRegistered(folder + "/" + temporary))
        try writer.commit()
        #expect(!InterruptCleanup.isRegistered(folder + "/" + temporary))
        #expect(Self.entries(folder) == ["out.jsonl"])
        // What is committed is never removed.
        #expect(InterruptCleanup.removeRegistered(under: folder + "/") == 0)
        #expect(Self.entries(folder) == ["out.jsonl"])
    }

    @Test func removalDeletesAnUncommittedTemporary() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try AtomicFileWriter(path: folder + "/out.jsonl")
        try writer.write("{}\n")
        #expect(Self.entries(folder).count == 1)
        #expect(InterruptCleanup.removeRegistered(under: folder + "/") == 1)
        #expect(Self.entries(folder).isEmpty)
        #expect(throws: SpanCoderError.self) { try writer.commit() }
    }

    @Test func droppedWriterReleasesItsRegistration() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var temporary = ""
        do {
            let writer = try AtomicFileWriter(path: folder + "/out.jsonl")
            temporary = folder + "/" + (Self.entries(folder).first ?? "")
            #expect(InterruptCleanup.isRegistered(temporary))
            _ = writer
        }
        #expect(!InterruptCleanup.isRegistered(temporary))
        #expect(Self.entries(folder).isEmpty)
    }

    @Test func folderOutputRegistersItsWorkFolderUntilFinished() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let renderer = TagRenderer(format: .html, options: TagOutputOptions())
        let output = try TagOutput(renderer: renderer, folder: folder + "/html")
        let work = try #require(Self.entries(folder).first)
        #expect(work.hasPrefix(".html.tmp-"))
        #expect(InterruptCleanup.isRegistered(folder + "/" + work))
        // Pages in it, as a run writes them; removal empties the folder and removes it.
        for i in 0..<50 { try TagOutput.writeFile("<p>\(i)</p>", to: folder + "/" + work + "/d\(i).html") }
        #expect(InterruptCleanup.removeRegistered(under: folder + "/") == 1)
        #expect(Self.entries(folder).isEmpty)
        _ = output
    }

    @Test func finishedFolderOutputIsReleased() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let renderer = TagRenderer(format: .html, options: TagOutputOptions())
        let output = try TagOutput(renderer: renderer, folder: folder + "/html")
        try output.finish()
        #expect(Self.entries(folder) == ["html"])
        #expect(InterruptCleanup.removeRegistered(under: folder + "/") == 0)
        #expect(Self.entries(folder + "/html").contains("index.html"))
    }

    /// Replacing a folder output swaps it with the finished work folder in one step: there is no moment
    /// when a signal's removal of the (registered) work path could take the new output.
    @Test func exchangeSwapsTwoFoldersInOneStep() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let a = folder + "/a", b = folder + "/b"
        try FileManager.default.createDirectory(atPath: a, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: b, withIntermediateDirectories: false)
        try "old".write(toFile: a + "/marker", atomically: false, encoding: .utf8)
        try "new".write(toFile: b + "/marker", atomically: false, encoding: .utf8)
        try #require(InterruptCleanup.exchange(b, a), "renameat2(RENAME_EXCHANGE) is not supported on this file system")
        #expect(try String(contentsOfFile: a + "/marker", encoding: .utf8) == "new")
        #expect(try String(contentsOfFile: b + "/marker", encoding: .utf8) == "old")
        #expect(!InterruptCleanup.exchange(b, folder + "/missing"))
    }
}
