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
/// A document that cannot be read or decoded comes out as `.failure` (with file, line and byte offset
/// where they apply) and iteration goes on with the next one. Iterating twice reads the inputs twice
/// (standard input only once).
public struct DocumentInputs: Sequence {
    public var paths: [String]
    /// Encoding of text files, or nil to detect it (see `DocumentDecoder`). JSONL corpora are UTF-8.
    public var encoding: String?
    /// Extensions (lowercase, without the dot) of the files taken from folders as text documents.
    public var textExtensions: Set<String>
    /// Extensions of JSONL corpora.
    public var corpusExtensions: Set<String>
    /// Largest document accepted, in bytes (of the file, or of the JSONL line); nil for no limit. A
    /// larger document comes out as a `.failure` naming the limit, before its text is decoded.
    public var maxDocumentBytes: Int?
    /// Whether a JSONL line's other fields become the document's metadata. Without, they are still
    /// parsed and checked (the same lines fail), but no dictionary is made: `spancoder tag` writing
    /// JSONL tags a corpus of sentences in about 7% less time without it.
    public var metadata: Bool

    public static let defaultTextExtensions: Set<String> = ["txt", "md"]

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

        /// A one-line warning for standard error.
        public var message: String {
            let paths = files.map(\.path).joined(separator: ", ")
            guard resolved else {
                return "\(files.count) inputs give the document id \"\(id)\" (\(paths)): they keep it, and stats and eval will count them as one document; rename one or name it once"
            }
            let ids = files.map { "\"\($0.id)\"" }.joined(separator: ", ")
            return "\(files.count) files give the document id \"\(id)\" (\(paths)); they get the ids \(ids) instead (their paths without the extension, or with it, as far as needed to tell them apart): use these ids in a manifest"
        }
    }

    /// The text files among the inputs (folders walked as the iterator walks them, JSONL corpora and
    /// standard input left out) whose names give the same document id, with the ids the iterator gives
    /// them instead. Empty when every file name is its own.
    /// - Complexity: one walk of the folders' listings (no file is read).
    public func fileIDClashes() -> [FileIDClash] {
        DocumentInputs.resolveFileIDs(textFiles()).clashes
    }

    /// A text file the iterator will read: its path as the iterator builds it, the path under the
    /// command-line argument it was found in (the path as given for an explicit file), and that argument.
    struct TextFile {
        var path: String
        var relative: String
        var argument: String
    }

    /// The text files the iterator will read, in its order, found by the same walk (sorted, recursive,
    /// hidden names skipped, symbolic-link cycles cut, corpora left out).
    func textFiles() -> [TextFile] {
        var files: [TextFile] = []
        var visited: Set<[UInt64]> = []
        func walk(_ path: String, relative: String, argument: String, explicit: Bool) {
            switch FileIO.kind(of: path) {
            case .missing, .other:
                return
            case .directory:
                if let identity = FileIO.identity(of: path) {
                    guard visited.insert(identity).inserted else { return }
                }
                guard let names = try? FileIO.list(directory: path) else { return }
                let prefix = path.hasSuffix("/") ? path : path + "/"
                for name in names where !name.hasPrefix(".") {
                    walk(prefix + name, relative: relative.isEmpty ? name : relative + "/" + name, argument: argument, explicit: false)
                }
            case .file:
                let ext = DocumentInputs.splitName(path).ext
                guard !corpusExtensions.contains(ext), explicit || textExtensions.contains(ext) else { return }
                files.append(TextFile(path: path, relative: relative, argument: argument))
            }
        }
        for path in paths where path != "-" {
            walk(path, relative: "", argument: path, explicit: true)
        }
        return files.map { file in
            // An explicit file: its path as given stands for "under the argument".
            var file = file
            if file.relative.isEmpty { file.relative = DocumentInputs.trimmedPath(file.path) }
            return file
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

    /// The ids of clashing files by path, and the clashes. Each group of files with the same name stem
    /// takes the first of these that tells its files apart: the path under the argument without the
    /// extension, with it, the path as given without the extension, with it.
    static func resolveFileIDs(_ files: [TextFile]) -> (ids: [String: String], clashes: [FileIDClash]) {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (i, file) in files.enumerated() {
            let stem = splitName(file.path).stem
            if groups[stem] == nil { order.append(stem) }
            groups[stem, default: []].append(i)
        }
        var ids: [String: String] = [:]
        var clashes: [FileIDClash] = []
        for stem in order {
            guard let members = groups[stem], members.count > 1 else { continue }
            let candidates: [(TextFile) -> String] = [
                { withoutExtension($0.relative) }, { $0.relative },
                { withoutExtension(trimmedPath($0.path)) }, { trimmedPath($0.path) },
            ]
            var chosen: [String]?
            for candidate in candidates {
                let names = members.map { candidate(files[$0]) }
                if Set(names).count == names.count { chosen = names; break }
            }
            let given = chosen ?? Array(repeating: stem, count: members.count)
            for (k, member) in members.enumerated() where chosen != nil { ids[files[member].path] = given[k] }
            clashes.append(FileIDClash(id: stem, files: members.enumerated().map { k, member in
                FileIDClash.File(path: files[member].path, id: given[k])
            }, resolved: chosen != nil))
        }
        return (ids, clashes)
    }

    public func makeIterator() -> Iterator {
        Iterator(inputs: self)
    }

    /// Yields documents lazily: folders are listed and corpora opened only when reached.
    public struct Iterator: IteratorProtocol {
        private enum Pending {
            case path(String, explicit: Bool)
            case standardInput
        }

        private let inputs: DocumentInputs
        /// Work left, last item next.
        private var stack: [Pending]
        private var corpus: CorpusReader?
        private var visitedFolders: Set<[UInt64]> = []
        /// Ids of text files whose names clash (`DocumentInputs.resolveFileIDs`), made on the first
        /// `next()`.
        private var fileIDs: [String: String]?

        init(inputs: DocumentInputs) {
            self.inputs = inputs
            self.stack = inputs.paths.reversed().map { $0 == "-" ? .standardInput : .path($0, explicit: true) }
        }

        public mutating func next() -> Result<Document, SpanCoderError>? {
            if fileIDs == nil { fileIDs = DocumentInputs.resolveFileIDs(inputs.textFiles()).ids }
            while true {
                if let reader = corpus {
                    if let result = reader.next() { return result }
                    corpus = nil
                }
                guard let item = stack.popLast() else { return nil }
                switch item {
                case .standardInput:
                    if let result = openStandardInput() { return result }
                case .path(let path, let explicit):
                    if let result = open(path: path, explicit: explicit) { return result }
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

        private mutating func open(path: String, explicit: Bool) -> Result<Document, SpanCoderError>? {
            switch FileIO.kind(of: path) {
            case .missing:
                return .failure(SpanCoderError(.badInput, "no such file or folder", at: SourceLocation(file: path)))
            case .other:
                return explicit ? .failure(SpanCoderError(.badInput, "not a regular file or folder", at: SourceLocation(file: path))) : nil
            case .directory:
                if let identity = FileIO.identity(of: path) {
                    guard visitedFolders.insert(identity).inserted else { return nil }  // symbolic-link cycle
                }
                do {
                    let names = try FileIO.list(directory: path)
                    let prefix = path.hasSuffix("/") ? path : path + "/"
                    for name in names.reversed() where !name.hasPrefix(".") {
                        stack.append(.path(prefix + name, explicit: false))
                    }
                    return nil
                } catch {
                    return .failure(error as? SpanCoderError ?? SpanCoderError(.badInput, "\(error)", at: SourceLocation(file: path)))
                }
            case .file:
                let (stem, ext) = DocumentInputs.splitName(path)
                if inputs.corpusExtensions.contains(ext) {
                    do {
                        corpus = CorpusReader(lines: try LineReader(path: path), maxDocumentBytes: inputs.maxDocumentBytes, metadata: inputs.metadata)
                        return nil
                    } catch {
                        return .failure(error as? SpanCoderError ?? SpanCoderError(.badInput, "\(error)", at: SourceLocation(file: path)))
                    }
                }
                guard explicit || inputs.textExtensions.contains(ext) else { return nil }
                if let limit = inputs.maxDocumentBytes, let size = FileIO.size(of: path), size > limit {
                    return .failure(DocumentInputs.tooLarge(size, limit: limit, at: SourceLocation(file: path)))
                }
                do {
                    let bytes = try FileIO.readAll(path: path)
                    let text = try DocumentDecoder.decode(bytes: bytes, name: path, encoding: inputs.encoding)
                    return .success(Document(id: fileIDs?[path] ?? stem, text: text))
                } catch let error as SpanCoderError {
                    return .failure(error)
                } catch {
                    return .failure(SpanCoderError(.internal, "\(error)", at: SourceLocation(file: path)))
                }
            }
        }
    }

    /// The file name without folders and extension, and the extension in lowercase.
    static func splitName(_ path: String) -> (stem: String, ext: String) {
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
                return .failure(SpanCoderError(.badInput, "JSONL corpus line is not valid UTF-8",
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
            case ("text", .string(let string)): text = string
            case ("text", _):
                return .failure(SpanCoderError(.badInput, "bad JSONL line: \"text\" must be a string", at: location()))
            case (_, .string(let string)): if keepsMetadata { metadata[key] = string }
            case (_, .literal(let literal, let isNull)): if keepsMetadata && !isNull { metadata[key] = literal }
            }
        }
        guard let id, !id.isEmpty else {
            return .failure(SpanCoderError(.badInput, "bad JSONL line: no \"id\" field (each line needs {\"id\": …, \"text\": …})", at: location()))
        }
        guard let text else {
            return .failure(SpanCoderError(.badInput, "bad JSONL line: document \"\(id)\" has no \"text\" field", at: location()))
        }
        return .success(Document(id: id, text: text, metadata: metadata))
    }
}
