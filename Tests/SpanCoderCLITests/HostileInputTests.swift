import Foundation
import Testing

/// Hostile input through the real CLI: each case gets the documented error (file, place, what was
/// expected, the exit code of its kind) or the correct result, and never a signal exit.
@Suite("Hostile input", .serialized)
struct HostileInputTests {
    /// One segment line of `spancoder segment` JSONL output.
    struct SegmentLine: Decodable, Equatable {
        var doc: String
        var start: Int
        var end: Int
        var text: String
    }

    static func segments(_ outcome: CLI.Outcome) throws -> [SegmentLine] {
        try outcome.stdoutText.split(separator: "\n").map { try JSONDecoder().decode(SegmentLine.self, from: Data($0.utf8)) }
    }

    /// Runs `segment --strict` on one file with `bytes` and returns the outcome.
    static func segmentFile(_ bytes: [UInt8], name: String = "doc.txt", extra: [String] = []) throws -> CLI.Outcome {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(bytes, to: folder + "/" + name)
        return try CLI.run(["segment", "--strict"] + extra + [folder + "/" + name])
    }

    @Test("invalid UTF-8: bad input at the byte offset of the first bad byte")
    func invalidUTF8() throws {
        // Clearly UTF-8 text (many multi-byte characters) with one broken byte at offset 60.
        var bytes = Array("人工智能治理框架人工智能治理框架人工智能".utf8)  // 20 characters, 60 bytes
        bytes += [0xFF]
        bytes += Array("安全评估。".utf8)
        let outcome = try Self.segmentFile(bytes)
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stderr.contains("doc.txt"), "\(outcome)")
        #expect(outcome.stderr.contains("byte 60"), "names the byte offset: \(outcome)")
    }

    /// A bad byte in a gold or predicted span file was read as U+FFFD: a code or document that matched
    /// nothing, scored as misses without a word. Now the line is malformed, named with its byte.
    @Test func invalidUTF8InASpanFileIsAMalformedLine() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("Providers must protect personal data.\n", to: folder + "/d1.txt")
        try CLI.write(#"{"doc":"d1","start":0,"end":37,"codes":["risk.privacy"]}"# + "\n", to: folder + "/gold.jsonl")
        let good = Array(#"{"doc":"d1","start":0,"end":37,"codes":["risk.privacy"]}"#.utf8) + [0x0A]
        for (name, bad) in [("strings", Array(#"{"doc":"d1","start":0,"end":37,"codes":["risk.priv"#.utf8) + [0xFF] + Array(#"acy"]}"#.utf8)),
                            ("objects", Array(#"{"doc":"d1","start":0,"end":37,"codes":[{"code":"risk.priv"#.utf8) + [0xFF] + Array(#"acy"}]}"#.utf8))] {
            try CLI.write(good + bad + [0x0A], to: folder + "/pred.jsonl")
            let outcome = try CLI.run(["eval", "--gold", folder + "/gold.jsonl", "--pred", folder + "/pred.jsonl",
                                       "--texts", folder + "/d1.txt", "--bootstrap", "0"])
            #expect(!outcome.signaled)
            let badByte = good.count + bad.firstIndex(of: 0xFF)!
            #expect(outcome.stderr.contains("pred.jsonl:2 (byte \(badByte)): malformed line: not valid UTF-8"), "\(name): \(outcome)")
            #expect(!outcome.stdoutText.contains("\u{FFFD}"), "\(name): \(outcome)")
        }
    }

    /// A bootstrap of a few resamples prints an "interval" (one resample: the point estimate twice) that
    /// nobody should report: eval and stats say so; 200 and more, or none, pass without a word.
    @Test func aTinyBootstrapIsWarnedAbout() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("Providers must protect personal data.\n", to: folder + "/d1.txt")
        try CLI.write(#"{"doc":"d1","start":0,"end":37,"codes":["risk.privacy"]}"# + "\n", to: folder + "/gold.jsonl")
        try CLI.write("id,country\nd1,CN\n", to: folder + "/manifest.csv")
        for (n, warned) in [("1", true), ("199", true), ("200", false), ("0", false)] {
            let eval = try CLI.run(["eval", "--gold", folder + "/gold.jsonl", "--pred", folder + "/gold.jsonl", "--texts", folder + "/d1.txt", "--bootstrap", n])
            let stats = try CLI.run(["stats", "--manifest", folder + "/manifest.csv", "--by", "country", folder + "/gold.jsonl", "--bootstrap", n])
            for outcome in [eval, stats] {
                #expect(outcome.status == 0, "\(n): \(outcome)")
                #expect(outcome.stderr.contains("--bootstrap \(n): a 95% interval from fewer than 200 resamples is rough") == warned, "\(n): \(outcome)")
            }
        }
    }

    /// `\u0000` in a JSONL corpus is refused as a NUL byte in a text file is: it would reach brat's
    /// .txt files and TSV cells raw, which the readers refuse.
    @Test func escapedNULInACorpusIsRefused() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(#"{"id":"n1","text":"Personal data.\u0000 More."}"# + "\n" + #"{"id":"n2","text":"Privacy."}"# + "\n", to: folder + "/c.jsonl")
        let outcome = try CLI.run(["segment", folder + "/c.jsonl"])
        #expect(outcome.status == Exit.partial, "\(outcome)")
        #expect(outcome.stderr.contains("c.jsonl:1"), "\(outcome)")
        #expect(outcome.stderr.contains("NUL"), "\(outcome)")
        #expect(try Self.segments(outcome).map(\.doc) == ["n2"])
    }

    /// Links in a folder: a dangling one or a loop with a document's name is reported as what it is;
    /// one whose name the walk would not read (a README) is passed over, as such a file would be.
    @Test func brokenLinksInAFolder() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("Privacy.\n", to: folder + "/a.txt")
        try FileManager.default.createSymbolicLink(atPath: folder + "/README", withDestinationPath: "nowhere")
        try FileManager.default.createSymbolicLink(atPath: folder + "/b.txt", withDestinationPath: "gone.txt")
        try FileManager.default.createSymbolicLink(atPath: folder + "/x.txt", withDestinationPath: "x.txt")
        let outcome = try CLI.run(["segment", folder])
        #expect(outcome.status == Exit.partial, "\(outcome)")
        #expect(outcome.stderr.contains("b.txt: broken symbolic link"), "\(outcome)")
        #expect(outcome.stderr.contains("x.txt: symbolic link loop"), "\(outcome)")
        #expect(!outcome.stderr.contains("README"), "\(outcome)")
        #expect(outcome.stderr.contains("2 of 3"), "\(outcome)")
        #expect(try Self.segments(outcome).map(\.doc) == ["a"])
    }

    /// `lexicon explain -` reads standard input as `tag` reads a text file: GB18030 is detected, a
    /// UTF-16 byte-order mark honoured, and --encoding names what detection cannot tell.
    @Test func explainReadsStandardInputAsTagReadsAFile() throws {
        let sentence = "第一条 提供者应当保护个人信息，防止算法歧视。\n"
        // The sentence in GB18030 (Python's encode("gb18030")).
        let gb18030 = Data([0xB5, 0xDA, 0xD2, 0xBB, 0xCC, 0xF5, 0x20, 0xCC, 0xE1, 0xB9, 0xA9, 0xD5, 0xDF, 0xD3, 0xA6, 0xB5, 0xB1, 0xB1, 0xA3, 0xBB, 0xA4, 0xB8, 0xF6, 0xC8, 0xCB, 0xD0, 0xC5, 0xCF, 0xA2, 0xA3, 0xAC, 0xB7, 0xC0, 0xD6, 0xB9, 0xCB, 0xE3, 0xB7, 0xA8, 0xC6, 0xE7, 0xCA, 0xD3, 0xA1, 0xA3, 0x0A])
        let utf16 = Data([0xFF, 0xFE]) + sentence.data(using: .utf16LittleEndian)!
        for (name, data, extra) in [("GB18030", gb18030, [String]()), ("UTF-16LE", utf16, []), ("named", gb18030, ["--encoding", "GB18030"])] {
            let outcome = try CLI.run(["lexicon", "explain", "--lexicons", CLI.lexiconSet] + extra + ["-"], stdin: data)
            #expect(outcome.status == Exit.success, "\(name): \(outcome)")
            #expect(outcome.stdoutText.contains("\"个人信息\"  risk.privacy"), "\(name): \(outcome)")
        }
        let argument = try CLI.run(["lexicon", "explain", "--lexicons", CLI.lexiconSet, "--encoding", "GB18030", "个人信息"])
        #expect(argument.status == Exit.usage, "\(argument)")
    }

    /// `lexicon suggest` on a gold that cannot be right: empty, an inverted span beside its text, a bad byte.
    @Test func suggestRefusesImpossibleGold() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let cases: [(String, [UInt8], String)] = [
            ("empty.jsonl", [], "empty.jsonl: the gold file holds no span"),
            ("inverted.jsonl", Array(#"{"doc":"x","start":5,"end":2,"text":"abc","codes":["risk.privacy"]}"#.utf8) + [0x0A], "inverted.jsonl:1: offsets [5, 2) are inverted"),
            ("bad.jsonl", Array(#"{"text":"ok","codes":["risk.bias"]}"#.utf8) + [0x0A] + Array(#"{"text":"priv"#.utf8) + [0xFF] + Array(#"","codes":[]}"#.utf8), "bad.jsonl:2 (byte 49): not valid UTF-8"),
        ]
        for (name, bytes, message) in cases {
            try CLI.write(bytes, to: folder + "/" + name)
            let outcome = try CLI.run(["lexicon", "suggest", "--lexicons", CLI.lexiconSet, "--gold", folder + "/" + name])
            #expect(outcome.status == Exit.badInput, "\(name): \(outcome)")
            #expect(outcome.stderr.contains(message), "\(name): \(outcome)")
        }
    }

    /// A negative number for a numeric option reaches the option's own check ("--jobs must be at least
    /// 1"): swift-argument-parser took "-3" for an option and said "Missing value for '--jobs <jobs>'".
    @Test func negativeNumbersReachTheOptionsChecks() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("Providers must protect personal data.\n", to: folder + "/d1.txt")
        try CLI.write(#"{"doc":"d1","start":0,"end":37,"codes":["risk.privacy"]}"# + "\n", to: folder + "/g.jsonl")
        let cases: [([String], String)] = [
            (["tag", folder + "/d1.txt", "--lexicons", CLI.lexiconSet, "--jobs", "-3"], "--jobs must be at least 1"),
            (["tag", folder + "/d1.txt", "--lexicons", CLI.lexiconSet, "--doc-codes", "--doc-min-spans", "-1"], "--doc-min-spans must be at least 1"),
            (["tag", folder + "/d1.txt", "--lexicons", CLI.lexiconSet, "--max-document-bytes", "-5"], "--max-document-bytes takes a size"),
            (["eval", "--gold", folder + "/g.jsonl", "--pred", folder + "/g.jsonl", "--texts", folder + "/d1.txt", "--bootstrap", "-1"], "must not be negative"),
            (["lexicon", "suggest", "--lexicons", CLI.lexiconSet, "--gold", folder + "/g.jsonl", "--texts", folder, "--top", "-1"], "must be positive"),
        ]
        for (arguments, message) in cases {
            let outcome = try CLI.run(arguments)
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome)")
            #expect(!outcome.stderr.contains("Missing value"), "\(arguments): \(outcome)")
        }
    }

    /// A corpus whose lines end in CR alone is one line to a JSONL reader; the error says so.
    @Test func carriageReturnLineEndsAreNamed() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(#"{"id":"a","text":"privacy"}"# + "\r" + #"{"id":"b","text":"bias"}"# + "\r", to: folder + "/c.jsonl")
        let outcome = try CLI.run(["segment", folder + "/c.jsonl"])
        #expect(outcome.status == Exit.partial, "\(outcome)")
        #expect(outcome.stderr.contains("ended by CR alone"), "\(outcome)")
    }

    @Test("a bad document is reported and skipped: exit 1 and a summary; --strict makes it 65")
    func batchSkips() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("Good text. Another sentence.", to: folder + "/a.txt")
        try CLI.write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], to: folder + "/b.txt")
        try CLI.write("第一条　好的。", to: folder + "/c.txt")
        let outcome = try CLI.run(["segment", folder])
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.partial, "\(outcome)")
        #expect(Set(try Self.segments(outcome).map(\.doc)) == ["a", "c"])
        #expect(outcome.stderr.contains("b.txt"), "\(outcome)")
        #expect(outcome.stderr.contains("1 of 3"), "summary says how many were skipped: \(outcome)")
        let strict = try CLI.run(["segment", "--strict", folder])
        #expect(strict.status == Exit.badInput, "\(strict)")
    }

    /// `segment` and `tag` end a run with skipped documents alike: the documented `skipped N of M
    /// documents:` with the reasons, a bad file and a bad corpus line.
    @Test func segmentAndTagSummariseSkippedDocumentsAlike() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("Good text.", to: folder + "/a.txt")
        try CLI.write([0x41, 0x00, 0x42], to: folder + "/b.txt")
        try CLI.write("{\"id\":\"c1\",\"text\":\"Fine.\"}\n{bad}\n", to: folder + "/c.jsonl")
        func summary(_ outcome: CLI.Outcome) -> [String] {
            let lines = outcome.stderr.split(separator: "\n").map(String.init)
            return Array(lines.drop { !$0.hasPrefix("spancoder: skipped 2 of 4 documents:") })
        }
        let segment = try CLI.run(["segment", folder])
        let tag = try CLI.run(["tag", folder, "--lexicons", CLI.lexiconSet])
        #expect(segment.status == Exit.partial && tag.status == Exit.partial)
        #expect(summary(segment).count == 3, "\(segment)")
        #expect(summary(segment) == summary(tag), "\(segment)\n\(tag)")
        #expect(summary(segment).dropFirst().allSatisfy { $0.hasPrefix("  ") && $0.contains(folder) })
    }

    @Test("truncated GB18030: the file's complete characters decode, or an error names the byte offset")
    func truncatedGB18030() throws {
        let text = "生成式人工智能服务管理暂行办法。第一条为了促进生成式人工智能健康发展和规范应用，维护国家安全和社会公共利益。"
        let full = try #require(text.data(using: String.Encoding(rawValue: 0x80000632)))  // kCFStringEncodingGB_18030_2000
        // A cut inside the last two-byte character.
        let truncated = Array(full.prefix(full.count - 1))
        let outcome = try Self.segmentFile(truncated)
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stderr.contains("doc.txt"))
        #expect(outcome.stderr.contains("\(truncated.count - 1)"), "names the offset of the cut character: \(outcome)")
        // The whole file decodes as GB18030.
        let whole = try Self.segmentFile(Array(full))
        #expect(whole.status == Exit.success, "\(whole)")
        #expect(try Self.segments(whole).map(\.text).joined() == text)
    }

    @Test("UTF-16 without a byte-order mark: refused with a hint, decoded with --encoding UTF-16LE")
    func utf16WithoutBOM() throws {
        let text = "AI governance 人工智能治理。"
        let bytes = Array(text.data(using: .utf16LittleEndian)!)
        let outcome = try Self.segmentFile(bytes)
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stderr.contains("UTF-16LE"), "suggests the encoding: \(outcome)")
        let named = try Self.segmentFile(bytes, extra: ["--encoding", "UTF-16LE"])
        #expect(named.status == Exit.success, "\(named)")
        #expect(try Self.segments(named).map(\.text).joined() == text)
        let bom = try Self.segmentFile([0xFF, 0xFE] + bytes)
        #expect(try Self.segments(bom).map(\.text).joined() == text)
    }

    @Test("NUL bytes and binary files: not a text file, at the byte offset of the NUL")
    func nulAndBinary() throws {
        let nul = try Self.segmentFile(Array("abc def".utf8) + [0] + Array("ghi".utf8))
        #expect(!nul.signaled)
        #expect(nul.status == Exit.badInput, "\(nul)")
        #expect(nul.stderr.contains("NUL") && nul.stderr.contains("7"), "\(nul)")
        var generator = SystemRandomNumberGenerator()
        let binary = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let outcome = try Self.segmentFile(binary, name: "image.bin")
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stderr.contains("image.bin"))
    }

    @Test("an unknown --encoding is a usage error before any file is read")
    func unknownEncoding() throws {
        let outcome = try Self.segmentFile(Array("x".utf8), extra: ["--encoding", "no-such-charset"])
        #expect(outcome.status == Exit.usage, "\(outcome)")
        #expect(outcome.stderr.contains("no-such-charset"))
    }

    @Test("an empty file is an empty document: no spans, exit 0")
    func emptyFile() throws {
        let outcome = try Self.segmentFile([])
        #expect(outcome.status == Exit.success, "\(outcome)")
        #expect(outcome.stdout.isEmpty)
    }

    @Test("CRLF, CR and LF mixed: offsets count every code point of the original text")
    func lineEndMixes() throws {
        let text = "First paragraph.\r\n\r\nSecond one.\r\rThird.\n\n第四段。\r\n"
        let outcome = try Self.segmentFile(Array(text.utf8), extra: ["--unit", "paragraph"])
        #expect(outcome.status == Exit.success, "\(outcome)")
        let lines = try Self.segments(outcome)
        let scalars = Array(text.unicodeScalars)
        #expect(lines.count == 4)
        for line in lines {
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[line.start..<line.end])
            #expect(String(slice) == line.text)
        }
        #expect(lines.map(\.text).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } == ["First paragraph.", "Second one.", "Third.", "第四段。"])
    }

    @Test("a JSONL corpus line that is broken: file, line and column, the rest of the corpus goes on")
    func brokenCorpusLine() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = """
        {"id": "a", "text": "One."}
        {"id": "b", "text": "unterminated}
        {"id": "c", "text": "\\ud800 lone surrogate"}
        {"id": "d", "text": "Two."}

        """
        try CLI.write(corpus, to: folder + "/corpus.jsonl")
        let outcome = try CLI.run(["segment", folder + "/corpus.jsonl"])
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.partial, "\(outcome)")
        #expect(outcome.stderr.contains("corpus.jsonl:2"), "\(outcome)")
        #expect(try Self.segments(outcome).map(\.doc).contains("d"))
    }

    @Test("a missing input file: bad input naming it")
    func missingFile() throws {
        let outcome = try CLI.run(["segment", "--strict", "/nonexistent/spancoder/file.txt"])
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stderr.contains("/nonexistent/spancoder/file.txt"))
    }

    @Test("an output folder that does not exist: exit 74, and nothing half-written")
    func unwritableOutput() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("Text.", to: folder + "/a.txt")
        let outcome = try CLI.run(["segment", folder + "/a.txt", "--output", folder + "/missing/dir/out.jsonl"])
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.output, "\(outcome)")
        #expect(outcome.stderr.contains("missing/dir"))
        // Found before the work, by every command that writes a file, with the folder named (tag's
        // writer named its .partial file; eval and stats scored everything first).
        try CLI.write(#"{"doc":"a","start":0,"end":5,"codes":["risk.bias"]}"#, to: folder + "/g.jsonl")
        try CLI.write("id,country\na,US\n", to: folder + "/m.csv")
        for command in [["tag", folder + "/a.txt", "--lexicons", CLI.lexiconSet],
                        ["eval", "--gold", folder + "/g.jsonl", "--pred", folder + "/g.jsonl", "--texts", folder + "/a.txt"],
                        ["stats", "--manifest", folder + "/m.csv", folder + "/g.jsonl"]] {
            let early = try CLI.run(command + ["-o", folder + "/missing/dir/out.txt"])
            #expect(early.status == Exit.output, "\(early)")
            #expect(early.stderr.contains("the folder \(folder)/missing/dir does not exist"), "\(early)")
            #expect(!early.stderr.contains(".partial"), "\(early)")
        }
    }

    @Test("a document over --max-document-bytes is reported and skipped, naming the limit and the option")
    func documentSizeLimit() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write([UInt8](repeating: UInt8(ascii: "a"), count: 3 << 20), to: folder + "/big.txt")
        try CLI.write("Providers shall conduct adversarial testing.", to: folder + "/small.txt")
        let bigLine = "{\"id\":\"huge\",\"text\":\"" + String(repeating: "b", count: 2 << 20) + "\"}\n{\"id\":\"ok\",\"text\":\"adversarial testing.\"}\n"
        try CLI.write(bigLine, to: folder + "/corpus.jsonl")
        let outcome = try CLI.run(["tag", folder, "--lexicons", CLI.lexiconSet, "--max-document-bytes", "1M"])
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.partial, "\(outcome)")
        #expect(outcome.stderr.contains("big.txt") && outcome.stderr.contains("corpus.jsonl:1"), "\(outcome)")
        #expect(outcome.stderr.contains("over the limit of 1048576 bytes") && outcome.stderr.contains("--max-document-bytes"), "\(outcome)")
        let docs = Set(outcome.stdoutText.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["doc"] as? String
        })
        #expect(docs == ["small", "ok"])
        let unlimited = try CLI.run(["tag", folder + "/big.txt", "--lexicons", CLI.lexiconSet, "--max-document-bytes", "0", "--unit", "paragraph"])
        #expect(unlimited.status == Exit.success, "\(unlimited)")
        let bad = try CLI.run(["tag", folder, "--lexicons", CLI.lexiconSet, "--max-document-bytes", "lots"])
        #expect(bad.status == Exit.usage, "\(bad)")
    }

    @Test("a 100 MB line without a break: one segment covering it, exit 0")
    func hundredMegabyteLine() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let count = 100 << 20
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: count)
        for i in stride(from: 7, to: count, by: 8) { bytes[i] = UInt8(ascii: " ") }
        try CLI.write(bytes, to: folder + "/long.txt")
        let outcome = try CLI.run(["segment", "--strict", "--unit", "paragraph", "--offsets", "utf8", "--format", "tsv", folder + "/long.txt"])
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.success, "\(outcome)")
        let header = outcome.stdout.firstIndex(of: 0x0A)!
        let firstLine = outcome.stdout[(header + 1)...].prefix(40)
        #expect(String(decoding: firstLine, as: UTF8.self).hasPrefix("long\t0\t\(count - 1)\t"), "one paragraph, trailing space excluded")
    }
}

@Suite("Hostile lexicons and tables", .serialized)
struct HostileLexiconAndTableTests {
    /// A copy of the shipped lexicon set in a temporary folder.
    static func copyLexiconSet() throws -> String {
        let folder = CLI.temporaryFolder()
        try FileManager.default.copyItem(atPath: CLI.lexiconSet, toPath: folder + "/set")
        return folder
    }

    @Test("a lexicon with a broken line: exit 65 and file:line of the problem")
    func brokenLexiconLine() throws {
        let folder = try Self.copyLexiconSet()
        defer { CLI.remove(folder) }
        let file = folder + "/set/codes/risk.privacy.yaml"
        var lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        // Line 4: a list item indented wrongly and an unclosed flow sequence.
        lines.insert("   - [unclosed, flow", at: 3)
        try CLI.write(lines.joined(separator: "\n"), to: file)
        let outcome = try CLI.run(["lexicon", "check", folder + "/set"])
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stdoutText.contains("risk.privacy.yaml:"), "\(outcome.stdoutText)")
    }

    @Test("a lexicon term that is invalid UTF-8 or binary: an error with the file, never a crash")
    func binaryLexiconFile() throws {
        let folder = try Self.copyLexiconSet()
        defer { CLI.remove(folder) }
        try CLI.write([0x63, 0x6F, 0x64, 0x65, 0x3A, 0x20, 0xFF, 0xFE, 0x00, 0x01, 0x0A], to: folder + "/set/codes/risk.bias.yaml")
        let outcome = try CLI.run(["lexicon", "check", folder + "/set"])
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stdoutText.contains("risk.bias.yaml"), "\(outcome.stdoutText)")
    }

    @Test("a manifest CSV with an unclosed quote: bad input naming the file")
    func unclosedQuoteInCSV() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("id,country,issuer\ndoc1,US,\"federal\ndoc2,CN,central\n", to: folder + "/manifest.csv")
        try CLI.write("{\"doc\":\"doc1\",\"start\":0,\"end\":4,\"codes\":[\"risk.bias\"]}\n", to: folder + "/coding.jsonl")
        let outcome = try CLI.run(["stats", "--manifest", folder + "/manifest.csv", "--by", "country", folder + "/coding.jsonl"])
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stderr.contains("manifest.csv:2"), "names the line of the opening quote: \(outcome)")
        #expect(outcome.stderr.contains("never closed"), "\(outcome)")
    }

    /// The same file name in two folders gave two documents one id, which stats and eval then merged
    /// silently. They get their paths as ids, and the run says so naming both files.
    @Test("two input files with one name: distinct ids and a warning naming both")
    func sameFileNameInTwoFolders() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        for sub in ["d/a", "d/b"] { try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true) }
        try CLI.write("第一条 提供者应当保护个人信息。\n", to: folder + "/d/a/x.txt")
        try CLI.write("Providers shall protect personal data.\n", to: folder + "/d/b/x.txt")
        let tagged = try CLI.run(["tag", "d", "--lexicons", CLI.lexiconSet], currentDirectory: folder)
        #expect(tagged.status == Exit.success, "\(tagged)")
        let docs = tagged.stdoutText.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["doc"] as? String
        }
        #expect(docs == ["a/x", "b/x"], "\(tagged.stdoutText)")
        #expect(tagged.stderr.contains("d/a/x.txt") && tagged.stderr.contains("d/b/x.txt") && tagged.stderr.contains("warning"), "\(tagged)")
        let segmented = try CLI.run(["segment", "d"], currentDirectory: folder)
        #expect(segmented.stdoutText.contains("\"doc\":\"a/x\"") && segmented.stdoutText.contains("\"doc\":\"b/x\""))
        #expect(segmented.stderr.contains("warning"))
    }
}
