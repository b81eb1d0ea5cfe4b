import SpanCoderCore

/// Coded spans as CSV for coders' spreadsheets.
///
/// Columns: `doc, start, end, text, codes, scores, evidence`. Offsets are code points, half-open.
/// `codes` is `;`-joined; `scores` holds each code's score in the same order (`;`-joined, empty when a
/// code has none); `evidence` lists, per code in the same order, `code: term@start-end, …`, codes
/// separated by `; ` (evidence offsets are code points into the document, like `start`/`end`).
///
/// Spreadsheet safety: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be
/// run as a formula by Excel, LibreOffice and Google Sheets (CSV injection). Such cells are written with a
/// leading `'`, which spreadsheets display as text. So that a reader can undo it exactly, a cell whose
/// `'`s are followed by one of those (`'-1`, `''=x`) gets one `'` more too: a reader strips one leading
/// `'` from a cell of one or more `'` followed by one of the six (`unneutralise`), and gets back every
/// cell as it was. Files are RFC 4180 (CRLF rows, fields with
/// quotes, commas or line breaks quoted) and start with a UTF-8 byte order mark by default, so that Excel
/// opens Chinese text as UTF-8.
///
/// The rows are written here rather than through CSV.swift's `CSVWriter`, which SpanCoder still reads
/// CSV with: the writer searches every cell with `NSString` and writes through an `OutputStream` one
/// scalar at a time, which made `tag --format csv` 10–14 times as slow as JSONL (1.8 s against 0.19 s
/// for a 10 MB corpus). The rows are the same, except that a cell with a `"` that a combining mark
/// follows is quoted (the writer's cluster-aware search missed it and left a bare `"`); tests compare
/// the two writers and read the rows back with CSV.swift.
public enum CodedSpanCSV {
    public static let header = ["doc", "start", "end", "text", "codes", "scores", "evidence"]
    /// The UTF-8 byte order mark.
    public static let byteOrderMark = "\u{FEFF}"

    /// The header row, with its line end (and the byte order mark, when `byteOrderMark` is true).
    public static func headerRow(byteOrderMark: Bool = true) -> String {
        (byteOrderMark ? CodedSpanCSV.byteOrderMark : "") + rows([header])
    }

    /// The data rows for one document's spans, each ending with CRLF. Span text is sliced from the
    /// document, so it is exact even when `span.text` is missing.
    /// - Throws: `SpanCoderError.badInput` when a span lies outside the document.
    public static func rows(document: DocumentText, spans: [CodedSpan]) throws -> String {
        var bytes: [UInt8] = []
        try appendRows(document: document, spans: spans, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `rows(document:spans:)` appended to `bytes` as UTF-8.
    /// - Returns: the spans whose row has a cell longer than a spreadsheet cell holds
    ///   (`exceedsSpreadsheetCell`): the file has them whole, a spreadsheet would cut them.
    @discardableResult
    public static func appendRows(document: DocumentText, spans: [CodedSpan], to bytes: inout [UInt8]) throws -> [CodedSpan] {
        var long: [CodedSpan] = []
        for span in spans {
            let cells = row(for: span, text: try document.slice(span.range))
            // As written: the formula guard's `'` makes a cell one longer.
            if cells.contains(where: { exceedsSpreadsheetCell(neutralise($0)) }) { long.append(span) }
            appendRow(cells, to: &bytes)
        }
        return long
    }

    /// The most characters a spreadsheet cell holds: Excel's limit, in UTF-16 code units; LibreOffice
    /// Calc cuts a longer cell on import as well. A document line of `tag --doc-codes` holds its whole
    /// document, and a span of a text without sentence ends can be as long.
    public static let spreadsheetCellLimit = 32_767

    /// Whether `cell` is longer than `spreadsheetCellLimit`. UTF-8 is never shorter than UTF-16, so
    /// most cells are settled by their byte count, which a native string knows.
    static func exceedsSpreadsheetCell(_ cell: String) -> Bool {
        cell.utf8.count > spreadsheetCellLimit && cell.utf16.count > spreadsheetCellLimit
    }

    /// The cells of one span's row (before neutralisation).
    public static func row(for span: CodedSpan, text: String) -> [String] {
        let codes = span.codes.map(\.code).joined(separator: ";")
        let scores = span.codes.map { $0.score.map(JSONText.number) ?? "" }.joined(separator: ";")
        let evidence = span.codes.filter { !$0.evidence.isEmpty }.map { code in
            code.code + ": " + code.evidence.map { "\($0.term)@\($0.range.start)-\($0.range.end)" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return [span.doc, String(span.range.start), String(span.range.end), text, codes, scores, evidence]
    }

    /// `cell` made safe for spreadsheets: prefixed with `'` when it starts with a formula trigger, or
    /// with `'`s and then one (`'-1` must not read back as `-1`, the cell of another id).
    public static func neutralise(_ cell: String) -> String {
        startsWithTrigger(cell.unicodeScalars.drop { $0 == "'" }) ? "'" + cell : cell
    }

    /// `cell` as it was before `neutralise`: without one leading `'` when `'`s and then a formula
    /// trigger open it. Exact for every string: `unneutralise(neutralise(s)) == s`.
    public static func unneutralise(_ cell: String) -> String {
        let scalars = cell.unicodeScalars
        guard scalars.first == "'", startsWithTrigger(scalars.drop { $0 == "'" }) else { return cell }
        return String(String.UnicodeScalarView(scalars.dropFirst()))
    }

    private static func startsWithTrigger(_ scalars: Substring.UnicodeScalarView) -> Bool {
        switch scalars.first {
        case "=", "+", "-", "@", "\t", "\r": return true
        default: return false
        }
    }

    /// Serializes `table`, neutralising every cell; each row ends with CRLF.
    static func rows(_ table: [[String]]) -> String {
        var bytes: [UInt8] = []
        for row in table { appendRow(row, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One row: the cells neutralised, each quoted (RFC 4180, `"` doubled) when it holds a `"`, a
    /// comma, a CR or an LF, joined by commas, ended by CRLF.
    /// - Complexity: O(total UTF-8 length of the cells).
    static func appendRow(_ cells: [String], to bytes: inout [UInt8]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            var field = neutralise(cell)
            field.withUTF8 { utf8 in
                guard utf8.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x0D || $0 == 0x0A }) else {
                    bytes.append(contentsOf: utf8)
                    return
                }
                bytes.append(0x22)
                for byte in utf8 {
                    if byte == 0x22 { bytes.append(0x22) }
                    bytes.append(byte)
                }
                bytes.append(0x22)
            }
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }
}
