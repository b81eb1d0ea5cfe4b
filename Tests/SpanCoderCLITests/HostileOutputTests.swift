import Foundation
import Testing

/// Output built from hostile documents and lexicons: HTML escapes what came from them, file names
/// derived from document ids stay inside the output folder, CSV cells cannot run as spreadsheet
/// formulas, and gold files with impossible offsets are reported.
@Suite("Hostile output", .serialized)
struct HostileOutputTests {
    static let hostileText = "第一条 生成式人工智能服务提供者应当开展安全评估。<script>alert('x')</script> Providers shall conduct red-teaming & adversarial testing \"<b>\". =HYPERLINK(\"http://evil\") adversarial testing applies.\n"

    /// A JSONL corpus of documents whose ids try to leave the output folder.
    static func hostileCorpus(in folder: String) throws -> String {
        let ids = ["../../etc/x", "/etc/passwd", "..", ".", "", "a\u{0}b", "C:\\Windows\\x", "index", "INDEX", "=cmd|' /C calc'!A0", String(repeating: "长", count: 300)]
        var lines: [String] = []
        for id in ids {
            let data = try JSONSerialization.data(withJSONObject: ["id": id.isEmpty ? "_" : id, "text": hostileText], options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        let path = folder + "/corpus.jsonl"
        try CLI.write(lines.joined(separator: "\n") + "\n", to: path)
        return path
    }

    /// Every file under `folder`, as paths relative to it.
    static func files(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? []
    }

    /// Standard output redirected to a full disk: every command that writes it must fail with an
    /// output error, not exit 0 having lost its output.
    @Test("a full disk behind standard output is an output error (exit 74)", arguments: [
        ["tag", "--lexicons", CLI.lexiconSet], ["segment"], ["lexicon", "stats", CLI.lexiconSet],
    ])
    func fullStandardOutputIsAnError(command: [String]) throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full"), let executable = CLI.executable else { return }
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.hostileCorpus(in: folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = command + (command.first == "lexicon" ? [] : [corpus])
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == Exit.output, "\(stderr)")
        #expect(stderr.contains("cannot write to standard output"), "\(stderr)")
    }

    /// The file type of `path` without following a link (`S_IFIFO`, `S_IFCHR`, `S_IFLNK`, `S_IFREG`).
    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// `--output` naming a FIFO: the bytes go through it, and it is still a FIFO afterwards. A finished
    /// output renamed over it would leave a regular file (over `/dev/null`, run as root, in place of the
    /// machine's null device: stop 21 found this machine's `/dev/null` a regular file).
    @Test("--output naming a FIFO writes through it and leaves it a FIFO", arguments: [
        ["tag", "--lexicons", CLI.lexiconSet], ["tag", "--lexicons", CLI.lexiconSet, "--format", "csv"], ["segment"], ["lexicon", "stats", CLI.lexiconSet],
    ])
    func outputToAFIFO(command: [String]) throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.hostileCorpus(in: folder)
        let fifo = folder + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // The read end is opened without blocking, so a run that never opens the FIFO (or replaces it)
        // makes the test fail instead of hang; it is drained until the run is over and the FIFO empty.
        let readEnd = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(readEnd >= 0)
        defer { close(readEnd) }
        nonisolated(unsafe) var received = Data()
        nonisolated(unsafe) var runIsOver = false
        let reader = Thread {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = read(readEnd, &chunk, chunk.count)
                if count > 0 { received.append(contentsOf: chunk[..<count]); continue }
                if count == 0 && runIsOver { break }
                usleep(1000)
            }
        }
        reader.start()
        let arguments = command + (command.first == "lexicon" ? [] : [corpus])
        let outcome = try CLI.run(arguments + ["--output", fifo])
        runIsOver = true
        while !reader.isFinished { usleep(1000) }
        #expect(outcome.status == Exit.success, "\(outcome)")
        #expect(Self.fileType(fifo) == S_IFIFO)
        let expected = try CLI.run(arguments)
        #expect(!received.isEmpty)
        #expect(received == expected.stdout)
        #expect(Self.files(under: folder).sorted() == ["corpus.jsonl", "pipe"])
    }

    /// Character devices made for the test (root only): the null device stays a device, and the full
    /// device's ENOSPC is an output error rather than a silently lost output.
    @Test("--output naming a device writes to it: a null device stays one, a full one is exit 74")
    func outputToADevice() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.hostileCorpus(in: folder)
        // Linux's dev_t for majors and minors below 256 (glibc's makedev is a macro Swift cannot call).
        func device(major: dev_t, minor: dev_t) -> dev_t { major << 8 | minor }
        guard mknod(folder + "/null", S_IFCHR | 0o666, device(major: 1, minor: 3)) == 0,
              mknod(folder + "/full", S_IFCHR | 0o666, device(major: 1, minor: 7)) == 0 else { return }
        let written = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet, "--output", folder + "/null"])
        #expect(written.status == Exit.success, "\(written)")
        #expect(Self.fileType(folder + "/null") == S_IFCHR)
        let full = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet, "--output", folder + "/full"])
        #expect(full.status == Exit.output, "\(full)")
        #expect(full.stderr.contains("No space left"), "\(full)")
        #expect(Self.fileType(folder + "/full") == S_IFCHR)
        let resumed = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet, "--output", folder + "/null", "--resume"])
        #expect(resumed.status == Exit.usage, "\(resumed)")
        #expect(resumed.stderr.contains("--resume needs a regular output file"), "\(resumed)")
        #expect(Self.files(under: folder).sorted() == ["corpus.jsonl", "full", "null"])
    }

    /// A symbolic link: the file it points to gets the output and the link stays a link; a dangling
    /// link gets its file created; a folder or a loop of links is an output error before any work.
    @Test("--output through symbolic links replaces the target and keeps the link")
    func outputThroughLinks() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.hostileCorpus(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/results", withIntermediateDirectories: true)
        try CLI.write("an older output\n", to: folder + "/results/run.jsonl")
        try FileManager.default.createSymbolicLink(atPath: folder + "/latest.jsonl", withDestinationPath: "results/run.jsonl")
        try FileManager.default.createSymbolicLink(atPath: folder + "/next.jsonl", withDestinationPath: "results/next.jsonl")
        let expected = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet]).stdout
        #expect(!expected.isEmpty)
        for (link, target) in [("latest.jsonl", "results/run.jsonl"), ("next.jsonl", "results/next.jsonl")] {
            let outcome = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet, "--output", folder + "/" + link])
            #expect(outcome.status == Exit.success, "\(outcome)")
            #expect(Self.fileType(folder + "/" + link) == S_IFLNK)
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + target)) == expected)
        }
        let segmented = try CLI.run(["segment", corpus, "--output", folder + "/latest.jsonl"])
        #expect(segmented.status == Exit.success, "\(segmented)")
        #expect(Self.fileType(folder + "/latest.jsonl") == S_IFLNK)
        try FileManager.default.createSymbolicLink(atPath: folder + "/loop1", withDestinationPath: "loop2")
        try FileManager.default.createSymbolicLink(atPath: folder + "/loop2", withDestinationPath: "loop1")
        for target in ["results", "loop1"] {
            let outcome = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet, "--output", folder + "/" + target])
            #expect(outcome.status == Exit.output, "\(outcome)")
        }
        #expect(Self.files(under: folder).sorted() == ["corpus.jsonl", "latest.jsonl", "loop1", "loop2", "next.jsonl", "results", "results/next.jsonl", "results/run.jsonl"])
    }

    @Test("document ids like ../../etc/x name files inside the output folder (html and brat)", arguments: ["html", "brat"])
    func fileNamesStayInside(format: String) throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try Self.hostileCorpus(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/work/deep", withIntermediateDirectories: true)
        let before = Set(Self.files(under: folder))
        let outcome = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet, "--format", format, "--output", "out"],
                                  currentDirectory: folder + "/work/deep")
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.success, "\(outcome)")
        let out = folder + "/work/deep/out"
        let created = Set(Self.files(under: folder)).subtracting(before).filter { !$0.hasPrefix("work/deep/out") }
        #expect(created.isEmpty, "files outside the output folder: \(created)")
        let inside = try FileManager.default.contentsOfDirectory(atPath: out)
        for name in inside {
            #expect(!name.contains("/") && name != "." && name != ".." && !name.contains("\u{0}"))
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: out + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue, "\(name) is a plain file")
            #expect(name.utf8.count <= 255)
        }
        // One file (html) or two (brat .txt + .ann) per document, none overwritten by another.
        let perDocument = format == "html" ? 1 : 2
        let documentFiles = inside.filter { $0 != "index.html" && $0 != "annotation.conf" && $0 != "visual.conf" && $0 != ".spancoder-tag"
            && $0 != "spancoder-ids.jsonl" }
        #expect(documentFiles.count == 11 * perDocument, "\(documentFiles.sorted())")
        // brat: the renamed documents' ids, so that eval reads them back under their ids.
        #expect(inside.contains("spancoder-ids.jsonl") == (format == "brat"), "\(inside.sorted())")
    }

    @Test("HTML pages escape document text, ids and lexicon terms")
    func htmlEscapes() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        // A lexicon term that is markup.
        try FileManager.default.copyItem(atPath: CLI.lexiconSet, toPath: folder + "/set")
        let file = folder + "/set/codes/risk.bias.yaml"
        var yaml = try String(contentsOfFile: file, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "en:\n  terms:\n", with: "en:\n  terms:\n    - \"<b onmouseover=alert(1)>\"\n")
        #expect(yaml.contains("onmouseover"), "the bias lexicon has an en terms list to extend")
        try CLI.write(yaml, to: file)
        let corpus = folder + "/corpus.jsonl"
        let data = try JSONSerialization.data(withJSONObject: ["id": "<img src=x onerror=alert(2)>", "text": "Bias: <b onmouseover=alert(1)> and <script>alert(3)</script> & more. " + Self.hostileText])
        try CLI.write(String(decoding: data, as: UTF8.self) + "\n", to: corpus)
        let outcome = try CLI.run(["tag", corpus, "--lexicons", folder + "/set", "--format", "html", "--output", folder + "/html"])
        #expect(outcome.status == Exit.success, "\(outcome)")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder + "/html") where name.hasSuffix(".html") {
            let page = try String(contentsOfFile: folder + "/html/" + name, encoding: .utf8)
            #expect(!page.contains("<script>alert"), "\(name): raw script from the document")
            #expect(!page.contains("<img src=x"), "\(name): raw markup from the document id")
            #expect(!page.contains("<b onmouseover"), "\(name): raw markup from the document or the lexicon")
            #expect(!page.contains("alert(1)>") || page.contains("&lt;b onmouseover=alert(1)&gt;"))
        }
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder + "/html").filter { $0.hasSuffix(".html") && $0 != "index.html" }
        #expect(pages.count == 1)
        let page = try String(contentsOfFile: folder + "/html/" + pages[0], encoding: .utf8)
        #expect(page.contains("&lt;script&gt;alert(3)&lt;/script&gt;"))
        #expect(page.contains("&lt;img src=x onerror=alert(2)&gt;"), "the id is shown, escaped")
        let index = try String(contentsOfFile: folder + "/html/index.html", encoding: .utf8)
        #expect(index.contains("&lt;img src=x onerror=alert(2)&gt;") && !index.contains("<img src=x"))
    }

    @Test("CSV cells starting with = + - @ are neutralised for spreadsheets")
    func csvFormulas() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = folder + "/corpus.jsonl"
        let texts = ["=HYPERLINK(\"http://evil\") adversarial testing is required.", "+1 adversarial testing.", "-2 adversarial testing.", "@SUM(1) adversarial testing."]
        var lines: [String] = []
        for (i, text) in texts.enumerated() {
            let data = try JSONSerialization.data(withJSONObject: ["id": "=cmd|' /C calc'!A\(i)", "text": text])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try CLI.write(lines.joined(separator: "\n") + "\n", to: corpus)
        let outcome = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet, "--format", "csv", "--all-spans"])
        #expect(outcome.status == Exit.success, "\(outcome)")
        let csv = outcome.stdoutText.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(csv.split(separator: "\n").count >= 5, "\(csv)")
        // No cell (at the start of a line or after a delimiter, quoted or not) begins with a formula character.
        for line in csv.split(separator: "\n").dropFirst() {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                let bare = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                #expect(!(bare.first.map { "=+-@".contains($0) } ?? false), "formula cell \(cell) in \(line)")
            }
        }
    }

    /// A document line of `--doc-codes` holds its whole document: in CSV a cell past the 32,767 characters
    /// a spreadsheet cell holds, which Excel and LibreOffice cut. The file keeps it whole and the run warns,
    /// naming the first such row; a cell of exactly 32,767 UTF-16 units (astral characters count two) is fine.
    @Test("a CSV cell longer than a spreadsheet cell: kept whole, with a warning naming the first row")
    func csvCellsPastTheSpreadsheetLimit() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let sentence = "Adversarial testing of frontier models is required before deployment. "
        let long = String(repeating: sentence, count: 32_767 / sentence.count + 1)
        // 33 + 2 × 16,367 = 32,767 UTF-16 units (65,501 bytes): the whole document fits a cell.
        let fits = "Adversarial testing is required. " + String(repeating: "𠮷", count: 16_367)
        try CLI.write(long, to: folder + "/long.txt")
        try CLI.write(fits, to: folder + "/fits.txt")
        let outcome = try CLI.run(["tag", "fits.txt", "long.txt", "--lexicons", CLI.lexiconSet, "--format", "csv", "--doc-codes", "--doc-min-spans", "1", "-o", "t.csv"], currentDirectory: folder)
        #expect(outcome.status == Exit.success, "\(outcome)")
        #expect(outcome.stderr.contains("warning: 1 CSV row has a cell longer than the 32,767 characters a spreadsheet cell holds (the first: long [0, \(long.unicodeScalars.count)))"), "\(outcome)")
        let csv = try String(contentsOfFile: folder + "/t.csv", encoding: .utf8)
        #expect(csv.contains(long.trimmingCharacters(in: .whitespaces)), "the long cell is written whole")
        #expect(csv.contains("fits,0,\(fits.unicodeScalars.count),"), "fits.txt's document line is written (and not counted)")
        let plain = try CLI.run(["tag", "fits.txt", "long.txt", "--lexicons", CLI.lexiconSet, "-o", "t.jsonl"], currentDirectory: folder)
        #expect(!plain.stderr.contains("spreadsheet"), "\(plain)")
    }

    @Test("a gold file with offsets past the end of its document: reported with file:line; --on-invalid error makes it exit 65")
    func goldOffsetsPastEnd() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try FileManager.default.createDirectory(atPath: folder + "/texts", withIntermediateDirectories: true)
        try CLI.write("Short text. Second sentence.", to: folder + "/texts/d1.txt")
        try CLI.write("{\"doc\":\"d1\",\"start\":0,\"end\":11,\"codes\":[\"risk.bias\"]}\n{\"doc\":\"d1\",\"start\":12,\"end\":9999,\"codes\":[\"risk.bias\"]}\n",
                      to: folder + "/gold.jsonl")
        try CLI.write("{\"doc\":\"d1\",\"start\":0,\"end\":11,\"codes\":[\"risk.bias\"]}\n", to: folder + "/pred.jsonl")
        let strict = try CLI.run(["eval", "--gold", folder + "/gold.jsonl", "--pred", folder + "/pred.jsonl", "--texts", folder + "/texts",
                                  "--bootstrap", "0", "--on-invalid", "error"])
        #expect(!strict.signaled)
        #expect(strict.status == Exit.badInput, "\(strict)")
        #expect(strict.stderr.contains("gold.jsonl:2"), "\(strict)")
        let lenient = try CLI.run(["eval", "--gold", folder + "/gold.jsonl", "--pred", folder + "/pred.jsonl", "--texts", folder + "/texts", "--bootstrap", "0"])
        #expect(!lenient.signaled)
        #expect(lenient.stderr.contains("gold.jsonl:2"), "warned: \(lenient)")
    }

    @Test("a gold CSV of quotes with an unclosed quote: bad input at the quote's line")
    func goldCSVUnclosedQuote() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try FileManager.default.createDirectory(atPath: folder + "/texts", withIntermediateDirectories: true)
        try CLI.write("Short text. Second sentence.", to: folder + "/texts/d1.txt")
        try CLI.write("doc,quote,codes\nd1,Short text.,risk.bias\nd1,\"Second sentence.,risk.bias\nd1,Short,risk.privacy\n", to: folder + "/gold.csv")
        try CLI.write("{\"doc\":\"d1\",\"start\":0,\"end\":11,\"codes\":[\"risk.bias\"]}\n", to: folder + "/pred.jsonl")
        let outcome = try CLI.run(["eval", "--gold", folder + "/gold.csv", "--pred", folder + "/pred.jsonl", "--texts", folder + "/texts", "--bootstrap", "0"])
        #expect(!outcome.signaled)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stderr.contains("gold.csv:3"), "\(outcome)")
    }
}

/// Output modes follow the user's umask, as any Unix tool's files do (0666 and 0777 less the umask),
/// for every file of every output; a replaced output keeps its own bits.
@Suite("Output permissions", .serialized)
struct OutputPermissionTests {
    /// Runs `spancoder arguments…` under `umask mask` (through the shell: the umask is per process).
    static func run(umask mask: String, _ arguments: [String], in folder: String) throws -> CLI.Outcome {
        let executable = try #require(CLI.executable)
        return try CLI.runProgram("/bin/sh", ["-c", "umask \(mask) && exec \"$0\" \"$@\"", executable] + arguments, currentDirectory: folder)
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0o7777
    }

    /// Every file and folder of each output under umask 077 and 002: 0600/0700 and 0664/0775.
    @Test(arguments: [("077", mode_t(0o600), mode_t(0o700)), ("002", mode_t(0o664), mode_t(0o775))])
    func newOutputsFollowTheUmask(mask: String, file: mode_t, folder: mode_t) throws {
        let work = CLI.temporaryFolder()
        defer { CLI.remove(work) }
        let samples = CLI.packageRoot + "/samples"
        let lexicons = ["--lexicons", CLI.lexiconSet]
        for (format, output) in [("html", "html"), ("brat", "brat")] {
            let outcome = try Self.run(umask: mask, ["tag", samples] + lexicons + ["--format", format, "-o", output], in: work)
            #expect(outcome.status == Exit.success, "\(outcome)")
            #expect(Self.mode(work + "/" + output) == folder, "\(format) folder")
            let names = HostileOutputTests.files(under: work + "/" + output)
            #expect(names.contains(format == "html" ? "index.html" : "annotation.conf") && names.contains(".spancoder-tag"))
            for name in names {
                #expect(Self.mode(work + "/" + output + "/" + name) == file, "\(format): \(name) is \(String(Self.mode(work + "/" + output + "/" + name), radix: 8))")
            }
        }
        let commands: [[String]] = [
            ["tag", samples] + lexicons + ["-o", "tag.jsonl"],
            ["tag", samples] + lexicons + ["--format", "csv", "-o", "tag.csv"],
            ["tag", samples] + lexicons + ["--resume", "-o", "resumed.jsonl"],
            ["segment", samples, "-o", "segments.jsonl"],
            ["stats", "--manifest", samples + "/manifest.csv", "tag.jsonl", "-o", "stats.txt"],
            ["eval", "--gold", "tag.jsonl", "--pred", "tag.jsonl", "--texts", samples, "-o", "eval.txt"],
        ]
        for command in commands {
            let outcome = try Self.run(umask: mask, command, in: work)
            #expect(outcome.status == Exit.success, "\(command.joined(separator: " ")): \(outcome)")
            let output = command[command.firstIndex(of: "-o")! + 1]
            #expect(Self.mode(work + "/" + output) == file, "\(output) is \(String(Self.mode(work + "/" + output), radix: 8))")
        }
    }

    /// A replaced output file keeps its bits, also ones wider than the umask allows; so does a replaced
    /// output folder.
    @Test func aReplacedOutputKeepsItsBits() throws {
        let work = CLI.temporaryFolder()
        defer { CLI.remove(work) }
        let samples = CLI.packageRoot + "/samples"
        try CLI.write("old\n", to: work + "/tag.jsonl")
        chmod(work + "/tag.jsonl", 0o640)
        var outcome = try Self.run(umask: "077", ["tag", samples, "--lexicons", CLI.lexiconSet, "-o", "tag.jsonl"], in: work)
        #expect(outcome.status == Exit.success, "\(outcome)")
        #expect(Self.mode(work + "/tag.jsonl") == 0o640)
        outcome = try Self.run(umask: "022", ["tag", samples, "--lexicons", CLI.lexiconSet, "--format", "html", "-o", "html"], in: work)
        chmod(work + "/html", 0o750)
        outcome = try Self.run(umask: "022", ["tag", samples, "--lexicons", CLI.lexiconSet, "--format", "html", "-o", "html"], in: work)
        #expect(outcome.status == Exit.success, "\(outcome)")
        #expect(Self.mode(work + "/html") == 0o750)
    }
}
