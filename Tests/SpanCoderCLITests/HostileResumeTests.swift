import Foundation
import Testing

/// `spancoder tag` killed midway (SIGKILL, at the worst moment: after a chunk's output reached the
/// partial file and before the journal recorded it) and rerun with `--resume` writes exactly what an
/// uninterrupted run writes.
@Suite("Resume an interrupted tag run", .serialized)
struct HostileResumeTests {
    /// A 1,000-document JSONL corpus cut from the shared corpus's sentences, with one broken line
    /// (a skipped document) in the middle.
    static func makeCorpus(in folder: String) throws -> String {
        let texts = CLI.packageRoot + "/../shared/corpus/texts"
        let names = try FileManager.default.contentsOfDirectory(atPath: texts).filter { $0.hasSuffix(".txt") }.sorted()
        var sentences: [String] = []
        for name in names {
            let text = try String(contentsOfFile: texts + "/" + name, encoding: .utf8)
            sentences += text.split(whereSeparator: { $0 == "\n" || $0 == "。" }).map(String.init).filter { $0.count > 8 }.prefix(80)
        }
        #expect(sentences.count > 200)
        var lines: [String] = []
        for i in 0..<1000 {
            let text = (0..<3).map { sentences[(i * 7 + $0 * 13) % sentences.count] }.joined(separator: "。\n")
            let object = ["id": "doc-\(i)", "text": text, "country": i % 2 == 0 ? "CN" : "US"]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
            if i == 600 { lines.append("{\"id\": \"broken\", \"text\": ") }
        }
        let path = folder + "/corpus.jsonl"
        try CLI.write(lines.joined(separator: "\n") + "\n", to: path)
        return path
    }

    static func tag(_ corpus: String, output: String, format: String, extra: [String] = [], environment: [String: String] = [:]) throws -> CLI.Outcome {
        try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet, "--format", format, "--output", output, "--jobs", "2"] + extra,
                    environment: environment)
    }

    @Test("killed at the second checkpoint, resumed: byte-identical output, no leftovers", arguments: ["jsonl", "label-studio", "csv"])
    func killAndResume(format: String) throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.makeCorpus(in: folder)

        let full = try Self.tag(corpus, output: folder + "/full.out", format: format)
        #expect(!full.signaled)
        #expect(full.status == Exit.partial, "one broken line is skipped: \(full)")
        let expected = try Data(contentsOf: URL(fileURLWithPath: folder + "/full.out"))
        #expect(expected.count > 10_000)

        let out = folder + "/resumed.out"
        let killed = try Self.tag(corpus, output: out, format: format, environment: ["SPANCODER_TEST_KILL_AT_CHECKPOINT": "2"])
        #expect(killed.signaled && killed.status == SIGKILL, "\(killed)")
        #expect(!FileManager.default.fileExists(atPath: out), "no output appears before the run is complete")
        let partial = try Data(contentsOf: URL(fileURLWithPath: out + ".partial"))
        #expect(partial.count > 0 && partial.count < expected.count)

        let resumed = try Self.tag(corpus, output: out, format: format, extra: ["--resume"])
        #expect(!resumed.signaled)
        #expect(resumed.status == Exit.partial, "\(resumed)")
        #expect(resumed.stderr.contains("resuming"), "\(resumed)")
        let actual = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(actual == expected, "resumed output differs from an uninterrupted run (\(actual.count) vs \(expected.count) bytes)")
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
        #expect(!FileManager.default.fileExists(atPath: out + ".journal"))
    }

    @Test("resuming with other parameters or changed inputs is refused, and the partial run is kept")
    func refusesMismatch() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.makeCorpus(in: folder)
        let out = folder + "/out.jsonl"
        let killed = try Self.tag(corpus, output: out, format: "jsonl", environment: ["SPANCODER_TEST_KILL_AT_CHECKPOINT": "3"])
        #expect(killed.signaled, "\(killed)")

        let otherThreshold = try Self.tag(corpus, output: out, format: "jsonl", extra: ["--resume", "--threshold", "2.5"])
        #expect(otherThreshold.status == Exit.usage, "\(otherThreshold)")
        #expect(otherThreshold.stderr.contains("other parameters") && otherThreshold.stderr.contains("out.jsonl.journal"), "\(otherThreshold)")
        #expect(FileManager.default.fileExists(atPath: out + ".partial"))
        for flag in ["--no-lead-in-codes", "--code-headings", "--code-definitions"] {
            let otherStructure = try Self.tag(corpus, output: out, format: "jsonl", extra: ["--resume", flag])
            #expect(otherStructure.status == Exit.usage && otherStructure.stderr.contains("other parameters"), "\(flag): \(otherStructure)")
        }

        // A document before the checkpoint keeps its id but its text changed: its old tags must not stay in
        // the output. (Metadata is hashed too where the output carries it.)
        let original = try String(contentsOfFile: corpus, encoding: .utf8)
        let opening = "\"id\":\"doc-5\",\"text\":\""
        #expect(original.contains(opening))
        try CLI.write(original.replacingOccurrences(of: opening, with: opening + "Edited. "), to: corpus)
        let edited = try Self.tag(corpus, output: out, format: "jsonl", extra: ["--resume"])
        #expect(edited.status == Exit.usage && edited.stderr.contains("inputs changed"), "\(edited)")
        #expect(!edited.stderr.contains("resuming"), "a refused resume does not first say it resumes: \(edited)")
        try CLI.write(original, to: corpus)

        // A document before the checkpoint is renamed: resuming would mix two different inputs.
        var text = try String(contentsOfFile: corpus, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"doc-5\"", with: "\"doc-5b\"")
        try CLI.write(text, to: corpus)
        let changed = try Self.tag(corpus, output: out, format: "jsonl", extra: ["--resume"])
        #expect(changed.status == Exit.usage, "\(changed)")
        #expect(changed.stderr.contains("inputs changed"), "\(changed)")

        // Without --resume the run starts over, saying so.
        let fresh = try Self.tag(corpus, output: out, format: "jsonl")
        #expect(fresh.status == Exit.partial, "\(fresh)")
        #expect(fresh.stderr.contains("discarding"), "\(fresh)")
        #expect(!FileManager.default.fileExists(atPath: out + ".journal"))
    }

    /// The default threshold named on the command line is the same run: resuming with `--threshold 1`
    /// a run started without it continues it (it was refused as "made with other parameters").
    @Test("resuming with the default threshold named explicitly continues the run")
    func explicitDefaultThresholdResumes() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.makeCorpus(in: folder)
        let out = folder + "/out.jsonl"
        let killed = try Self.tag(corpus, output: out, format: "jsonl", environment: ["SPANCODER_TEST_KILL_AT_CHECKPOINT": "2"])
        #expect(killed.signaled, "\(killed)")
        let resumed = try Self.tag(corpus, output: out, format: "jsonl", extra: ["--resume", "--threshold", "1"])
        #expect(resumed.status == Exit.partial && resumed.stderr.contains("resuming"), "\(resumed)")
        let full = try Self.tag(corpus, output: folder + "/full.jsonl", format: "jsonl")
        #expect(full.status == Exit.partial)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: folder + "/full.jsonl")))
    }

    /// Two runs into one output (a scheduler's retry, one command in two terminals): the second would
    /// truncate the first one's partial file under it, and the first would rename a mix of both into
    /// place and exit 0. A run holds a lock on its partial file; here the test holds it, as a run would.
    @Test("a second run into an output another run is writing is refused and changes nothing")
    func refusesASecondRunIntoTheSameOutput() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("{\"id\":\"a\",\"text\":\"Providers shall protect personal data.\"}\n", to: folder + "/in.jsonl")
        let out = folder + "/out.jsonl"
        let running = open(out + ".partial", O_WRONLY | O_CREAT, 0o644)
        #expect(running >= 0 && flock(running, LOCK_EX) == 0)
        _ = "the first run's output so far".withCString { write(running, $0, strlen($0)) }
        try CLI.write("journal of the first run\n", to: out + ".journal")

        for extra in [[], ["--resume"]] {
            let second = try CLI.run(["tag", folder + "/in.jsonl", "--lexicons", CLI.lexiconSet, "--output", out] + extra)
            #expect(second.status == Exit.usage && second.stderr.contains("another spancoder tag is writing this output"), "\(second)")
            #expect(!second.stderr.contains("discarding") && !second.stderr.contains("resuming"), "\(second)")
        }
        #expect(try String(contentsOfFile: out + ".partial", encoding: .utf8) == "the first run's output so far")
        #expect(try String(contentsOfFile: out + ".journal", encoding: .utf8) == "journal of the first run\n")
        #expect(!FileManager.default.fileExists(atPath: out))

        close(running)
        let after = try CLI.run(["tag", folder + "/in.jsonl", "--lexicons", CLI.lexiconSet, "--output", out])
        #expect(after.status == Exit.success, "\(after)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("risk.privacy"))
        #expect(!FileManager.default.fileExists(atPath: out + ".partial") && !FileManager.default.fileExists(atPath: out + ".journal"))
    }

    @Test("--resume needs named inputs: standard input cannot be skipped")
    func resumeFromStandardInput() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let outcome = try CLI.run(["tag", "-", "--lexicons", CLI.lexiconSet, "--output", folder + "/o.jsonl", "--resume"], stdin: Data("{\"id\":\"a\",\"text\":\"x\"}\n".utf8))
        #expect(outcome.status == Exit.usage, "\(outcome)")
    }
}
