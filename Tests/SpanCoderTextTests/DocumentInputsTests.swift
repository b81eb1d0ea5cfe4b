import SpanCoderCore
import Testing
@testable import SpanCoderText

#if canImport(Glibc)
import Glibc
#endif

@Suite struct DocumentInputsTests {
    private func collect(_ inputs: DocumentInputs) -> (documents: [Document], errors: [SpanCoderError]) {
        var documents: [Document] = []
        var errors: [SpanCoderError] = []
        for result in inputs {
            switch result {
            case .success(let document): documents.append(document)
            case .failure(let error): errors.append(error)
            }
        }
        return (documents, errors)
    }

    @Test func foldersAreWalkedRecursivelyInSortedOrder() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        mkdir(folder + "/b-sub", 0o755)
        try TestSupport.write(Array("second".utf8), to: folder + "/b-sub/inner.md")
        try TestSupport.write(Array("first".utf8), to: folder + "/a.txt")
        try TestSupport.write(Array("last".utf8), to: folder + "/c.TXT")
        try TestSupport.write(Array("ignored".utf8), to: folder + "/notes.csv")
        try TestSupport.write(Array("hidden".utf8), to: folder + "/.hidden.txt")
        try TestSupport.write(Array("{\"id\":\"j1\",\"text\":\"from corpus\"}\n".utf8), to: folder + "/d.jsonl")
        let (documents, errors) = collect(DocumentInputs(paths: [folder]))
        #expect(errors.isEmpty)
        #expect(documents.map(\.id) == ["a", "inner", "c", "j1"])
        #expect(documents.map(\.text) == ["first", "second", "last", "from corpus"])
    }

    /// Files whose names give the same id are told apart by their paths (a corpus without clashes keeps
    /// its ids): stats and eval would otherwise merge them into one document.
    @Test func clashingFileNamesGetIDsFromTheirPaths() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        mkdir(folder + "/d", 0o755)
        mkdir(folder + "/d/a", 0o755)
        mkdir(folder + "/d/b", 0o755)
        try TestSupport.write(Array("a x".utf8), to: folder + "/d/a/x.txt")
        try TestSupport.write(Array("b x".utf8), to: folder + "/d/b/x.txt")
        try TestSupport.write(Array("y txt".utf8), to: folder + "/d/y.txt")
        try TestSupport.write(Array("y md".utf8), to: folder + "/d/y.md")
        try TestSupport.write(Array("z".utf8), to: folder + "/d/z.txt")
        let inputs = DocumentInputs(paths: [folder + "/d"])
        let (documents, errors) = collect(inputs)
        #expect(errors.isEmpty)
        #expect(documents.map(\.id) == ["a/x", "b/x", "y.md", "y.txt", "z"])
        #expect(documents.map(\.text) == ["a x", "b x", "y md", "y txt", "z"])
        let clashes = inputs.fileIDClashes()
        #expect(clashes.map(\.id) == ["x", "y"])
        #expect(clashes.allSatisfy { $0.resolved })
        #expect(clashes[0].files.map(\.path) == [folder + "/d/a/x.txt", folder + "/d/b/x.txt"])
        #expect(clashes[0].message.contains(folder + "/d/a/x.txt") && clashes[0].message.contains("\"b/x\""))

        // Two folders with the same file: the paths as given tell them apart. A file named on the
        // command line stands under itself: its path as given.
        mkdir(folder + "/e", 0o755)
        try TestSupport.write(Array("e z".utf8), to: folder + "/e/z.txt")
        let relative = String(folder.drop { $0 == "/" })
        #expect(collect(DocumentInputs(paths: [folder + "/d", folder + "/e/"])).documents.map(\.id)
                == ["a/x", "b/x", "y.md", "y.txt", relative + "/d/z", relative + "/e/z"])
        #expect(collect(DocumentInputs(paths: [folder + "/d/z.txt", folder + "/e/"])).documents.map(\.id) == [relative + "/d/z", "z"])

        // One file named twice cannot be told apart by its path: the second reading is renamed as any
        // repeated id is (`DocumentIDRegistry`), and the clash says so.
        let twice = DocumentInputs(paths: [folder + "/d/z.txt", folder + "/d/z.txt"])
        #expect(collect(twice).documents.map(\.id) == ["z", "z-2"])
        #expect(twice.fileIDClashes().map(\.resolved) == [false])
        #expect(twice.fileIDClashes()[0].message.contains("\"z-2\""))

        // A corpus copied many times: each warning names a few files, not all of them.
        let many = DocumentInputs.FileIDClash(id: "x", files: (0..<50).map { .init(path: "c\($0)/x.txt", id: "c\($0)/x") }, resolved: true)
        #expect(many.message.contains("c0/x.txt, c1/x.txt, c2/x.txt and 47 more"), "\(many.message)")
        #expect(!many.message.contains("c3/x.txt") && many.message.contains("\"c2/x\" and 47 more"))

        // Without clashes nothing changes, and there is nothing to warn about.
        let plain = DocumentInputs(paths: [folder + "/d/a", folder + "/d/z.txt"])
        #expect(collect(plain).documents.map(\.id) == ["x", "z"])
        #expect(plain.fileIDClashes().isEmpty)
    }

    /// Two corpus lines with one id (two scraped pages), or a text file and a corpus line with one id,
    /// went through with the one id: stats counted one document, eval --corpus kept the last text, while
    /// brat and HTML file names were told apart (`a-2`). Every later document with a given id now gets
    /// `ID-2`, `ID-3`, … (skipping ids given already), whatever the output format, and the registry
    /// keeps the renames for one warning.
    @Test func repeatedIDsAreRenamedInInputOrder() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        try TestSupport.write(Array("text file a".utf8), to: folder + "/a.txt")
        let lines = [#"{"id":"a","text":"line a"}"#, #"{"id":"b","text":"first b"}"#, #"{"id":"b","text":"second b"}"#,
                     #"{"id":"b-2","text":"real b-2"}"#, #"{"id":"b","text":"third b"}"#, ""]
        try TestSupport.write(Array(lines.joined(separator: "\n").utf8), to: folder + "/c.jsonl")
        var inputs = DocumentInputs(paths: [folder + "/a.txt", folder + "/c.jsonl"])
        let ids = DocumentIDRegistry()
        inputs.idRegistry = ids
        let (documents, errors) = collect(inputs)
        #expect(errors.isEmpty)
        #expect(documents.map(\.id) == ["a", "a-2", "b", "b-2", "b-2-2", "b-3"])
        #expect(documents.map(\.text) == ["text file a", "line a", "first b", "second b", "real b-2", "third b"])
        #expect(ids.renameCount == 4)
        #expect(ids.renames.map(\.location.description) == [folder + "/c.jsonl:1", folder + "/c.jsonl:3", folder + "/c.jsonl:4", folder + "/c.jsonl:5"])
        let warning = try #require(ids.warning())
        #expect(warning.hasPrefix("4 documents have an id that an earlier document already has (\(folder)/c.jsonl:1: \"a\" read as \"a-2\"; "), "\(warning)")
        #expect(warning.contains("and 1 more") && !warning.contains("c.jsonl:5"), "names the first three: \(warning)")

        // Each iteration starts over without a registry of its own; a shared one spans two inputs.
        #expect(collect(DocumentInputs(paths: [folder + "/c.jsonl"])).documents.map(\.id) == ["a", "b", "b-2", "b-2-2", "b-3"])
        let shared = DocumentIDRegistry()
        var first = DocumentInputs(paths: [folder + "/a.txt"])
        first.idRegistry = shared
        var second = DocumentInputs(paths: [folder + "/c.jsonl"])
        second.idRegistry = shared
        #expect(collect(first).documents.map(\.id) + collect(second).documents.map(\.id) == ["a", "a-2", "b", "b-2", "b-2-2", "b-3"])
        #expect(DocumentIDRegistry().warning() == nil)
    }

    /// The registry keeps 128-bit hashes, not ids: ids that differ anywhere, in a tail byte, a trailing
    /// NUL or their length, hash apart, and the same id hashes alike in any run.
    @Test func idHashesTellIDsApart() {
        var ids = (0..<100_000).map { "doc-\($0)" }
        ids += ["", "a", "a\u{0}", "a\u{0}\u{0}", "abcdefgh", "abcdefgh\u{0}", "abcdefgi", "文件", "文件-2"]
        #expect(Set(ids.map { IDHash($0) }).count == ids.count)
        #expect(IDHash("us-eo14110-2023") == IDHash(String("us-eo14110-2023-x".dropLast(2))))
        let registry = DocumentIDRegistry()
        let location = SourceLocation(file: "c.jsonl")
        #expect(ids.map { registry.assign($0, at: location) } == ids)
        #expect(registry.assign("a", at: location) == "a-2" && registry.renameCount == 1)
    }

    /// The warning of a run that stopped early counts the renames among the first n documents given an
    /// id, also past the 20 it keeps for naming, and none when the first rename lies beyond them.
    @Test func renamesAmongTheFirstDocuments() throws {
        let registry = DocumentIDRegistry()
        let location = SourceLocation(file: "c.jsonl")
        // Positions 0 ("x") and 1, 3, 5, … (renamed "a"s), with "u0", "u1", … in between.
        #expect(registry.assign("x", at: location) == "x")
        for i in 0..<30 {
            _ = registry.assign("a", at: SourceLocation(file: "c.jsonl", line: 2 * i + 2))
            _ = registry.assign("u\(i)", at: location)
        }
        #expect(registry.assignedCount == 61 && registry.renameCount == 29)
        #expect(registry.warning(amongFirst: 2) == nil)
        let three = try #require(registry.warning(amongFirst: 4))
        #expect(three.hasPrefix("1 document has an id that an earlier document already has (c.jsonl:4: \"a\" read as \"a-2\")"), "\(three)")
        #expect(registry.warning(amongFirst: 5)?.hasPrefix("1 document has") == true)
        #expect(registry.warning(amongFirst: 6)?.hasPrefix("2 documents have") == true)
        #expect(registry.warning(amongFirst: 50)?.contains(" and 21 more") == true)
        #expect(registry.warning(amongFirst: 61) == registry.warning())
        #expect(registry.warning()?.hasPrefix("29 documents have") == true)
    }

    /// A UTF-16 corpus was read line by line as UTF-8: one document gave two failures ("not valid
    /// UTF-8", then "bad JSONL line") and no hint. It is one failure for the file, naming the encoding,
    /// how it was recognised and the conversion; the corpora after it are read as usual.
    @Test func aUTF16CorpusIsOneFailureWithTheConversion() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        let line = #"{"id":"a","text":"personal data."}"# + "\n"
        func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
            text.utf16.flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
        try TestSupport.write([0xFF, 0xFE] + utf16(line, bigEndian: false), to: folder + "/1.jsonl")
        try TestSupport.write(utf16(line + line, bigEndian: true), to: folder + "/2.jsonl")
        try TestSupport.write([0xFF, 0xFE, 0, 0] + Array(line.unicodeScalars.flatMap { s in [UInt8(s.value & 0xFF), 0, 0, 0] }), to: folder + "/3.jsonl")
        try TestSupport.write(Array(line.utf8), to: folder + "/4.jsonl")
        let (documents, errors) = collect(DocumentInputs(paths: [folder]))
        #expect(documents.map(\.id) == ["a"])
        #expect(errors.map(\.message) == [
            "this JSONL corpus is UTF-16LE (byte-order mark FF FE), not UTF-8: convert it first, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8",
            "this JSONL corpus is UTF-16BE (a NUL byte before its first character), not UTF-8: convert it first, e.g. iconv -f UTF-16BE -t UTF-8 FILE > FILE.utf8",
            "this JSONL corpus is UTF-32LE (byte-order mark FF FE 00 00), not UTF-8: convert it first, e.g. iconv -f UTF-32 -t UTF-8 FILE > FILE.utf8",
        ])
        #expect(errors.map { $0.location?.description } == [folder + "/1.jsonl (byte 0)", folder + "/2.jsonl (byte 0)", folder + "/3.jsonl (byte 0)"])
    }

    /// The folders were walked up to three times (the clash warning, the iterator's own pre-walk for the
    /// ids, the iteration): 100,000 files took twice as long. One listing now serves the warning and the
    /// iterator, so they cannot disagree either: a file added after the warning is not read under ids
    /// the warning never named (the second walk read it, and renamed `x` to `a/x` unannounced).
    @Test func theWarningAndTheIteratorShareOneWalk() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        mkdir(folder + "/a", 0o755)
        mkdir(folder + "/b", 0o755)
        try TestSupport.write(Array("a x".utf8), to: folder + "/a/x.txt")
        let inputs = DocumentInputs(paths: [folder])
        #expect(inputs.fileIDClashes().isEmpty)
        try TestSupport.write(Array("b x".utf8), to: folder + "/b/x.txt")
        let copy = inputs
        #expect(collect(copy).documents.map(\.id) == ["x"])
        #expect(collect(inputs).documents.map(\.id) == ["x"])
        // Other paths are another listing.
        var changed = inputs
        changed.paths = [folder + "/"]
        #expect(collect(changed).documents.map(\.id) == ["a/x", "b/x"])
        #expect(changed.fileIDClashes().map(\.id) == ["x"])
        #expect(inputs.fileIDClashes().isEmpty)
    }

    /// Failures keep their place in the order: a missing path and a file that is not regular where
    /// they were named, among the documents of the folders around them.
    @Test func failuresComeInTheOrderOfThePaths() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        try TestSupport.write(Array("one".utf8), to: folder + "/1.txt")
        mkdir(folder + "/sub", 0o755)
        try TestSupport.write(Array("two".utf8), to: folder + "/sub/2.txt")
        var order: [String] = []
        for result in DocumentInputs(paths: [folder + "/1.txt", folder + "/missing", "/dev/null", folder + "/sub"]) {
            switch result {
            case .success(let document): order.append(document.id)
            case .failure(let error): order.append("error: " + error.message)
            }
        }
        #expect(order == ["1", "error: no such file or folder", "error: not a regular file or folder", "2"])
    }

    @Test func explicitFilesAreReadWhateverTheirExtension() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        try TestSupport.write(Array("csv text".utf8), to: folder + "/policy.v2.csv")
        let (documents, _) = collect(DocumentInputs(paths: [folder + "/policy.v2.csv"]))
        #expect(documents.map(\.id) == ["policy.v2"])
        let custom = collect(DocumentInputs(paths: [folder], textExtensions: ["csv"]))
        #expect(custom.documents.map(\.id) == ["policy.v2"])
    }

    @Test func badDocumentsFailAndIterationContinues() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        try TestSupport.write(Array("ok one".utf8), to: folder + "/1.txt")
        try TestSupport.write([0x41, 0x00, 0x42], to: folder + "/2-binary.txt")
        try TestSupport.write([], to: folder + "/3-empty.txt")
        try TestSupport.write(Array("ab".utf8) + [0xC3], to: folder + "/4-truncated.txt")
        try TestSupport.write(Array("ok five".utf8), to: folder + "/5.txt")
        let (documents, errors) = collect(DocumentInputs(paths: [folder, folder + "/missing.txt"]))
        #expect(documents.map(\.id) == ["1", "3-empty", "5"])
        #expect(documents[1].text == "")
        #expect(errors.count == 3)
        #expect(errors[0].location?.file == folder + "/2-binary.txt")
        #expect(errors[0].location?.byteOffset == 1)
        #expect(errors[1].location?.byteOffset == 2)
        #expect(errors[2].location?.file == folder + "/missing.txt")
        #expect(errors.allSatisfy { $0.kind == .badInput })
    }

    @Test func jsonlCorpusLinesBecomeDocumentsWithMetadata() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        let corpus = """
        {"id": "cn-1", "text": "第一条 为了规范\\n生成式人工智能。", "country": "CN", "year": 2023, "tags": ["a", "b"], "draft": false, "note": null}
        {"id": 42, "text": "Escapes: \\"quoted\\" \\u00e9 \\ud842\\udfb7 tab\\tend"}\r

        {"text": "no id"}
        {"id": "broken", "text": "unterminated}
        {"id": "ok-after-errors", "text": ""}
        """
        try TestSupport.write(Array(corpus.utf8) + [0x0A] + Array("{\"id\":\"bad-utf8\",\"text\":\"".utf8) + [0xFF] + Array("\"}\n".utf8)
                              + Array("{\"id\": \"bad-metadata\", \"text\": \"t\", \"draft\": fals}\n".utf8),
                              to: folder + "/corpus.jsonl")
        let (documents, errors) = collect(DocumentInputs(paths: [folder + "/corpus.jsonl"]))
        #expect(documents.map(\.id) == ["cn-1", "42", "ok-after-errors"])
        #expect(documents[0].text == "第一条 为了规范\n生成式人工智能。")
        #expect(documents[0].metadata == ["country": "CN", "year": "2023", "tags": "[\"a\", \"b\"]", "draft": "false"])
        #expect(documents[1].text == "Escapes: \"quoted\" é 𠮷 tab\tend")
        #expect(errors.count == 4)
        #expect(errors[3].location?.line == 8)
        #expect(errors[0].location?.line == 4)
        #expect(errors[0].message.contains("id"))
        #expect(errors[1].location?.line == 5)
        #expect(errors[1].message.contains("unterminated"))
        #expect(errors[2].location?.line == 7)
        #expect(errors[2].message.contains("UTF-8"))
        // Byte offsets are into the corpus file.
        let bytes = try TestSupport.read(folder + "/corpus.jsonl")
        let offset = try #require(errors[2].location?.byteOffset)
        #expect(bytes[offset] == 0xFF)

        // Without metadata: the same documents and the same failures (metadata is still parsed and
        // checked), and no metadata.
        let (bare, bareErrors) = collect(DocumentInputs(paths: [folder + "/corpus.jsonl"], metadata: false))
        #expect(bare.map(\.id) == documents.map(\.id) && bare.map(\.text) == documents.map(\.text))
        #expect(bare.allSatisfy { $0.metadata.isEmpty })
        #expect(bareErrors.map(\.message) == errors.map(\.message) && bareErrors.map(\.location) == errors.map(\.location))
    }

    @Test(arguments: [
        ("{\"id\":\"x\",\"text\":1}", "\"text\" must be a string"),
        ("[1,2]", "expected a JSON object"),
        ("{\"id\":\"x\" \"text\":\"y\"}", "expected ',' or '}'"),
        ("{\"id\":\"x\",\"text\":\"y\"} trailing", "unexpected text"),
        ("{\"id\":\"x\",\"text\":\"\\q\"}", "unknown escape"),
        ("{\"id\":\"x\",\"text\":\"\\ud800\"}", "unpaired surrogate"),
        ("{\"id\":\"x\"}", "no \"text\""),
        ("{\"text\":\"y\"}", "no \"id\" field"),
        // Present but empty: the message must not say the field is missing.
        ("{\"id\":\"\",\"text\":\"y\"}", "the \"id\" is empty"),
    ])
    func malformedCorpusLinesAreExplained(line: String, message: String) throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        try TestSupport.write(Array((line + "\n").utf8), to: folder + "/c.jsonl")
        let (documents, errors) = collect(DocumentInputs(paths: [folder + "/c.jsonl"]))
        #expect(documents.isEmpty)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains(message) == true, "\(errors)")
        #expect(errors.first?.location?.line == 1)
    }

    /// The corpus reader's strings (`UTF8Validation.string(validating:)`, tested on its own in
    /// `UTF8ValidationTests`) against the standard library's validation, through the parser: a field
    /// with an escape and without, one non-ASCII or invalid byte sequence at every position.
    @Test func corpusStringsAreValidatedLikeTheStandardLibrary() throws {
        let inserts: [[UInt8]] = [[0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x80]]
        var checked = 0
        for length in [0, 1, 7, 8, 9, 31, 32, 33, 40] {
            let ascii = (0..<length).map { UInt8(0x61 + $0 % 26) }
            for position in 0...length {
                for insert in inserts {
                    let value = Array(ascii[..<position]) + insert + Array(ascii[position...])
                    let expected = String(validating: value, as: UTF8.self)
                    for escaped in [false, true] {
                        let line = Array(#"{"id":"d","text":""#.utf8) + (escaped ? Array(#"\n"#.utf8) : []) + value + Array(#""}"#.utf8)
                        let fields = try? line.withUnsafeBufferPointer { try JSONLineParser.parseObject($0) }
                        if let expected {
                            guard case .string(let text)? = fields?.last?.value else {
                                Issue.record("not read: \(value)")
                                continue
                            }
                            #expect(text == (escaped ? "\n" : "") + expected)
                        } else {
                            #expect(fields == nil, "\(value)")
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 1000)
    }

    @Test func largeCorpusStreamsLineByLine() throws {
        let folder = TestSupport.makeTemporaryFolder()
        defer { TestSupport.remove(folder) }
        let writer = try AtomicFileWriter(path: folder + "/big.jsonl")
        let lines = 30_000
        for i in 0..<lines {
            try writer.write("{\"id\":\"d\(i)\",\"text\":\"人工智能治理 \(i) " + String(repeating: "x", count: i % 500) + "\"}\n")
        }
        // One line longer than the reader's 1 MB buffer.
        try writer.write("{\"id\":\"long\",\"text\":\"" + String(repeating: "长", count: 700_000) + "\"}")
        try writer.commit()
        var count = 0
        var lastID = ""
        var longLength = 0
        for result in DocumentInputs(paths: [folder + "/big.jsonl"]) {
            let document = try result.get()
            count += 1
            lastID = document.id
            if document.id == "long" { longLength = document.text.unicodeScalars.count }
            if document.id == "d12345" { #expect(document.text.hasSuffix(String(repeating: "x", count: 12345 % 500))) }
        }
        #expect(count == lines + 1)
        #expect(lastID == "long")
        #expect(longLength == 700_000)
    }

    private func readStandardInput(_ bytes: [UInt8]) throws -> (documents: [Document], errors: [SpanCoderError]) {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writer = Thread(bytes: bytes, fd: fds[1])
        writer.start()
        var inputs = DocumentInputs(paths: ["-"])
        inputs.standardInput = fds[0]
        let result = collect(inputs)
        writer.join()
        close(fds[0])
        return result
    }

    @Test func standardInputIsACorpusWhenItStartsWithABrace() throws {
        let corpus = try readStandardInput(Array("\n  {\"id\":\"s1\",\"text\":\"one\"}\n{\"id\":\"s2\",\"text\":\"two\"}\n".utf8))
        #expect(corpus.documents.map(\.id) == ["s1", "s2"])
        let plain = try readStandardInput(Array("Plain text.\n{not json}".utf8))
        #expect(plain.documents.map(\.id) == ["stdin"])
        #expect(plain.documents.first?.text == "Plain text.\n{not json}")
        let gb = try readStandardInput(TestSupport.encode("人工智能生成合成内容标识办法。", as: "GB18030"))
        #expect(gb.documents.first?.text == "人工智能生成合成内容标识办法。")
    }
}

/// Writes bytes into a pipe from another thread, so a reader on this one cannot deadlock on a full pipe.
private final class Thread: @unchecked Sendable {
    private let bytes: [UInt8]
    private let fd: Int32
    private var thread = pthread_t()

    init(bytes: [UInt8], fd: Int32) {
        self.bytes = bytes
        self.fd = fd
    }

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { context in
            let this = Unmanaged<Thread>.fromOpaque(context!).takeRetainedValue()
            this.bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(this.fd, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(this.fd)
            return nil
        }, context)
    }

    func join() {
        pthread_join(thread, nil)
    }
}
