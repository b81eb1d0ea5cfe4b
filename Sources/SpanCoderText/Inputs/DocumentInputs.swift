import SpanCoderCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The documents named on a command line, read one at a time.
///
/// Each path is one of:
/// - a text file: one document, id = the file name without its extension, text decoded with
///   `DocumentDecoder` (any extension when named directly). When several text files would get the same
///   id (`a/x.txt` and `b/x.txt`, `x.txt` beside `x.md`), those files get ids that tell them apart
///   instead: their paths under the folder named on the command line, without the extension (`a/x`,
///   `b/x`), else with it, else the paths as given (see `fileIDClashes()`, which says so for warnings);
///   other files keep their names, so the ids of a corpus without clashes never change;
/// - a JSONL corpus (`.jsonl`): one document per line, `{"id": …, "text": …, …}`; every other field
///   becomes metadata (strings as they are, other values as their JSON text, `null` dropped; none with
///   `metadata` false). Read line by line, so memory stays flat however large the corpus;
/// - a folder: its files in sorted order, recursively; files whose extension is in `textExtensions`
///   are text documents, `.jsonl` files are corpora, anything else (and hidden files) is ignored;
/// - `-`: standard input, a JSONL corpus when its first non-blank byte is `{`, else one text document
///   with id `stdin`.
///
/// Ids are unique in one iteration: a document whose id an earlier one already has (two corpus lines
/// with one `"id"`, a text file `a.txt` and a corpus line `{"id": "a"}`, a file named twice) gets
/// `ID-2`, `ID-3`, … instead (`DocumentIDRegistry`; set `idRegistry` to read the renames for a warning).
///
/// The folders are walked once, on first use (`fileIDClashes()` or the first `next()`), and that one
/// listing (`Listing`) is what the iterator reads and what the clash warnings describe, in copies of
/// this value too; files are read, and corpora opened, only when the iterator reaches them.
///
/// A document that cannot be read or decoded comes out as `.failure` (with file, line and byte offset
/// where they apply) and iteration goes on with the next one. Iterating twice reads the files of the
/// same listing twice (standard input only once).
public struct DocumentInputs: Sequence {
    public var paths: [String] { didSet { cache = ListingCache() } }
    /// Encoding of text files, or nil to detect it (see `DocumentDecoder`). JSONL corpora are UTF-8.
    public var encoding: String?
    /// Extensions (lowercase, without the dot) of the files taken from folders as text documents.
    public var textExtensions: Set<String> { didSet { cache = ListingCache() } }
    /// Extensions of JSONL corpora.
    public var corpusExtensions: Set<String> { didSet { cache = ListingCache() } }
    /// Largest document accepted, in bytes (of the file, or of the JSONL line); nil for no limit. A
    /// larger document comes out as a `.failure` naming the limit, before its text is decoded.
    public var maxDocumentBytes: Int?
    /// Whether a JSONL line's other fields become the document's metadata. Without, they are still
    /// parsed and checked (the same lines fail), but no dictionary is made: `spancoder tag` writing
    /// JSONL tags a corpus of sentences in about 7% less time without it.
    public var metadata: Bool
    /// Where an iteration records the ids it gives, and renames a repeated one (see the type's
    /// documentation): pass one to warn about the renames after the iteration, or to keep ids unique
    /// across two inputs (`eval --texts` and `--corpus`). Nil: each iteration uses one of its own, so
    /// it renames all the same.
    public var idRegistry: DocumentIDRegistry?

    public static let defaultTextExtensions: Set<String> = ["txt", "md"]

    /// The listing, made once and shared by copies (a new one when `paths` or the extensions change).
    private var cache = ListingCache()

    public init(paths: [String], encoding: String? = nil,
                textExtensions: Set<String> = DocumentInputs.defaultTextExtensions,
                corpusExtensions: Set<String> = ["jsonl"], maxDocumentBytes: Int? = nil, metadata: Bool = true) {
        self.paths = paths
        self.encoding = encoding
        self.textExtensions = textExtensions
        self.corpusExtensions = corpusExtensions
        self.maxDocumentBytes = maxDocumentBytes
        self.metadata = metadata
    }

    /// The error for a document of `size` bytes over `limit`.
    static func tooLarge(_ size: Int, limit: Int, at location: SourceLocation) -> SpanCoderError {
        SpanCoderError(.badInput, "document of \(size) bytes is over the limit of \(limit) bytes per document; raise it with --max-document-bytes (e.g. --max-document-bytes \(Swift.max(2 * size, 1 << 30) >> 20)M), or split the file",
                       at: location)
    }

    /// Where `-` reads from: standard input, or another descriptor in tests.
    var standardInput: Int32 = 0

    /// Text files that would share a document id, and the ids they get instead.
    public struct FileIDClash: Sendable, Equatable {
        /// The id the files' names give them all (the file name without its extension).
        public var id: String
        /// Each file's path (as reached from the command line) and the id it gets.
        public var files: [File]
        /// Whether the ids given tell the files apart (false only when one path is named twice).
        public var resolved: Bool

        public struct File: Sendable, Equatable {
            public var path: String
            public var id: String
        }

        /// A one-line warning for standard error, naming at most `shown` files (a corpus copied 50 times
        /// would otherwise write each path into 50 warnings).
        public var message: String { message(shown: 3) }

        public func message(shown: Int) -> String {
            func list(_ items: [String]) -> String {
                items.count <= shown ? items.joined(separator: ", ") : items.prefix(shown).joined(separator: ", ") + " and \(items.count - shown) more"
            }
            let paths = list(files.map(\.path))
            guard resolved else {
                return "\(files.count) inputs give the document id \"\(id)\" (\(paths)): the first keeps it and the later ones get \"\(id)-2\", … (as any repeated id does), so that stats and eval keep them apart; name the file once"
            }
            let ids = list(files.map { "\"\($0.id)\"" })
            return "\(files.count) files give the document id \"\(id)\" (\(paths)); they get the ids \(ids) instead (their paths without the extension, or with it, as far as needed to tell them apart): use these ids in a manifest"
        }
    }

    /// The text files among the inputs (JSONL corpora and standard input left out) whose names give the
    /// same document id, with the ids the iterator gives them instead. Empty when every file name is its
    /// own.
    /// - Complexity: the one walk of the folders (`listing`), shared with the iterator; no file is read.
    public func fileIDClashes() -> [FileIDClash] {
        listing.clashes
    }

    /// The folders named on the command line in which the walk found nothing to read: no file with
    /// a text or corpus extension at any depth (hidden names skipped), and no file or folder it failed
    /// on. An empty folder is most often a mount point whose drive is not mounted, or a path one level
    /// off; the run would otherwise end with no document and no word about it.
    public func foldersWithoutDocuments() -> [String] {
        listing.emptyFolders
    }

    /// Warnings about the inputs for standard error, before any document is read: text files whose
    /// names give one id (`fileIDClashes()`), folders with nothing to read (`foldersWithoutDocuments()`).
    public func warnings() -> [String] {
        let kinds = (textExtensions.sorted() + corpusExtensions.sorted()).map { "." + $0 }
        let list = kinds.count <= 1 ? kinds.joined() : kinds.dropLast().joined(separator: ", ") + " or " + kinds.last!
        return listing.clashes.map(\.message)
            + listing.emptyFolders.map { "\($0): this folder holds no \(list) file (names starting with . are skipped): no document read from it" }
    }

    /// What the inputs hold, in the iterator's order: made by one walk of the command line's paths.
    struct Listing {
        /// 16 bytes an item (a path), for folders of 100,000s of files.
        enum Item {
            /// A text file; its id is the name's stem unless `clashIDs` has one.
            case text(path: String)
            case corpus(path: String)
            case standardInput
            /// A path that is missing, not a file or folder when named, or a folder that cannot be listed.
            indirect case failure(SpanCoderError)
        }
        var items: [Item] = []
        /// Ids of the text files (by item) whose names clash (`resolveFileIDs`).
        var clashIDs: [Int: String] = [:]
        var clashes: [FileIDClash] = []
        /// Folders named on the command line that gave no item (`foldersWithoutDocuments()`).
        var emptyFolders: [String] = []
    }

    final class ListingCache {
        var listing: Listing?
    }

    /// The listing, made on first use.
    var listing: Listing {
        if let listing = cache.listing { return listing }
        let listing = makeListing()
        cache.listing = listing
        return listing
    }

    /// Walks the paths: folders recursively in sorted order (by UTF-8 bytes), hidden names skipped,
    /// symbolic-link cycles cut; files by extension (corpora, text files; any file named directly is
    /// text). Then resolves the ids of text files whose names clash.
    func makeListing() -> Listing {
        var listing = Listing()
        // Per text file: the hash of its name's stem, its item, and the length of the argument's folder
        // prefix in its path (-1 for a file named directly): what a clash needs to name the path under
        // that folder. 16 bytes a file; stems are compared only where hashes meet.
        var textItems: [(stemHash: Int, item: Int32, prefix: Int32)] = []
        var visited: Set<[UInt64]> = []
        func walk(_ path: String, prefix: Int, explicit: Bool) {
            switch FileIO.kind(of: path) {
            case .missing:
                listing.items.append(.failure(SpanCoderError(.badInput, "no such file or folder", at: SourceLocation(file: path))))
            case .brokenLink(let loop):
                // Inside a folder, a link is reported only when its name is one the walk would read:
                // a dangling README link is no more a document than a README file is.
                let ext = DocumentInputs.splitName(path).ext
                guard explicit || corpusExtensions.contains(ext) || textExtensions.contains(ext) else { return }
                let problem = loop ? "symbolic link loop (the link leads back to itself)" : "broken symbolic link (its target does not exist)"
                listing.items.append(.failure(SpanCoderError(.badInput, problem, at: SourceLocation(file: path))))
            case .other:
                if explicit {
                    listing.items.append(.failure(SpanCoderError(.badInput, "not a regular file or folder", at: SourceLocation(file: path))))
                }
            case .directory:
                if let identity = FileIO.identity(of: path) {
                    guard visited.insert(identity).inserted else { return }  // symbolic-link cycle
                }
                let names: [String]
                do {
                    names = try FileIO.list(directory: path)
                } catch {
                    listing.items.append(.failure(error as? SpanCoderError ?? SpanCoderError(.badInput, "\(error)", at: SourceLocation(file: path))))
                    return
                }
                let folder = path.hasSuffix("/") ? path : path + "/"
                let prefix = explicit ? folder.utf8.count : prefix
                for name in names where !name.hasPrefix(".") {
                    walk(folder + name, prefix: prefix, explicit: false)
                }
            case .file:
                let (stem, ext) = DocumentInputs.splitName(path)
                if corpusExtensions.contains(ext) {
                    listing.items.append(.corpus(path: path))
                } else if explicit || textExtensions.contains(ext) {
                    textItems.append((stem.hashValue, Int32(listing.items.count), explicit ? -1 : Int32(prefix)))
                    listing.items.append(.text(path: path))
                }
            }
        }
        for path in paths {
            if path == "-" {
                listing.items.append(.standardInput)
            } else {
                let before = listing.items.count
                walk(path, prefix: 0, explicit: true)
                if listing.items.count == before && FileIO.kind(of: path) == .directory { listing.emptyFolders.append(path) }
            }
        }
        // Runs of equal hashes, split by stem: the groups of files whose names give one id.
        textItems.sort { ($0.stemHash, $0.item) < ($1.stemHash, $1.item) }
        var groups: [[TextFile]] = []
        var groupItems: [[Int32]] = []
        var first = 0
        while first < textItems.count {
            var next = first + 1
            while next < textItems.count, textItems[next].stemHash == textItems[first].stemHash { next += 1 }
            if next - first > 1 {
                var byStem: [String: Int] = [:]
                var runGroups: [(files: [TextFile], items: [Int32])] = []
                for entry in textItems[first..<next] {
                    guard case .text(let path) = listing.items[Int(entry.item)] else { continue }
                    let stem = DocumentInputs.splitName(path).stem
                    let file = TextFile(path: path, prefix: Int(entry.prefix))
                    if let g = byStem[stem] {
                        runGroups[g].files.append(file)
                        runGroups[g].items.append(entry.item)
                    } else {
                        byStem[stem] = runGroups.count
                        runGroups.append(([file], [entry.item]))
                    }
                }
                for group in runGroups where group.files.count > 1 {
                    groups.append(group.files)
                    groupItems.append(group.items)
                }
            }
            first = next
        }
        textItems = []
        // In the order of the groups' first files.
        for g in groupItems.indices.sorted(by: { groupItems[$0][0] < groupItems[$1][0] }) {
            let clash = DocumentInputs.resolveFileIDs(groups[g])
            if clash.resolved {
                for (k, file) in clash.files.enumerated() { listing.clashIDs[Int(groupItems[g][k])] = file.id }
            }
            listing.clashes.append(clash)
        }
        return listing
    }

    /// A text file of the listing: its path as the iterator reads it, and the length of the folder
    /// prefix named on the command line (-1 for a file named there).
    struct TextFile {
        var path: String
        var prefix: Int

        /// The path under the command-line argument it was found in (the path as given, without `./`
        /// and leading `/`, for a file named there).
        var relative: String {
            guard prefix >= 0 else { return DocumentInputs.trimmedPath(path) }
            return String(decoding: path.utf8.dropFirst(prefix), as: UTF8.self)
        }
    }

    /// `path` without leading `./` and `/`, so that an id made from it is a relative path.
    static func trimmedPath(_ path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        while parts.first == "." { parts.removeFirst() }
        return parts.joined(separator: "/")
    }

    /// The path without its extension (the part of the last component from its last dot), if any.
    static func withoutExtension(_ path: String) -> String {
        let (stem, ext) = splitName(path)
        guard !ext.isEmpty || path.hasSuffix(".") else { return path }
        let slash = path.lastIndex(of: "/")
        return slash.map { String(path[...$0]) + stem } ?? stem
    }

    /// The ids of text files whose names have the same stem (in listing order): the first of these
    /// that tells them apart: the path under the argument without the extension, with it, the path as
    /// given without the extension, with it; else (one file named twice) the stem, unresolved.
    static func resolveFileIDs(_ files: [TextFile]) -> FileIDClash {
        let stem = splitName(files[0].path).stem
        let candidates: [(TextFile) -> String] = [
            { withoutExtension($0.relative) }, { $0.relative },
            { withoutExtension(trimmedPath($0.path)) }, { trimmedPath($0.path) },
        ]
        var chosen: [String]?
        for candidate in candidates {
            let names = files.map(candidate)
            if Set(names).count == names.count { chosen = names; break }
        }
        let given = chosen ?? Array(repeating: stem, count: files.count)
        return FileIDClash(id: stem, files: zip(files, given).map { FileIDClash.File(path: $0.path, id: $1) }, resolved: chosen != nil)
    }

    public func makeIterator() -> Iterator {
        Iterator(inputs: self)
    }

    /// Yields the listing's documents lazily: each file is read, and each corpus opened, when reached.
    public struct Iterator: IteratorProtocol {
        private let inputs: DocumentInputs
        private var listing: Listing?
        /// The next item of the listing.
        private var position = 0
        private var corpus: CorpusReader?
        private let ids: DocumentIDRegistry

        init(inputs: DocumentInputs) {
            self.inputs = inputs
            self.ids = inputs.idRegistry ?? DocumentIDRegistry()
        }

        /// `result` with its document's id made unique in this iteration (`DocumentIDRegistry`).
        private func unique(_ result: Result<Document, SpanCoderError>, at location: @autoclosure () -> SourceLocation) -> Result<Document, SpanCoderError> {
            guard case .success(var document) = result else { return result }
            let id = ids.assign(document.id, at: location())
            guard id != document.id else { return result }
            document.id = id
            return .success(document)
        }

        /// After a `.failure` of a text file that could not be read or decoded: the id its document would
        /// have had (before any rename for a repeated id), so that a caller can tell whether anything
        /// refers to it (`eval --texts` skips a file that no gold names). Nil after any other item: a
        /// corpus line, a path that is not there, standard input.
        public private(set) var failedDocumentID: String?

        public mutating func next() -> Result<Document, SpanCoderError>? {
            failedDocumentID = nil
            if listing == nil { listing = inputs.listing }
            while true {
                if let reader = corpus {
                    if let result = reader.next() { return unique(result, at: reader.location) }
                    corpus = nil
                }
                guard position < listing!.items.count else { return nil }
                let item = listing!.items[position]
                position += 1
                switch item {
                case .failure(let error):
                    return .failure(error)
                case .standardInput:
                    if let result = openStandardInput() { return unique(result, at: SourceLocation(file: "<stdin>")) }
                case .corpus(let path):
                    do {
                        let lines = try LineReader(path: path)
                        // A UTF-16 (or UTF-32) corpus is one failure with the conversion to run, not a
                        // "not valid UTF-8" per line ("2 of 2 documents skipped" for one document).
                        if let wide = DocumentDecoder.wideEncoding(ofJSONStart: try lines.peek(4)) {
                            return .failure(DocumentDecoder.wideEncodingError(charset: wide.charset, evidence: wide.evidence,
                                                                              what: "this JSONL corpus", name: path))
                        }
                        corpus = CorpusReader(lines: lines, maxDocumentBytes: inputs.maxDocumentBytes, metadata: inputs.metadata)
                    } catch {
                        return .failure(error as? SpanCoderError ?? SpanCoderError(.badInput, "\(error)", at: SourceLocation(file: path)))
                    }
                case .text(let path):
                    let id = listing!.clashIDs[position - 1]
                    let result = read(path: path, id: id)
                    if case .failure = result { failedDocumentID = id ?? DocumentInputs.splitName(path).stem }
                    return unique(result, at: SourceLocation(file: path))
                }
            }
        }

        private mutating func openStandardInput() -> Result<Document, SpanCoderError>? {
            let reader = LineReader(fd: inputs.standardInput, name: "<stdin>", ownsDescriptor: false)
            do {
                if try reader.peekFirstSignificantByte() == UInt8(ascii: "{") {
                    corpus = CorpusReader(lines: reader, maxDocumentBytes: inputs.maxDocumentBytes, metadata: inputs.metadata)
                    return nil
                }
                let bytes = try reader.readRest()
                // Empty standard input holds no document: usually the command before the pipe failed
                // ("failing-command | spancoder tag - -o out.jsonl"), and an earlier output must stay.
                if bytes.isEmpty { return nil }
                if let limit = inputs.maxDocumentBytes, bytes.count > limit {
                    return .failure(DocumentInputs.tooLarge(bytes.count, limit: limit, at: SourceLocation(file: "<stdin>")))
                }
                let text = try DocumentDecoder.decode(bytes: bytes, name: "<stdin>", encoding: inputs.encoding)
                return .success(Document(id: "stdin", text: text))
            } catch let error as SpanCoderError {
                return .failure(error)
            } catch {
                return .failure(SpanCoderError(.internal, "\(error)", at: SourceLocation(file: "<stdin>")))
            }
        }

        private func read(path: String, id: String?) -> Result<Document, SpanCoderError> {
            if let limit = inputs.maxDocumentBytes, let size = FileIO.size(of: path), size > limit {
                return .failure(DocumentInputs.tooLarge(size, limit: limit, at: SourceLocation(file: path)))
            }
            do {
                let bytes = try FileIO.readAll(path: path)
                let text = try DocumentDecoder.decode(bytes: bytes, name: path, encoding: inputs.encoding)
                return .success(Document(id: id ?? DocumentInputs.splitName(path).stem, text: text))
            } catch let error as SpanCoderError {
                return .failure(error)
            } catch {
                return .failure(SpanCoderError(.internal, "\(error)", at: SourceLocation(file: path)))
            }
        }
    }

    /// The file name without folders and extension, and the extension in lowercase.
    static func splitName(_ path: String) -> (stem: String, ext: String) {
        // ASCII paths (most): bytes are characters, so a byte search finds what the general case finds,
        // without splitting the path into components.
        let utf8 = path.utf8
        if let last = utf8.last, last != UInt8(ascii: "/"), utf8.allSatisfy({ $0 < 0x80 }) {
            let start = utf8.lastIndex(of: UInt8(ascii: "/")).map(utf8.index(after:)) ?? utf8.startIndex
            guard let dot = utf8[start...].lastIndex(of: UInt8(ascii: ".")), dot != start else {
                return (String(decoding: utf8[start...], as: UTF8.self), "")
            }
            return (String(decoding: utf8[start..<dot], as: UTF8.self),
                    String(decoding: utf8[utf8.index(after: dot)...], as: UTF8.self).lowercased())
        }
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]).lowercased())
    }
}

/// Documents from a JSONL corpus, one line at a time.
final class CorpusReader {
    private let lines: LineReader
    private let maxDocumentBytes: Int?
    private let keepsMetadata: Bool

    init(lines: LineReader, maxDocumentBytes: Int?, metadata: Bool) {
        self.lines = lines
        self.maxDocumentBytes = maxDocumentBytes
        self.keepsMetadata = metadata
    }

    /// The next document or failure, or nil at the end of the corpus. Blank lines are skipped.
    func next() -> Result<Document, SpanCoderError>? {
        while true {
            let outcome: Result<Document, SpanCoderError>??
            do {
                outcome = try lines.nextLine { line -> Result<Document, SpanCoderError>? in
                    self.document(from: line)
                }
            } catch let error as SpanCoderError {
                return .failure(error)
            } catch {
                return .failure(SpanCoderError(.internal, "\(error)", at: SourceLocation(file: lines.name)))
            }
            guard let lineResult = outcome else { return nil }  // end of input
            if let result = lineResult { return result }        // nil: blank line
        }
    }

    /// The line read last: where the document just returned comes from.
    var location: SourceLocation { SourceLocation(file: lines.name, line: lines.lineNumber) }

    private func location(column: Int? = nil, byteInLine: Int = 0) -> SourceLocation {
        SourceLocation(file: lines.name, line: lines.lineNumber, column: column, byteOffset: lines.lineOffset + byteInLine)
    }

    private func document(from line: UnsafeBufferPointer<UInt8>) -> Result<Document, SpanCoderError>? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        if let limit = maxDocumentBytes, line.count > limit {
            return .failure(DocumentInputs.tooLarge(line.count, limit: limit, at: location()))
        }
        let fields: [(key: String, value: JSONLineParser.Value)]
        do {
            // The parser validates the UTF-8 of every string it makes; bad bytes anywhere else make
            // the line unparsable. Either way the report names the first bad byte.
            fields = try JSONLineParser.parseObject(line)
        } catch {
            if let problem = UTF8Validation.firstProblem(in: line) {
                // --encoding names the encoding of text files; JSON text is UTF-8 by its standard.
                return .failure(SpanCoderError(.badInput, "JSONL corpus line is not valid UTF-8 (a JSONL corpus must be UTF-8 whatever --encoding says: convert it first, e.g. iconv -f GB18030 -t UTF-8)",
                                               at: location(byteInLine: problem.offset)))
            }
            let column = line[..<min(error.offset, line.count)].reduce(1) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
            return .failure(SpanCoderError(.badInput, "bad JSONL line: \(error.message)",
                                           at: location(column: column, byteInLine: error.offset)))
        }
        var id: String?
        var text: String?
        var metadata: [String: String] = [:]
        if keepsMetadata && fields.count > 3 { metadata.reserveCapacity(fields.count - 2) }
        for (key, value) in fields {
            switch (key, value) {
            case ("id", .string(let string)): id = string
            case ("id", .literal(let literal, let isNull)) where !isNull && !literal.hasPrefix("[") && !literal.hasPrefix("{")
                    && literal != "true" && literal != "false":
                id = literal
            case ("id", _):
                return .failure(SpanCoderError(.badInput, "bad JSONL line: \"id\" must be a string or a number", at: location()))
            case ("text", .string(let string)):
                // A text file with a NUL byte is refused as binary data; the same character from a
                // corpus (`\u0000`) would reach brat's .txt files and TSV cells raw, which the readers
                // of those refuse. (Ids may hold one: output file names are made safe.)
                let holdsNUL = string.utf8.withContiguousStorageIfAvailable { utf8 in
                    !utf8.isEmpty && memchr(utf8.baseAddress!, 0, utf8.count) != nil
                } ?? string.utf8.contains(0)
                if holdsNUL {
                    return .failure(SpanCoderError(.badInput, "bad JSONL line: \"text\" holds \\u0000 (NUL), which no text file can: remove it", at: location()))
                }
                text = string
            case ("text", _):
                return .failure(SpanCoderError(.badInput, "bad JSONL line: \"text\" must be a string", at: location()))
            case (_, .string(let string)): if keepsMetadata { metadata[key] = string }
            case (_, .literal(let literal, let isNull)): if keepsMetadata && !isNull { metadata[key] = literal }
            }
        }
        guard let id else {
            return .failure(SpanCoderError(.badInput, "bad JSONL line: no \"id\" field (each line needs {\"id\": …, \"text\": …})", at: location()))
        }
        // An empty id names no document: eval and stats could not tell two of them apart.
        guard !id.isEmpty else {
            return .failure(SpanCoderError(.badInput, "bad JSONL line: the \"id\" is empty (each document needs a non-empty id)", at: location()))
        }
        guard let text else {
            return .failure(SpanCoderError(.badInput, "bad JSONL line: document \"\(id)\" has no \"text\" field", at: location()))
        }
        return .success(Document(id: id, text: text, metadata: metadata))
    }
}
