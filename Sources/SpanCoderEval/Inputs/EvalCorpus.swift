import Foundation
import SpanCoderCore

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

    /// The metadata value of `field` for `doc`. For `language` without metadata, the script of the
    /// text decides (`zh` when Han characters outnumber Latin letters, else `en`).
    public func value(of field: String, for doc: Int32) -> String? {
        if Int(doc) < metadata.count, let value = metadata[Int(doc)][field], !value.isEmpty { return value }
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

/// Loading documents for `--texts DIR` and `--corpus FILE`, and metadata from a manifest.
///
/// A small local loader: UTF-8 text files (the id is the file name without `.txt`) and JSONL corpora
/// (`{"id","text",...}`, other string fields become metadata).
public enum EvalDocumentLoader {
    public static func loadDirectory(_ path: String, into corpus: inout EvalCorpus, vocabulary: inout Vocabulary) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SpanCoderError(.badInput, "no such file or folder", at: SourceLocation(file: path))
        }
        var files: [String] = []
        if isDirectory.boolValue {
            guard let names = try? manager.contentsOfDirectory(atPath: path) else {
                throw SpanCoderError(.badInput, "cannot list folder", at: SourceLocation(file: path))
            }
            files = names.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
        } else {
            files = [path]
        }
        for file in files {
            if file.hasSuffix(".jsonl") { try loadCorpus(file, into: &corpus, vocabulary: &vocabulary); continue }
            guard let data = manager.contents(atPath: file) else {
                throw SpanCoderError(.badInput, "cannot read file", at: SourceLocation(file: file))
            }
            guard let text = String(validatingUTF8Data: data) else {
                throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: file))
            }
            var id = (file as NSString).lastPathComponent
            if id.hasSuffix(".txt") { id.removeLast(4) }
            corpus.add(Document(id: id, text: text), vocabulary: &vocabulary)
        }
    }

    public static func loadCorpus(_ path: String, into corpus: inout EvalCorpus, vocabulary: inout Vocabulary) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpanCoderError(.badInput, "cannot read file", at: SourceLocation(file: path))
        }
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let location = SourceLocation(file: path, line: lineNumber)
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw SpanCoderError(.badInput, "expected a JSON object {\"id\", \"text\", ...}", at: location)
            }
            guard let id = object["id"] as? String ?? (object["id"] as? Int).map(String.init),
                  let text = object["text"] as? String else {
                throw SpanCoderError(.badInput, "corpus line needs string fields \"id\" and \"text\"", at: location)
            }
            var metadata: [String: String] = [:]
            for (key, value) in object where key != "id" && key != "text" {
                if let string = value as? String { metadata[key] = string } else if let number = value as? NSNumber { metadata[key] = number.stringValue }
            }
            corpus.add(Document(id: id, text: text, metadata: metadata), vocabulary: &vocabulary)
        }
    }

    /// Reads a CSV manifest with an `id` column; every other column becomes metadata of that document.
    /// Rows for documents that are not in the evaluation are ignored.
    public static func loadManifest(_ path: String, into corpus: inout EvalCorpus, vocabulary: Vocabulary) throws {
        let rows = try CSVQuotesReader.readRows(path: path)
        guard let header = rows.first, let idColumn = header.firstIndex(of: "id") else {
            throw SpanCoderError(.badInput, "manifest needs a header row with an \"id\" column", at: SourceLocation(file: path, line: 1))
        }
        for row in rows.dropFirst() where row.count > idColumn {
            guard let doc = vocabulary.docs.lookup(row[idColumn]) else { continue }
            corpus.grow(to: vocabulary.docs.count)
            for (column, name) in header.enumerated() where column != idColumn && column < row.count {
                corpus.metadata[Int(doc)][name] = row[column]
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

    /// Sentence units cut from the document texts by `SentenceSplitter`.
    public static func sentences(of docs: [Int32], corpus: EvalCorpus) -> UnitTable {
        var table = UnitTable()
        for doc in docs.sorted() {
            guard let text = corpus.text(doc) else { continue }
            for range in SentenceSplitter.units(of: text) {
                table.docs.append(doc); table.starts.append(Int32(range.start)); table.ends.append(Int32(range.end))
                table.texts.append(nil); table.ids.append(nil)
            }
        }
        return table
    }
}

/// A small sentence splitter for texts given without `--units`: a line break always ends a unit;
/// Chinese units end after 。！？ (and closing quotes or brackets), English units after . ! ? followed
/// by a space and an upper-case letter or digit. Leading and trailing spaces are trimmed.
public enum SentenceSplitter {
    public static func units(of text: String) -> [TextRange] {
        let scalars = Array(text.unicodeScalars)
        var result: [TextRange] = []
        var segmentStart = 0
        func emit(_ a: Int, _ b: Int) {
            var a = a, b = b
            while a < b, scalars[a].properties.isWhitespace { a += 1 }
            while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
            if b > a { result.append(TextRange(start: a, end: b)) }
        }
        let closers: Set<UInt32> = [0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x29, 0x5D, 0x22, 0x27]
        var i = 0
        while i < scalars.count {
            let c = scalars[i].value
            if c == 0x0A {
                emit(segmentStart, i); segmentStart = i + 1; i += 1; continue
            }
            if c == 0x3002 || c == 0xFF01 || c == 0xFF1F {
                var j = i + 1
                while j < scalars.count, closers.contains(scalars[j].value) { j += 1 }
                emit(segmentStart, j); segmentStart = j; i = j; continue
            }
            if c == 0x2E || c == 0x21 || c == 0x3F {
                var j = i + 1
                while j < scalars.count, closers.contains(scalars[j].value) { j += 1 }
                if j + 1 < scalars.count, scalars[j] == " ",
                   scalars[j + 1].properties.isUppercase || ("0"..."9").contains(scalars[j + 1]) {
                    emit(segmentStart, j); segmentStart = j; i = j; continue
                }
            }
            i += 1
        }
        emit(segmentStart, scalars.count)
        return result
    }
}
