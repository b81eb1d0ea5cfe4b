import CSV
import Foundation
import SpanCoderCore
import SpanCoderFormats
import SpanCoderText

/// The corpus manifest: one entry per document, an `id` plus any metadata (`country`, `issuer_type`,
/// `year`, `chars`, ...). The grouping fields of the statistics are metadata field names. Ids and
/// values are read without surrounding white space (`US ` is `US`).
public struct Manifest: Sendable {
    public struct Entry: Sendable, Hashable {
        public var id: String
        /// Metadata by field name; empty values are kept as empty strings.
        public var fields: [String: String]

        public init(id: String, fields: [String: String]) {
            self.id = id
            self.fields = fields
        }

        /// The value of `field` for grouping and filtering: the id for `id` (which `fields` leaves out, so
        /// that `--by id` and `--where id=…` group and select documents), else the metadata's value.
        public func value(of field: String) -> String? {
            field == "id" ? id : fields[field]
        }
    }

    /// Where the manifest came from, for messages.
    public var source: String
    /// Per field, the first JSONL line whose value for it is an array or an object (which gives that
    /// entry no value for the field): such a field cannot group documents (`check(groupingFields:)`).
    public var structuredValues: [String: (location: SourceLocation, text: String)] = [:]
    /// Field names in file order (`id` included).
    public var fieldNames: [String]
    public var entries: [Entry]
    private var indexByID: [String: Int]

    /// - Throws: `SpanCoderError.badInput` on an empty or repeated id.
    public init(source: String, fieldNames: [String], entries: [Entry]) throws {
        self.source = source
        self.fieldNames = fieldNames
        self.entries = entries
        var index: [String: Int] = [:]
        index.reserveCapacity(entries.count)
        for (i, entry) in entries.enumerated() {
            if entry.id.isEmpty {
                throw SpanCoderError(.badInput, "entry \(i + 1) has an empty id", at: SourceLocation(file: source))
            }
            if let first = index[entry.id] {
                throw SpanCoderError(.badInput, "id \"\(entry.id)\" appears twice (entries \(first + 1) and \(i + 1))", at: SourceLocation(file: source))
            }
            index[entry.id] = i
        }
        self.indexByID = index
    }

    public func entry(id: String) -> Entry? { indexByID[id].map { entries[$0] } }

    /// Refuses a field that groups or filters documents (`--by`, `--where`) when a JSONL line gives it an
    /// array or an object: `"country": ["CN"]` used to become no value, "(none)", without a word, and no
    /// one group fits a list.
    /// - Throws: `SpanCoderError.badInput` naming the first such line and field.
    public func check(groupingFields: [String]) throws {
        for field in groupingFields {
            guard let (location, text) = structuredValues[field] else { continue }
            let kind = text.hasPrefix("[") ? "an array" : "an object"
            let shown = TextExcerpt.shortened(text, over: 60, keeping: 57)
            throw SpanCoderError(.badInput, "field \"\(field)\" holds \(kind) (\(shown)), not one value: documents are grouped and filtered by a text or number; give one value per document (or group by another field)",
                                 at: location)
        }
    }
    public func index(of id: String) -> Int? { indexByID[id] }

    /// The items of an option's comma-separated list (`--by`, `--where`'s values, `--compare`), read as
    /// one CSV record so that a value holding a comma can be quoted (`"CAC, MIIT",NDRC`), each without
    /// the white space around it. An unquoted list that is, whole, one of `known` (a jointly issued
    /// document's `CAC, MIIT`, AGORA's field `Harms: Violation of civil or human rights, including
    /// privacy`) is that one item: split, it would silently select the documents of each part.
    /// - Parameter what: the option and field for messages (`--where issuer`).
    /// - Throws: `SpanCoderError.usage` on a quote that does not close, or when the whole list and each
    ///   of its parts are all known, which only quoting can settle.
    public static func listItems(_ text: String, known: Set<String>, what: String) throws -> [String] {
        let whole = text.trimmingCharacters(in: .whitespaces)
        if text.filter({ $0 == "\"" }).count % 2 == 1 {
            throw SpanCoderError(.usage, "\(what): a double quote in \"\(text)\" does not close (a value holding a comma goes in double quotes; a quote inside one is written twice)")
        }
        let items: [String]
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: true)
            items = reader.next() ?? [""]
            if let error = reader.error { throw error }
            if reader.next() != nil { throw SpanCoderError(.usage, "\(what): one line of values, got a line break") }
        } catch let error as SpanCoderError {
            throw error
        } catch {
            throw SpanCoderError(.usage, "\(what): cannot read \"\(text)\" as values separated by commas (a value holding a comma goes in double quotes): \(error)")
        }
        if !text.contains("\""), items.count > 1, known.contains(whole) {
            if items.allSatisfy(known.contains) {
                throw SpanCoderError(.usage, "\(what): \"\(whole)\" is one value, and \(items.map { "\"\($0)\"" }.joined(separator: ", ")) are values too: put the one value in double quotes (\(listText([whole]))), or each of the others (\(items.map { "\"\($0)\"" }.joined(separator: ",")))")
            }
            return [whole]
        }
        return items
    }

    /// `values` as an option's list would spell them, comma-separated, a value with a comma or a
    /// double quote in double quotes (`"CAC, MIIT",NDRC`): messages and notes name the values a run
    /// selected without mixing up one value with a comma and two values.
    public static func listText<Values: Sequence<String>>(_ values: Values, separator: String = ",") -> String {
        values.map { value in
            value.contains(",") || value.contains("\"") ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }.joined(separator: separator)
    }

    /// The distinct values of `field` over the entries (an entry without it counts as "").
    public func values(of field: String) -> Set<String> {
        Set(entries.map { $0.value(of: field) ?? "" })
    }

    /// Reads a manifest: CSV (header row with an `id` column; quoted fields may hold commas and line
    /// breaks) or JSONL (one object per line with an `id`). A JSONL corpus line carrying `text` is a
    /// manifest entry too: its text is not kept, but its length in code points becomes `chars` when the
    /// line has no `chars` field. The format follows the extension (`.csv`/`.tsv`, `.jsonl`/`.ndjson`/
    /// `.json`), else the first non-blank byte (`{` means JSONL).
    /// - Parameter idField: the column or key that holds the document ids (AGORA's `documents.csv`
    ///   calls it `AGORA ID`); in the manifest read, it is the field `id`.
    /// - Throws: `SpanCoderError.badInput` naming the file and the record, line or byte.
    public static func load(path: String, idField: String = "id") throws -> Manifest {
        let data = try readWholeFile(path)
        if let wide = DocumentDecoder.wideEncoding(ofJSONStart: Array(data.prefix(4))) {
            throw DocumentDecoder.wideEncodingError(charset: wide.charset, evidence: wide.evidence, what: "this manifest", name: path)
        }
        let lower = path.lowercased()
        let isJSONL: Bool
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") {
            isJSONL = false
        } else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
            isJSONL = true
        } else {
            isJSONL = data.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }) == 0x7B
        }
        return try data.withUnsafeBufferPointer { bytes in
            isJSONL ? try parseJSONL(bytes, source: path, idField: idField)
                : try parseCSV(bytes, source: path, delimiter: lower.hasSuffix(".tsv") ? "\t" : ",", idField: idField)
        }
    }

    /// Parses CSV bytes (UTF-8, optional BOM) with a header row that includes `idField` (`id`).
    public static func parseCSV(_ bytes: UnsafeBufferPointer<UInt8>, source: String, delimiter: UnicodeScalar = ",", idField: String = "id") throws -> Manifest {
        var body = bytes
        if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF {
            body = UnsafeBufferPointer(rebasing: body[3...])
        }
        if let bad = firstInvalidUTF8Offset(body) {
            throw SpanCoderError(.badInput, "not valid UTF-8 (save the manifest as UTF-8)", at: SourceLocation(file: source, byteOffset: bad + (bytes.count - body.count)))
        }
        if let problem = CSVQuoteValidation.firstProblem(in: body, delimiter: UInt8(delimiter.value)) {
            throw SpanCoderError(.badInput, problem.message,
                                 at: SourceLocation(file: source, line: problem.line, byteOffset: problem.byteOffset + (bytes.count - body.count)))
        }
        let text = String(decoding: body, as: UTF8.self)
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, delimiter: delimiter)
        } catch {
            throw SpanCoderError(.badInput, "no header row (expected a CSV header with an \"id\" column)", at: SourceLocation(file: source, line: 1))
        }
        var header = (reader.headerRow ?? []).map(WhiteSpace.trimmed)
        // Two columns of one name: one of them would be read and the other dropped without a word (the
        // first for the ids, the last for a field).
        var seenColumns: [String: Int] = [:]
        for (k, name) in header.enumerated() {
            if let first = seenColumns[name] {
                throw SpanCoderError(.badInput, "the header names the column \"\(name)\" twice (columns \(first + 1) and \(k + 1)); rename one of them", at: SourceLocation(file: source, line: 1))
            }
            seenColumns[name] = k
        }
        if idField != "id" {
            guard let column = header.firstIndex(of: idField) else {
                let shown = header.prefix(12).joined(separator: ", ") + (header.count > 12 ? ", … (\(header.count) in all)" : "")
                throw SpanCoderError(.badInput, "the header has no column \"\(idField)\" (--id-field; columns: \(shown))", at: SourceLocation(file: source, line: 1))
            }
            if header.contains("id") {
                throw SpanCoderError(.badInput, "the header has a column \"id\" besides \"\(idField)\" (--id-field): the ids would be ambiguous; rename one of them", at: SourceLocation(file: source, line: 1))
            }
            header[column] = "id"
        }
        guard let idColumn = header.firstIndex(of: "id") else {
            // AGORA's documents.csv names it "AGORA ID": point at such a column rather than list 115.
            let shown = header.prefix(12).joined(separator: ", ") + (header.count > 12 ? ", … (\(header.count) in all)" : "")
            throw SpanCoderError(.badInput, "the header has no \"id\" column (columns: \(shown)); name the column of document ids (the coding's doc values) with --id-field, or call it id"
                + (likelyIDField(among: header).map { ": is it \"\($0)\" (--id-field \"\($0)\")?" } ?? ""), at: SourceLocation(file: source, line: 1))
        }
        // Where each record starts: a quoted field may hold line breaks, so records are not lines.
        let recordLines = recordStartLines(body)
        func location(ofRecord record: Int) -> SourceLocation {
            SourceLocation(file: source, line: record - 1 < recordLines.count ? recordLines[record - 1] : nil)
        }
        var entries: [Entry] = []
        var recordOfID: [String: Int] = [:]
        var record = 1
        while let row = reader.next() {
            record += 1
            if row.allSatisfy({ $0.isEmpty }) { continue }
            guard row.count == header.count else {
                throw SpanCoderError(.badInput, "record \(record) (counting the header as 1) has \(row.count) fields, the header has \(header.count); quote fields that contain the delimiter", at: location(ofRecord: record))
            }
            // Values are compared as text ("US " would be a group of its own beside "US"): surrounding
            // white space is dropped, as for the header (`WhiteSpace.trimmed`, which `eval` uses too).
            var fields: [String: String] = [:]
            for (name, value) in zip(header, row) where name != "id" { fields[name] = WhiteSpace.trimmed(value) }
            let id = WhiteSpace.trimmed(row[idColumn])
            guard !id.isEmpty else {
                throw SpanCoderError(.badInput, "record \(record) (counting the header as 1) has an empty id", at: location(ofRecord: record))
            }
            if let first = recordOfID[id] {
                func named(_ record: Int) -> String { location(ofRecord: record).line.map { "\(record) (line \($0))" } ?? "\(record)" }
                throw SpanCoderError(.badInput, "id \"\(id)\" appears twice: records \(named(first)) and \(named(record)), counting the header as record 1"
                    + (idField != "id" ? "; ids must be unique: is \"\(idField)\" the column of document ids?" : ""), at: location(ofRecord: record))
            }
            recordOfID[id] = record
            entries.append(Entry(id: id, fields: fields))
        }
        if let error = reader.error {
            throw SpanCoderError(.badInput, "cannot read CSV: \(error)", at: SourceLocation(file: source, line: record))
        }
        return try Manifest(source: source, fieldNames: header, entries: entries)
    }

    /// The column or key most likely to hold document ids when none is called `id`: `ID` in another case,
    /// a name ending in " id" or "_id" (AGORA's "AGORA ID", `doc_id`), `doc` or `document`.
    static func likelyIDField(among names: [String]) -> String? {
        names.first { $0.lowercased() == "id" }
            ?? names.first { let name = $0.lowercased(); return name.hasSuffix(" id") || name.hasSuffix("_id") || name == "doc" || name == "document" }
    }

    /// The line (from 1) on which each CSV record of `body` starts, reading quotes as RFC 4180 does (a
    /// doubled quote inside a quoted field toggles twice): a quoted field may hold line breaks.
    static func recordStartLines(_ body: UnsafeBufferPointer<UInt8>) -> [Int] {
        var starts = [1]
        var line = 1
        var quoted = false
        for (i, byte) in body.enumerated() {
            if byte == 0x22 {
                quoted.toggle()
            } else if byte == 0x0A {
                line += 1
                if !quoted && i + 1 < body.count { starts.append(line) }
            }
        }
        return starts
    }

    /// Parses JSONL bytes: one object per line with a string `id` (or `idField`); scalar fields become
    /// metadata.
    public static func parseJSONL(_ bytes: UnsafeBufferPointer<UInt8>, source: String, idField: String = "id") throws -> Manifest {
        if let bad = firstInvalidUTF8Offset(bytes) {
            throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: source, byteOffset: bad))
        }
        var entries: [Entry] = []
        var fieldNames: [String] = ["id"]
        var seenFields: Set<String> = ["id"]
        var structured: [String: (location: SourceLocation, text: String)] = [:]
        var key: [UInt8] = []
        var scratch: [UInt8] = []
        var lineNumber = 0
        var lineStart = 0
        var lineOfID: [String: Int] = [:]
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            lineNumber += 1
            var line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if lineNumber == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeBufferPointer(rebasing: line[3...])
            }
            let lineOffset = lineStart
            lineStart = lineEnd + 1
            var scanner = JSONLineScanner(line)
            if scanner.peek() == nil { continue }
            var id: String?
            var idIsNoValue = false
            var keys: [String] = []
            var fields: [String: String] = [:]
            var textLength: Int?
            do {
                try scanner.readObject(key: &key) { (scanner: inout JSONLineScanner, key: [UInt8]) throws(JSONLineScanner.Failure) in
                    if keyEquals(key, "text") {
                        guard scanner.peek() == 0x22 else { throw scanner.fail("\"text\" must be a string") }
                        try scanner.readString(into: &scratch)
                        textLength = scratch.withUnsafeBufferPointer { codePointCount($0) }
                        return
                    }
                    let name = String(decoding: key, as: UTF8.self)
                    keys.append(name)
                    var value: String?
                    if scanner.peek() == 0x5B || scanner.peek() == 0x7B {
                        let from = scanner.position
                        try scanner.skipValue()
                        let text = String(decoding: UnsafeBufferPointer(rebasing: line[from..<scanner.position]), as: UTF8.self)
                        if structured[name] == nil { structured[name] = (SourceLocation(file: source, line: lineNumber), text) }
                        value = nil  // no value, as before: only a field that groups needs one (`check`)
                    } else {
                        value = try scanner.readScalarText(scratch: &scratch)
                    }
                    if name == idField {
                        // null, an array or an object: said after the line is read, as no JSON error.
                        if let value { id = WhiteSpace.trimmed(value) } else { idIsNoValue = true }
                    } else if let value {
                        fields[name] = WhiteSpace.trimmed(value)
                        if !seenFields.contains(name) {
                            seenFields.insert(name)
                            fieldNames.append(name)
                        }
                    }
                }
                try scanner.expectEnd()
            } catch {
                throw SpanCoderError(.badInput, "not valid JSON: \(error.message)", at: SourceLocation(file: source, line: lineNumber, byteOffset: lineOffset + error.offset))
            }
            if idIsNoValue {
                throw SpanCoderError(.badInput, "\"\(idField)\" is null, an array or an object: an id is a string or a number", at: SourceLocation(file: source, line: lineNumber))
            }
            guard let id, !id.isEmpty else {
                let hint: String
                if idField != "id" && fields["id"] != nil {
                    hint = " (the line has \"id\": leave out --id-field?)"
                } else if id == nil, let likely = likelyIDField(among: keys.filter { $0 != "text" }) {
                    hint = " (keys: \(keys.prefix(12).joined(separator: ", "))\(keys.count > 12 ? ", …" : "")): is it \"\(likely)\" (--id-field \"\(likely)\")?"
                } else if id == nil {
                    hint = " (keys: \(keys.prefix(12).joined(separator: ", "))\(keys.count > 12 ? ", …" : ""); --id-field names the key of document ids)"
                } else {
                    hint = ""
                }
                throw SpanCoderError(.badInput, "missing or empty \"\(idField)\"" + hint, at: SourceLocation(file: source, line: lineNumber))
            }
            if let first = lineOfID[id] {
                throw SpanCoderError(.badInput, "id \"\(id)\" appears twice (lines \(first) and \(lineNumber))"
                    + (idField != "id" ? "; ids must be unique: is \"\(idField)\" the key of document ids?" : ""), at: SourceLocation(file: source, line: lineNumber))
            }
            lineOfID[id] = lineNumber
            if idField != "id", fields["id"] != nil {
                throw SpanCoderError(.badInput, "a key \"id\" besides \"\(idField)\" (--id-field): the ids would be ambiguous; rename one of them", at: SourceLocation(file: source, line: lineNumber))
            }
            if let textLength, fields["chars"] == nil {
                fields["chars"] = String(textLength)
                if !seenFields.contains("chars") {
                    seenFields.insert("chars")
                    fieldNames.append("chars")
                }
            }
            entries.append(Entry(id: id, fields: fields))
        }
        var manifest = try Manifest(source: source, fieldNames: fieldNames, entries: entries)
        manifest.structuredValues = structured
        return manifest
    }
}

/// Reads a whole file (or a pipe such as `/dev/stdin`) into memory (`FileReader`).
/// - Throws: `SpanCoderError.badInput` when the path is missing, a folder or unreadable.
func readWholeFile(_ path: String) throws -> [UInt8] {
    try FileReader.readAll(path: path)
}

/// `read(2)`, named so that types with a `read` method can call it.
func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Opens a file for reading (`FileReader.open`).
/// - Throws: `SpanCoderError.badInput` when the path is missing, a folder or unreadable.
func openForReading(_ path: String) throws -> Int32 {
    try FileReader.open(path)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Document lengths read from text files, for manifests without a `chars` column.
public enum DocumentLengths {
    /// Lengths in code points of the texts of every entry without a `chars` value: `directory/<id>.txt`,
    /// else `directory/<id>.md`, else the file named by the entry's `file` field (an absolute path as it
    /// is; a relative one under `directory`, else by its last path component directly in `directory`, as
    /// a corpus manifest's `texts/x.txt` is found with `--texts corpus/texts`).
    ///
    /// A text is decoded as `tag` and `eval --texts` decode it (`DocumentDecoder`: a byte-order mark
    /// dropped, UTF-16 and UTF-32 by their mark, GB18030 and Big5 detected), so a length counts the
    /// code points that offsets count.
    /// - Returns: lengths by id, and the ids whose file was not found.
    /// - Throws: `SpanCoderError.badInput` for a text that cannot be decoded (file and byte).
    /// - Parameter encoding: the texts' encoding (as `tag --encoding`), or nil to detect it.
    public static func fromTexts(directory: String, manifest: Manifest, encoding: String? = nil) throws -> (lengths: [String: Int], missing: [String]) {
        var lengths: [String: Int] = [:]
        var missing: [String] = []
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SpanCoderError(.usage, "--texts: not a folder", at: SourceLocation(file: directory))
        }
        for entry in manifest.entries {
            if let chars = entry.fields["chars"], CorpusStatistics.parseCount(chars) != nil { continue }
            var candidates = ["\(directory)/\(entry.id).txt", "\(directory)/\(entry.id).md"]
            if let file = entry.fields["file"], !file.isEmpty {
                candidates.append(file.hasPrefix("/") ? file : "\(directory)/\(file)")
                if let name = file.split(separator: "/").last { candidates.append("\(directory)/\(name)") }
            }
            guard let path = candidates.first(where: isReadableRegularFile) else {
                missing.append(entry.id)
                continue
            }
            let text = try DocumentDecoder.decode(bytes: try readWholeFile(path), name: path, encoding: encoding)
            lengths[entry.id] = text.unicodeScalars.count
        }
        return (lengths, missing)
    }

    /// Every length known, in code points: the manifest's `chars` where it is a whole number (as the
    /// statistics read it), else the length measured in `texts`.
    public static func known(manifest: Manifest, texts: [String: Int]) -> [String: Int] {
        var lengths = texts
        for entry in manifest.entries {
            if let chars = entry.fields["chars"].flatMap(CorpusStatistics.parseCount) { lengths[entry.id] = chars }
        }
        return lengths
    }

    /// A folder named like a candidate (`x.md/`) is no text.
    private static func isReadableRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isReadableFile(atPath: path)
    }
}
