import Foundation
import Testing

/// Interrupted runs (Ctrl-C, SIGTERM) leave no hidden temporary output behind (`InterruptCleanup`), keep
/// `tag`'s resume files, and die of the signal as a shell expects; and a `--strict` run that stops at a
/// bad document leaves no resume files either.
@Suite("Interrupted runs", .serialized)
struct InterruptTests {
    /// Every entry of `folder`, hidden ones included.
    static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// A JSONL corpus of `count` short Chinese documents.
    static func corpus(count: Int, in folder: String) throws -> String {
        let text = "第一条 生成式人工智能服务提供者应当开展安全评估，保护个人信息，防止歧视。\n第二条 提供者应当对生成的内容进行标识。\n"
        var lines = ""
        for i in 0..<count {
            let data = try JSONSerialization.data(withJSONObject: ["id": "d\(i)", "text": text], options: [.sortedKeys])
            lines += String(decoding: data, as: UTF8.self) + "\n"
        }
        let path = folder + "/corpus.jsonl"
        try CLI.write(lines, to: path)
        return path
    }

    /// `segment - --output out/seg.jsonl` waiting on its standard input with its temporary file open,
    /// then SIGINT or SIGTERM: the temporary is gone and the process died of the signal.
    @Test("SIGINT or SIGTERM during an atomic write removes its temporary file", arguments: [SIGINT, SIGTERM])
    func signalRemovesTemporaryFile(signal: Int32) throws {
        guard let executable = CLI.executable else { throw TestFailure("spancoder is not built") }
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["segment", "-", "--output", out + "/seg.jsonl"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The output's temporary file is made before standard input is read, and the process then
        // waits for the rest of its input: no race with the end of the run.
        try input.fileHandleForWriting.write(contentsOf: Data("第一条 为了规范算法推荐服务，制定本规定。\n".utf8))
        var seen: [String] = []
        for _ in 0..<2000 where seen.isEmpty {
            seen = Self.entries(out)
            if seen.isEmpty { usleep(5000) }
        }
        #expect(seen.count == 1 && seen[0].hasPrefix(".seg.jsonl.tmp-"), "\(seen)")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(Self.entries(out).isEmpty, "\(Self.entries(out))")
    }

    /// `tag --format html` building its folder of pages, interrupted after its first chunk: the
    /// temporary folder and its pages are gone.
    @Test("SIGINT during tag --format html removes the temporary folder and its pages")
    func signalRemovesTemporaryFolder() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.corpus(count: 1200, in: folder)
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet, "--format", "html", "--output", out + "/html", "--jobs", "2"],
                                 environment: ["SPANCODER_TEST_SIGNAL_AT_PROGRESS": "2"])
        #expect(result.signaled && result.status == SIGINT, "\(result)")
        #expect(Self.entries(out).isEmpty, "\(Self.entries(out))")
    }

    /// `tag --output FILE` interrupted: its resume files stay (that is what `--resume` continues from),
    /// nothing else is left, and `--resume` finishes the same output as an uninterrupted run.
    @Test("SIGINT during tag --output keeps FILE.partial and FILE.journal for --resume")
    func signalKeepsResumeFiles() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.corpus(count: 1200, in: folder)
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let arguments = ["tag", corpus, "--lexicons", CLI.lexiconSet, "--output", out + "/x.jsonl", "--jobs", "2"]
        let interrupted = try CLI.run(arguments, environment: ["SPANCODER_TEST_SIGNAL_AT_PROGRESS": "2"])
        #expect(interrupted.signaled && interrupted.status == SIGINT, "\(interrupted)")
        #expect(Self.entries(out) == ["x.jsonl.journal", "x.jsonl.partial"])
        // It says so, and how to go on (it used to end without a word).
        #expect(interrupted.stderr.contains("spancoder: interrupted: the output of the documents done so far is kept in \(out)/x.jsonl.partial; run the same command with --resume to go on from there"), "\(interrupted)")
        let resumed = try CLI.run(arguments + ["--resume"])
        #expect(resumed.status == Exit.success, "\(resumed)")
        #expect(Self.entries(out) == ["x.jsonl"])
        let whole = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet])
        #expect(FileManager.default.contents(atPath: out + "/x.jsonl") == whole.stdout)
    }

    /// `tag --strict` that stops at a bad document writes no output, and leaves no `.partial` or
    /// `.journal`: a resumed `--strict` run would stop at the same document.
    @Test("tag --strict stopping at a bad document leaves no resume files")
    func strictFailureLeavesNoResumeFiles() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let inputs = folder + "/in"
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        try CLI.write("第一条 提供者应当保护个人信息。\n", to: inputs + "/a.txt")
        try CLI.write([0x41, 0x00, 0x42], to: inputs + "/b.txt")
        try CLI.write("第二条 提供者应当开展安全评估。\n", to: inputs + "/c.txt")
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for format in ["jsonl", "csv"] {
            let result = try CLI.run(["tag", inputs, "--lexicons", CLI.lexiconSet, "--format", format, "--output", out + "/x." + format, "--strict"])
            #expect(result.status == Exit.badInput, "\(result)")
            #expect(Self.entries(out).isEmpty, "\(format): \(Self.entries(out))")
        }
    }
}
