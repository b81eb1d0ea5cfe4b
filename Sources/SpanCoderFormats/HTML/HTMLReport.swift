import SpanCoderCore
import SpanCoderText

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

    /// Highlight colours, in the order codes take them: each next one as far as it can be (CIEDE2000)
    /// from those before it, among light colours on which the page's text keeps a contrast of 9:1; the
    /// 21 first differ pairwise by ΔE00 ≥ 10 (a hue walk gave 3.8 for two of them). Made by a
    /// farthest-point walk over OKLCH lightness 0.80–0.95 and chroma 0.04–0.13.
    static let backgrounds = [
        "#e5c3cd", "#5df9f4", "#ccc255", "#93c1fe", "#a8f5a6", "#fdecd1", "#a6c6b9", "#fcaff9", "#d8dcf9", "#38d2f3", "#fcc088", "#c3e4f2",
        "#f0f6a7", "#58d8ae", "#c2bfa2", "#e3f5db", "#d3b8a6", "#a5ce6f", "#fadb90", "#bdffed", "#f8beb1", "#d7c3f4", "#96dce0", "#e9b452",
    ]
    /// Badge colours (white text on them), one near each background's hue, chosen the same way among dark
    /// colours on which white text keeps a contrast of 6:1 (WCAG asks 4.5:1): the 21 first differ pairwise
    /// by ΔE00 ≥ 9, so the legend's swatches tell codes apart too (the backgrounds' own hues at one
    /// lightness gave two pairs 3.3 apart).
    static let strongs = [
        "#4f343c", "#226a68", "#676004", "#2358b6", "#124a16", "#97400d", "#57624a", "#8f3f99", "#3a248b", "#23424b", "#483b24", "#2d657d",
        "#0c7202", "#0c6f4d", "#3d410f", "#2b4434", "#b23548", "#425c17", "#7f5306", "#0d5446", "#721212", "#5a5b74", "#37595b", "#71574b",
    ]
    static func background(_ index: Int) -> String {
        index < backgrounds.count ? backgrounds[index] : "hsl(\(hue(index)),75%,87%)"
    }
    static func strong(_ index: Int) -> String {
        index < strongs.count ? strongs[index] : "hsl(\(hue(index)),60%,30%)"
    }
    /// Beyond the fixed colours (a set of more than 24 codes): a golden-angle walk round the hue circle.
    static func hue(_ index: Int) -> Int { Int((Double(index) * 137.508).truncatingRemainder(dividingBy: 360)) }

    /// The `background` of a span with these colour indices: one colour, or stripes of each code's own.
    static func spanBackground(_ indices: [Int]) -> String {
        guard indices.count > 1 else { return background(indices.first ?? 0) }
        var stops: [String] = []
        for (i, k) in indices.enumerated() { stops.append("\(background(k)) \(i * 6)px \((i + 1) * 6)px") }
        return "repeating-linear-gradient(135deg,\(stops.joined(separator: ",")))"
    }

    // MARK: - Language

    /// The BCP 47 tag of a page or cell holding `text`: what the browser picks a font's glyph forms and a
    /// screen reader's voice by. Chinese and mixed Chinese–English text (`SpanLanguage.classify`) get
    /// `zh-Hans` or `zh-Hant` (Traditional text drawn with Simplified glyph forms puts 。 in the wrong
    /// corner and changes characters such as 骨; Latin letters look the same either way), English `en`,
    /// other scripts (kana, Hangul) and text without letters `und`.
    static func languageTag(of text: String) -> String {
        switch SpanLanguage.classify(text) {
        case .en: return "en"
        case .other: return "und"
        case .zh, .mixed:
            var simplified = 0, traditional = 0
            for scalar in text.unicodeScalars where scalar.value >= 0x4E00 {
                if simplifiedOnly.contains(scalar) { simplified += 1 } else if traditionalOnly.contains(scalar) { traditional += 1 }
            }
            return traditional > simplified ? "zh-Hant" : "zh-Hans"
        }
    }

    /// ` lang="zh-Hans"` or ` lang="zh-Hant"` for an element holding `text` (a table cell of an English
    /// page) when its text is Chinese or mixed Chinese–English (`languageTag`), else "": the browser then draws them with the
    /// right glyph forms.
    public static func hanLanguageAttribute(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x3400 }) else { return "" }
        let tag = languageTag(of: text)
        return tag.hasPrefix("zh") ? " lang=\"\(tag)\"" : ""
    }

    /// Frequent characters of policy text written one way in Simplified and another in Traditional
    /// Chinese (each string holds the same characters in the same order, in its own script).
    static let simplifiedOnly = Set("个们来说时会对国这为与后从发经关开问过还进动实学机体点当现业区据产务应该条规数资讯际网护权义总监协调统级须术设备计领导创认识别评测试风险隐视频语图软库标".unicodeScalars)
    static let traditionalOnly = Set("個們來說時會對國這為與後從發經關開問過還進動實學機體點當現業區據產務應該條規數資訊際網護權義總監協調統級須術設備計領導創認識別評測試風險隱視頻語圖軟庫標".unicodeScalars)

    // MARK: - Page

    /// Whether `span` is the whole-document line of `tag --doc-codes` in a text of `length` code points:
    /// the pages show its codes as the document's, not as one more coded span.
    public static func isDocumentSpan(_ span: CodedSpan, length: Int) -> Bool {
        span.id == documentSpanID && span.range == TextRange(start: 0, end: length)
    }

    /// Per code, the spans that carry it.
    public static func codeCounts(_ spans: [CodedSpan]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for span in spans { for code in span.codes { counts[code.code, default: 0] += 1 } }
        return counts
    }

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
        let documentCodes = spans.filter { isDocumentSpan($0, length: length) }.flatMap(\.codes)
        let allSpans = spans
        let spans = spans.filter { !isDocumentSpan($0, length: length) }
        let (entries, colour) = palette(legend: options.legend, spans: allSpans)
        var out: [UInt8] = []
        out.reserveCapacity(document.utf8.count * 2 + 4096)
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func text(_ value: String) { appendEscaped(Array(value.utf8), to: &out) }

        let title = document.document.id
        raw("<!DOCTYPE html>\n<html lang=\"\(languageTag(of: document.document.text))\">\n<head>\n<meta charset=\"utf-8\">\n")
        raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
        raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        text(title)
        raw(" — SpanCoder review</title>\n<style>\n\(stylesheet)</style>\n</head>\n<body>\n<header>\n<h1>")
        text(title)
        raw("</h1>\n")
        raw("<p class=\"nav\">")
        if let index = options.indexFileName {
            raw("<a href=\"")
            text(index)
            raw("\">All documents</a> · ")
        }
        raw("<a href=\"#list\">List of the spans</a></p>\n")
        let codeCounts = Self.codeCounts(spans)
        let coded = spans.count { !$0.codes.isEmpty }
        raw("<p class=\"summary\">\(coded) coded span\(coded == 1 ? "" : "s")")
        if coded < spans.count { raw(" (\(spans.count) spans in all)") }
        raw(", \(length) characters. Offsets are code points; the number on a badge is the code's score (the summed weights of its evidence).</p>\n")
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
            // The names hold Chinese: their own language, not the page's (Simplified names on a Traditional page).
            raw("</span> <span class=\"name\"\(hanLanguageAttribute(entry.name ?? ""))>")
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
                    raw("<a class=\"badge\" href=\"#r\(s + 1)\" style=\"background:\(strong(colour[code.code]!))\">")
                    text(code.code)
                    if let score = code.score { raw(" <small>" + JSONText.number(score) + "</small>") }
                    raw("</a>")
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
                if span.codes.isEmpty {
                    // A span written by --all-spans without a code: outlined, in no code's colour.
                    raw("<span class=\"cs none\" title=\"no code\">")
                } else {
                    raw("<span class=\"cs\(active.count > 1 ? " multi" : "")\" style=\"background:\(spanBackground(span.codes.map { colour[$0.code]! }))\" title=\"")
                    text(span.codes.map { code in code.code + (code.score.map { " " + JSONText.number($0) } ?? "") }.joined(separator: ", "))
                    raw("\">")
                }
            }
            if !activeEvidence.isEmpty {
                // One term found by several patterns of one code (a term and a rule's group) says so once.
                var labels: [String] = []
                for e in activeEvidence where !labels.contains(evidenceRanges[e].label) { labels.append(evidenceRanges[e].label) }
                raw("<mark class=\"ev\" title=\"")
                text(labels.joined(separator: "; "))
                raw("\">")
            }
            appendEscaped(piece, to: &out)
            if !activeEvidence.isEmpty { raw("</mark>") }
            if !active.isEmpty { raw("</span>") }
        }
        raw("</div>\n</main>\n")

        // The list of spans, for review in reading order.
        raw("<section class=\"list\" id=\"list\"><h2>\(coded < spans.count ? "Spans" : "Coded spans")</h2>\n")
        if spans.isEmpty {
            raw("<p class=\"summary\">No span of this document has a code.</p>\n</section>\n<footer>")
            text(options.generator)
            raw("</footer>\n</body>\n</html>\n")
            return String(decoding: out, as: UTF8.self)
        }
        raw("<div class=\"wide\"><table>\n<tr><th>#</th><th>offsets</th><th>codes</th><th>evidence</th></tr>\n")
        for s in spanOrder {
            let span = spans[s]
            raw("<tr id=\"r\(s + 1)\"><td><a href=\"#s\(s + 1)\">\(s + 1)</a></td><td>[\(span.range.start), \(span.range.end))</td><td>")
            for code in span.codes {
                raw("<span class=\"badge\" style=\"background:\(strong(colour[code.code]!))\">")
                text(code.code)
                if let score = code.score { raw(" <small>" + JSONText.number(score) + "</small>") }
                raw("</span> ")
            }
            // Which terms carried which code: "risk.privacy: 个人信息, 隐私; gov.liability: 违反本".
            var groups: [String] = []
            for code in span.codes where !code.evidence.isEmpty {
                var terms: [String] = []
                for evidence in code.evidence where !terms.contains(evidence.term) { terms.append(evidence.term) }
                groups.append(code.code + ": " + terms.joined(separator: ", "))
            }
            let evidence = groups.joined(separator: "; ")
            raw("</td><td\(hanLanguageAttribute(evidence))>")
            text(evidence)
            raw("</td></tr>\n")
        }
        raw("</table></div>\n</section>\n<footer>")
        text(options.generator)
        raw("</footer>\n</body>\n</html>\n")
        return String(decoding: out, as: UTF8.self)
    }

    /// One row of the index page.
    public struct IndexEntry: Sendable {
        public var docID: String
        public var fileName: String
        /// Spans with at least one code, the whole-document line of `--doc-codes` left out.
        public var spanCount: Int
        /// Per code, those spans that carry it.
        public var codeCounts: [String: Int]
        /// The codes of the whole-document line, if any.
        public var documentCodes: [String]

        public init(docID: String, fileName: String, spanCount: Int, codeCounts: [String: Int], documentCodes: [String] = []) {
            self.docID = docID
            self.fileName = fileName
            self.spanCount = spanCount
            self.codeCounts = codeCounts
            self.documentCodes = documentCodes
        }

        /// The entry of a page showing `spans` of a text of `length` code points.
        public init(docID: String, fileName: String, spans: [CodedSpan], length: Int) {
            let shown = spans.filter { !$0.codes.isEmpty && !HTMLReport.isDocumentSpan($0, length: length) }
            self.init(docID: docID, fileName: fileName, spanCount: shown.count, codeCounts: HTMLReport.codeCounts(shown),
                      documentCodes: spans.filter { HTMLReport.isDocumentSpan($0, length: length) }.flatMap { $0.codes.map(\.code) })
        }
    }

    /// An index page linking every document's page.
    public static func index(entries: [IndexEntry], options: Options = Options()) -> String {
        var out: [UInt8] = []
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func text(_ value: String) { appendEscaped(Array(value.utf8), to: &out) }
        let withDocumentCodes = entries.contains { !$0.documentCodes.isEmpty }
        raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        raw("<title>SpanCoder review</title>\n<style>\n\(stylesheet)</style>\n</head>\n<body>\n<h1>SpanCoder review</h1>\n")
        raw("<div class=\"wide\"><table class=\"index\">\n<tr><th>document</th><th>coded spans</th><th>codes (spans)</th>")
        raw(withDocumentCodes ? "<th>document codes</th></tr>\n" : "</tr>\n")
        for entry in entries {
            raw("<tr><td><a href=\"")
            text(percentEncodePath(entry.fileName))
            raw("\">")
            text(entry.docID)
            raw("</a></td><td class=\"n\">\(entry.spanCount)</td><td>")
            text(entry.codeCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            if withDocumentCodes {
                raw("</td><td>")
                text(entry.documentCodes.joined(separator: ", "))
            }
            raw("</td></tr>\n")
        }
        raw("</table></div>\n<footer>")
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

    /// Font stacks by language, for every HTML page SpanCoder writes: Simplified and Traditional Chinese
    /// need fonts with their own glyph forms.
    public static let chineseFontRules = """
    :lang(zh){font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif}
    :lang(zh-Hant){font-family:"Noto Sans CJK TC","Source Han Sans TC","PingFang TC","Microsoft JhengHei",system-ui,sans-serif}
    """

    static let stylesheet = """
    body{font:15px/1.6 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1b1b1b;background:#fff}
    \(chineseFontRules)
    .wide{overflow-x:auto}
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
    ul.legend{list-style:none;padding:0;margin:0 0 .8rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(27rem,100%),1fr));gap:.1rem 1.2rem;font-size:.82rem}
    ul.legend li{display:flex;gap:.4rem;align-items:baseline;border-bottom:1px solid #f0f0f0}
    ul.legend .name{flex:1}
    ul.legend .n{font-variant-numeric:tabular-nums}
    .absent{color:#aaa}
    .absent .badge{opacity:.4}
    .doccodes .badge{font-size:.8rem}
    .doc{white-space:pre-wrap;overflow-wrap:anywhere;border-top:2px solid #ddd;padding-top:1rem;line-height:1.9}
    .cs{border-radius:2px;padding:1px 0}
    .cs.multi{outline:1px dashed #555}
    .cs.none{outline:1px dotted #bbb}
    .cs,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    .badges{user-select:none}
    .badge{display:inline-block;color:#fff;font-size:.68rem;line-height:1.3;border-radius:3px;padding:0 .3rem;margin:0 .15rem 0 0;vertical-align:.15em;white-space:nowrap;text-decoration:none}
    .badge small{opacity:.85}
    mark.ev{background:none;color:inherit;font-weight:700;text-decoration:underline 2px;text-underline-offset:3px}
    .list{margin-top:2rem;border-top:2px solid #ddd}
    footer{margin-top:2rem;color:#888;font-size:.8rem}

    """
}
