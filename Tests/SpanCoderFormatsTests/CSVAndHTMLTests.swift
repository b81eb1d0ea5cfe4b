import CSV
import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderFormats

@Suite struct CodedSpanCSVTests {
    private func parse(_ csv: String) throws -> [[String]] {
        let reader = try CSVReader(string: csv, hasHeaderRow: false)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return rows
    }

    @Test func writesOneRowPerSpanThatSpreadsheetsReadBack() throws {
        let csv = try CodedSpanCSV.headerRow(byteOrderMark: false) + CodedSpanCSV.rows(document: DocumentText(Fixture.document), spans: Fixture.spans)
        let rows = try parse(csv)
        #expect(rows.count == 4)
        #expect(rows[0] == CodedSpanCSV.header)
        let range = Fixture.range(of: "算法歧视𠮷应当禁止。")
        let ev1 = Fixture.range(of: "歧视"), ev2 = Fixture.range(of: "禁止")
        #expect(rows[1] == ["doc-1", "\(range.start)", "\(range.end)", "算法歧视𠮷应当禁止。", "risk.bias;gov.prohibition", "1.5;1",
                            "risk.bias: 歧视@\(ev1.start)-\(ev1.end); gov.prohibition: 禁止@\(ev2.start)-\(ev2.end)"])
        // A span with a CRLF inside stays one quoted cell.
        #expect(rows[3][3] == "人工智能\r\n服务提供者应当评估。")
        #expect(csv.hasSuffix("\r\n"))
    }

    /// The rows are written without CSV.swift's writer (10 times the cost of JSONL): the same bytes as
    /// it writes, over random cells of the characters that matter, and read back by its reader.
    @Test func writesWhatCSVSwiftWritesAndReads() throws {
        let alphabet = ["\"", ",", "\r", "\n", "\r\n", "a", " ", "'", "=", "-", "中", "𠮷", "😀", ";", "\t"]
        var generator = SplitMix64(seed: 39)
        for _ in 0..<2_000 {
            let cells = (0..<Int(generator.next() % 4) + 1).map { _ in
                (0..<Int(generator.next() % 7)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            }
            let ours = CodedSpanCSV.rows([cells])
            let stream = OutputStream(toMemory: ())
            stream.open()
            let writer = try CSVWriter(stream: stream, newline: .crlf)
            try writer.write(row: cells.map(CodedSpanCSV.neutralise))
            stream.close()
            let data = try #require(stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data)
            #expect(ours == String(decoding: data, as: UTF8.self) + "\r\n", "\(cells.debugDescription)")
            #expect(try parse(ours).map { $0.map(CodedSpanCSV.unneutralise) } == [cells], "\(cells.debugDescription)")
        }
        // A quote with a combining mark after it: CSV.swift's writer, searching by grapheme cluster, left
        // it bare; quoted, it reads back.
        let cell = "say \"\u{301}x\" now"
        #expect(CodedSpanCSV.rows([[cell]]) == "\"say \"\"\u{301}x\"\" now\"\r\n")
        #expect(try parse(CodedSpanCSV.rows([[cell, "b"]])) == [[cell, "b"]])
    }

    @Test func startsWithAByteOrderMarkByDefault() throws {
        #expect(CodedSpanCSV.headerRow().unicodeScalars.first == "\u{FEFF}")
    }

    @Test(arguments: ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
    func neutralisesFormulaCells(cell: String) throws {
        let text = cell + " tail"
        let document = DocumentText(Document(id: "=cmd|' /C calc'!A0", text: text))
        let span = CodedSpan(doc: document.document.id, range: TextRange(start: 0, end: text.unicodeScalars.count), codes: [CodeAssignment(code: "-risk", score: -1)])
        let rows = try parse(try CodedSpanCSV.rows(document: document, spans: [span]))
        #expect(rows.count == 1)
        #expect(rows[0][0] == "'=cmd|' /C calc'!A0")
        #expect(rows[0][3] == "'" + text)
        #expect(rows[0][4] == "'-risk")
        #expect(rows[0][5] == "'-1")
    }

    /// Cells are measured as written: 32,767 UTF-16 units fit a spreadsheet cell, but a text of that
    /// length that opens with a formula trigger gets the guard's `'` and is one too long.
    @Test func longCellsAreMeasuredAsWritten() throws {
        for (text, long) in [(String(repeating: "a", count: 32_767), false), ("-" + String(repeating: "a", count: 32_766), true),
                             (String(repeating: "𠮷", count: 16_383) + "a", false), (String(repeating: "𠮷", count: 16_384), true)] {
            let document = DocumentText(Document(id: "d", text: text))
            let span = CodedSpan(doc: "d", range: TextRange(start: 0, end: text.unicodeScalars.count), codes: [CodeAssignment(code: "x")])
            var bytes: [UInt8] = []
            let found = try CodedSpanCSV.appendRows(document: document, spans: [span], to: &bytes)
            #expect(found.count == (long ? 1 : 0), "\(text.prefix(3)) … \(text.utf16.count) units")
        }
    }

    /// The guard must be undone exactly: `'-1` and `-1` are two ids, and a text that opens with `'=`
    /// must read back with its `'`. Every string of up to five characters over the characters that
    /// matter, against the two properties: the reader's rule restores it, and no written cell opens
    /// with a trigger.
    @Test func neutraliseIsReversibleForEveryCell() {
        let alphabet: [String] = ["'", "=", "-", "+", "@", "\t", "\r", "a", " "]
        var cells: [String] = [""]
        var level: [String] = [""]
        for _ in 0..<5 {
            level = level.flatMap { prefix in alphabet.map { prefix + $0 } }
            cells += level
        }
        var written = Set<String>()
        for cell in cells {
            let safe = CodedSpanCSV.neutralise(cell)
            #expect(CodedSpanCSV.unneutralise(safe) == cell, "\(cell.debugDescription) → \(safe.debugDescription)")
            #expect(!["=", "-", "+", "@", "\t", "\r"].contains(safe.unicodeScalars.first.map(String.init) ?? ""))
            written.insert(safe)
        }
        #expect(written.count == cells.count)
        #expect(CodedSpanCSV.neutralise("'-1") == "''-1")
        #expect(CodedSpanCSV.neutralise("'=personal") == "''=personal")
        // A cell that opens with an apostrophe and no trigger is written as it is.
        #expect(CodedSpanCSV.neutralise("'s Gravenhage") == "'s Gravenhage")
        #expect(CodedSpanCSV.unneutralise("'s Gravenhage") == "'s Gravenhage")
    }

    @Test func leavesOrdinaryCellsAlone() {
        #expect(CodedSpanCSV.neutralise("第一条") == "第一条")
        #expect(CodedSpanCSV.neutralise("a=b") == "a=b")
        #expect(CodedSpanCSV.neutralise("") == "")
    }
}

@Suite struct HTMLReportTests {
    @Test func escapesEverythingFromTheDocumentAndLexicon() throws {
        let text = "Intro <script>alert('x')</script> & \"quoted\" AI <b>bold</b>\u{0}end"
        let document = Document(id: "<img src=x onerror=alert(1)>", text: text, metadata: ["title": "<i>t</i>"])
        let range = Fixture.range(of: "<script>alert('x')</script>", in: text)
        let span = CodedSpan(doc: document.id, range: range, codes: [
            CodeAssignment(code: "risk.<x>", score: 1, evidence: [Evidence(term: "<script>", rule: "r\"1", range: Fixture.range(of: "<script>", in: text))]),
        ])
        let page = try HTMLReport.page(document: DocumentText(document), spans: [span],
                                       options: .init(legend: [CodeLegendEntry(id: "risk.<x>", name: "<u>Bias</u>")], generator: "gen <g>"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("<b>"))
        #expect(!page.contains("<i>"))
        #expect(!page.contains("<u>"))
        #expect(!page.contains("\u{0}"))
        #expect(page.contains(">&lt;script&gt;</mark>"))
        #expect(page.contains("alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(page.contains("&lt;b&gt;bold&lt;/b&gt;"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.contains("&amp; &quot;quoted&quot;"))
        #expect(page.contains("&lt;u&gt;Bias&lt;/u&gt;"))
        #expect(page.contains("Content-Security-Policy"))
        #expect(!page.contains("http://") && !page.contains("https://"), "the page must load nothing from the network")
    }

    @Test func highlightsSpansWithBadgesAndMarksEvidence() throws {
        let page = try HTMLReport.page(document: DocumentText(Fixture.document), spans: Fixture.spans,
                                       options: .init(legend: [CodeLegendEntry(id: "risk.bias", name: "Bias"), CodeLegendEntry(id: "risk.unused", name: "Unused")]))
        // Every span starts with an anchor holding its badges; evidence terms sit in <mark>.
        for s in 1...Fixture.spans.count { #expect(page.contains("id=\"s\(s)\"")) }
        #expect(page.contains("<mark class=\"ev\" title=\"歧视 → risk.bias\">歧视</mark>"))
        #expect(page.contains("<mark class=\"ev\" title=\"禁止 (rule ban-rule) → gov.prohibition\">禁止</mark>"))
        #expect(page.contains("<mark class=\"ev\" title=\"red team* → gov.evaluations\">red teaming</mark>"))
        #expect(page.contains(">risk.unused</span>"))  // legend lists taxonomy codes even when absent
        #expect(page.contains("class=\"absent\""))
        // The document text survives intact between the tags.
        let stripped = page.components(separatedBy: "<div class=\"doc\">")[1].components(separatedBy: "</div>")[0]
        let textOnly = stripped.replacingOccurrences(of: "<span class=\"badges\"[^\n]*?</a></span>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        #expect(textOnly == Fixture.text)
    }

    /// `--all-spans` writes spans without a code: they are outlined, not painted in the first code's
    /// colour, and the page counts only the coded ones as coded.
    @Test func spansWithoutCodesAreNotPaintedOrCounted() throws {
        let bare = CodedSpan(doc: "doc-1", range: Fixture.range(of: "服务提供者应当评估。"), codes: [])
        let page = try HTMLReport.page(document: DocumentText(Fixture.document), spans: Fixture.spans + [bare])
        #expect(page.contains("<span class=\"cs none\" title=\"no code\">服务提供者应当评估。</span>"))
        #expect(page.contains("3 coded spans (4 spans in all)"))
        let nothing = try HTMLReport.page(document: DocumentText(Document(id: "d", text: "Nothing here.")), spans: [])
        #expect(nothing.contains("0 coded spans, 13 characters"))
        #expect(nothing.contains("No span of this document has a code."))
        #expect(!nothing.contains("<table>"))
        let entry = HTMLReport.IndexEntry(docID: "doc-1", fileName: "doc-1.html", spans: Fixture.spans + [bare], length: Fixture.text.unicodeScalars.count)
        #expect(entry.spanCount == 3)
    }

    /// A span with two codes shows both colours; the list names the terms per code; badges link to the
    /// list and the list back to the text.
    @Test func multiCodeSpansAndTheListLinkBothWays() throws {
        let page = try HTMLReport.page(document: DocumentText(Fixture.document), spans: Fixture.spans,
                                       options: .init(legend: [CodeLegendEntry(id: "risk.bias"), CodeLegendEntry(id: "gov.prohibition")]))
        #expect(page.contains("background:repeating-linear-gradient(135deg,\(HTMLReport.background(0)) 0px 6px,\(HTMLReport.background(1)) 6px 12px)"))
        #expect(page.contains("<td lang=\"zh-Hans\">risk.bias: 歧视; gov.prohibition: 禁止</td>"))
        #expect(page.contains("<a class=\"badge\" href=\"#r1\""))
        #expect(page.contains("<tr id=\"r1\"><td><a href=\"#s1\">1</a>"))
        #expect(page.contains("<a href=\"#list\">List of the spans</a>") && page.contains("id=\"list\""))
    }

    /// The page's language decides the glyph forms a browser draws: Simplified and Traditional Chinese
    /// differ, and a mostly English text is English.
    @Test(arguments: [
        ("第一条 提供者应当对生成式人工智能服务的数据进行监督管理。", "zh-Hans"),
        ("第一條 提供者應當對生成式人工智慧服務的資料進行監督管理。", "zh-Hant"),
        ("Providers shall assess the risks of generative AI services under the Interim Measures (暂行办法).", "en"),
        ("第二条 AI 系统", "zh-Hans"),
        ("12345 — 67", "und"),
        ("個人情報保護委員会は、個人情報の適正な取扱いを確保する。", "und"),
    ])
    func pageLanguage(text: String, tag: String) throws {
        #expect(HTMLReport.languageTag(of: text) == tag)
        let page = try HTMLReport.page(document: DocumentText(Document(id: "d", text: text)), spans: [])
        #expect(page.contains("<html lang=\"\(tag)\">"))
    }

    @Test func tableCellsOfHanTextNameTheirLanguage() {
        #expect(HTMLReport.hanLanguageAttribute("国家互联网信息办公室 (CAC)") == " lang=\"zh-Hans\"")
        #expect(HTMLReport.hanLanguageAttribute("國家發展委員會") == " lang=\"zh-Hant\"")
        #expect(HTMLReport.hanLanguageAttribute("Executive (State)") == "")
        #expect(HTMLReport.hanLanguageAttribute("Interim Measures for Generative AI (生成式)") == " lang=\"zh-Hans\"", "mixed: the Han glyphs matter")
        #expect(HTMLReport.hanLanguageAttribute("The Interim Measures for the Management of Generative AI Services (暂行办法)") == "")
    }

    /// The fixed colours stay apart and readable: backgrounds under dark text, badges under white text.
    @Test func coloursAreDistinctAndReadable() {
        func luminance(_ hex: String) -> Double {
            let v = Int(hex.dropFirst(), radix: 16)!
            func linear(_ c: Int) -> Double { let x = Double(c) / 255; return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear(v >> 16) + 0.7152 * linear((v >> 8) & 255) + 0.0722 * linear(v & 255)
        }
        #expect(Set(HTMLReport.backgrounds).count == HTMLReport.backgrounds.count)
        #expect(HTMLReport.backgrounds.count == HTMLReport.strongs.count)
        for hex in HTMLReport.strongs { #expect(1.05 / (luminance(hex) + 0.05) >= 6, "white on \(hex)") }
        for hex in HTMLReport.backgrounds { #expect((luminance(hex) + 0.05) / (luminance("#1b1b1b") + 0.05) >= 9, "text on \(hex)") }
    }

    @Test func rejectsSpansPastTheEnd() {
        let span = CodedSpan(doc: "d", range: TextRange(start: 0, end: 99), codes: [CodeAssignment(code: "x")])
        #expect(throws: SpanCoderError.self) { try HTMLReport.page(document: DocumentText(Document(id: "d", text: "abc")), spans: [span]) }
    }
}

@Suite struct SafeFileNameTests {
    @Test(arguments: [
        ("../../etc/x", "_._.._etc_x"),
        ("/etc/passwd", "_etc_passwd"),
        ("a\u{0}b", "a_b"),
        ("..", "_."),
        (".hidden", "_hidden"),
        ("", "_"),
        ("C:\\Windows\\x", "C__Windows_x"),
        ("cn-genai-measures-2023", "cn-genai-measures-2023"),
        ("生成式人工智能", "生成式人工智能"),
    ])
    func sanitisesDocumentIDs(id: String, expected: String) {
        let stem = SafeFileNames.stem(for: id)
        #expect(stem == expected)
        #expect(!stem.contains("/") && !stem.contains("\u{0}") && !stem.hasPrefix("."))
    }

    @Test func keepsNamesUniqueAndShort() {
        var names = SafeFileNames()
        names.reserve("index.html")
        #expect(names.name(for: "index", suffix: ".html") == "index-2.html")
        #expect(names.name(for: "a/b", suffix: ".html") == "a_b.html")
        #expect(names.name(for: "a_b", suffix: ".html") == "a_b-2.html")
        #expect(names.name(for: "A_B", suffix: ".html") == "A_B-3.html")
        let long1 = names.name(for: String(repeating: "长", count: 300) + "1", suffix: ".html")
        let long2 = names.name(for: String(repeating: "长", count: 300) + "2", suffix: ".html")
        #expect(long1 != long2)
        #expect(long1.utf8.count <= 210)
    }

    @Test func aHostileIDStaysInsideTheOutputFolder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var names = SafeFileNames()
        let name = names.name(for: "../../etc/x", suffix: ".html")
        try AtomicFileWriter.write("x", to: directory + "/out/" + name)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/out") == [name])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["out"])
    }
}

@Suite struct DocumentCodeOutputTests {
    @Test func htmlShowsDocumentCodesInTheHeaderInsteadOfPaintingTheText() throws {
        let length = Fixture.text.unicodeScalars.count
        let documentSpan = CodedSpan(doc: "doc-1", range: TextRange(start: 0, end: length), codes: [CodeAssignment(code: "gov.evaluations", score: 3.25)], id: HTMLReport.documentSpanID)
        let page = try HTMLReport.page(document: DocumentText(Fixture.document), spans: Fixture.spans + [documentSpan])
        #expect(page.contains("<p class=\"doccodes\">Document codes: "))
        #expect(page.contains("gov.evaluations <small>3.25</small>"))
        #expect(!page.contains("cs multi"))
        #expect(page.contains("3 coded spans"))
    }

    @Test func jsonlCarriesTheDocumentLinesID() throws {
        let span = CodedSpan(doc: "d", range: TextRange(start: 0, end: 3), text: "abc", codes: [CodeAssignment(code: "x", score: 2)], id: "document")
        let line = CodedSpanJSONL.encode(span)
        #expect(line.contains("\"id\":\"document\""))
        #expect(try CodedSpanJSONL.decode(line, location: SourceLocation(file: "t")) == span)
        #expect(!CodedSpanJSONL.encode(CodedSpan(doc: "d", range: TextRange(start: 0, end: 1), codes: [])).contains("\"id\""))
    }
}
