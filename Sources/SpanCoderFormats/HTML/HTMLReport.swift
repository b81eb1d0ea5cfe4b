import SpanCoderCore

/// A code as the HTML legend shows it.
public struct CodeLegendEntry: Sendable, Hashable {
    public var id: String
    /// Display name (e.g. "Bias and discrimination / 偏见与歧视").
    public var name: String?

    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

/// A self-contained HTML review page per document: the whole text, each coded span highlighted with its
/// codes as badges, the evidence terms marked inside, a legend of codes and a list of the spans.
///
/// Safety: every string that comes from a document, a document id, metadata or a lexicon (terms, rule
/// ids, code ids, code names) is HTML-escaped (`&`, `<`, `>`, `"`, `'`; NUL becomes U+FFFD), and the page
/// carries a Content-Security-Policy that allows no scripts and no network loads, so a document
/// containing `<script>` shows it as text. The page loads nothing from the network.
public enum HTMLReport {
    /// The id of the whole-document span that carries document-level codes.
    public static let documentSpanID = "document"

    public struct Options: Sendable {
        /// Codes in legend order, with names (from the taxonomy). Codes found in the spans but missing
        /// here are appended in order of appearance.
        public var legend: [CodeLegendEntry]
        /// Shown in the footer (e.g. "spancoder tag, lexicon us-china-ai-governance").
        public var generator: String
        /// The index page's file name, linked from each page when set.
        public var indexFileName: String?

        public init(legend: [CodeLegendEntry] = [], generator: String = "spancoder", indexFileName: String? = nil) {
            self.legend = legend
            self.generator = generator
            self.indexFileName = indexFileName
        }
    }

    // MARK: - Escaping

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references and NUL by U+FFFD: safe in
    /// element content and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        var copy = text
        copy.withUTF8 { appendEscaped($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    static func appendEscaped<Bytes: Collection>(_ bytes: Bytes, to out: inout [UInt8]) where Bytes.Element == UInt8 {
        out.reserveCapacity(out.count + bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            case 0: out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            default: out.append(byte)
            }
        }
    }

    // MARK: - Colours

    /// A stable colour index per code: legend order first, then order of appearance.
    static func palette(legend: [CodeLegendEntry], spans: [CodedSpan]) -> (entries: [CodeLegendEntry], index: [String: Int]) {
        var entries = legend
        var index: [String: Int] = [:]
        for (i, entry) in legend.enumerated() where index[entry.id] == nil { index[entry.id] = i }
        for span in spans {
            for code in span.codes where index[code.code] == nil {
                index[code.code] = entries.count
                entries.append(CodeLegendEntry(id: code.code))
            }
        }
        return (entries, index)
    }

    static func hue(_ index: Int) -> Int { Int((Double(index) * 137.508).truncatingRemainder(dividingBy: 360)) }
    static func background(_ index: Int) -> String { "hsl(\(hue(index)),75%,87%)" }
    static func strong(_ index: Int) -> String { "hsl(\(hue(index)),60%,34%)" }

    // MARK: - Page

    /// The page for one document.
    /// - Throws: `SpanCoderError.badInput` when a span or evidence range lies outside the document.
    public static func page(document: DocumentText, spans: [CodedSpan], options: Options = Options()) throws -> String {
        let length = document.codePointCount
        for span in spans {
            guard span.range.end <= length else {
                throw SpanCoderError(.badInput, "span \(span.range) lies past the end of document \"\(document.document.id)\" (\(length) code points)")
            }
            for code in span.codes {
                for evidence in code.evidence where evidence.range.end > length {
                    throw SpanCoderError(.badInput, "evidence \"\(evidence.term)\" \(evidence.range) lies past the end of document \"\(document.document.id)\"")
                }
            }
        }
        // Document-level codes (`tag --doc-codes`: a span over the whole text with id "document") go in
        // the header instead of painting the whole text.
        let documentCodes = spans.filter { $0.id == HTMLReport.documentSpanID && $0.range == TextRange(start: 0, end: length) }.flatMap(\.codes)
        let allSpans = spans
        let spans = spans.filter { !($0.id == HTMLReport.documentSpanID && $0.range == TextRange(start: 0, end: length)) }
        let (entries, colour) = palette(legend: options.legend, spans: allSpans)
        var out: [UInt8] = []
        out.reserveCapacity(document.utf8.count * 2 + 4096)
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func text(_ value: String) { appendEscaped(Array(value.utf8), to: &out) }

        let title = document.document.id
        raw("<!DOCTYPE html>\n<html lang=\"und\">\n<head>\n<meta charset=\"utf-8\">\n")
        raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
        raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        text(title)
        raw(" — SpanCoder review</title>\n<style>\n\(stylesheet)</style>\n</head>\n<body>\n<header>\n<h1>")
        text(title)
        raw("</h1>\n")
        if let index = options.indexFileName {
            raw("<p class=\"nav\"><a href=\"")
            text(index)
            raw("\">All documents</a></p>\n")
        }
        var codeCounts: [String: Int] = [:]
        for span in spans { for code in span.codes { codeCounts[code.code, default: 0] += 1 } }
        raw("<p class=\"summary\">\(spans.count) coded span\(spans.count == 1 ? "" : "s"), \(length) characters. Offsets are code points.</p>\n")
        if !documentCodes.isEmpty {
            raw("<p class=\"doccodes\">Document codes: ")
            for code in documentCodes {
                raw("<span class=\"badge\" style=\"background:\(strong(colour[code.code]!))\">")
                text(code.code)
                if let score = code.score { raw(" <small>" + JSONText.number(score) + "</small>") }
                raw("</span>")
            }
            raw("</p>\n")
        }
        if !document.document.metadata.isEmpty {
            raw("<dl class=\"meta\">")
            for key in document.document.metadata.keys.sorted() {
                raw("<dt>")
                text(key)
                raw("</dt><dd>")
                text(document.document.metadata[key]!)
                raw("</dd>")
            }
            raw("</dl>\n")
        }
        raw("<h2 class=\"legend-title\">Codes <small>(spans in this document)</small></h2>\n<ul class=\"legend\">\n")
        for entry in entries {
            let k = colour[entry.id]!
            let count = codeCounts[entry.id] ?? 0
            raw("<li\(count == 0 ? " class=\"absent\"" : "")><span class=\"badge\" style=\"background:\(strong(k))\">")
            text(entry.id)
            raw("</span> <span class=\"name\">")
            text(entry.name ?? "")
            raw("</span> <span class=\"n\">\(count)</span></li>\n")
        }
        raw("</ul>\n</header>\n<main>\n<div class=\"doc\">")

        // Elementary pieces between every span and evidence edge.
        var evidenceRanges: [(range: TextRange, label: String)] = []
        for span in spans {
            for code in span.codes {
                for evidence in code.evidence {
                    var label = evidence.term
                    if let rule = evidence.rule { label += " (rule \(rule))" }
                    evidenceRanges.append((evidence.range, label + " → " + code.code))
                }
            }
        }
        var edges = Set<Int>([0, length])
        for span in spans { edges.insert(span.range.start); edges.insert(span.range.end) }
        for evidence in evidenceRanges { edges.insert(evidence.range.start); edges.insert(evidence.range.end) }
        let boundaries = edges.sorted()
        let spanOrder = spans.indices.sorted { spans[$0].range < spans[$1].range }
        let startsAt = Dictionary(grouping: spanOrder, by: { spans[$0].range.start })
        var active: [Int] = []  // spans covering the current piece, in start order
        var activeEvidence: [Int] = []
        let evidenceStarts = Dictionary(grouping: evidenceRanges.indices, by: { evidenceRanges[$0].range.start })
        for b in 0..<boundaries.count {
            let position = boundaries[b]
            active.removeAll { spans[$0].range.end <= position && !(spans[$0].range.isEmpty && spans[$0].range.start == position) }
            activeEvidence.removeAll { evidenceRanges[$0].range.end <= position }
            for s in startsAt[position] ?? [] {
                raw("<span class=\"badges\" id=\"s\(s + 1)\">")
                for code in spans[s].codes {
                    raw("<span class=\"badge\" style=\"background:\(strong(colour[code.code]!))\">")
                    text(code.code)
                    if let score = code.score { raw(" <small>" + JSONText.number(score) + "</small>") }
                    raw("</span>")
                }
                raw("</span>")
                if !spans[s].range.isEmpty { active.append(s) }
            }
            for e in evidenceStarts[position] ?? [] where !evidenceRanges[e].range.isEmpty { activeEvidence.append(e) }
            guard b + 1 < boundaries.count else { break }
            let next = boundaries[b + 1]
            let bytes = try document.utf8Range(of: TextRange(start: position, end: next))
            let piece = document.utf8[bytes]
            if let top = active.last {
                let span = spans[top]
                let k = colour[span.codes.first?.code ?? ""] ?? 0
                raw("<span class=\"cs\(active.count > 1 ? " multi" : "")\" style=\"background:\(background(k))\" title=\"")
                text(span.codes.map { code in code.code + (code.score.map { " " + JSONText.number($0) } ?? "") }.joined(separator: ", "))
                raw("\">")
            }
            if !activeEvidence.isEmpty {
                raw("<mark class=\"ev\" title=\"")
                text(activeEvidence.map { evidenceRanges[$0].label }.joined(separator: "; "))
                raw("\">")
            }
            appendEscaped(piece, to: &out)
            if !activeEvidence.isEmpty { raw("</mark>") }
            if !active.isEmpty { raw("</span>") }
        }
        raw("</div>\n</main>\n")

        // The list of spans, for review in reading order.
        raw("<section class=\"list\"><h2>Coded spans</h2>\n<table>\n<tr><th>#</th><th>offsets</th><th>codes</th><th>evidence</th></tr>\n")
        for s in spanOrder {
            let span = spans[s]
            raw("<tr><td><a href=\"#s\(s + 1)\">\(s + 1)</a></td><td>[\(span.range.start), \(span.range.end))</td><td>")
            for code in span.codes {
                raw("<span class=\"badge\" style=\"background:\(strong(colour[code.code]!))\">")
                text(code.code)
                if let score = code.score { raw(" <small>" + JSONText.number(score) + "</small>") }
                raw("</span> ")
            }
            raw("</td><td>")
            var seen = Set<String>()
            var terms: [String] = []
            for code in span.codes {
                for evidence in code.evidence where seen.insert(evidence.term).inserted { terms.append(evidence.term) }
            }
            text(terms.joined(separator: ", "))
            raw("</td></tr>\n")
        }
        raw("</table>\n</section>\n<footer>")
        text(options.generator)
        raw("</footer>\n</body>\n</html>\n")
        return String(decoding: out, as: UTF8.self)
    }

    /// One row of the index page.
    public struct IndexEntry: Sendable {
        public var docID: String
        public var fileName: String
        public var spanCount: Int
        public var codeCounts: [String: Int]

        public init(docID: String, fileName: String, spanCount: Int, codeCounts: [String: Int]) {
            self.docID = docID
            self.fileName = fileName
            self.spanCount = spanCount
            self.codeCounts = codeCounts
        }
    }

    /// An index page linking every document's page.
    public static func index(entries: [IndexEntry], options: Options = Options()) -> String {
        var out: [UInt8] = []
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func text(_ value: String) { appendEscaped(Array(value.utf8), to: &out) }
        raw("<!DOCTYPE html>\n<html lang=\"und\">\n<head>\n<meta charset=\"utf-8\">\n")
        raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        raw("<title>SpanCoder review</title>\n<style>\n\(stylesheet)</style>\n</head>\n<body>\n<h1>SpanCoder review</h1>\n")
        raw("<table class=\"index\">\n<tr><th>document</th><th>coded spans</th><th>codes</th></tr>\n")
        for entry in entries {
            raw("<tr><td><a href=\"")
            text(percentEncodePath(entry.fileName))
            raw("\">")
            text(entry.docID)
            raw("</a></td><td class=\"n\">\(entry.spanCount)</td><td>")
            text(entry.codeCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            raw("</td></tr>\n")
        }
        raw("</table>\n<footer>")
        text(options.generator)
        raw("</footer>\n</body>\n</html>\n")
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes a file name for an `href`, so `#`, `?` and `%` in it stay part of the name.
    static func percentEncodePath(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            let safe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~")
            if safe {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    static let stylesheet = """
    body{font:15px/1.6 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1b1b1b;background:#fff}
    h1{font-size:1.4rem;margin:.2rem 0}
    .summary,.nav{color:#555;margin:.2rem 0}
    dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem;font-size:.85rem;color:#444}
    dl.meta dt{font-weight:600}
    dl.meta dd{margin:0}
    table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0}
    caption{text-align:left;font-weight:600}
    td,th{padding:.15rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
    td.n{text-align:right}
    h2.legend-title{font-size:.9rem;margin:.8rem 0 .3rem}
    h2.legend-title small{font-weight:400;color:#777}
    ul.legend{list-style:none;padding:0;margin:0 0 .8rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(27rem,1fr));gap:.1rem 1.2rem;font-size:.82rem}
    ul.legend li{display:flex;gap:.4rem;align-items:baseline;border-bottom:1px solid #f0f0f0}
    ul.legend .name{flex:1}
    ul.legend .n{font-variant-numeric:tabular-nums}
    .absent{color:#aaa}
    .absent .badge{opacity:.4}
    .doccodes .badge{font-size:.8rem}
    .doc{white-space:pre-wrap;overflow-wrap:anywhere;border-top:2px solid #ddd;padding-top:1rem;line-height:1.9}
    .cs{border-radius:2px;padding:1px 0}
    .cs.multi{outline:1px dashed #555}
    .badges{user-select:none}
    .badge{display:inline-block;color:#fff;font-size:.68rem;line-height:1.3;border-radius:3px;padding:0 .3rem;margin:0 .15rem 0 0;vertical-align:.15em;white-space:nowrap}
    .badge small{opacity:.85}
    mark.ev{background:none;color:inherit;font-weight:700;text-decoration:underline 2px;text-underline-offset:3px}
    .list{margin-top:2rem;border-top:2px solid #ddd}
    footer{margin-top:2rem;color:#888;font-size:.8rem}

    """
}
