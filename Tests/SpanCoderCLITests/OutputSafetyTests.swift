import Foundation
import Testing

/// Outputs that must not destroy inputs or earlier work (hostile-input report, round 32, findings 2, 3,
/// 5 and L1): an `--output` that is an input, or lies where the next run reads it; a run that read
/// nothing replacing a good output with an empty one; a rerun deleting coders' edits in a brat folder;
/// `tag -` leaving resume files that nothing can resume.
@Suite("Output safety", .serialized)
struct OutputSafetyTests {
    /// A workspace with one of each input: a corpus, a text, a folder of texts, a copy of the lexicon
    /// set, a gold file with offsets into the texts, a manifest and a coding.
    struct Workspace {
        let root: String
        var corpus: String { root + "/corpus.jsonl" }
        var text: String { root + "/x.txt" }
        var texts: String { root + "/texts" }
        var lexicons: String { root + "/lex" }
        var gold: String { root + "/gold.jsonl" }
        var pred: String { root + "/pred.jsonl" }
        var manifest: String { root + "/manifest.csv" }

        init() throws {
            root = CLI.temporaryFolder()
            try CLI.write("{\"id\":\"d1\",\"text\":\"Providers shall protect personal data.\"}\n", to: corpus)
            try CLI.write("Providers shall protect personal data.\n", to: text)
            try FileManager.default.createDirectory(atPath: texts, withIntermediateDirectories: true)
            try CLI.write("Providers shall protect personal data.\n", to: texts + "/a.txt")
            try FileManager.default.copyItem(atPath: CLI.lexiconSet, toPath: lexicons)
            try CLI.write("{\"doc\":\"a\",\"start\":0,\"end\":38,\"text\":\"Providers shall protect personal data.\",\"codes\":[\"risk.privacy\"]}\n", to: gold)
            try CLI.write("{\"doc\":\"a\",\"start\":0,\"end\":38,\"codes\":[\"risk.privacy\"]}\n", to: pred)
            try CLI.write("id,country\na,US\nd1,CN\n", to: manifest)
        }

        func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
    }

    /// Each command with `--output` (or `-o`) naming one of its inputs, given relative to the workspace.
    static let outputIsAnInput: [(name: String, arguments: [String], input: String)] = [
        ("tag corpus", ["tag", "corpus.jsonl", "--lexicons", "LEX", "-o", "corpus.jsonl"], "corpus.jsonl"),
        ("tag csv over text", ["tag", "x.txt", "--lexicons", "LEX", "--format", "csv", "-o", "x.txt"], "x.txt"),
        ("tag over a lexicon file", ["tag", "x.txt", "--lexicons", "lex", "-o", "lex/taxonomy.yaml"], "lex/taxonomy.yaml"),
        ("segment", ["segment", "x.txt", "-o", "x.txt"], "x.txt"),
        ("segment a file in a folder", ["segment", "texts", "--format", "tsv", "-o", "texts/a.txt"], "texts/a.txt"),
        ("lexicon check", ["lexicon", "check", "lex", "-o", "lex/taxonomy.yaml"], "lex/taxonomy.yaml"),
        ("lexicon stats", ["lexicon", "stats", "lex", "-o", "lex/codes/risk.bias.yaml"], "lex/codes/risk.bias.yaml"),
        ("lexicon test", ["lexicon", "test", "lex", "-o", "lex/probes.tsv"], "lex/probes.tsv"),
        ("lexicon suggest", ["lexicon", "suggest", "--lexicons", "lex", "--gold", "gold.jsonl", "-o", "gold.jsonl"], "gold.jsonl"),
        ("eval --pred", ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--bootstrap", "0", "-o", "pred.jsonl"], "pred.jsonl"),
        ("eval --gold", ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--bootstrap", "0", "-o", "gold.jsonl"], "gold.jsonl"),
        ("eval --coder", ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--coder", "corpus.jsonl", "--texts", "texts", "--bootstrap", "0", "-o", "corpus.jsonl"], "corpus.jsonl"),
        ("eval --units", ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--units", "corpus.jsonl", "--texts", "texts", "--bootstrap", "0", "-o", "corpus.jsonl"], "corpus.jsonl"),
        ("eval --texts file", ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--bootstrap", "0", "-o", "texts/a.txt"], "texts/a.txt"),
        ("eval --manifest", ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--manifest", "manifest.csv", "--bootstrap", "0", "-o", "manifest.csv"], "manifest.csv"),
        ("stats coding", ["stats", "--manifest", "manifest.csv", "pred.jsonl", "--by", "country", "--output", "pred.jsonl"], "pred.jsonl"),
        ("stats --manifest", ["stats", "--manifest", "manifest.csv", "pred.jsonl", "--by", "country", "--output", "manifest.csv"], "manifest.csv"),
    ]

    @Test("--output naming an input is refused (exit 64) before any work, the input intact", arguments: outputIsAnInput.indices)
    func outputThatIsAnInputIsRefused(index: Int) throws {
        let (name, arguments, input) = Self.outputIsAnInput[index]
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        let before = workspace.bytes(workspace.root + "/" + input)
        let result = try CLI.run(arguments.map { $0 == "LEX" ? CLI.lexiconSet : $0 }, currentDirectory: workspace.root)
        #expect(result.status == Exit.usage, "\(name): \(result)")
        #expect(workspace.bytes(workspace.root + "/" + input) == before, "\(name): the input changed")
        #expect(result.stderr.contains(input), "\(name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.root + "/" + input + ".partial"))
    }

    @Test("the output reached through a symbolic link, or read as standard input, is refused too")
    func outputReachedOtherwise() throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        let before = workspace.bytes(workspace.corpus)
        // The output is a link to the corpus.
        try FileManager.default.createSymbolicLink(atPath: workspace.root + "/out.jsonl", withDestinationPath: "corpus.jsonl")
        var result = try CLI.run(["segment", "corpus.jsonl", "-o", "out.jsonl"], currentDirectory: workspace.root)
        #expect(result.status == Exit.usage, "\(result)")
        // The input is a link to the output.
        try FileManager.default.createSymbolicLink(atPath: workspace.texts + "/c.jsonl", withDestinationPath: "../corpus.jsonl")
        result = try CLI.run(["segment", "texts", "-o", "corpus.jsonl"], currentDirectory: workspace.root)
        #expect(result.status == Exit.usage && result.stderr.contains("texts/c.jsonl"), "\(result)")
        // Standard input redirected from the output.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable!)
        process.arguments = ["tag", "-", "--lexicons", CLI.lexiconSet, "-o", workspace.corpus]
        process.standardInput = FileHandle(forReadingAtPath: workspace.corpus)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == Exit.usage)
        #expect(workspace.bytes(workspace.corpus) == before)
    }

    @Test("an output file where the next run would read it as an input is refused; other names are not")
    func outputInsideAnInputFolder() throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        for output in ["texts/out.jsonl", "texts/./notes.MD"] {
            let result = try CLI.run(["tag", "texts", "--lexicons", CLI.lexiconSet, "-o", output], currentDirectory: workspace.root)
            #expect(result.status == Exit.usage && result.stderr.contains("inside the input folder texts"), "\(output): \(result)")
        }
        try FileManager.default.createDirectory(atPath: workspace.texts + "/sub", withIntermediateDirectories: true)
        var result = try CLI.run(["segment", "texts", "-o", "texts/sub/seg.jsonl"], currentDirectory: workspace.root)
        #expect(result.status == Exit.usage, "\(result)")
        // A folder reached through a link inside the input folder is read too.
        let elsewhere = workspace.root + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: workspace.texts + "/linked", withDestinationPath: elsewhere)
        result = try CLI.run(["segment", "texts", "-o", "elsewhere/seg.jsonl"], currentDirectory: workspace.root)
        #expect(result.status == Exit.usage, "\(result)")
        #expect(Self.entries(elsewhere).isEmpty)
        // Not read from the folder: another extension, a hidden name; outside the folder; /dev/null.
        for output in ["texts/seg.tsv", "texts/.seg.jsonl", "seg.jsonl", "/dev/null"] {
            result = try CLI.run(["segment", "texts", "--format", "tsv", "-o", output], currentDirectory: workspace.root)
            #expect(result.status == Exit.success, "\(output): \(result)")
        }
        // A lexicon set is read for its YAML files and probes; a report beside them is fine.
        result = try CLI.run(["lexicon", "check", "lex", "-o", "lex/codes/new.yaml"], currentDirectory: workspace.root)
        #expect(result.status == Exit.usage, "\(result)")
        result = try CLI.run(["lexicon", "check", "lex", "-o", "lex/report.txt"], currentDirectory: workspace.root)
        #expect(result.status == Exit.success, "\(result)")
    }

    @Test("a brat or html output folder that is, holds or lies inside an input folder or the lexicon set is refused")
    func folderOutputs() throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        let cases: [(inputs: [String], lexicons: String, output: String)] = [
            (["texts"], CLI.lexiconSet, "texts"),
            (["texts"], CLI.lexiconSet, "texts/brat"),
            (["texts"], CLI.lexiconSet, "."),
            (["texts/a.txt"], CLI.lexiconSet, "texts"),
            (["corpus.jsonl"], "lex", "lex/html"),
        ]
        for (inputs, lexicons, output) in cases {
            for format in ["brat", "html"] {
                let result = try CLI.run(["tag"] + inputs + ["--lexicons", lexicons, "--format", format, "-o", output], currentDirectory: workspace.root)
                #expect(result.status == Exit.usage, "\(inputs) -o \(output): \(result)")
            }
        }
        #expect(Self.entries(workspace.texts) == ["a.txt"])
        #expect(!FileManager.default.fileExists(atPath: workspace.lexicons + "/html"))
        let result = try CLI.run(["tag", "texts", "--lexicons", CLI.lexiconSet, "--format", "brat", "-o", "brat"], currentDirectory: workspace.root)
        #expect(result.status == Exit.success, "\(result)")
    }

    static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    // MARK: - A run that read no document

    @Test("a run whose inputs are all missing leaves the previous output as it was (exit 1)",
          arguments: [["tag", "--lexicons", CLI.lexiconSet], ["tag", "--lexicons", CLI.lexiconSet, "--format", "csv"], ["segment"]])
    func noDocumentReadKeepsTheOutput(command: [String]) throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        let previous = "{\"doc\":\"x\",\"start\":0,\"end\":1,\"codes\":[\"risk.bias\"]}\n"
        try CLI.write(previous, to: workspace.root + "/results.jsonl")
        let missing = workspace.root + "/no-such-drive/corpus"
        var result = try CLI.run(Array(command.prefix(1)) + [missing] + command.dropFirst() + ["-o", "results.jsonl"], currentDirectory: workspace.root)
        #expect(result.status == Exit.partial, "\(result)")
        #expect(result.stderr.contains("results.jsonl was left as it was"), "\(result.stderr)")
        #expect(String(decoding: workspace.bytes(workspace.root + "/results.jsonl") ?? Data(), as: UTF8.self) == previous)
        // No output file appears where there was none, and nothing is left to resume.
        result = try CLI.run(Array(command.prefix(1)) + [missing] + command.dropFirst() + ["-o", "new.jsonl"], currentDirectory: workspace.root)
        #expect(result.status == Exit.partial && result.stderr.contains("new.jsonl was not written"), "\(result)")
        #expect(Self.entries(workspace.root).filter { $0.hasPrefix("results") || $0.hasPrefix("new") || $0.hasPrefix(".") } == ["results.jsonl"])
        // One document read: the others are skipped as before, and the output is written.
        result = try CLI.run(Array(command.prefix(1)) + [missing, "x.txt"] + command.dropFirst() + ["-o", "results.jsonl"], currentDirectory: workspace.root)
        #expect(result.status == Exit.partial, "\(result)")
        #expect(String(decoding: workspace.bytes(workspace.root + "/results.jsonl") ?? Data(), as: UTF8.self) != previous)
    }

    @Test("a brat folder is kept when no document could be read")
    func noDocumentReadKeepsTheFolder() throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        var result = try CLI.run(["tag", "texts", "--lexicons", CLI.lexiconSet, "--format", "brat", "-o", "brat"], currentDirectory: workspace.root)
        #expect(result.status == Exit.success, "\(result)")
        let before = Self.entries(workspace.root + "/brat")
        result = try CLI.run(["tag", "missing", "--lexicons", CLI.lexiconSet, "--format", "brat", "-o", "brat"], currentDirectory: workspace.root)
        #expect(result.status == Exit.partial && result.stderr.contains("brat was left as it was"), "\(result)")
        #expect(Self.entries(workspace.root + "/brat") == before && before.contains("a.ann"))
        #expect(!Self.entries(workspace.root).contains { $0.hasPrefix(".brat") })
    }

    /// Inputs that exist but hold no document, made in `root`: an empty folder (an unmounted drive's
    /// mount point), a folder of files that are not read (.pdf, hidden .txt), an empty JSONL corpus.
    static func inputsWithoutDocuments(in root: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: root + "/mnt/corpus", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/pdfs/sub", withIntermediateDirectories: true)
        try CLI.write("%PDF-1.4", to: root + "/pdfs/sub/report.pdf")
        try CLI.write("Providers shall protect personal data.\n", to: root + "/pdfs/.hidden.txt")
        try CLI.write("", to: root + "/empty.jsonl")
        return ["mnt/corpus", "pdfs", "empty.jsonl"]
    }

    @Test("a run whose inputs hold no document (an empty folder, no .txt/.md/.jsonl, an empty corpus) leaves the previous output as it was (exit 1)",
          arguments: [["tag", "--lexicons", CLI.lexiconSet], ["tag", "--lexicons", CLI.lexiconSet, "--format", "csv"],
                      ["tag", "--lexicons", CLI.lexiconSet, "--format", "label-studio"], ["segment"], ["segment", "--format", "tsv"]])
    func inputsWithoutDocumentsKeepTheOutput(command: [String]) throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        let previous = "{\"doc\":\"x\",\"start\":0,\"end\":1,\"codes\":[\"risk.bias\"]}\n"
        try CLI.write(previous, to: workspace.root + "/results.jsonl")
        let empty = try Self.inputsWithoutDocuments(in: workspace.root)
        func run(_ inputs: [String], _ output: [String]) throws -> CLI.Outcome {
            try CLI.run(Array(command.prefix(1)) + inputs + command.dropFirst() + output, currentDirectory: workspace.root)
        }
        for inputs in empty.map({ [$0] }) + [empty] {
            var result = try run(inputs, ["-o", "results.jsonl"])
            #expect(result.status == Exit.partial, "\(inputs): \(result)")
            #expect(result.stderr.contains("spancoder: the inputs hold no document, so results.jsonl was left as it was (not replaced by an empty output)"),
                    "\(inputs): \(result.stderr)")
            #expect(String(decoding: workspace.bytes(workspace.root + "/results.jsonl") ?? Data(), as: UTF8.self) == previous, "\(inputs)")
            // No output file appears where there was none, and nothing is left to resume.
            result = try run(inputs, ["-o", "new.jsonl"])
            #expect(result.status == Exit.partial && result.stderr.contains("the inputs hold no document, so new.jsonl was not written"), "\(inputs): \(result)")
            #expect(Self.entries(workspace.root).filter { $0.hasPrefix("results") || $0.hasPrefix("new") || $0.hasPrefix(".") } == ["results.jsonl"],
                    "\(inputs)")
            // To standard output: what the format writes for no document, and exit 1 all the same.
            result = try run(inputs, [])
            #expect(result.status == Exit.partial && result.stderr.contains("spancoder: the inputs hold no document\n"), "\(inputs): \(result)")
        }
        // With a missing input besides: the failure is the reason given.
        let result = try run(["no-such-drive"] + empty, ["-o", "results.jsonl"])
        #expect(result.status == Exit.partial && result.stderr.contains("no document could be read, so results.jsonl was left as it was"), "\(result)")
        // Empty standard input (the command before the pipe failed) holds no document either.
        let piped = try CLI.run(Array(command.prefix(1)) + ["-"] + command.dropFirst() + ["-o", "results.jsonl"],
                                stdin: Data(), currentDirectory: workspace.root)
        #expect(piped.status == Exit.partial && piped.stderr.contains("the inputs hold no document, so results.jsonl was left as it was"), "\(piped)")
        #expect(String(decoding: workspace.bytes(workspace.root + "/results.jsonl") ?? Data(), as: UTF8.self) == previous)
        // An empty document is a document: its (empty) output replaces the previous one.
        try CLI.write("", to: workspace.root + "/blank.txt")
        #expect(try run(["blank.txt"] + empty, ["-o", "results.jsonl"]).status == Exit.success)
        #expect(String(decoding: workspace.bytes(workspace.root + "/results.jsonl") ?? Data(), as: UTF8.self) != previous)
    }

    @Test("documents without text are tagged and named in a warning; documents with text draw none")
    func emptyDocumentsAreNamed() throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        try CLI.write("", to: workspace.root + "/blank.txt")
        try CLI.write(" \n\t\r\n", to: workspace.root + "/spaces.txt")
        try CLI.write("Providers shall protect personal data.\n", to: workspace.root + "/full.txt")
        try CLI.write("{\"id\": \"j1\", \"text\": \"\\n\"}\n{\"id\": \"j2\", \"text\": \"Red teaming.\"}\n{\"id\": \"j3\", \"text\": \"\"}\n",
                      to: workspace.root + "/corpus.jsonl")
        var result = try CLI.run(["tag", "blank.txt", "spaces.txt", "full.txt", "corpus.jsonl", "--lexicons", CLI.lexiconSet, "-o", "out.jsonl"],
                                 currentDirectory: workspace.root)
        #expect(result.status == Exit.success, "\(result)")
        #expect(result.stderr.contains("spancoder: warning: 4 documents have no text (blank, spaces, j1, …): nothing in them could be coded; "
            + "was their text extracted?"), "\(result.stderr)")
        #expect(String(decoding: workspace.bytes(workspace.root + "/out.jsonl") ?? Data(), as: UTF8.self).contains("personal data"))
        result = try CLI.run(["tag", "blank.txt", "--lexicons", CLI.lexiconSet], currentDirectory: workspace.root)
        #expect(result.status == Exit.success && result.stderr.contains("warning: 1 document has no text (blank): nothing in it could be coded"), "\(result)")
        result = try CLI.run(["tag", "full.txt", "--lexicons", CLI.lexiconSet], currentDirectory: workspace.root)
        #expect(result.status == Exit.success && !result.stderr.contains("no text"), "\(result)")
    }

    @Test("a brat or html folder is kept when the inputs hold no document", arguments: ["brat", "html"])
    func inputsWithoutDocumentsKeepTheFolder(format: String) throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        var result = try CLI.run(["tag", "texts", "--lexicons", CLI.lexiconSet, "--format", format, "-o", "out"], currentDirectory: workspace.root)
        #expect(result.status == Exit.success, "\(result)")
        let before = Self.entries(workspace.root + "/out")
        let empty = try Self.inputsWithoutDocuments(in: workspace.root)
        result = try CLI.run(["tag"] + empty + ["--lexicons", CLI.lexiconSet, "--format", format, "-o", "out"], currentDirectory: workspace.root)
        #expect(result.status == Exit.partial && result.stderr.contains("the inputs hold no document, so out was left as it was"), "\(result)")
        #expect(Self.entries(workspace.root + "/out") == before && before.contains(format == "brat" ? "a.ann" : "a.html"))
        #expect(!Self.entries(workspace.root).contains { $0.hasPrefix(".out") })
    }

    @Test("tag --resume into a file: inputs without documents leave the output and no resume files")
    func inputsWithoutDocumentsResume() throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        let previous = "{\"doc\":\"x\",\"start\":0,\"end\":1,\"codes\":[\"risk.bias\"]}\n"
        try CLI.write(previous, to: workspace.root + "/results.jsonl")
        let empty = try Self.inputsWithoutDocuments(in: workspace.root)
        let result = try CLI.run(["tag"] + empty + ["--lexicons", CLI.lexiconSet, "--resume", "-o", "results.jsonl"], currentDirectory: workspace.root)
        #expect(result.status == Exit.partial && result.stderr.contains("results.jsonl was left as it was"), "\(result)")
        #expect(String(decoding: workspace.bytes(workspace.root + "/results.jsonl") ?? Data(), as: UTF8.self) == previous)
        #expect(Self.entries(workspace.root).filter { $0.hasPrefix("results") || $0.hasPrefix(".") } == ["results.jsonl"])
    }

    @Test("eval, lexicon suggest and stats refuse document folders that hold nothing, as a missing one, and keep their output")
    func otherCommandsRefuseInputsWithoutDocuments() throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        _ = try Self.inputsWithoutDocuments(in: workspace.root)
        let previous = "an earlier report\n"
        let cases: [(arguments: [String], status: Int32, message: String)] = [
            (["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "mnt/corpus", "--bootstrap", "0"], Exit.badInput,
             "no document read from --texts mnt/corpus: the inputs hold no document"),
            (["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "pdfs", "--corpus", "empty.jsonl", "--bootstrap", "0"], Exit.badInput,
             "no document read from --texts pdfs and --corpus empty.jsonl"),
            (["eval", "--gold", "mnt/corpus", "--pred", "pred.jsonl", "--texts", "texts", "--bootstrap", "0"], Exit.badInput,
             "mnt/corpus: this folder holds no brat .ann file"),
            (["eval", "--gold", "gold.jsonl", "--pred", "pdfs", "--texts", "texts", "--bootstrap", "0"], Exit.badInput,
             "pdfs: this folder holds no brat .ann file"),
            (["lexicon", "suggest", "--lexicons", "lex", "--gold", "gold.jsonl", "--corpus", "mnt/corpus", "empty.jsonl"], Exit.badInput,
             "no document read from --corpus mnt/corpus empty.jsonl"),
            (["stats", "--manifest", "manifest.csv", "pred.jsonl", "--by", "country", "--texts", "mnt/corpus"], Exit.usage,
             "--texts mnt/corpus: no text file for any of the 2 document(s)"),
        ]
        for (arguments, status, message) in cases {
            try CLI.write(previous, to: workspace.root + "/report.txt")
            let result = try CLI.run(arguments + ["-o", "report.txt"], currentDirectory: workspace.root)
            #expect(result.status == status && result.stderr.contains(message), "\(arguments): \(result)")
            #expect(String(decoding: workspace.bytes(workspace.root + "/report.txt") ?? Data(), as: UTF8.self) == previous, "\(arguments)")
        }
        // The same inputs with a document: written.
        let result = try CLI.run(["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--corpus", "empty.jsonl", "--bootstrap", "0",
                                  "-o", "report.txt"], currentDirectory: workspace.root)
        #expect(result.status == Exit.success, "\(result)")
        #expect(String(decoding: workspace.bytes(workspace.root + "/report.txt") ?? Data(), as: UTF8.self) != previous)
    }

    @Test("an input folder with nothing to read gets a warning naming it", arguments: ["tag", "segment"])
    func emptyFolderWarns(command: String) throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        try FileManager.default.createDirectory(atPath: workspace.root + "/empty/sub", withIntermediateDirectories: true)
        try CLI.write("not a document", to: workspace.root + "/empty/sub/notes.csv")
        let arguments = command == "tag" ? ["tag", "empty", "x.txt", "--lexicons", CLI.lexiconSet] : ["segment", "empty", "x.txt"]
        let result = try CLI.run(arguments, currentDirectory: workspace.root)
        #expect(result.status == Exit.success, "\(result)")
        #expect(result.stderr.contains("warning: empty: this folder holds no .md, .txt or .jsonl file"), "\(result.stderr)")
        #expect(!result.stderr.contains("warning: x.txt"))
    }

    // MARK: - Rerunning into a brat or html folder

    /// `tag texts --format FORMAT -o out` in the workspace.
    static func tagFolder(_ workspace: Workspace, format: String) throws -> CLI.Outcome {
        try CLI.run(["tag", "texts", "--lexicons", CLI.lexiconSet, "--format", format, "-o", "out"], currentDirectory: workspace.root)
    }

    @Test("rerunning into a folder whose files were edited, or that holds other files, is refused (exit 64); the folder stays",
          arguments: ["brat", "html"])
    func rerunKeepsCodersWork(format: String) throws {
        let workspace = try Workspace()
        defer { CLI.remove(workspace.root) }
        let out = workspace.root + "/out"
        #expect(try Self.tagFolder(workspace, format: format).status == Exit.success)
        // Unchanged: replaced.
        #expect(try Self.tagFolder(workspace, format: format).status == Exit.success)
        let page = out + (format == "brat" ? "/a.ann" : "/a.html")

        // A coder's edit.
        let edited = (try String(contentsOfFile: page, encoding: .utf8)) + "T999\trisk.bias 0 5\tHUMAN EDIT\n"
        try CLI.write(edited, to: page)
        var result = try Self.tagFolder(workspace, format: format)
        #expect(result.status == Exit.usage, "\(result)")
        #expect(result.stderr.contains("out/a.\(format == "brat" ? "ann" : "html"): changed since spancoder tag wrote it"), "\(result.stderr)")
        #expect(try String(contentsOfFile: page, encoding: .utf8) == edited)

        // A file of the same size, other bytes.
        #expect(try Self.tagFolder(workspace, format: format).status == Exit.usage)
        CLI.remove(out)
        #expect(try Self.tagFolder(workspace, format: format).status == Exit.success)
        var same = try String(contentsOfFile: page, encoding: .utf8)
        same = String(same.dropLast()) + (same.last == "X" ? "Y" : "X")
        try CLI.write(same, to: page)
        result = try Self.tagFolder(workspace, format: format)
        #expect(result.status == Exit.usage && result.stderr.contains("changed since"), "\(result)")

        // A file added; a folder added.
        CLI.remove(out)
        #expect(try Self.tagFolder(workspace, format: format).status == Exit.success)
        try CLI.write("notes\n", to: out + "/CODER-NOTES.md")
        result = try Self.tagFolder(workspace, format: format)
        #expect(result.status == Exit.usage && result.stderr.contains("out/CODER-NOTES.md: spancoder tag did not write this file"), "\(result)")
        #expect(FileManager.default.fileExists(atPath: out + "/CODER-NOTES.md"))
        CLI.remove(out + "/CODER-NOTES.md")
        try FileManager.default.createDirectory(atPath: out + "/more", withIntermediateDirectories: true)
        #expect(try Self.tagFolder(workspace, format: format).status == Exit.usage)
        CLI.remove(out + "/more")

        // brat's own cache is not a coder's file.
        if format == "brat" {
            try CLI.write("cache", to: out + "/.stats_cache")
            #expect(try Self.tagFolder(workspace, format: format).status == Exit.success)
        }
        // A file the run wrote, deleted: nothing to lose.
        CLI.remove(page)
        #expect(try Self.tagFolder(workspace, format: format).status == Exit.success)
        #expect(FileManager.default.fileExists(atPath: page))

        // A marker of an earlier version, without a file list: the folder cannot be checked.
        try CLI.write("spancoder tag --format \(format)\n", to: out + "/.spancoder-tag")
        result = try Self.tagFolder(workspace, format: format)
        #expect(result.status == Exit.usage && result.stderr.contains("kept no list of its files"), "\(result)")
        #expect(!Self.entries(workspace.root).contains { $0.hasPrefix(".out") })
    }

    // MARK: - tag - interrupted

    @Test("SIGINT during tag - --output leaves no FILE.partial or FILE.journal (nothing could resume them)")
    func standardInputInterruptedLeavesNothing() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = try InterruptTests.corpus(count: 1200, in: folder)
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result = try CLI.run(["tag", "-", "--lexicons", CLI.lexiconSet, "--output", out + "/x.jsonl", "--jobs", "2"],
                                 stdin: FileManager.default.contents(atPath: corpus), environment: ["SPANCODER_TEST_SIGNAL_AT_PROGRESS": "2"])
        #expect(result.signaled && result.status == SIGINT, "\(result)")
        #expect(InterruptTests.entries(out).isEmpty, "\(InterruptTests.entries(out))")
        #expect(!result.stderr.contains("--resume"), "nothing to resume: \(result)")
        // Uninterrupted, the same output as from the named corpus.
        let whole = try CLI.run(["tag", "-", "--lexicons", CLI.lexiconSet, "--output", out + "/x.jsonl"], stdin: FileManager.default.contents(atPath: corpus))
        #expect(whole.status == Exit.success, "\(whole)")
        let named = try CLI.run(["tag", corpus, "--lexicons", CLI.lexiconSet])
        #expect(FileManager.default.contents(atPath: out + "/x.jsonl") == named.stdout)
        #expect(InterruptTests.entries(out) == ["x.jsonl"])
    }
}
