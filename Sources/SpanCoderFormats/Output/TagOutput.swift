import SpanCoderCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The output formats of `spancoder tag`.
public enum TagFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv
    case labelStudio = "label-studio"
    case doccano
    case brat
    case html

    /// brat and HTML write a folder of files; the others one stream.
    public var writesFolder: Bool { self == .brat || self == .html }

    /// Whether the output carries the documents' metadata (Label Studio's and doccano's tasks, HTML
    /// pages); JSONL, CSV and brat carry none.
    public var writesMetadata: Bool { self == .labelStudio || self == .doccano || self == .html }
}

/// Settings shared by every document of one output.
public struct TagOutputOptions: Sendable {
    /// Codes in display order with names (from the taxonomy), for the HTML legend and brat's
    /// `annotation.conf`.
    public var legend: [CodeLegendEntry]
    /// Label Studio's `model_version`.
    public var modelVersion: String
    /// Shown in HTML footers.
    public var generator: String
    /// Start CSV output with a UTF-8 byte order mark (for Excel).
    public var csvByteOrderMark: Bool
    /// Write the documents without SpanCoder's proposals (`tag --blind`): Label Studio tasks without
    /// predictions, doccano lines and brat files without annotations, for coders who must code
    /// independently of the pre-tags (an agreement study).
    public var blind: Bool

    public init(legend: [CodeLegendEntry] = [], modelVersion: String = "spancoder", generator: String = "spancoder tag", csvByteOrderMark: Bool = true,
                blind: Bool = false) {
        self.legend = legend
        self.modelVersion = modelVersion
        self.generator = generator
        self.csvByteOrderMark = csvByteOrderMark
        self.blind = blind
    }
}

/// Turns one document's spans into its piece of output. Immutable and Sendable: the tagging pipeline
/// calls it from worker threads, so formatting runs in parallel; the pieces are then written in input
/// order by a `TagOutput`.
public struct TagRenderer: Sendable {
    public let format: TagFormat
    public let options: TagOutputOptions
    /// The codes' brat type names, fixed by the legend before any document is written (brat only).
    let bratTypeNames: BratTypeNames

    public init(format: TagFormat, options: TagOutputOptions) {
        self.format = format
        self.options = options
        self.bratTypeNames = format == .brat ? BratTypeNames(codes: options.legend.map(\.id)) : BratTypeNames()
    }

    /// What one document became.
    public struct Piece: Sendable {
        /// UTF-8 to append to a stream output (empty for folder formats).
        public var bytes: [UInt8]
        /// `bytes` as text.
        public var chunk: String {
            get { String(decoding: bytes, as: UTF8.self) }
            set { bytes = Array(newValue.utf8) }
        }
        /// Files for a folder output: name inside the folder → content.
        public var files: [(name: String, content: String)]
        public var spanCount: Int
        /// Per code, the spans that carry it: for brat's `annotation.conf` (the HTML index counts in
        /// `indexEntry`, without the document line). Other formats leave it empty: nothing reads it there,
        /// and a dictionary of strings per document cost a corpus of paragraphs 3% of its pass.
        public var codeCounts: [String: Int]
        /// The HTML index's row of the document (html only).
        public var indexEntry: HTMLReport.IndexEntry?
        /// CSV rows with a cell longer than a spreadsheet cell holds (`CodedSpanCSV.spreadsheetCellLimit`),
        /// and the first of them as "doc [start, end)" (csv only).
        public var longCells = 0
        public var firstLongCell: String?

        public init(bytes: [UInt8], files: [(name: String, content: String)] = [], spanCount: Int, codeCounts: [String: Int]) {
            self.bytes = bytes
            self.files = files
            self.spanCount = spanCount
            self.codeCounts = codeCounts
        }
    }

    /// Renders `spans` of `document`. `fileStem` is the document's safe file name (folder formats).
    /// - Throws: `SpanCoderError.badInput` when a span lies outside the document.
    public func render(document: Document, spans: [CodedSpan], fileStem: String?) throws -> Piece {
        let spans = options.blind ? [] : spans
        // The offset index costs a pass over the text: build it only when the format needs it.
        var prepared: DocumentText?
        func text() -> DocumentText {
            if let prepared { return prepared }
            let made = DocumentText(document)
            prepared = made
            return made
        }
        var codeCounts: [String: Int] = [:]
        if format == .brat {
            for span in spans { for code in span.codes { codeCounts[code.code, default: 0] += 1 } }
        }
        var piece = Piece(bytes: [], files: [], spanCount: spans.count, codeCounts: codeCounts)
        switch format {
        case .jsonl:
            // Built and written as bytes: appending to a String piece by piece, or making one String of
            // the bytes (which validates them again), costs more than classifying the spans.
            var chunk: [UInt8] = []
            chunk.reserveCapacity(spans.count * 512)
            for var span in spans {
                if span.text == nil { span.text = try text().slice(span.range) }
                CodedSpanJSONL.encode(span, into: &chunk)
                chunk.append(0x0A)
            }
            piece.bytes = chunk
        case .csv:
            let long = try CodedSpanCSV.appendRows(document: text(), spans: spans, to: &piece.bytes)
            piece.longCells = long.count
            piece.firstLongCell = long.first.map { "\($0.doc) [\($0.range.start), \($0.range.end))" }
        case .labelStudio:
            piece.chunk = try LabelStudioFormat.task(document: text(), spans: spans, options: .init(modelVersion: options.modelVersion, predictions: !options.blind))
        case .doccano:
            piece.chunk = try DoccanoFormat.line(document: text(), spans: spans) + "\n"
        case .brat:
            let stem = fileStem ?? SafeFileNames.stem(for: document.id)
            piece.files = [(stem + ".txt", document.text), (stem + ".ann", try BratFormat.annotations(document: text(), spans: spans, typeNames: bratTypeNames))]
        case .html:
            let stem = fileStem ?? SafeFileNames.stem(for: document.id)
            let page = try HTMLReport.page(document: text(), spans: spans,
                                           options: .init(legend: options.legend, generator: options.generator, indexFileName: "index.html"))
            piece.files = [(stem + ".html", page)]
            piece.indexEntry = HTMLReport.IndexEntry(docID: document.id, fileName: stem + ".html", spans: spans, length: text().codePointCount)
        }
        return piece
    }
}

/// Assembles the pieces of a tagging run, in input order, into a stream (through `write`) or a folder.
///
/// A folder output is built in a temporary folder beside the destination and renamed into place by
/// `finish()`, so a folder never mixes two runs and an interrupted run leaves the previous output
/// intact; a SIGINT, SIGTERM or SIGHUP removes the temporary folder (`InterruptCleanup`).
///
/// An existing destination is replaced only when it is empty, or holds exactly what an earlier
/// `spancoder tag` wrote there: its marker file `.spancoder-tag` lists each file it wrote with its size
/// and hash, and every other entry of the folder must be one of these, unchanged. A brat folder is where
/// coders correct the pre-annotation, so an edited `.ann` or a notes file dropped beside the pages is
/// their work, which a rerun must not delete; such a folder, and any folder without the marker, is
/// refused (`checkReplaceable`).
public final class TagOutput {
    public let renderer: TagRenderer
    private let writeBytes: ([UInt8]) throws -> Void
    private let folder: String?
    private var workFolder: String?
    private var workFolderCleanup: InterruptCleanup.Registration?
    private var names = SafeFileNames()
    private var indexEntries: [HTMLReport.IndexEntry] = []
    /// Brat only: the codes of the pieces appended, in order of first appearance.
    private var codesSeen: [String] = []
    private var codesSeenSet: Set<String> = []
    /// Brat only: each document's file stem and id, for `BratFormat.documentIDsFile`.
    private var bratStems: [(stem: String, id: String)] = []
    private var documents = 0
    private var started = false
    private var finished = false
    /// Folder formats: the files written so far, for the marker's list.
    private var writtenFiles: [WrittenFile] = []

    public static let folderMarker = ".spancoder-tag"
    /// The marker's second line, before its list of files; a marker without it was written by a
    /// version of SpanCoder that kept no list.
    static let fileListHeader = "spancoder-tag-files 1"
    /// brat's server caches the collection's statistics in this file when a coder opens the folder: not
    /// a coder's work, and rebuilt by brat.
    static let bratCache = ".stats_cache"

    /// A file of a folder output as the marker records it.
    struct WrittenFile: Equatable {
        var name: String
        var size: Int
        var hash: UInt64

        /// The marker's line: size, hash and name, tab-separated (names from `SafeFileNames` hold no tab
        /// or line break).
        var line: String { "file\t\(size)\t\(String(hash, radix: 16))\t\(name)\n" }

        init(name: String, size: Int, hash: UInt64) {
            (self.name, self.size, self.hash) = (name, size, hash)
        }

        init(name: String, content: UnsafeBufferPointer<UInt8>) {
            self.init(name: name, size: content.count, hash: WrittenFile.hash(content))
        }

        static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var hasher = FNV1a()
            hasher.add(words: bytes)
            return hasher.value
        }
    }

    /// A stream output: `write` receives the text in order (an `OutputSink`, standard output…).
    public convenience init(renderer: TagRenderer, write: @escaping (String) throws -> Void) {
        self.init(renderer: renderer, writeBytes: { try write(String(decoding: $0, as: UTF8.self)) })
    }

    /// A stream output: `writeBytes` receives the UTF-8 in order.
    public init(renderer: TagRenderer, writeBytes: @escaping ([UInt8]) throws -> Void) {
        precondition(!renderer.format.writesFolder, "\(renderer.format) writes a folder")
        self.renderer = renderer
        self.writeBytes = writeBytes
        self.folder = nil
    }

    private func write(_ text: String) throws { try writeBytes(Array(text.utf8)) }

    /// A folder output at `folder`.
    /// - Throws: `SpanCoderError.usage` when `folder` exists but is a file or a non-empty folder that
    ///   `spancoder tag` did not write; `.output` when the temporary folder cannot be created.
    public init(renderer: TagRenderer, folder: String) throws {
        precondition(renderer.format.writesFolder, "\(renderer.format) writes a stream")
        self.renderer = renderer
        self.writeBytes = { _ in }
        var folder = folder
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        self.folder = folder
        try TagOutput.checkReplaceable(folder)
        let parent = folder.lastIndex(of: "/").map { folder[..<$0].isEmpty ? "/" : String(folder[..<$0]) } ?? "."
        let base = folder.split(separator: "/").last.map(String.init) ?? "output"
        guard let made = InterruptCleanup.makeTemporaryFolder(template: "\(parent)/.\(base).tmp-XXXXXX") else {
            throw SpanCoderError(.output, "cannot create a temporary folder in \(parent): \(String(cString: strerror(errno)))", at: SourceLocation(file: folder))
        }
        workFolder = made.path
        workFolderCleanup = made.registration
        // mkdtemp makes the folder private (0700); the finished output gets the replaced folder's bits,
        // or the umask's.
        chmod(workFolder!, OutputPermissions.forOutputFolder(at: folder))
        // Stems are allocated without their suffix: reserve the stems of the files written beside the
        // documents' (a document with id "index" must not become index.html, which the index overwrites).
        names.reserve("index")
        names.reserve("annotation")
        names.reserve("index.html")
        names.reserve("annotation.conf")
        names.reserve("visual")
        names.reserve("visual.conf")
        names.reserve(TagOutput.folderMarker)
    }

    deinit {
        if !finished, let workFolder { TagOutput.removeTree(workFolder) }
        workFolderCleanup?.release()
    }

    /// The safe file stem for the next document (folder formats), allocated in input order.
    public func fileStem(for documentID: String) -> String? {
        guard folder != nil else { return nil }
        return names.name(for: documentID, suffix: "")
    }

    /// Continues a stream output whose first `count` documents are already written (by an interrupted
    /// run being resumed): no header or opening bracket is written again, and separators go on.
    public func resume(afterDocuments count: Int) {
        precondition(!started && folder == nil, "resume(afterDocuments:) is for a fresh stream output")
        started = count > 0
        documents = count
    }

    /// Appends one document's piece.
    public func append(docID: String, fileStem: String?, piece: TagRenderer.Piece) throws {
        if !started { try start() }
        switch renderer.format {
        case .labelStudio:
            try write(documents == 0 ? "\n" : ",\n")
            try writeBytes(piece.bytes)
        case .jsonl, .csv, .doccano:
            if !piece.bytes.isEmpty { try writeBytes(piece.bytes) }
        case .brat, .html:
            for file in piece.files {
                writtenFiles.append(try TagOutput.writeFile(file.content, to: workFolder! + "/" + file.name, name: file.name))
            }
            if renderer.format == .html, let fileStem, var entry = piece.indexEntry {
                entry.docID = docID
                entry.fileName = fileStem + ".html"
                indexEntries.append(entry)
            }
        }
        if renderer.format == .brat {
            // For annotation.conf. Only brat needs it, and sorting and hashing each document's codes cost
            // a corpus of paragraphs 2–3% of its pass.
            for code in piece.codeCounts.keys.sorted() where codesSeenSet.insert(code).inserted { codesSeen.append(code) }
            if let fileStem { bratStems.append((fileStem, docID)) }
        }
        documents += 1
    }

    private func start() throws {
        started = true
        switch renderer.format {
        case .csv: try write(CodedSpanCSV.headerRow(byteOrderMark: renderer.options.csvByteOrderMark))
        case .labelStudio: try write("[")
        default: break
        }
    }

    /// Completes the output: closes the JSON array, writes the index or `annotation.conf`, and moves a
    /// folder into place. Call the stream's own finish (commit) afterwards.
    public func finish() throws {
        if !started { try start() }
        switch renderer.format {
        case .labelStudio:
            try write(documents == 0 ? "]\n" : "\n]\n")
        case .brat:
            var codes = renderer.options.legend.map(\.id)
            var known = Set(codes)
            for code in codesSeen where known.insert(code).inserted { codes.append(code) }
            try writeRecorded(BratFormat.configuration(codes: codes, typeNames: renderer.bratTypeNames), name: "annotation.conf")
            if let visual = BratFormat.visualConfiguration(codes: codes, typeNames: renderer.bratTypeNames) {
                try writeRecorded(visual, name: "visual.conf")
            }
            // The ids that safe file names changed, so that eval reads the documents back under their ids.
            if let ids = BratFormat.documentIDs(bratStems) {
                try writeRecorded(ids, name: BratFormat.documentIDsFile)
            }
        case .html:
            try writeRecorded(HTMLReport.index(entries: indexEntries, options: .init(legend: renderer.options.legend, generator: renderer.options.generator)),
                              name: "index.html")
        default: break
        }
        if let folder, let workFolder {
            var marker = "spancoder tag --format \(renderer.format.rawValue)\n\(TagOutput.fileListHeader)\n"
            marker += "# The files this run wrote (size in bytes, 64-bit FNV-1a hash, name). spancoder tag replaces this folder only while\n"
            marker += "# it holds these files, unchanged, and nothing else: a file edited or added here is refused, not deleted.\n"
            for file in writtenFiles { marker += file.line }
            try AtomicFileWriter.write(marker, to: workFolder + "/" + TagOutput.folderMarker)
            try TagOutput.checkReplaceable(folder)
            if access(folder, F_OK) == 0, InterruptCleanup.exchange(workFolder, folder) {
                // The new output is in place and the work path, still registered, holds the previous one:
                // a signal from here on removes only that.
                TagOutput.removeTree(workFolder)
                workFolderCleanup?.release()
                workFolderCleanup = nil
                finished = true
                return
            }
            var old: String?
            if access(folder, F_OK) == 0 {
                // No atomic exchange here: between the two renames below a signal must not remove the new
                // output, which would leave neither in place.
                workFolderCleanup?.release()
                workFolderCleanup = nil
                let moved = workFolder + ".old"
                guard rename(folder, moved) == 0 else {
                    throw SpanCoderError(.output, "cannot move the previous output aside: \(String(cString: strerror(errno)))", at: SourceLocation(file: folder))
                }
                old = moved
            }
            guard rename(workFolder, folder) == 0 else {
                let reason = String(cString: strerror(errno))
                if let old { rename(old, folder) }
                throw SpanCoderError(.output, "cannot move the finished output into place: \(reason)", at: SourceLocation(file: folder))
            }
            workFolderCleanup?.release()
            workFolderCleanup = nil
            if let old {
                // The previous output, set aside: a signal now may remove it (not before the new one is
                // in place, when it is all there is).
                let oldCleanup = InterruptCleanup.register(path: old, isFolder: true)
                TagOutput.removeTree(old)
                oldCleanup.release()
            }
        }
        finished = true
    }

    /// Writes `content` atomically as `name` in the work folder and records it for the marker.
    private func writeRecorded(_ content: String, name: String) throws {
        var content = content
        try AtomicFileWriter.write(content, to: workFolder! + "/" + name)
        writtenFiles.append(content.withUTF8 { WrittenFile(name: name, content: $0) })
    }

    /// Writes a file inside the private work folder, and returns it as the marker records it. No per-file
    /// fsync or rename: the whole folder becomes visible at once in `finish()`, after its files are complete.
    @discardableResult
    static func writeFile(_ content: String, to path: String, name: String? = nil) throws -> WrittenFile {
        // Interrupted: the signal handler is emptying the work folder and the process ends with it; a
        // page made now would be left behind.
        while InterruptCleanup.isInterrupted { sleep(1) }
        // The mode of the folder's other files (AtomicFileWriter's), so that one output does not mix modes.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, OutputPermissions.newFile)
        guard fd >= 0 else {
            throw SpanCoderError(.output, "cannot create file: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
        }
        defer { close(fd) }
        var content = content
        return try content.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SpanCoderError(.output, "write failed: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
                }
                offset += written
            }
            return WrittenFile(name: name ?? path.split(separator: "/").last.map(String.init) ?? path, content: bytes)
        }
    }

    /// Refuses to replace anything but a missing path, an empty folder, or an earlier tag output that
    /// holds exactly the files its marker lists, unchanged (a brat cache aside). Called before the run
    /// and again just before the folder is replaced, since coders may work in it meanwhile.
    /// - Throws: `SpanCoderError.usage` naming the first (in name order) file that was added or changed.
    /// - Complexity: reads every file of the folder once.
    static func checkReplaceable(_ folder: String) throws {
        var info = stat()
        guard stat(folder, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw SpanCoderError(.usage, "--output must name a folder for this format, and this is a file", at: SourceLocation(file: folder))
        }
        let entries = listFolder(folder).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if entries.isEmpty { return }
        let proceed = "write to another folder, or remove this one (rm -r \(folder)) if what it holds can go"
        guard entries.contains(folderMarker) else {
            throw SpanCoderError(.usage, "the output folder exists and was not written by spancoder tag (no \(folderMarker) file), so replacing it could delete other work: \(proceed)", at: SourceLocation(file: folder))
        }
        guard let marker = try? FileReader.readAll(path: folder + "/" + folderMarker),
              let recorded = parseMarker(String(decoding: marker, as: UTF8.self)) else {
            throw SpanCoderError(.usage, "the output folder was written by an earlier spancoder tag that kept no list of its files (or its \(folderMarker) file was edited), so files changed or added since cannot be told apart: \(proceed)", at: SourceLocation(file: folder))
        }
        let brat = String(decoding: marker.prefix { $0 != 0x0A }, as: UTF8.self).hasSuffix(" brat")
        for name in entries where name != folderMarker && !(brat && name == bratCache) {
            let path = folder + "/" + name
            guard let expected = recorded[name] else {
                throw SpanCoderError(.usage, "spancoder tag did not write this file into its output folder (a coder's file?), and replacing the folder would delete it: \(proceed)", at: SourceLocation(file: path))
            }
            let changed = "changed since spancoder tag wrote it (a coder's edits?), and replacing the folder would lose the change: \(proceed)"
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == expected.size else {
                throw SpanCoderError(.usage, changed, at: SourceLocation(file: path))
            }
            guard let bytes = try? FileReader.readAll(path: path),
                  bytes.withUnsafeBufferPointer(WrittenFile.hash) == expected.hash else {
                throw SpanCoderError(.usage, changed, at: SourceLocation(file: path))
            }
        }
    }

    /// The files a marker lists, by name; nil for a marker without a list (an earlier version's) or
    /// with a line that does not parse.
    static func parseMarker(_ text: String) -> [String: WrittenFile]? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count >= 2, lines[0].hasPrefix("spancoder tag --format "), lines[1] == fileListHeader else { return nil }
        var files: [String: WrittenFile] = [:]
        for line in lines.dropFirst(2) where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0] == "file", let size = Int(fields[1]), let hash = UInt64(fields[2], radix: 16),
                  !fields[3].isEmpty else { return nil }
            files[String(fields[3])] = WrittenFile(name: String(fields[3]), size: size, hash: hash)
        }
        return files
    }

    static func listFolder(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a folder that this class created (plain files only, one level).
    static func removeTree(_ path: String) {
        for name in listFolder(path) { unlink(path + "/" + name) }
        rmdir(path)
    }
}
