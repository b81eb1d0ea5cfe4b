import Foundation
import SpanCoderCore

/// brat standoff: a `.ann` file beside a byte-exact copy of the document text in a `.txt` file.
///
/// ```
/// T1	risk.bias 10 42	…span text…
/// #1	AnnotatorNotes T1	score=2.5; evidence=歧视@15-17, algorithmic discriminat*@20-41 [rule.price]
/// ```
/// Offsets are code points (brat is Python and indexes `str`). Each (span, code) pair is one text-bound
/// annotation `T<n>` whose type is the code's brat name (`BratTypeNames`); its score and evidence go into
/// an `AnnotatorNotes` line (`score=…; evidence=term@start-end, …`, with ` [rule]` after a term that came
/// from a rule).
///
/// Type names: brat stores a type only as `[A-Za-z0-9_-]+` and renames any other configured type
/// (`risk.bias` becomes `risk_bias`), so the annotations a coder adds would carry a name the `.ann`
/// files and SpanCoder do not. The files therefore use brat's own stored form; `annotation.conf` lists
/// each renamed code as `risk_bias | risk.bias` and `visual.conf` shows the code as the label, and
/// reading maps the stored form back to the code through the `annotation.conf` beside the files.
///
/// Line breaks: brat's `.ann` is line-based (Python's `splitlines`) and brat itself never lets a
/// fragment cross a line break, so a span whose text contains line breaks is written in brat's
/// discontinuous form, one fragment per run of text between line breaks (`T1	code 10 20;21 42	text of
/// both fragments joined by a space`). Line breaks are what `splitlines` breaks at: `\n`, `\r`,
/// U+000B, U+000C, U+001C–U+001E, U+0085, U+2028 and U+2029. On reading, a discontinuous annotation
/// becomes the span from its first fragment's start to its last fragment's end, so spans round-trip exactly unless
/// they begin or end with a line break (those outer line breaks are not written). A span of nothing but
/// line breaks is not written.
public enum BratFormat {
    /// The `.ann` content for one document.
    /// - Throws: `SpanCoderError.badInput` when a span lies outside the document.
    public static func annotations(document: DocumentText, spans: [CodedSpan], typeNames: BratTypeNames = BratTypeNames()) throws -> String {
        var ann = ""
        var t = 0
        var note = 0
        for span in spans {
            let bytes = try document.utf8Range(of: span.range)
            let fragments = self.fragments(of: span.range, bytes: bytes, in: document)
            if fragments.isEmpty { continue }
            let text = fragments.map { String(decoding: document.utf8[$0.bytes], as: UTF8.self) }.joined(separator: " ")
            let offsets = fragments.map { "\($0.range.start) \($0.range.end)" }.joined(separator: ";")
            for code in span.codes {
                t += 1
                ann += "T\(t)\t\(typeNames.name(of: code.code)) \(offsets)\t\(text)\n"
                var parts: [String] = []
                // brat has no span ids: the note says which annotation is tag --doc-codes' document line.
                if span.id == documentLineNote { parts.append(documentLineNote) }
                if let score = code.score { parts.append("score=" + JSONText.number(score)) }
                if !code.evidence.isEmpty {
                    parts.append("evidence=" + code.evidence.map { evidence in
                        var item = "\(oneLine(evidence.term))@\(evidence.range.start)-\(evidence.range.end)"
                        if let rule = evidence.rule { item += " [\(oneLine(rule))]" }
                        return item
                    }.joined(separator: ", "))
                }
                if !parts.isEmpty {
                    note += 1
                    ann += "#\(note)\tAnnotatorNotes T\(t)\t\(parts.joined(separator: "; "))\n"
                }
            }
        }
        return ann
    }

    /// The note part (and span id) of `tag --doc-codes`' whole-document line.
    static let documentLineNote = "document"

    /// A minimal brat `annotation.conf` declaring `codes` as entity types: each code's brat name, and
    /// after it (`risk_bias | risk.bias`) the code itself when brat needs another name for it.
    public static func configuration(codes: [String], typeNames: BratTypeNames = BratTypeNames()) -> String {
        var conf = "# Written by spancoder: one entity type per code.\n[entities]\n"
        for code in codes {
            let name = typeNames.name(of: code)
            conf += name == code ? name + "\n" : "\(name) | \(code)\n"
        }
        conf += "[relations]\n<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n[events]\n[attributes]\n"
        return conf
    }

    /// brat's `visual.conf` that labels each renamed type with its code (`risk_bias | risk.bias`), so
    /// coders see the codes; nil when every code is its own brat name (brat's defaults then serve).
    public static func visualConfiguration(codes: [String], typeNames: BratTypeNames = BratTypeNames()) -> String? {
        let renamed = codes.filter { typeNames.name(of: $0) != $0 }
        guard !renamed.isEmpty else { return nil }
        var conf = "# Written by spancoder: the codes brat stores under another name, shown as themselves.\n[labels]\n"
        for code in renamed { conf += "\(typeNames.name(of: code)) | \(code)\n" }
        // brat's own defaults, which a visual.conf replaces.
        conf += "[drawing]\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\nARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n"
        return conf
    }

    /// The code each brat type name in an `annotation.conf` stands for, where they differ: a code
    /// brat had to rename (`risk.bias` stored as `risk_bias`, whether the line reads `risk.bias` or
    /// `risk_bias | risk.bias`). Other aliases (`Person | Human being`) are display names and are
    /// not read as codes.
    public static func typeMap(configuration: String) -> [String: String] {
        var map: [String: String] = [:]
        var inEntities = false
        for rawLine in configuration.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                inEntities = line == "[entities]"
                continue
            }
            guard inEntities else { continue }
            let declaration = line.prefix { $0 != "\t" }
            let terms = declaration.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard var primary = terms.first else { continue }
            if primary.hasPrefix("!") { primary.removeFirst() }
            let stored = BratTypeNames.storageForm(of: primary)
            if stored != primary { map[stored] = primary }
            for alias in terms.dropFirst() where BratTypeNames.isName(primary, for: alias) { map[primary] = alias }
        }
        return map
    }

    /// The type map of the `annotation.conf` brat would use for `annPath`: the first found in its
    /// folder or a folder above it, as brat looks for it ([:] when there is none or it cannot be read).
    static func typeMap(forAnnotationsAt annPath: String) -> [String: String] {
        var folder = URL(fileURLWithPath: annPath).standardizedFileURL.deletingLastPathComponent()
        for _ in 0..<64 {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent("annotation.conf").path) {
                return typeMap(configuration: String(decoding: data, as: UTF8.self))
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return [:]
    }

    struct Fragment {
        var range: TextRange
        var bytes: Range<Int>
    }

    /// Runs of text between line breaks inside `range` (code points and UTF-8 bytes).
    static func fragments(of range: TextRange, bytes: Range<Int>, in document: DocumentText) -> [Fragment] {
        var fragments: [Fragment] = []
        var codePoint = range.start
        var runStart: (cp: Int, byte: Int)?
        var i = bytes.lowerBound
        let utf8 = document.utf8
        while i < bytes.upperBound {
            let byte = utf8[i]
            let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            let isBreak: Bool
            switch length {
            case 1: isBreak = isLineBreak(byte)
            case 2: isBreak = byte == 0xC2 && utf8[i + 1] == 0x85
            case 3: isBreak = byte == 0xE2 && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9)
            default: isBreak = false
            }
            if isBreak {
                if let start = runStart {
                    fragments.append(Fragment(range: TextRange(start: start.cp, end: codePoint), bytes: start.byte..<i))
                    runStart = nil
                }
            } else if runStart == nil {
                runStart = (codePoint, i)
            }
            i += length
            codePoint += 1
        }
        if let start = runStart {
            fragments.append(Fragment(range: TextRange(start: start.cp, end: codePoint), bytes: start.byte..<bytes.upperBound))
        }
        if fragments.isEmpty && range.isEmpty {
            fragments.append(Fragment(range: range, bytes: bytes))
        }
        return fragments
    }

    /// The one-byte characters Python's `str.splitlines` breaks a line at (brat reads `.ann` files
    /// with it): `\n`, `\v`, `\f`, `\r` and the separators U+001C–U+001E.
    @inline(__always)
    static func isLineBreak(_ byte: UInt8) -> Bool {
        (0x0A...0x0D).contains(byte) || (0x1C...0x1E).contains(byte)
    }

    /// `text` with tabs and every line break `splitlines` knows made spaces, for a note's one line.
    private static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            let v = scalar.value
            return v == 0x09 || (v < 0x80 && isLineBreak(UInt8(v))) || v == 0x85 || v == 0x2028 || v == 0x2029 ? " " : scalar
        }))
    }

    // MARK: - Reading

    /// Parses a `.ann` file's content against its document text.
    ///
    /// Text-bound annotations (`T`) become spans (discontinuous ones as the hull of their fragments);
    /// their `AnnotatorNotes` (`#`) supply score and evidence when written in SpanCoder's form. Relations,
    /// events, attributes, normalizations and equivalences (`R`, `E`, `A`/`M`, `N`, `*`) carry no span
    /// of their own and are skipped without a warning; a line of any other kind is skipped with one
    /// (the first of each kind per file). Annotations with the same range
    /// merge into one span. The recorded text of an annotation is checked against the document (a
    /// mismatch is a warning and the span is kept: brat only displays it).
    ///
    /// A `T` line that cannot be used — malformed offsets, a fragment that is inverted or lies past the
    /// end of the text — is skipped with a warning naming its line (kinds `.skipped`, `.inverted`,
    /// `.outsideText`), as malformed JSONL lines are: one bad annotation does not stop an evaluation,
    /// and `eval --on-invalid error` still can.
    /// - Parameter typeMap: brat type name → code, from the `annotation.conf` (`typeMap(configuration:)`);
    ///   a type it does not list is read as the code.
    public static func read(ann: String, document: Document, file: String, typeMap: [String: String] = [:]) throws -> (spans: [CodedSpan], warnings: [FormatWarning]) {
        let located = parse(ann: ann, document: document, file: file, typeMap: typeMap)
        return (located.spans, located.warnings)
    }

    /// `read(ann:document:file:)` with the line of each span (its first annotation's line).
    /// With `mergingSameRange` false, one span per annotation, in file order, each with its own line.
    static func parse(ann: String, document: Document, file: String, typeMap: [String: String] = [:], mergingSameRange: Bool = true) -> (spans: [CodedSpan], lines: [Int], warnings: [FormatWarning]) {
        let text = DocumentText(document)
        var warnings: [FormatWarning] = []
        var entries: [(id: String, range: TextRange, code: String, line: Int)] = []
        var notes: [String: String] = [:]
        var skippedKinds: Set<Character> = []
        var lineNumber = 0
        scan: for rawLine in ann.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty { continue }
            let location = SourceLocation(file: file, line: lineNumber)
            let columns = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard let kind = line.first else { continue }
            switch kind {
            case "T":
                func skip(_ message: String, _ kind: FormatWarning.Kind = .skipped) {
                    warnings.append(FormatWarning(message, at: location, kind: kind))
                }
                guard columns.count >= 2 else {
                    skip("expected \"T<n>\\t<type> <start> <end>[;<start> <end>…]\\t<text>\""); continue scan
                }
                let header = columns[1]
                guard let space = header.firstIndex(of: " ") else { skip("missing offsets after the type"); continue scan }
                let type = typeMap[String(header[..<space])] ?? String(header[..<space])
                var fragments: [TextRange] = []
                for fragment in header[header.index(after: space)...].split(separator: ";") {
                    let numbers = fragment.split(separator: " ")
                    guard numbers.count == 2, let start = Int(numbers[0]), let end = Int(numbers[1]) else {
                        skip("offsets must be \"<start> <end>\" pairs separated by \";\", found \"\(fragment)\""); continue scan
                    }
                    guard 0 <= start, start <= end else { skip("impossible fragment \(start) \(end)", .inverted); continue scan }
                    guard end <= text.codePointCount else {
                        skip("fragment \(start) \(end) lies past the end of the text (\(text.codePointCount) code points)", .outsideText)
                        continue scan
                    }
                    fragments.append(TextRange(start: start, end: end))
                }
                guard let first = fragments.first, let last = fragments.last, first.start <= last.end else {
                    skip("no usable offsets"); continue scan
                }
                if columns.count == 3 {
                    let recorded = String(columns[2])
                    // Every fragment lies inside the text (checked above), so slicing cannot fail.
                    let actual = fragments.map { (try? text.slice($0)) ?? "" }.joined(separator: " ")
                    if recorded != actual {
                        warnings.append(FormatWarning("recorded text \"\(recorded)\" differs from the document text \"\(actual)\" at these offsets",
                                                      at: location, kind: .textMismatch))
                    }
                }
                entries.append((String(columns[0]), TextRange(start: first.start, end: last.end), type, lineNumber))
            case "#":
                guard columns.count == 3 else { continue }
                let target = columns[1].split(separator: " ")
                if target.count == 2, target[0] == "AnnotatorNotes" { notes[String(target[1])] = String(columns[2]) }
            case "R", "E", "A", "M", "N", "*":
                // Relations, events, attributes (M: brat's older name), normalizations and equivalences:
                // valid annotations that hold no text span of their own, so nothing of a coding is lost.
                continue
            default:
                if !skippedKinds.contains(kind) {
                    skippedKinds.insert(kind)
                    warnings.append(FormatWarning("not a brat annotation line (T, #, R, E, A, M, N or *); skipped", at: location))
                }
            }
        }
        var spans: [CodedSpan] = []
        var firstLine: [TextRange: Int] = [:]
        for entry in entries {
            var code = CodeAssignment(code: entry.code)
            var id = entry.id
            if let note = notes[entry.id] {
                parse(note: note, into: &code)
                if note.components(separatedBy: "; ").contains(documentLineNote) { id = documentLineNote }
            }
            if firstLine[entry.range] == nil { firstLine[entry.range] = entry.line }
            spans.append(CodedSpan(doc: document.id, range: entry.range, text: try? text.slice(entry.range), codes: [code], id: id))
        }
        guard mergingSameRange else { return (spans, entries.map(\.line), warnings) }
        let merged = mergeSameRange(spans)
        return (merged, merged.map { firstLine[$0.range] ?? 0 }, warnings)
    }

    /// The file beside a brat folder's documents that gives the id of each document whose file name is
    /// not its id (`tag --format brat` makes file names safe: `us/eo-14110` is written as `us_eo-14110`,
    /// and a second `A` beside `a` as `a-2`), one JSON object a line: `{"file":"us_eo-14110","id":"us/eo-14110"}`.
    /// brat lists only `.txt` files as documents, so it passes the file over.
    public static let documentIDsFile = "spancoder-ids.jsonl"

    /// The content of `documentIDsFile` for documents written under `stems` (file stem, document id, in
    /// order); nil when every stem is its document's id, so no file is needed.
    public static func documentIDs(_ stems: [(stem: String, id: String)]) -> String? {
        let renamed = stems.filter { $0.stem != $0.id }
        guard !renamed.isEmpty else { return nil }
        return renamed.map { "{\"file\":\(JSONText.string($0.stem)),\"id\":\(JSONText.string($0.id))}\n" }.joined()
    }

    /// The ids of the documents of the folder of `annPath` that `documentIDsFile` names, by file stem
    /// ([:] without the file).
    /// - Throws: `SpanCoderError.badInput` with the file and line of a line that is not such an object, or
    ///   of a file stem or id named twice.
    static func documentIDs(forAnnotationsAt annPath: String) throws -> [String: String] {
        let path = URL(fileURLWithPath: annPath).deletingLastPathComponent().appendingPathComponent(documentIDsFile).path
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        guard let content = String(validating: data, as: UTF8.self) else {
            throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: path))
        }
        var ids: [String: String] = [:]
        var stemOfID: [String: String] = [:]
        for (index, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.allSatisfy(\.isWhitespace) {
            let at = SourceLocation(file: path, line: index + 1)
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let stem = object["file"] as? String, let id = object["id"] as? String else {
                throw SpanCoderError(.badInput, "expected {\"file\": FILE STEM, \"id\": DOCUMENT ID}: which document a brat file pair holds", at: at)
            }
            if ids[stem] != nil { throw SpanCoderError(.badInput, "file \(stem) is named twice", at: at) }
            if let other = stemOfID[id] { throw SpanCoderError(.badInput, "document id \(id) is given to two files, \(other) and \(stem)", at: at) }
            ids[stem] = id
            stemOfID[id] = stem
        }
        return ids
    }

    /// Reads `X.ann` with its `X.txt`; the document id is `X`, or the id `documentIDsFile` beside them
    /// gives `X`. Type names are read through the `annotation.conf` brat would use
    /// (`typeMap(forAnnotationsAt:)`).
    /// - Parameter mergingSameRange: false to keep one span per annotation in file order, as `eval`
    ///   reads a coding (a repeated annotation is a duplicate to report, and nervaluate's matching
    ///   depends on the order).
    public static func read(annPath: String, mergingSameRange: Bool = true) throws -> (document: AnnotatedDocument, warnings: [FormatWarning]) {
        try read(annPath: annPath, typeMap: typeMap(forAnnotationsAt: annPath), ids: documentIDs(forAnnotationsAt: annPath),
                 mergingSameRange: mergingSameRange)
    }

    private static func read(annPath: String, typeMap: [String: String], ids: [String: String],
                             mergingSameRange: Bool) throws -> (document: AnnotatedDocument, warnings: [FormatWarning]) {
        let stem = annPath.hasSuffix(".ann") ? String(annPath.dropLast(4)) : annPath
        let txtPath = stem + ".txt"
        guard let annData = FileManager.default.contents(atPath: annPath) else {
            throw SpanCoderError(.badInput, "cannot read file", at: SourceLocation(file: annPath))
        }
        guard let txtData = FileManager.default.contents(atPath: txtPath) else {
            throw SpanCoderError(.badInput, "cannot read the document text beside the .ann file", at: SourceLocation(file: txtPath))
        }
        guard let ann = String(validating: annData, as: UTF8.self) else {
            throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: annPath))
        }
        guard let text = String(validating: txtData, as: UTF8.self) else {
            throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: txtPath))
        }
        let fileStem = String(stem.split(separator: "/").last ?? Substring(stem))
        let document = Document(id: ids[fileStem] ?? fileStem, text: text)
        let (spans, lines, warnings) = parse(ann: ann, document: document, file: annPath, typeMap: typeMap, mergingSameRange: mergingSameRange)
        return (AnnotatedDocument(document: document, spans: spans, source: annPath, lines: lines), warnings)
    }

    /// Reads every `.ann` file in `directory` (not recursive), in file name order.
    public static func read(directory: String, mergingSameRange: Bool = true) throws -> (documents: [AnnotatedDocument], warnings: [FormatWarning]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".ann") }.sorted()
        } catch {
            throw SpanCoderError(.badInput, "cannot list the folder", at: SourceLocation(file: directory))
        }
        let typeMap = typeMap(forAnnotationsAt: directory + "/.ann")
        let ids = try documentIDs(forAnnotationsAt: directory + "/.ann")
        var documents: [AnnotatedDocument] = []
        var warnings: [FormatWarning] = []
        for name in names {
            let (document, more) = try read(annPath: directory + "/" + name, typeMap: typeMap, ids: ids, mergingSameRange: mergingSameRange)
            documents.append(document)
            warnings += more
        }
        return (documents, warnings)
    }

    /// Fills score and evidence from a note in SpanCoder's form; other notes are left alone.
    static func parse(note: String, into code: inout CodeAssignment) {
        for part in note.components(separatedBy: "; ") {
            if part.hasPrefix("score=") {
                code.score = Double(part.dropFirst(6))
            } else if part.hasPrefix("evidence=") {
                for item in part.dropFirst(9).components(separatedBy: ", ") {
                    var item = Substring(item)
                    var rule: String?
                    if item.hasSuffix("]"), let open = item.range(of: " [", options: .backwards) {
                        rule = String(item[open.upperBound..<item.index(before: item.endIndex)])
                        item = item[..<open.lowerBound]
                    }
                    guard let at = item.lastIndex(of: "@") else { continue }
                    let offsets = item[item.index(after: at)...].split(separator: "-")
                    guard offsets.count == 2, let start = Int(offsets[0]), let end = Int(offsets[1]), 0 <= start, start <= end else { continue }
                    code.evidence.append(Evidence(term: String(item[..<at]), rule: rule, range: TextRange(start: start, end: end)))
                }
            }
        }
    }
}
