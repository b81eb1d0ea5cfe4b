import CSV
import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderStats

@Suite struct RenderTests {
    func report(manifest: Manifest? = nil, coding: Coding? = nil, options: StatsOptions = CorpusStatisticsTests.options) throws -> StatsReport {
        try CorpusStatistics.compute(manifest: manifest ?? HandCorpus.manifest(), codings: [coding ?? HandCorpus.coding()], options: options)
    }

    /// With more groups than the chart has colours the HTML says why there is no chart; a long group
    /// value is cut in the terminal table (60 columns) and kept whole elsewhere.
    @Test func manyGroupsAndLongValuesStayReadable() throws {
        let manifest = try parseManifestCSV("id,year\n" + (2015..<2025).map { "d\($0),\($0)\n" }.joined())
        let coding = try parseCoding(#"{"doc":"d2016","codes":["x"]}"#)
        let html = try report(manifest: manifest, coding: coding, options: StatsOptions(groupBy: ["year"])).render(.html)
        #expect(html.contains("No chart: 10 groups of year, more than the 8 a chart shows apart"))
        #expect(!html.contains("<svg"))
        let long = String(repeating: "Department of Commerce ", count: 10)
        let two = try parseManifestCSV("id,agency\na,\(long)\nb,NIST\n")
        let r = try report(manifest: two, coding: try parseCoding(#"{"doc":"a","codes":["x"]}"#), options: StatsOptions(groupBy: ["agency"]))
        let table = r.render(.table)
        let table1 = table.components(separatedBy: "\n2. ")[0]
        #expect(table1.contains(String(long.prefix(59)) + "…") && !table1.contains(long.trimmingCharacters(in: .whitespaces)), "\(table1)")
        #expect(r.render(.csv).contains(long.trimmingCharacters(in: .whitespaces)))
        let chart = r.render(.html)
        #expect(chart.contains("<title>\(long.trimmingCharacters(in: .whitespaces))</title>") && chart.contains("… (n = 1)</text>"))
    }

    /// Golden text of tables 1 and 3 on the hand corpus.
    @Test func terminalTablesAreAligned() throws {
        let text = try report().render(.table)
        #expect(text.contains("""
        1. Documents per country × issuer_type
        country  Executive  Legislature  total
        -------  ---------  -----------  -----
        CN               2            2      4
        US               2            1      3
        -------  ---------  -----------  -----
        total            4            3      7

        """))
        #expect(text.contains("""
        3. Mean coded spans per document, country × issuer_type
        country  Executive  Legislature  total
        -------  ---------  -----------  -----
        CN            2.00         1.00   1.50
        US            2.00         1.00   1.67
        -------  ---------  -----------  -----
        total         2.00         1.00   1.57

        """))
        #expect(text.contains("risk.bias           US               3          2  66.7%      3             1.50"))
        #expect(text.contains("risk.cybersecurity        2     50.0%        0      0.0%    +50.0 pp    -16.2 pp     +85.0 pp  no             CN only"))
        #expect(text.contains("xx9"))
    }

    /// With one --by field, the one column of tables 1–3 says what its cells hold: documents, coded
    /// spans, mean coded spans (it said "documents" in all three). Its row totals would repeat it, so
    /// only CSV and JSON, whose keys do not depend on the number of fields, have the `total` column.
    @Test func singleGroupingFieldLabelsTheValueColumn() throws {
        var options = CorpusStatisticsTests.options
        options.groupBy = ["country"]
        let r = try report(options: options)
        let text = r.render(.table)
        #expect(text.contains("1. Documents per country\ncountry  documents\n"), "\(text)")
        #expect(text.contains("2. Coded spans per country\ncountry  coded spans\n"), "\(text)")
        #expect(text.contains("3. Mean coded spans per document, country\ncountry  mean coded spans\n"), "\(text)")
        #expect(!r.render(.md).contains("| total |"))
        let csv = r.render(.csv)
        #expect(csv.contains("source,table,group,coded_spans,total"))
        #expect(csv.contains("source,table,group,mean_coded_spans,total"))
        #expect(r.render(.md).contains("coded spans"))
    }

    @Test func chineseCellsAreAlignedByDisplayWidth() throws {
        let manifest = try parseManifestCSV("id,country\na,中国\nb,US\n")
        let coding = try parseCoding(#"{"doc":"a","codes":["x"]}"#)
        let text = try report(manifest: manifest, coding: coding, options: StatsOptions(groupBy: ["country"])).render(.table)
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("country") })
        // "中国" is four columns wide, like "US  " padded: the number columns end at the same column.
        #expect(DisplayWidth.of(lines[header + 2]) == DisplayWidth.of(lines[header + 3]))
        #expect(lines[header + 2].hasPrefix("US     "))
        #expect(lines[header + 3].hasPrefix("中国   "))
        #expect(DisplayWidth.of("中国") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }

    @Test func csvIsOneBlockPerTableAndReadsBack() throws {
        let csv = try report().render(.csv)
        let reader = try CSVReader(string: csv)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        // Tables are separated by one blank line, and each starts with its own header row.
        #expect(csv.components(separatedBy: "\n\nsource,table,").count == 6)
        let comparisonHeader = try #require(rows.firstIndex { $0.count > 2 && $0[0] == "source" && $0[1] == "table" && $0.contains("ci_low") })
        let header = rows[comparisonHeader]
        let bias = try #require(rows.first { $0.count == header.count && $0[1] == "comparison" && $0[2] == "risk.bias" })
        let value = { (key: String) in bias[header.firstIndex(of: key)!] }
        #expect(value("source") == "hand.jsonl")
        // The keys are first_…/second_… whatever the groups: columns of their own say which is which.
        let groups = ["first_group", "second_group"].map { key in header.firstIndex(of: key).map { bias[$0] } }
        #expect(groups == ["CN", "US"], "\(header)")
        #expect(Double(value("first_share")) == 0.25)
        #expect(abs(Double(value("ci_low"))! - -0.7567876870495462) < 1e-6)
        #expect(value("prominent") == "US only")
        #expect(Set(rows.filter { $0.count > 1 && $0[0] != "source" }.map { $0[1] }) == ["documents", "coded_spans", "mean_coded_spans", "codes", "comparison", "terms"])
    }

    /// The group columns are for CSV and JSON only: on screen, in Markdown and in HTML the column names
    /// already say `CN docs`.
    @Test func groupColumnsAreOnlyInMachineFormats() throws {
        let report = try report()
        for format in [StatsFormat.table, .md, .html] {
            let text = report.render(format)
            #expect(text.contains("CN docs") && !text.contains("first group"), "\(format)")
        }
        let json = report.render(.json)
        #expect(json.contains("\"first_group\"") && json.contains("\"second_group\""))
    }

    @Test func csvNeutralisesFormulasInTextButNotNumbers() throws {
        let manifest = try parseManifestCSV("id,country\na,=HYPERLINK(1)\nb,US\n")
        let coding = try parseCoding(#"{"doc":"a","codes":["@x"]}"#)
        let csv = try report(manifest: manifest, coding: coding, options: StatsOptions(groupBy: ["country"])).render(.csv)
        #expect(csv.contains("'=HYPERLINK(1)"))
        #expect(csv.contains("'@x"))
        #expect(!csv.contains(",=HYPERLINK"))
        // The interval of 1/1 vs 0/1 starts below zero: a negative number, not a formula, so no quote.
        #expect(csv.contains(",-0.1"))
        #expect(!csv.contains("'-"))
    }

    @Test func jsonParsesAndCarriesRawNumbers() throws {
        let json = try report().render(.json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let sources = try #require(object["sources"] as? [[String: Any]])
        let tables = try #require(sources[0]["tables"] as? [[String: Any]])
        let documents = try #require(tables.first { $0["id"] as? String == "documents" })
        let rows = try #require(documents["rows"] as? [[Any]])
        #expect(rows.last?.last as? Int == 7)
        let missing = try #require(sources[0]["documents_not_in_manifest"] as? [[String: Any]])
        #expect(missing.first?["id"] as? String == "xx9")
    }

    @Test func htmlEscapesEverythingFromTheInputs() throws {
        let manifest = try parseManifestCSV("id,country\na,<script>alert(1)</script>\nb,\"US & \"\"co\"\"\"\n")
        let coding = try parseCoding(#"{"doc":"a","codes":[{"code":"x<img src=x>","evidence":[{"term":"</td><b>","rule":null,"start":0,"end":1}]}]}"#)
        let html = try report(manifest: manifest, coding: coding, options: StatsOptions(groupBy: ["country"])).render(.html)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("</td><b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("US &amp; &quot;co&quot;"))
        #expect(html.contains("<svg"))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        #expect(!html.contains("<script"))
    }

    @Test func markdownEscapesPipes() throws {
        let manifest = try parseManifestCSV("id,country\na,A|B\nb,US\n")
        let coding = try parseCoding(#"{"doc":"a","codes":["x"]}"#)
        let md = try report(manifest: manifest, coding: coding, options: StatsOptions(groupBy: ["country"])).render(.md)
        #expect(md.contains("| A\\|B |"))
        #expect(md.contains("### 5. A\\|B vs US"))
    }

    @Test func controlCharactersCannotBreakTerminalRows() {
        #expect(terminalSafe("a\nb\u{1B}[2J") == "a\\nb\\u{1b}[2J")
    }

    @Test func numberFormatting() {
        #expect(fixed(1.25, places: 1) == "1.3")
        #expect(fixed(-0.0001, places: 1) == "0.0")
        #expect(fixed(-2.25, places: 1) == "-2.3")
        #expect(fixed(12, places: 0) == "12")
        #expect(ReportTable.Cell.points(-0.16162801163748797).display == "-16.2 pp")
        #expect(ReportTable.Cell.points(0.5).display == "+50.0 pp")
        #expect(ReportTable.Cell.share(2.0 / 3.0).display == "66.7%")
        #expect(ReportTable.Cell.share(2.0 / 3.0).raw == "0.666667")
        #expect(percentText(0.2) == "20%")
        #expect(percentText(0.125) == "12.5%")
    }
}
