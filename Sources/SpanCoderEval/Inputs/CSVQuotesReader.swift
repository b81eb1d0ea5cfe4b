import CSV
import Foundation
import SpanCoderCore
import SpanCoderFormats

/// Reads coded spans kept as CSV: SpanCoder's own `tag --format csv` (`doc, start, end, text, codes, …`)
/// or coded quotes without offsets (`doc, quote, codes`), anchored in the document's text.
///
/// **Offsets first.** When the header has `start` and `end` columns, a row's span is `[start, end)` in
/// code points (the unit `tag --format csv` writes), and its quote is only checked: when it differs from
/// the document's text there (compared as anchoring compares, below) the row is kept at its offsets with
/// a `textMismatch` finding that says where the quote does occur. A row whose `start` and `end` cells
/// are both empty (a quote added by hand) is anchored like a quote-only row; offsets that are not whole
/// numbers are a malformed row.
///
/// **Quotes without offsets.** Anchoring ignores whitespace and line breaks, full-width versus
/// half-width forms (Ａ/A, ，/,) and straight versus smart quotes, so a quote copied out of a PDF or a
/// Word file still lands. A quote found more than once anchors at its first occurrence not taken by an
/// identical earlier row (same document, same folded quote, same codes), with a warning: two rows that
/// differ only in their codes are two codes of one passage, while a repeated identical row can only mean
/// the next occurrence. A quote not found is reported (file:row) and left out, never dropped silently.
///
/// **Spreadsheet protection.** A cell written as `'`s followed by `=`, `+`, `-`, `@`, a tab or a carriage
/// return (`CodedSpanCSV.neutralise`, against formula injection) is read without one `'`.
///
/// Columns are found by header name: `doc` (or `document`, `doc_id`, `id`), `quote` (or `text`,
/// `span`), `codes` (or `code`, `label`, `labels`), and optionally `start` and `end`; several codes in
/// one cell are separated by `;` (in tag's CSV, and in any file that uses `;`, only by `;`: a code id may
/// hold `,` or `|`), else by `|` or `,`. Row numbers in diagnostics count the header as row 1.
public enum CSVQuotesReader {
    /// Reads all rows of a CSV file (header included) with CSV.swift.
    public static func readRows(path: String) throws -> [[String]] {
        let data = Data(try FileReader.readAll(path: path))
        guard let text = String(validatingUTF8Data: data) else {
            throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: path))
        }
        return try rows(of: text, file: path)
    }

    static func rows(of text: String, file: String) throws -> [[String]] {
        if let problem = CSVQuoteValidation.firstProblem(in: text) {
            throw SpanCoderError(.badInput, problem.message, at: SourceLocation(file: file, line: problem.line, byteOffset: problem.byteOffset))
        }
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false)
            var rows: [[String]] = []
            while let row = reader.next() { rows.append(row) }
            if let error = reader.error {
                throw SpanCoderError(.badInput, "malformed CSV after row \(rows.count): \(error)", at: SourceLocation(file: file, line: rows.count + 1))
            }
            return rows
        } catch let error as SpanCoderError {
            throw error
        } catch {
            throw SpanCoderError(.badInput, "malformed CSV: \(error)", at: SourceLocation(file: file))
        }
    }

    /// Reads `path` and anchors every quote in `corpus`; rows whose document or quote cannot be found
    /// become diagnostics of the returned set.
    public static func read(path: String, name: String? = nil, corpus: EvalCorpus, vocabulary: inout Vocabulary) throws -> AnnotationSet {
        try anchor(rows: readRows(path: path), file: path, name: name ?? path, corpus: corpus, vocabulary: &vocabulary)
    }

    /// `cell` without the `'` that `CodedSpanCSV.neutralise` puts before a formula trigger.
    public static func unneutralise(_ cell: String) -> String { CodedSpanCSV.unneutralise(cell) }

    public static func anchor(rows: [[String]], file: String, name: String, corpus: EvalCorpus, vocabulary: inout Vocabulary) throws -> AnnotationSet {
        guard let header = rows.first else {
            // An empty file holds no document (nil would mean every document of the evaluation).
            var empty = AnnotationSet(name: name)
            empty.codedDocs = []
            return empty
        }
        let lowered = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { lowered.firstIndex(of: $0) }.first }
        guard let docColumn = column(["doc", "document", "doc_id", "id"]),
              let quoteColumn = column(["quote", "text", "span"]),
              let codesColumn = column(["codes", "code", "label", "labels"]) else {
            throw SpanCoderError(.badInput, "CSV quotes need a header with doc, quote and codes columns (found: \(header.joined(separator: ", ")))",
                                 at: SourceLocation(file: file, line: 1))
        }
        // SpanCoder's own CSV (and any with both columns) gives code point offsets.
        let offsetColumns = column(["start"]).flatMap { start in column(["end"]).map { (start, $0) } }
        let needed = max(docColumn, quoteColumn, codesColumn)
        // tag's CSV joins codes with ";", which no code id may hold, while "," and "|" may be in one
        // (AGORA's "Licensing, registration, and certification"): there, and in any file that joins with
        // ";", only ";" separates. A hand-made file without ";" may join with "|" or ",".
        let writtenByTag = column(["scores"]) != nil && column(["evidence"]) != nil
        let semicolonsOnly = writtenByTag || rows.dropFirst().contains { $0.count > codesColumn && $0[codesColumn].contains(";") }
        var set = AnnotationSet(name: name)
        var folded: [Int32: FoldedText] = [:]
        /// Occurrences taken per identical row: document, folded quote and sorted codes.
        struct RowKey: Hashable { var doc: Int32; var quote: [UInt32]; var codes: [String] }
        var taken: [RowKey: Set<TextRange>] = [:]
        var coded = Set<Int32>()
        for (index, rawRow) in rows.enumerated().dropFirst() {
            let rowNumber = index + 1
            let location = SourceLocation(file: file, line: rowNumber)
            guard rawRow.count > needed else {
                if rawRow.allSatisfy({ $0.isEmpty }) { continue }
                set.diagnostics.append(Diagnostic(.malformed, at: location, "expected \(header.count) fields, found \(rawRow.count)", excluded: true))
                continue
            }
            let row = rawRow.map(unneutralise)
            let docName = row[docColumn].trimmingCharacters(in: .whitespaces)
            guard let doc = vocabulary.docs.lookup(docName), let text = corpus.text(doc) else {
                // The file still holds the document, as a JSONL line with an unknown id does: a file whose
                // ids all follow another scheme is told from one that holds nothing (and a text that could
                // not be read is needed).
                if !docName.isEmpty { coded.insert(vocabulary.internDoc(docName)) }
                set.diagnostics.append(Diagnostic(.unknownDocument, at: location, "document \"\(docName)\" is not among the texts", excluded: true))
                continue
            }
            coded.insert(doc)
            let codes = row[codesColumn].split(whereSeparator: { $0 == ";" || (!semicolonsOnly && ($0 == "|" || $0 == ",")) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let haystack = folded[doc] ?? FoldedText(text)
            folded[doc] = haystack
            let quote = row[quoteColumn]
            let needle = FoldedText(quote)

            if let (startColumn, endColumn) = offsetColumns {
                let startCell = rawRow.count > startColumn ? row[startColumn].trimmingCharacters(in: .whitespaces) : ""
                let endCell = rawRow.count > endColumn ? row[endColumn].trimmingCharacters(in: .whitespaces) : ""
                if !startCell.isEmpty || !endCell.isEmpty {
                    guard let start = Int(startCell), let end = Int(endCell) else {
                        set.diagnostics.append(Diagnostic(.malformed, at: location,
                            "start \"\(startCell)\" and end \"\(endCell)\" must be whole numbers (code points), or both empty to anchor the quote", excluded: true))
                        continue
                    }
                    // Impossible offsets are the validator's findings; a quote is checked where the offsets fit.
                    // The cell as written counts too: a text that itself opens with ' and = + - @ was not
                    // neutralised by writers before the guard was made reversible, so the stripped quote
                    // lacks its first character.
                    if !needle.scalars.isEmpty, 0 <= start, start <= end, end <= haystack.originalLength,
                       !haystack.scalars(in: TextRange(start: start, end: end)).elementsEqual(needle.scalars),
                       !haystack.scalars(in: TextRange(start: start, end: end)).elementsEqual(FoldedText(rawRow[quoteColumn]).scalars) {
                        let actual = (try? DocumentText(Document(id: docName, text: text)).slice(TextRange(start: start, end: end))) ?? ""
                        let elsewhere = haystack.occurrences(of: needle.scalars).prefix(3).map(\.description).joined(separator: ", ")
                        set.diagnostics.append(Diagnostic(.textMismatch, at: location,
                            "the quote \"\(Validator.excerpt(quote))\" differs from the document's \"\(Validator.excerpt(actual))\" at [\(start), \(end))"
                            + (elsewhere.isEmpty ? "" : " (the quote occurs at \(elsewhere))") + "; scored at its offsets", excluded: false))
                    }
                    set.append(doc: doc, start: start, end: end, codes: codes.map { vocabulary.internCode($0) }, line: rowNumber)
                    continue
                }
            }

            guard !needle.scalars.isEmpty else {
                set.diagnostics.append(Diagnostic(.unanchoredQuote, at: location, "empty quote", excluded: true))
                continue
            }
            var hits = haystack.occurrences(of: needle.scalars)
            var anchored = needle
            // A quote that really starts with '- is found as written.
            if hits.isEmpty, row[quoteColumn] != rawRow[quoteColumn] {
                anchored = FoldedText(rawRow[quoteColumn])
                hits = haystack.occurrences(of: anchored.scalars)
            }
            guard !hits.isEmpty else {
                set.diagnostics.append(Diagnostic(.unanchoredQuote, at: location, "quote \"\(quote.prefix(60))\" not found in \(docName)", excluded: true))
                continue
            }
            let key = RowKey(doc: doc, quote: anchored.scalars, codes: codes.sorted())
            let used = taken[key, default: []]
            let choice = hits.first(where: { !used.contains($0) }) ?? hits[0]
            taken[key, default: []].insert(choice)
            if hits.count > 1 {
                set.diagnostics.append(Diagnostic(.ambiguousQuote, at: location,
                    "quote occurs \(hits.count) times in \(docName); anchored at \(choice)", excluded: false))
            }
            // No recorded text: the quote is folded to anchor it, so it need not equal the document's text
            // at its offsets, and the document's own text is what reports show.
            set.append(doc: doc, start: choice.start, end: choice.end,
                       codes: codes.map { vocabulary.internCode($0) }, line: rowNumber)
        }
        set.codedDocs = coded
        return set
    }
}

/// Text folded for quote anchoring, with each folded scalar's code point offset in the original.
struct FoldedText {
    var scalars: [UInt32] = []
    var offsets: [Int] = []
    var originalLength = 0

    init(_ text: String) {
        var position = 0
        for scalar in text.unicodeScalars {
            defer { position += 1 }
            var value = scalar.value
            if scalar.properties.isWhitespace || value == 0x200B || value == 0xFEFF { continue }
            switch value {
            case 0xFF01...0xFF5E: value -= 0xFEE0
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: value = 0x27
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: value = 0x22
            default: break
            }
            scalars.append(value)
            offsets.append(position)
        }
        originalLength = position
    }

    /// The folded scalars of the original's code points `range`.
    /// - Complexity: O(log n) (two binary searches) plus the slice.
    func scalars(in range: TextRange) -> ArraySlice<UInt32> {
        func firstIndex(atOrAfter position: Int) -> Int {
            var low = 0, high = offsets.count
            while low < high {
                let mid = (low + high) / 2
                if offsets[mid] < position { low = mid + 1 } else { high = mid }
            }
            return low
        }
        return scalars[firstIndex(atOrAfter: range.start)..<firstIndex(atOrAfter: range.end)]
    }

    /// Every occurrence of `needle`, as code point ranges of the original text (from the first to the
    /// last matched character, so surrounding whitespace is not included).
    func occurrences(of needle: [UInt32]) -> [TextRange] {
        guard !needle.isEmpty, needle.count <= scalars.count else { return [] }
        var result: [TextRange] = []
        let first = needle[0]
        var i = 0
        let last = scalars.count - needle.count
        while i <= last {
            if scalars[i] == first {
                var k = 1
                while k < needle.count, scalars[i + k] == needle[k] { k += 1 }
                if k == needle.count {
                    result.append(TextRange(start: offsets[i], end: offsets[i + needle.count - 1] + 1))
                }
            }
            i += 1
        }
        return result
    }
}
