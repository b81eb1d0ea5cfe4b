import ArgumentParser
import SpanCoderCore
import Testing
@testable import SpanCoderCLI

#if canImport(Glibc)
import Glibc
#endif

/// Golden-output tests for `spancoder segment`, run in-process with `--output` to a temporary file.
/// The expected offsets were checked against Python's str, UTF-16 and UTF-8 slicing of the same text.
@Suite struct SegmentCommandTests {
    final class Folder {
        let path: String
        init() {
            var template = Array("/tmp/spancoder-cli-XXXXXX".utf8CString)
            _ = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        deinit {
            if let dir = opendir(path) {
                while let entry = readdir(dir) {
                    let name = withUnsafePointer(to: &entry.pointee.d_name) {
                        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                    }
                    if name != "." && name != ".." { unlink(path + "/" + name) }
                }
                closedir(dir)
            }
            rmdir(path)
        }
        func write(_ name: String, _ bytes: [UInt8]) throws { try AtomicFileWriter.write(bytes, to: path + "/" + name) }
        func read(_ name: String) -> String? {
            guard let bytes = try? readBytes(path + "/" + name) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        private func readBytes(_ file: String) throws -> [UInt8] {
            let fd = open(file, O_RDONLY)
            guard fd >= 0 else { throw SpanCoderError(.badInput, "missing") }
            defer { close(fd) }
            var out: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
                if n <= 0 { break }
                out += chunk[0..<n]
            }
            return out
        }
    }

    /// Runs `spancoder ARGS` and returns its exit status.
    func run(_ arguments: [String]) async throws -> Int32 {
        var command = try SpanCoderCommand.parseAsRoot(arguments)
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        }
    }

    let mixed = "第一条 提供者应当依法备案。\r\n（一）AI 生成内容应当标识；不得歧视。\r\nThe U.S. agency shall red-team 𠮷 models. Dr. Lee agreed 😀.\n"

    @Test func jsonlGoldenInEveryOffsetUnit() async throws {
        let folder = Folder()
        try folder.write("doc.txt", Array(mixed.utf8))
        let golden: [String: String] = [
            "codepoint": """
            {"doc":"doc","start":0,"end":14,"lang":"zh","text":"第一条 提供者应当依法备案。"}
            {"doc":"doc","start":16,"end":36,"lang":"zh","text":"（一）AI 生成内容应当标识；不得歧视。"}
            {"doc":"doc","start":38,"end":78,"lang":"en","text":"The U.S. agency shall red-team 𠮷 models."}
            {"doc":"doc","start":79,"end":96,"lang":"en","text":"Dr. Lee agreed 😀."}

            """,
            "utf16": """
            {"doc":"doc","start":0,"end":14,"lang":"zh","text":"第一条 提供者应当依法备案。"}
            {"doc":"doc","start":16,"end":36,"lang":"zh","text":"（一）AI 生成内容应当标识；不得歧视。"}
            {"doc":"doc","start":38,"end":79,"lang":"en","text":"The U.S. agency shall red-team 𠮷 models."}
            {"doc":"doc","start":80,"end":98,"lang":"en","text":"Dr. Lee agreed 😀."}

            """,
            "utf8": """
            {"doc":"doc","start":0,"end":40,"lang":"zh","text":"第一条 提供者应当依法备案。"}
            {"doc":"doc","start":42,"end":96,"lang":"zh","text":"（一）AI 生成内容应当标识；不得歧视。"}
            {"doc":"doc","start":98,"end":141,"lang":"en","text":"The U.S. agency shall red-team 𠮷 models."}
            {"doc":"doc","start":142,"end":162,"lang":"en","text":"Dr. Lee agreed 😀."}

            """,
        ]
        for (unit, expected) in golden {
            let status = try await run(["segment", folder.path + "/doc.txt", "--offsets", unit, "--output", folder.path + "/out-\(unit).jsonl"])
            #expect(status == 0)
            #expect(folder.read("out-\(unit).jsonl") == expected, "\(unit)")
        }
    }

    @Test func clausesAsTSV() async throws {
        let folder = Folder()
        try folder.write("doc.txt", Array(mixed.utf8))
        #expect(try await run(["segment", folder.path + "/doc.txt", "--unit", "clause", "--format", "tsv", "-o", folder.path + "/out.tsv"]) == 0)
        #expect(folder.read("out.tsv") == """
            doc\tstart\tend\tlang\ttext
            doc\t0\t14\tzh\t第一条 提供者应当依法备案。
            doc\t16\t31\tzh\t（一）AI 生成内容应当标识；
            doc\t31\t36\tzh\t不得歧视。
            doc\t38\t78\ten\tThe U.S. agency shall red-team 𠮷 models.
            doc\t79\t96\ten\tDr. Lee agreed 😀.

            """)
    }

    @Test func badDocumentsAreSkippedWithStatusOneOrFatalWithStrict() async throws {
        let folder = Folder()
        try folder.write("a.txt", Array("Good text.".utf8))
        try folder.write("b.txt", [0x00, 0x01, 0x02])
        try folder.write("c.jsonl", Array("{\"id\":\"c1\",\"text\":\"Corpus text.\",\"country\":\"US\"}\nnot json\n".utf8))
        // The outputs go elsewhere: inside the input folder, out.jsonl would be read as a corpus (refused).
        let out = Folder()
        #expect(try await run(["segment", folder.path, "-o", out.path + "/out.jsonl"]) == 1)
        #expect(out.read("out.jsonl") == """
            {"doc":"a","start":0,"end":10,"lang":"en","text":"Good text."}
            {"doc":"c1","start":0,"end":12,"lang":"en","text":"Corpus text."}

            """)
        #expect(try await run(["segment", folder.path, "--strict", "-o", out.path + "/strict.jsonl"]) == 65)
        #expect(out.read("strict.jsonl") == nil)  // nothing half-written
    }

    @Test func unknownEncodingIsAUsageError() async throws {
        let folder = Folder()
        try folder.write("a.txt", Array("x".utf8))
        #expect(try await run(["segment", folder.path + "/a.txt", "--encoding", "klingon-8"]) == 64)
        #expect(throws: (any Error).self) { try SpanCoderCommand.parseAsRoot(["segment", "x", "--unit", "word"]) }
    }
}
