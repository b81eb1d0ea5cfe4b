import SpanCoderCore
import Testing
@testable import SpanCoderStats

/// Every number of tables 1–6 on `HandCorpus`, counted by hand.
///
/// Coded spans per document: us1 2 (plus one uncoded), us2 1, us3 2, cn1 3, cn2 1, cn3 2 (plus one
/// uncoded), cn4 0. Characters: CN 2000+3000+5000+10000 = 20000, US 10000+5000+5000 = 20000.
@Suite struct CorpusStatisticsTests {
    static let options = StatsOptions(groupBy: ["country", "issuer_type"], prominentShare: 0.3, topTerms: 2)

    func source(_ options: StatsOptions = CorpusStatisticsTests.options) throws -> SourceStatistics {
        let report = try CorpusStatistics.compute(manifest: HandCorpus.manifest(), codings: [HandCorpus.coding()], options: options)
        #expect(report.sources.count == 1)
        return report.sources[0]
    }

    @Test func table1DocumentsPerGroup() throws {
        let t = try source().documents
        #expect(t.rowKeys == ["CN", "US"])
        #expect(t.columnKeys == ["Executive", "Legislature"])
        #expect(t.cells == [[2, 2], [2, 1]])
        #expect(t.rowTotals == [4, 3])
        #expect(t.columnTotals == [4, 3])
        #expect(t.total == 7)
    }

    @Test func table2CodedSpansPerGroup() throws {
        let t = try source().codedSpans
        #expect(t.cells == [[4, 2], [4, 1]])
        #expect(t.rowTotals == [6, 5])
        #expect(t.columnTotals == [8, 3])
        #expect(t.total == 11)
    }

    @Test func table3MeanCodedSpansPerDocument() throws {
        let t = try source().meanCodedSpans
        #expect(t.cells == [[2.0, 1.0], [2.0, 1.0]])
        #expect(t.rowTotals == [1.5, 5.0 / 3.0])
        #expect(t.columnTotals == [2.0, 1.0])
        #expect(t.total == 11.0 / 7.0)
    }

    @Test func table3CellWithoutDocumentsIsMissing() throws {
        let manifest = try parseManifestCSV("id,country,issuer_type\na,US,Executive\nb,CN,Legislature\n")
        let coding = try parseCoding(#"{"doc":"a","codes":["risk.bias"]}"#)
        let s = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions()).sources[0]
        #expect(s.meanCodedSpans.value("US", "Legislature") == .some(nil))
        #expect(s.meanCodedSpans.value("US", "Executive") == .some(1.0))
    }

    @Test func table4CodesPerCountry() throws {
        let s = try source()
        // (code, group, documents, with code, spans, spans per 10k characters)
        let expected: [(String, String, Int, Int, Int, Double)] = [
            ("gov.evaluations", "CN", 4, 2, 2, 1.0), ("gov.evaluations", "US", 3, 2, 2, 1.0), ("gov.evaluations", "(all)", 7, 4, 4, 1.0),
            ("gov.liability", "CN", 4, 1, 1, 0.5), ("gov.liability", "US", 3, 0, 0, 0), ("gov.liability", "(all)", 7, 1, 1, 0.25),
            ("risk.bias", "CN", 4, 1, 1, 0.5), ("risk.bias", "US", 3, 2, 3, 1.5), ("risk.bias", "(all)", 7, 3, 4, 1.0),
            ("risk.cybersecurity", "CN", 4, 2, 2, 1.0), ("risk.cybersecurity", "US", 3, 0, 0, 0), ("risk.cybersecurity", "(all)", 7, 2, 2, 0.5),
            ("risk.privacy", "CN", 4, 1, 2, 1.0), ("risk.privacy", "US", 3, 1, 1, 0.5), ("risk.privacy", "(all)", 7, 2, 3, 0.75),
        ]
        #expect(s.prevalence.count == expected.count)
        for (row, (code, group, documents, withCode, spans, per10k)) in zip(s.prevalence, expected) {
            #expect(row.code == code)
            #expect(row.group == group)
            #expect(row.documents == documents)
            #expect(row.documentsWithCode == withCode, "\(code) \(group)")
            #expect(row.share == Double(withCode) / Double(documents))
            #expect(row.spans == spans, "\(code) \(group)")
            #expect(abs(row.spansPer10kChars! - per10k) < 1e-12, "\(code) \(group)")
        }
    }

    /// With a code list (the taxonomy), tables 4 and 5 follow its order and list a code no document
    /// carries (0 of 4 and 0 of 3: a finding, not an omission); the coding's codes outside the list follow
    /// it, with a note.
    @Test func codeListOrdersTheCodesAndKeepsTheAbsentOnes() throws {
        var options = Self.options
        options.codes = ["risk.privacy", "risk.robustness", "gov.evaluations", "risk.bias", "gov.liability"]
        let report = try CorpusStatistics.compute(manifest: HandCorpus.manifest(), codings: [HandCorpus.coding()], options: options)
        let s = report.sources[0]
        let order = s.prevalence.filter { $0.group == "(all)" }.map(\.code)
        #expect(order == ["risk.privacy", "risk.robustness", "gov.evaluations", "risk.bias", "gov.liability", "risk.cybersecurity"])
        let absent = s.prevalence.filter { $0.code == "risk.robustness" }
        #expect(absent.map(\.documentsWithCode) == [0, 0, 0] && absent.map(\.spans) == [0, 0, 0])
        #expect(s.comparison?.map(\.code) == order)
        #expect(report.notes.contains("codes outside --codes, listed after it: risk.cybersecurity"), "\(report.notes)")
        let plain = try source()
        #expect(!plain.prevalence.contains { $0.code == "risk.robustness" })
    }

    /// Reference intervals from statsmodels 0.15.0, computed once:
    /// `statsmodels.stats.proportion.confint_proportions_2indep(x1, n1, x2, n2, method='newcomb', compare='diff', alpha=0.05)`.
    @Test func table5ComparisonWithNewcombeIntervals() throws {
        let comparison = try #require(try source().comparison)
        // (code, CN with code, US with code, lower, upper, prominence at 30%)
        let expected: [(String, Int, Int, Double, Double, CodeComparison.Prominence)] = [
            ("gov.evaluations", 2, 2, -0.6098037218501158, 0.41053364139570436, .both),
            ("gov.liability", 1, 0, -0.3475478931541872, 0.6993581574175982, .neither),
            ("risk.bias", 1, 2, -0.7567876870495462, 0.22568077837486666, .secondOnly),
            ("risk.cybersecurity", 2, 0, -0.16162801163748797, 0.8499610108478506, .firstOnly),
            ("risk.privacy", 1, 1, -0.5857993067652942, 0.44185281861733344, .secondOnly),
        ]
        #expect(comparison.count == expected.count)
        for (row, (code, cn, us, lower, upper, prominence)) in zip(comparison, expected) {
            #expect(row.code == code)
            #expect(row.first == "CN" && row.second == "US")
            #expect(row.firstDocuments == 4 && row.secondDocuments == 3)
            #expect(row.firstWithCode == cn && row.secondWithCode == us)
            #expect(row.firstShare == Double(cn) / 4 && row.secondShare == Double(us) / 3)
            #expect(abs(row.difference - (Double(cn) / 4 - Double(us) / 3)) < 1e-15)
            #expect(abs(row.interval.lower - lower) < 1e-12, "\(code)")
            #expect(abs(row.interval.upper - upper) < 1e-12, "\(code)")
            #expect(row.prominence == prominence, "\(code)")
            #expect(row.bootstrapInterval == nil)
        }
    }

    @Test func table5FollowsCompareOrder() throws {
        var options = Self.options
        options.compare = ("US", "CN")
        let row = try #require(try source(options).comparison(code: "risk.cybersecurity"))
        #expect(row.first == "US" && row.firstWithCode == 0 && row.secondWithCode == 2)
        #expect(row.prominence == .secondOnly)
        #expect(abs(row.interval.lower - -0.8499610108478506) < 1e-12)
        #expect(abs(row.interval.upper - 0.16162801163748797) < 1e-12)
    }

    @Test func table6TopTermsFromEvidence() throws {
        let s = try source()
        let terms = try #require(s.terms)
        func top(_ code: String, _ group: String) -> [String] {
            s.terms(code: code, group: group)?.top.map { "\($0.label) \($0.spans)" } ?? []
        }
        #expect(top("gov.evaluations", "CN") == ["评估 2"])
        #expect(top("gov.evaluations", "US") == ["evaluation 2", "test 1"])
        #expect(top("gov.liability", "CN") == ["法律责任 1"])
        // bias is cited by two spans; the tie at one span is broken by label, and --top-terms 2 cuts rule:R1.
        #expect(top("risk.bias", "US") == ["bias 2", "discrimination 1"])
        #expect(top("risk.bias", "CN") == ["歧视 1"])
        #expect(top("risk.cybersecurity", "CN") == ["网络安全 2"])
        #expect(top("risk.privacy", "CN") == ["个人信息 2", "隐私 1"])
        #expect(top("risk.privacy", "US") == ["privacy 1"])
        // Groups where a code never occurs get no row.
        #expect(terms.map { "\($0.code)/\($0.group)" } == [
            "gov.evaluations/CN", "gov.evaluations/US", "gov.liability/CN", "risk.bias/CN", "risk.bias/US",
            "risk.cybersecurity/CN", "risk.privacy/CN", "risk.privacy/US",
        ])
        var options = Self.options
        options.topTerms = 5
        #expect(try source(options).terms(code: "risk.bias", group: "US")?.top.map(\.label) == ["bias", "discrimination", "rule:R1"])
    }

    @Test func reportsDocumentsMissingOnEitherSide() throws {
        let s = try source()
        #expect(s.documentsNotInManifest.map(\.id) == ["xx9"])
        #expect(s.documentsNotInManifest.map(\.spans) == [1])
        #expect(s.documentsWithoutCoding == ["cn4"])
        #expect(s.notes.contains { $0.contains("not in the manifest") && $0.contains("xx9") })
        #expect(s.notes.contains { $0.contains("cn4") })
    }

    @Test func parserMatchesSpansBuiltInMemory() throws {
        let parsed = try CorpusStatistics.compute(manifest: HandCorpus.manifest(), codings: [HandCorpus.coding()], options: Self.options).sources[0]
        let built = try CorpusStatistics.compute(manifest: HandCorpus.manifest(), codings: [Coding(name: "m", spans: HandCorpus.spans)], options: Self.options).sources[0]
        #expect(parsed.documents == built.documents)
        #expect(parsed.codedSpans == built.codedSpans)
        #expect(parsed.prevalence == built.prevalence)
        #expect(parsed.comparison == built.comparison)
        #expect(parsed.terms == built.terms)
    }

    @Test func goldCodingHasNoTermsTable() throws {
        let gold = try parseCoding("""
        {"doc": "us1", "unit": 0, "start": 0, "end": 4, "text": "x", "codes": ["risk.bias", "gov.evaluations"]}
        {"doc": "cn1", "unit": 1, "start": 0, "end": 4, "text": "y", "codes": []}
        """)
        let s = try CorpusStatistics.compute(manifest: HandCorpus.manifest(), codings: [gold], options: Self.options).sources[0]
        #expect(s.terms == nil)
        #expect(s.notes.contains { $0.contains("no evidence") })
        #expect(s.codedSpans.total == 1)
        #expect(s.prevalence(code: "risk.bias", group: "US")?.documentsWithCode == 1)
    }

    @Test func codedOnlyCountsDocumentsOfTheCoding() throws {
        var options = Self.options
        options.codedDocumentsOnly = true
        let s = try source(options)
        #expect(s.documents.total == 6)   // cn4 has no span
        #expect(s.documents.value("CN", "Legislature") == 1)
        #expect(s.prevalence(code: "risk.privacy", group: "CN")?.share == 1.0 / 3.0)
        #expect(s.prevalence(code: "risk.privacy", group: "CN")?.spansPer10kChars == 2.0 * 10_000 / 10_000)
    }

    /// `--by id` gives one group per document and `--where id=…` selects documents: the id is no
    /// metadata field, and both used to find no value for it (one "(none)" group; "no document has id").
    @Test func idGroupsAndFiltersDocuments() throws {
        var options = Self.options
        options.groupBy = ["id"]
        options.filters = [("id", ["us1", "cn3"])]
        let s = try source(options)
        #expect(s.documents.rowKeys == ["cn3", "us1"])
        #expect(s.documents.rowTotals == [1, 1])
        #expect(s.codedSpans.rowTotals == [2, 2])
    }

    /// An unknown field points at the one meant (another case, or part of a longer name), and a long
    /// list of fields is cut (AGORA's documents.csv has 100).
    @Test func anUnknownFieldPointsAtALikelyOne() throws {
        for (field, hint) in [("Country", "(is it \"country\"?)"), ("issuer", "(is it \"issuer_type\"?)"), ("xy", "(fields: id, country, issuer_type, title, chars)")] {
            var options = Self.options
            options.groupBy = [field]
            #expect(throws: SpanCoderError.self) { try source(options) }
            do { _ = try source(options) } catch let error as SpanCoderError { #expect(error.message.contains(hint), "\(error)") }
        }
    }

    @Test func filtersKeepMatchingManifestRows() throws {
        var options = Self.options
        options.groupBy = ["issuer_type"]
        options.filters = [("country", ["US"])]
        let report = try CorpusStatistics.compute(manifest: HandCorpus.manifest(), codings: [HandCorpus.coding()], options: options)
        let s = report.sources[0]
        #expect(s.documents.rowKeys == ["Executive", "Legislature"])
        #expect(s.documents.columnKeys == [CorpusStatistics.singleColumn])
        #expect(s.documents.rowTotals == [2, 1])
        #expect(s.codedSpans.rowTotals == [4, 1])
        #expect(s.comparison(code: "risk.bias")?.firstWithCode == 2)
        #expect(report.notes.contains { $0.contains("3 of 7") })
        // Filtered-out documents are in the manifest: not reported as missing from it.
        #expect(s.documentsNotInManifest.map(\.id) == ["xx9"])
    }

    @Test func lengthsFromOptionsFillMissingChars() throws {
        let manifest = try parseManifestCSV("id,country\na,US\nb,CN\nc,CN\n")
        let coding = try parseCoding(#"{"doc":"a","codes":["x"]}"# + "\n" + #"{"doc":"b","codes":["x"]}"#)
        var options = StatsOptions(groupBy: ["country"])
        var s = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: options).sources[0]
        #expect(s.prevalence(code: "x", group: "US")?.spansPer10kChars == nil)
        #expect(s.notes.contains { $0.contains("spans per 10,000 characters left blank for every group") })
        // One document without a length blanks its own group's rate (and the corpus's), not the others'.
        options.documentLengths = ["a": 500, "b": 1000]
        s = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: options).sources[0]
        #expect(s.prevalence(code: "x", group: "US")?.spansPer10kChars == 20)
        #expect(s.prevalence(code: "x", group: "CN")?.spansPer10kChars == nil)
        #expect(s.prevalence(code: "x", group: CorpusStatistics.allGroups)?.spansPer10kChars == nil)
        #expect(s.notes.contains { $0.hasPrefix("spans per 10,000 characters left blank for 1 of the 2 groups (CN) and for (all): 1 document(s) have no length: 1 have none (no \"chars\" value, and --texts has no readable text for them): c") }, "\(s.notes)")
        options.documentLengths = ["a": 500, "b": 1000, "c": 3000]
        s = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: options).sources[0]
        #expect(s.prevalence(code: "x", group: "US")?.spansPer10kChars == 20)
        #expect(s.prevalence(code: "x", group: "CN")?.spansPer10kChars == 2.5)
    }

    /// A `chars` column that pandas wrote as floats ("3268.0") was "no length"; a spreadsheet's
    /// "135,770" or an "NA" was reported as a missing column although it was there. Whole numbers
    /// written as decimals are read; other values are named as not being whole numbers.
    @Test func charsValuesThatAreNotCountsAreNamed() throws {
        #expect(CorpusStatistics.parseCount("3268.0") == 3268 && CorpusStatistics.parseCount(" 12.00 ") == 12)
        for bad in ["3268.5", "135,770", "NA", "-5", ".0", "1.0.0", "1 2", ""] { #expect(CorpusStatistics.parseCount(bad) == nil, "\(bad)") }
        let manifest = try parseManifestCSV("id,country,chars\na,US,500.0\nb,CN,\"135,770\"\nc,CN,\n")
        let coding = try parseCoding(#"{"doc":"a","codes":["x"]}"# + "\n" + #"{"doc":"b","codes":["x"]}"#)
        let s = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions(groupBy: ["country"])).sources[0]
        let note = try #require(s.notes.first { $0.contains("spans per 10,000 characters left blank") })
        #expect(note.contains(#"2 document(s) have no length: 1 have a "chars" value that is not a whole number of characters (b: "135,770""#), "\(note)")
        #expect(note.contains("1 have none") && note.hasSuffix(": c"), "\(note)")
        var options = StatsOptions(groupBy: ["country"])
        options.documentLengths = ["b": 1000, "c": 1000]
        let measured = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: options).sources[0]
        #expect(measured.prevalence(code: "x", group: "US")?.spansPer10kChars == 20)
        #expect(measured.prevalence(code: "x", group: "CN")?.spansPer10kChars == 5)
    }

    /// An empty or differently cased grouping value ("us" beside "US") made a group of its own with
    /// nothing said; the run's notes now name both.
    @Test func emptyAndCaseVariantGroupValuesAreNoted() throws {
        let manifest = try parseManifestCSV("id,country,type\na,US,x\nb,us,x\nc,,x\nd,CN,x\ne,Cn,x\n")
        let coding = try parseCoding(#"{"doc":"a","codes":["x"]}"#)
        let report = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions(groupBy: ["country", "type"]))
        #expect(report.notes.contains("1 document(s) have no country value and are grouped as (none): c"), "\(report.notes)")
        #expect(report.notes.contains(#"country values that differ only in letter case are separate groups ("CN" and "Cn"; "US" and "us"): is that meant?"#), "\(report.notes)")
        #expect(!report.notes.contains { $0.hasPrefix("type") })
        #expect(report.sources[0].documents.rowKeys == ["(none)", "CN", "Cn", "US", "us"])
    }

    /// A value that is one of the tables' own labels made rows that could not be told apart ("(none)"
    /// pooled with empty values, two "(all)" and two "total" rows): refused. "(none)" in --where selects
    /// the documents without a value, as the tables name them.
    @Test func reservedLabelsAreRefusedAndNoneSelectsEmptyValues() throws {
        let coding = try parseCoding(#"{"doc":"a","codes":["x"]}"#)
        for label in ["(none)", "(all)", "total"] {
            let manifest = try parseManifestCSV("id,country\na,US\nb,\(label)\n")
            #expect { try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions(groupBy: ["country"])) } throws: { error in
                (error as? SpanCoderError)?.message.hasPrefix("document b has country = \"\(label)\", a label the tables use themselves") == true
            }
        }
        let manifest = try parseManifestCSV("id,country,type\na,US,x\nb,,x\nc,CN,x\n")
        let report = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions(groupBy: ["type"], filters: [(field: "country", values: ["(none)", "US"])]))
        #expect(report.sources[0].documents.rowTotals == [2])
        #expect(report.notes.contains("manifest filtered to country in {(none), US}: 2 of 3 documents"), "\(report.notes)")
        let none = try parseManifestCSV("id,country\na,US\n")
        #expect { try CorpusStatistics.compute(manifest: none, codings: [coding], options: StatsOptions(groupBy: ["country"], filters: [(field: "country", values: ["(none)"])])) } throws: { error in
            (error as? SpanCoderError)?.message.hasPrefix("--where country=(none): no manifest document has no country value") == true
        }
    }

    /// A comparison with a group of a few documents says so: each document moves its shares a lot.
    @Test func smallComparedGroupsAreNoted() throws {
        let manifest = try parseManifestCSV("id,country\n" + (0..<12).map { "u\($0),US\n" }.joined() + "c0,CN\nc1,CN\nc2,CN\n")
        let coding = try parseCoding(#"{"doc":"u0","codes":["x"]}"#)
        let report = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions(groupBy: ["country"]))
        #expect(report.sources[0].notes.contains { $0.hasPrefix("comparison of small groups: CN has 3 documents; each document of such a group moves its shares by 33 points or more") }, "\(report.sources[0].notes)")
    }

    /// `tag`'s CSV or a Label Studio export given as a coding stopped with "expected '{'" alone.
    @Test func anotherFormatGivenAsACodingIsNamed() throws {
        #expect { try parseCoding("\u{FEFF}doc,start,end,text,codes\r\nd,0,3,abc,risk.bias\r\n") } throws: { error in
            (error as? SpanCoderError)?.message.contains("this looks like a CSV file (tag --format csv?)") == true
        }
        #expect { try parseCoding(#"[{"id": 1, "data": {"text": "abc"}}]"#) } throws: { error in
            (error as? SpanCoderError)?.message.contains("a JSON array (a Label Studio export?)") == true
        }
        #expect { try parseCoding(#"{"doc":"a","codes":["x"]}"# + "\nnot json\n") } throws: { error in
            (error as? SpanCoderError)?.message.contains("looks like") == false
        }
    }

    @Test func usageErrors() throws {
        var options = Self.options
        options.groupBy = ["region"]
        #expect(throws: SpanCoderError.self) { try source(options) }
        options = Self.options
        options.compare = ("US", "EU")
        do {
            _ = try source(options)
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.kind == .usage)
            #expect(error.message.contains("EU"))
        }
    }

    /// A --where value no document has is a usage error naming the values there are, as an unknown
    /// field is; so is a set of conditions that no document meets together.
    @Test func filterMatchingNothingIsAUsageError() throws {
        var options = Self.options
        options.filters = [("country", ["us"])]
        do {
            _ = try source(options)
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.kind == .usage)
            #expect(error.message.contains("\"us\"") && error.message.contains("CN, US"), "\(error.message)")
        }
        options.filters = [("country", ["CN"]), ("issuer_type", ["Legislature"])]
        #expect(try source(options).documents.total == 2)
        options.filters = [("country", ["US"]), ("issuer_type", ["Legislature"]), ("title", ["Order, with a comma"])]
        do {
            _ = try source(options)
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.kind == .usage)
            #expect(error.message.contains("together"), "\(error.message)")
        }
    }

    /// tag --doc-codes adds a whole-document span ("id": "document") per document: it is no coded
    /// passage, and counting it made every coded document one span more.
    @Test func documentLevelSpansAreLeftOut() throws {
        let lines = [
            #"{"doc":"a","start":0,"end":5,"text":"x","codes":[{"code":"x","score":1,"evidence":[{"term":"t","rule":null,"start":0,"end":1}]}]}"#,
            #"{"doc":"a","id":"document","start":0,"end":40,"codes":[{"code":"x","score":2,"evidence":[]}, {"code":"y","score":3,"evidence":[]}]}"#,
            #"{"doc":"b","start":0,"end":5,"codes":[]}"#,
            #"{"doc":"b","id":"document","start":0,"end":9,"codes":[{"code":"y","score":3,"evidence":[]}]}"#,
        ]
        let coding = try parseCoding(lines.joined(separator: "\n"))
        #expect(coding.documentLevelSpans == 2)
        #expect(coding.spanCount == 2)
        let manifest = try parseManifestCSV("id,country\na,US\nb,CN\n")
        let s = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions(groupBy: ["country"])).sources[0]
        #expect(s.codedSpans.total == 1)
        // "y" is only on the left-out lines: no code of the coding, so no row of zeros in tables 4-6
        // (the reader interned it before it knew the line was left out).
        #expect(coding.codes == ["x"])
        #expect(s.prevalence(code: "y", group: CorpusStatistics.allGroups) == nil)
        #expect(s.comparison?.contains { $0.code == "y" } == false)
        #expect(s.prevalence(code: "x", group: CorpusStatistics.allGroups)?.spans == 1)
        #expect(s.notes.contains { $0.contains("whole-document") })
        // The same spans built in memory.
        let built = Coding(name: "m", spans: [
            CodedSpan(doc: "a", range: TextRange(start: 0, end: 5), codes: [CodeAssignment(code: "x", score: 1, evidence: [])]),
            CodedSpan(doc: "a", range: TextRange(start: 0, end: 40), codes: [CodeAssignment(code: "x", score: 2, evidence: [])], id: "document"),
            CodedSpan(doc: "b", range: TextRange(start: 0, end: 9), codes: [CodeAssignment(code: "y", score: 3, evidence: [])], id: "document"),
        ])
        #expect(built.documentLevelSpans == 2 && built.spanCount == 1)
        #expect(built.codes == ["x"])
        // A code of a left-out line that a counted line carries later is a code all the same.
        let later = try parseCoding(lines[1] + "\n" + #"{"doc":"b","start":0,"end":5,"codes":["y"]}"#)
        #expect(later.codes == ["y"])
    }

    /// A gold export that writes one line per (span, code) is one passage per span: table 2 counted
    /// the passage once per code, and the reader warned "was a coding given twice?". Lines of one
    /// document's run with the same start and end are one span with the union of their codes, wherever
    /// they come in the run (here sorted by code), and with the evidence of every line for table 6.
    @Test func oneCodePerLineCountsEachPassageOnce() throws {
        let lines = [
            #"{"doc":"a","start":0,"end":5,"codes":["A"]}"#,
            #"{"doc":"a","start":6,"end":9,"codes":["A"]}"#,
            #"{"doc":"a","start":0,"end":5,"codes":["B"]}"#,
            #"{"doc":"a","start":6,"end":9,"codes":["C"]}"#,
            #"{"doc":"a","start":10,"end":12,"codes":[]}"#,
            #"{"doc":"a","start":0,"end":5,"codes":["A"]}"#,
            #"{"doc":"b","start":0,"end":5,"codes":["A"]}"#,
            #"{"doc":"b","start":0,"end":5,"codes":[]}"#,
        ]
        let coding = try parseCoding(lines.joined(separator: "\n"))
        #expect(coding.spanCount == 4)
        #expect(coding.mergedLines == 4)
        #expect(coding.reappearingDocuments == 0 && coding.reappearingNote == nil)
        let manifest = try parseManifestCSV("id,country\na,US\nb,CN\n")
        let s = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions(groupBy: ["country"])).sources[0]
        #expect(s.codedSpans.total == 3)
        #expect(s.codedSpans.value("US", CorpusStatistics.singleColumn) == 2)
        let all = CorpusStatistics.allGroups
        #expect([s.prevalence(code: "A", group: all)?.spans, s.prevalence(code: "B", group: all)?.spans, s.prevalence(code: "C", group: all)?.spans] == [3, 1, 1])
        #expect(s.prevalence(code: "A", group: all)?.documentsWithCode == 2)
        #expect(s.notes.contains { $0.contains("4 span line(s)") && $0.contains("a [0, 5)") && $0.contains("counted as one span") })
        #expect(!s.notes.contains { $0.contains("twice") })
        // The same spans built in memory.
        func span(_ doc: String, _ start: Int, _ end: Int, _ codes: [String]) -> CodedSpan {
            CodedSpan(doc: doc, range: TextRange(start: start, end: end), codes: codes.map { CodeAssignment(code: $0) })
        }
        let built = Coding(name: "m", spans: [span("a", 0, 5, ["A"]), span("a", 6, 9, ["A"]), span("a", 0, 5, ["B"]), span("a", 6, 9, ["C"]),
                                              span("a", 10, 12, []), span("a", 0, 5, ["A"]), span("b", 0, 5, ["A"]), span("b", 0, 5, [])])
        #expect(built.spanCount == 4 && built.mergedLines == 4)

        // Evidence: each line's terms count, once per span.
        let evidence = try parseCoding([
            #"{"doc":"a","start":0,"end":5,"codes":[{"code":"A","evidence":[{"term":"t1"}]}]}"#,
            #"{"doc":"a","start":0,"end":5,"codes":[{"code":"A","evidence":[{"term":"t2"},{"term":"t1"}]}]}"#,
            #"{"doc":"a","start":6,"end":9,"codes":[{"code":"A","evidence":[{"term":"t1"}]}]}"#,
        ].joined(separator: "\n"))
        let e = try CorpusStatistics.compute(manifest: manifest, codings: [evidence], options: StatsOptions(groupBy: ["country"])).sources[0]
        #expect(e.prevalence(code: "A", group: all)?.spans == 2)
        #expect(e.terms(code: "A", group: "US")?.top == [TermUsage.Entry(label: "t1", spans: 2), TermUsage.Entry(label: "t2", spans: 1)])
    }

    /// `cat a.jsonl a.jsonl | stats -` doubled every count silently; then every span's offsets were
    /// kept to the end of the file to find repeats (8 bytes a span). Now only the lines of the document
    /// being read are kept (its run: `Coding.addLine` buffers them until another document starts, and
    /// the buffers are emptied for the next one), plus one byte per document: whether it was seen. A
    /// document that comes back after other documents' lines is counted again and reported, neutrally:
    /// its later lines may be other passages (a coding split by coder or code) or the same ones.
    /// (Measured on 100,000 documents / 1,000,000 spans with evidence: 132 MB before, 120 MB after.)
    @Test func documentsThatComeBackAreCountedAndReported() throws {
        let once = [
            #"{"doc":"a","start":0,"end":5,"codes":["x"]}"#,
            #"{"doc":"a","start":6,"end":9,"codes":["x"]}"#,
            #"{"doc":"b","start":0,"end":5,"codes":["y"]}"#,
        ].joined(separator: "\n")
        let clean = try parseCoding(once)
        #expect(clean.reappearingDocuments == 0 && clean.reappearingNote == nil && clean.mergedLinesNote == nil)
        let twice = try parseCoding(once + "\n" + once)
        #expect(twice.reappearingDocuments == 2)
        #expect(twice.reappearingLines == 3)
        #expect(twice.mergedLines == 0)
        let note = try #require(twice.reappearingNote)
        #expect(note.contains("2 document(s)") && note.contains("e.g. a") && note.contains("3 later line(s)") && note.contains("cat a.jsonl a.jsonl"))
        let manifest = try parseManifestCSV("id,country\na,US\nb,CN\n")
        let s = try CorpusStatistics.compute(manifest: manifest, codings: [twice], options: StatsOptions(groupBy: ["country"])).sources[0]
        #expect(s.notes.contains(note))
        // Counted again, as documented: each document still counts once in table 4's documents.
        #expect(s.codedSpans.total == 6)
        #expect(s.prevalence(code: "x", group: CorpusStatistics.allGroups)?.documentsWithCode == 1)
        #expect(s.prevalence(code: "x", group: CorpusStatistics.allGroups)?.spans == 4)
        // Within a run, lines out of order are no repeat unless their offsets are the same; the same
        // offsets in two documents are two spans.
        let shuffled = try parseCoding([#"{"doc":"a","start":6,"end":9,"codes":[]}"#, #"{"doc":"a","start":0,"end":5,"codes":[]}"#,
                                        #"{"doc":"a","start":6,"end":9,"codes":[]}"#, #"{"doc":"b","start":6,"end":9,"codes":[]}"#].joined(separator: "\n"))
        #expect(shuffled.spanCount == 3 && shuffled.mergedLines == 1 && shuffled.reappearingDocuments == 0)
    }

    @Test func noComparisonWithoutTwoGroups() throws {
        let manifest = try parseManifestCSV("id,country\na,US\nb,CN\nc,EU\n")
        let coding = try parseCoding(#"{"doc":"a","codes":["x"]}"#)
        let s = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions(groupBy: ["country"])).sources[0]
        #expect(s.comparison == nil)
        #expect(s.notes.contains { $0.contains("--compare") })
    }

    @Test func bootstrapIsSeededAndBracketsTheEstimate() throws {
        var options = Self.options
        options.bootstrapReplicates = 2000
        options.seed = 7
        let first = try #require(try source(options).comparison)
        let again = try #require(try source(options).comparison)
        #expect(first == again)
        for row in first {
            let boot = try #require(row.bootstrapInterval)
            #expect(boot.lower <= row.difference + 1e-12 && row.difference <= boot.upper + 1e-12, "\(row.code)")
            #expect(-1 <= boot.lower && boot.upper <= 1)
        }
        // gov.liability: US has 0 of 3 in every resample, so the difference is CN's resampled share,
        // a multiple of 1/4 that is never negative.
        let liability = try #require(first.first { $0.code == "gov.liability" }?.bootstrapInterval)
        #expect(liability.lower == 0)
        #expect(liability.upper >= 0.5 && liability.upper <= 1)
        options.seed = 8
        let other = try #require(try source(options).comparison)
        #expect(other.map { $0.bootstrapInterval!.upper } != first.map { $0.bootstrapInterval!.upper }
            || other.map { $0.bootstrapInterval!.lower } != first.map { $0.bootstrapInterval!.lower })
    }

    /// The flattened resampling loop against a direct one drawing the same documents.
    @Test func bootstrapMatchesANaiveResampling() {
        let codesOfDocument: [[Int32]] = [[0, 2], [1], [], [0], [2, 1, 0], [], [1], [0, 1]]
        let docRow = [0, 1, 0, 1, 0, 2, 1, 0]   // group 2 is not compared
        let fast = CorpusStatistics.bootstrapDifferences(codesOfDocument: codesOfDocument, docRow: docRow, first: 0, second: 1, codeCount: 3, replicates: 500, seed: 11)
        var generator = SeededGenerator(seed: 11)
        let a = docRow.indices.filter { docRow[$0] == 0 }, b = docRow.indices.filter { docRow[$0] == 1 }
        var differences = Array(repeating: [Double](), count: 3)
        for _ in 0..<500 {
            let drawnA = a.map { _ in a[generator.next(below: a.count)] }
            let drawnB = b.map { _ in b[generator.next(below: b.count)] }
            for c in 0..<3 {
                let shareA = Double(drawnA.filter { codesOfDocument[$0].contains(Int32(c)) }.count) / Double(a.count)
                let shareB = Double(drawnB.filter { codesOfDocument[$0].contains(Int32(c)) }.count) / Double(b.count)
                differences[c].append(shareA - shareB)
            }
        }
        for c in 0..<3 {
            let sorted = differences[c].sorted()
            #expect(fast[c].lower == ProportionInterval.quantile(sorted: sorted, 0.025))
            #expect(fast[c].upper == ProportionInterval.quantile(sorted: sorted, 0.975))
        }
    }

    @Test func multipleCodingsGetTheirOwnTables() throws {
        let gold = try parseCoding(#"{"doc":"cn4","codes":["risk.bias"]}"#, name: "gold.jsonl")
        let report = try CorpusStatistics.compute(manifest: HandCorpus.manifest(), codings: [HandCorpus.coding(), gold], options: Self.options)
        #expect(report.sources.map(\.name) == ["hand.jsonl", "gold.jsonl"])
        #expect(report.sources[1].prevalence(code: "risk.bias", group: "CN")?.documentsWithCode == 1)
        // Codes are the union over sources, so the tables line up.
        #expect(report.sources[1].prevalence.map(\.code) == report.sources[0].prevalence.map(\.code))
        #expect(report.sources[1].prevalence(code: "risk.privacy", group: "CN")?.documentsWithCode == 0)
    }
}

@Suite struct IntervalTests {
    /// statsmodels 0.15.0 `proportion_confint(x, n, method='wilson')`.
    @Test func wilsonMatchesStatsmodels() {
        let cases: [(Int, Int, Double, Double)] = [
            (1, 4, 0.0455872608097006, 0.6993581574175982),
            (0, 3, 0.0, 0.5614970317550455),
            (3, 3, 0.43850296824495444, 1.0),
        ]
        for (x, n, lower, upper) in cases {
            let interval = ProportionInterval.wilson(successes: x, trials: n)
            #expect(abs(interval.lower - lower) < 1e-12)
            #expect(abs(interval.upper - upper) < 1e-12)
        }
    }

    /// Larger groups, from the same statsmodels call as table 5 (method='newcomb').
    @Test func newcombeMatchesStatsmodels() {
        let cases: [(Int, Int, Int, Int, Double, Double)] = [
            (0, 20, 5, 8, -0.8631557141764027, -0.26738745105685874),
            (13, 20, 6, 8, -0.3811084072622138, 0.280249171781663),
        ]
        for (x1, n1, x2, n2, lower, upper) in cases {
            let interval = ProportionInterval.newcombeDifference(successes1: x1, trials1: n1, successes2: x2, trials2: n2)
            #expect(abs(interval.lower - lower) < 1e-12)
            #expect(abs(interval.upper - upper) < 1e-12)
        }
    }

    @Test func quantileInterpolatesLikeNumpy() {
        // numpy.quantile([1, 2, 3, 4], 0.25) == 1.75
        #expect(ProportionInterval.quantile(sorted: [1, 2, 3, 4], 0.25) == 1.75)
        #expect(ProportionInterval.quantile(sorted: [5], 0.975) == 5)
    }

    @Test func boundedDrawsCoverTheRange() {
        var generator = SeededGenerator(seed: 42)
        var seen = Array(repeating: 0, count: 7)
        for _ in 0..<7000 { seen[generator.next(below: 7)] += 1 }
        #expect(seen.allSatisfy { $0 > 800 && $0 < 1200 })
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1)
        #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
    }
}
