import Foundation
import SpanCoderCore
import SpanCoderText

/// The documents of one evaluation: their texts (when known), lengths in code points and metadata,
/// indexed by the vocabulary's document index.
public struct EvalCorpus: Sendable {
    /// Documents in evaluation order (the order they were read).
    public var order: [Int32] = []
    /// Text per document index; nil when unknown.
    public var texts: [String?] = []
    /// Length in code points per document index; -1 when unknown.
    public var lengths: [Int] = []
    public var metadata: [[String: String]] = []

    public init() {}

    /// Whether texts were given at all: then a span in an unknown document is reported.
    public var hasTexts: Bool { !order.isEmpty }

    public mutating func add(_ document: Document, vocabulary: inout Vocabulary) {
        let index = vocabulary.internDoc(document.id)
        grow(to: vocabulary.docs.count)
        if texts[Int(index)] == nil { order.append(index) }
        texts[Int(index)] = document.text
        lengths[Int(index)] = document.text.unicodeScalars.count
        metadata[Int(index)].merge(document.metadata) { _, new in new }
    }

    /// Makes room for every document index of the vocabulary.
    public mutating func grow(to count: Int) {
        while texts.count < count {
            texts.append(nil)
            lengths.append(-1)
            metadata.append([:])
        }
    }

    public func text(_ doc: Int32) -> String? { Int(doc) < texts.count ? texts[Int(doc)] : nil }
    public func length(_ doc: Int32) -> Int { Int(doc) < lengths.count ? lengths[Int(doc)] : -1 }

    /// The metadata value of `field` for `doc`, without surrounding white space (`US ` is `US`, as in
    /// `stats`); nil when absent or blank. For `language` without metadata, the script of the text
    /// decides (`zh` when Han characters outnumber Latin letters, else `en`).
    public func value(of field: String, for doc: Int32) -> String? {
        if Int(doc) < metadata.count, let raw = metadata[Int(doc)][field] {
            let value = WhiteSpace.trimmed(raw)
            if !value.isEmpty { return value }
        }
        if field == "language", let text = text(doc) {
            var han = 0, latin = 0
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x4E00...0x9FFF, 0x3400...0x4DBF: han += 1
                case 0x41...0x5A, 0x61...0x7A: latin += 1
                default: break
                }
            }
            return han > latin / 3 ? "zh" : "en"
        }
        return nil
    }

    /// The text of `[start, end)` in code points, when the document text is known and the range fits.
    public func slice(_ doc: Int32, _ start: Int, _ end: Int) -> String? {
        guard let text = text(doc), start >= 0, start <= end else { return nil }
        let scalars = text.unicodeScalars
        guard let from = scalars.index(scalars.startIndex, offsetBy: start, limitedBy: scalars.endIndex),
              let to = scalars.index(from, offsetBy: end - start, limitedBy: scalars.endIndex) else { return nil }
        return String(scalars[from..<to])
    }
}

/// Loading documents for `--texts DIR` and `--corpus FILE` (through the text layer's
/// `DocumentInputs`: text files in any detected encoding, folders, JSONL corpora), and metadata from a
/// manifest.
public enum EvalDocumentLoader {
    /// A text file that could not be read or decoded: left out of the evaluation, unless an input refers
    /// to its document (`check(_:vocabulary:corpus:allScored:onWarning:)`).
    public struct UnreadableText: Sendable {
        /// The id the file would have given its document.
        public var id: String
        public var error: SpanCoderError
    }

    /// Reads documents from files, folders, JSONL corpora or `-`.
    /// - Parameters:
    ///   - corpora: whether `.jsonl` files in folders (and named) are JSONL corpora; `--texts` says no:
    ///     a folder of texts may hold an annotation export beside them.
    ///   - encoding: the encoding of text files, or nil to detect it (as `tag --encoding`).
    ///   - ids: the ids given so far (shared by `--texts` and `--corpus`): a document with an id an earlier
    ///     one has gets `ID-2`, … as `tag` and `segment` name it (`DocumentIDRegistry`).
    ///   - onWarning: called with each warning about the inputs (`DocumentInputs.warnings()`: text files
    ///     whose names give the same document id, folders with nothing to read) before any document is
    ///     read; the folders are walked once for both.
    /// - Returns: the text files that could not be read or decoded, which do not stop the loading: an
    ///   unreadable file in a folder of texts matters only if an input refers to its document.
    /// - Throws: a path that is missing or cannot be listed, a bad JSONL corpus line (whose document
    ///   cannot be named), with its place.
    @discardableResult
    public static func load(paths: [String], into corpus: inout EvalCorpus, vocabulary: inout Vocabulary,
                            corpora: Bool = true, encoding: String? = nil, ids: DocumentIDRegistry? = nil,
                            onWarning: (String) -> Void = { _ in }) throws -> [UnreadableText] {
        var inputs = DocumentInputs(paths: paths, encoding: encoding, corpusExtensions: corpora ? ["jsonl"] : [])
        inputs.idRegistry = ids
        for warning in inputs.warnings() { onWarning(warning) }
        var unreadable: [UnreadableText] = []
        var iterator = inputs.makeIterator()
        while let result = iterator.next() {
            switch result {
            case .success(let document): corpus.add(document, vocabulary: &vocabulary)
            case .failure(let error):
                guard let id = iterator.failedDocumentID else { throw error }
                unreadable.append(UnreadableText(id: id, error: error))
            }
        }
        return unreadable
    }

    @discardableResult
    public static func loadDirectory(_ path: String, into corpus: inout EvalCorpus, vocabulary: inout Vocabulary,
                                     encoding: String? = nil, ids: DocumentIDRegistry? = nil,
                                     onWarning: (String) -> Void = { _ in }) throws -> [UnreadableText] {
        try load(paths: [path], into: &corpus, vocabulary: &vocabulary, corpora: false, encoding: encoding, ids: ids, onWarning: onWarning)
    }

    @discardableResult
    public static func loadCorpus(_ path: String, into corpus: inout EvalCorpus, vocabulary: inout Vocabulary,
                                  encoding: String? = nil, ids: DocumentIDRegistry? = nil,
                                  onWarning: (String) -> Void = { _ in }) throws -> [UnreadableText] {
        try load(paths: [path], into: &corpus, vocabulary: &vocabulary, corpora: true, encoding: encoding, ids: ids, onWarning: onWarning)
    }

    /// Decides about the text files that could not be read, once every input is loaded: a file whose
    /// document an input refers to (the gold, the predictions, a coder, the units: its id is in the
    /// vocabulary with no text), or any file when every document given is scored (`allScored`,
    /// `--scope texts`), stops the evaluation with its error, as its spans could not be checked or scored;
    /// any other is only warned about (`onWarning`) and left out.
    /// - Throws: the first such file's error, saying why it matters.
    public static func check(_ unreadable: [UnreadableText], vocabulary: Vocabulary, corpus: EvalCorpus, allScored: Bool,
                             onWarning: (String) -> Void) throws {
        for file in unreadable {
            let referred = vocabulary.docs.lookup(file.id).map { corpus.text($0) == nil } ?? false
            if referred || allScored {
                var error = file.error
                error.message += referred
                    ? " (an input refers to document \"\(file.id)\", so its text is needed)"
                    : " (--scope texts scores every document given)"
                throw error
            }
            onWarning("skipped: \(file.error) (no input refers to document \"\(file.id)\")")
        }
    }

    /// Reads a CSV manifest with an `id` column; every other column becomes metadata of that document.
    /// Rows for documents that are not in the evaluation are ignored. Column names, ids and values are
    /// read without surrounding white space (`WhiteSpace.trimmed`), as `stats` reads its manifest, so
    /// that `eval --by` and `stats --by` make the same groups.
    public static func loadManifest(_ path: String, into corpus: inout EvalCorpus, vocabulary: Vocabulary) throws {
        let rows = try CSVQuotesReader.readRows(path: path)
        let header = rows.first.map { $0.map(WhiteSpace.trimmed) }
        guard let header, let idColumn = header.firstIndex(of: "id") else {
            throw SpanCoderError(.badInput, "manifest needs a header row with an \"id\" column", at: SourceLocation(file: path, line: 1))
        }
        for row in rows.dropFirst() where row.count > idColumn {
            guard let doc = vocabulary.docs.lookup(WhiteSpace.trimmed(row[idColumn])) else { continue }
            corpus.grow(to: vocabulary.docs.count)
            for (column, name) in header.enumerated() where column != idColumn && column < row.count {
                corpus.metadata[Int(doc)][name] = WhiteSpace.trimmed(row[column])
            }
        }
    }
}

extension String {
    init?(validatingUTF8Data data: Data) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        self = text
    }
}

/// Sentence units: `[start, end)` code point ranges per document, sorted by document then start.
public struct UnitTable: Sendable {
    public var docs: [Int32] = []
    public var starts: [Int32] = []
    public var ends: [Int32] = []
    /// The unit's text when its source carries it.
    public var texts: [String?] = []
    public var ids: [String?] = []

    public init() {}

    public var count: Int { docs.count }

    /// Units from a units file (the gold's `labels.jsonl` shape), sorted by document and start.
    public init(set: AnnotationSet) {
        let order = (0..<set.count).sorted {
            (set.docs[$0], set.starts[$0], set.ends[$0]) < (set.docs[$1], set.starts[$1], set.ends[$1])
        }
        for row in order {
            if row > 0, !docs.isEmpty, docs.last == set.docs[row], starts.last == set.starts[row], ends.last == set.ends[row] { continue }
            docs.append(set.docs[row]); starts.append(set.starts[row]); ends.append(set.ends[row])
            texts.append(set.text(ofRow: row)); ids.append(set.id(ofRow: row))
        }
    }

    /// One unit per document, covering the whole text (document mode). Unknown lengths cover any offset.
    public static func wholeDocuments(_ docs: [Int32], corpus: EvalCorpus) -> UnitTable {
        var table = UnitTable()
        for doc in docs.sorted() {
            let length = corpus.length(doc)
            table.docs.append(doc); table.starts.append(0)
            table.ends.append(length >= 0 ? Int32(clamping: max(length, 1)) : Int32.max)
            table.texts.append(nil); table.ids.append(nil)
        }
        return table
    }

    /// Sentence units cut from the document texts by the text layer's `Segmenter`.
    public static func sentences(of docs: [Int32], corpus: EvalCorpus) -> UnitTable {
        var table = UnitTable()
        let segmenter = Segmenter(unit: .sentence)
        for doc in docs.sorted() {
            guard let text = corpus.text(doc) else { continue }
            for segment in segmenter.segments(of: text) {
                table.docs.append(doc); table.starts.append(Int32(segment.range.start)); table.ends.append(Int32(segment.range.end))
                table.texts.append(nil); table.ids.append(nil)
            }
        }
        return table
    }
}
