import SpanCoderCore
import Testing
@testable import SpanCoderText

/// Page numbers and running headers between the lines of a sentence that a PDF's page break cut
/// (`PageFurniture`).
@Suite struct PageFurnitureTests {
    private func texts(_ text: String, unit: SegmentUnit = .sentence) -> [String] {
        Segmenter(unit: unit).segments(of: text).map { $0.text(in: text) }
    }

    /// Two pages of the NIST AI RMF as pdftotext gives them: the footer, a form feed, the running header.
    static let header = "\u{0C}NIST AI 100-1 AI RMF 1.0"

    /// A Chinese text wrapped at 19 code points a line, with a page number between two of its lines.
    static func wrappedChinese(footer: String) -> String {
        "人工智能服务提供者应当依法履行义务，不\n得侵害自然人的个人信息权益，并应当采取\n\(footer)\n有效措施防止生成虚假信息，保护用户的合\n法权益，定期开展安全评估并及时向主管部\n门报告评估结果。\n"
    }

    @Test(arguments: [
        // A word hyphenated at the page's end goes on after the footer and the next page's header.
        ("Transparency should consider human-AI interaction: for exam-\nPage 15\n\(header)\nple, how a human operator is notified.\nPage 16\n\(header)\nRisks to interpretability can be addressed.",
         ["Transparency should consider human-AI interaction: for exam-\nPage 15\n\(header)\nple, how a human operator is notified.",
          "Page 16", "NIST AI 100-1 AI RMF 1.0", "Risks to interpretability can be addressed."]),
        // No hyphen: a line that ends in a word, the next page's text in lowercase.
        ("Privacy-enhancing techniques can result in a loss in accuracy, affecting decisions\nPage 12\n\(header)\nabout fairness in certain domains.\nPage 13\n\(header)\nAccuracy matters.",
         ["Privacy-enhancing techniques can result in a loss in accuracy, affecting decisions\nPage 12\n\(header)\nabout fairness in certain domains.",
          "Page 13", "NIST AI 100-1 AI RMF 1.0", "Accuracy matters."]),
        // After a comma, a page that opens with a figure caption (the RMF's "Fig. 2. Lifecycle and Key
        // Dimensions …"): the sentence does not go on there, and the footer no longer joins the line before it.
        ("These AI actors may include advocacy groups,\nPage 9\n\(header)\nFigure 2 shows the lifecycle of an AI system.\nPage 10\n\(header)\nText.",
         ["These AI actors may include advocacy groups,", "Page 9", "NIST AI 100-1 AI RMF 1.0",
          "Figure 2 shows the lifecycle of an AI system.", "Page 10", "NIST AI 100-1 AI RMF 1.0", "Text."]),
        // Page numbers of other shapes, without a header.
        ("The provider shall carry\nPage 3 of 40\nout checks on the corpora.", ["The provider shall carry\nPage 3 of 40\nout checks on the corpora."]),
        ("The provider shall carry\n- 15 -\nout checks.", ["The provider shall carry\n- 15 -\nout checks."]),
        ("The provider shall carry\n— 15 —\nout checks.", ["The provider shall carry\n— 15 —\nout checks."]),
        ("The provider shall carry\n  –15–  \r\nout checks.", ["The provider shall carry\n  –15–  \r\nout checks."]),
        ("Agencies should adopt AI-\nPAGE 7\nBased tools.", ["Agencies should adopt AI-\nPAGE 7\nBased tools."]),
        // A bare number between the halves of a sentence is a page number.
        ("The provider shall carry\n15\nout checks.", ["The provider shall carry\n15\nout checks."]),
        // A page break with no footer: the form feed alone, or on a line of its own.
        ("for exam-\n\u{0C}ple, how it works.", ["for exam-\n\u{0C}ple, how it works."]),
        ("for exam-\n\u{0C}\nple, how it works.", ["for exam-\n\u{0C}\nple, how it works."]),
        // Where the sentence ended, the footer and the header are units of their own: no lowercase line
        // after them joins them.
        ("It ends here.\nPage 4\nand a new line", ["It ends here.", "Page 4", "and a new line"]),
        ("It ends here.\n\u{0C}Header Line 1.0\nand more text.\n\u{0C}Header Line 1.0\nNext.",
         ["It ends here.", "Header Line 1.0", "and more text.", "Header Line 1.0", "Next."]),
        // A page's first line that no other page opens with is text, not a header.
        ("developed by the agencies and\nPage 5\n\u{0C}Table 3 lists the\nrisks.", ["developed by the agencies and", "Page 5", "Table 3 lists the\nrisks."]),
        // A running header whose page numbers change, and a page number in the header line.
        ("rules for\nPage 1\n\u{0C}Federal Register / Vol. 88, No. 210 / 75191\nthe agencies.\n\u{0C}Federal Register / Vol. 88, No. 211 / 75192\nEnd.",
         ["rules for\nPage 1\n\u{0C}Federal Register / Vol. 88, No. 210 / 75191\nthe agencies.", "Federal Register / Vol. 88, No. 211 / 75192", "End."]),
        // Bare numbers elsewhere keep the line rules: a list's page number, a footnote's number.
        ("h) Health-based discrimination;\n16\ni) Other types.", ["h) Health-based discrimination;", "16", "i) Other types."]),
        ("best practices for the use of AI. 2\n\n2\n AI Framework principles are informed.",
         ["best practices for the use of AI.", "2", "2", "AI Framework principles are informed."]),
        // A blank line ends the sentence, page break or not.
        ("The provider shall carry\n\nPage 3\nout checks.", ["The provider shall carry", "Page 3", "out checks."]),
        // Chinese: a wrapped sentence goes on across its page number.
        (wrappedChinese(footer: "- 3 -"), [String(wrappedChinese(footer: "- 3 -").dropLast())]),
        (wrappedChinese(footer: "第 3 页 共 10 页"), [String(wrappedChinese(footer: "第 3 页 共 10 页").dropLast())]),
    ] as [(String, [String])])
    func sentencesGoOnAcrossPageFurniture(text: String, expected: [String]) {
        #expect(texts(text) == expected)
        SegmenterTests.checkSpans(Segmenter(unit: .sentence).segments(of: text), of: text)
        // ICU and the shortcut agree across the furniture too.
        let reference = Segmenter(unit: .sentence, abbreviations: Segmenter.defaultAbbreviations, locale: "en@ss=standard", shortcut: false)
        #expect(reference.segments(of: text).map { $0.text(in: text) } == expected)
        // Paragraphs (a text without blank lines: a line each, hard wraps joined) go on across it alike.
        if !text.contains("\n\n") {
            #expect(texts(text, unit: .paragraph) == expected, "paragraph")
            SegmenterTests.checkSpans(Segmenter(unit: .paragraph).segments(of: text), of: text)
        }
    }

    /// Random lines of furniture, text and page breaks: every unit slices the text exactly, and the
    /// shortcut gives ICU's spans.
    @Test func randomPageBreaksSliceExactly() {
        let pieces = ["Page 15", "PAGE 2 of 9", "- 3 -", "— 4 —", "第 3 页", "12", "7", "\u{0C}", "\u{0C}NIST AI 100-1 AI RMF 1.0",
                      "exam-", "ple, how", "and the", "Fig. 2.", "groups,", "(a) label", "第一条 为了", "人工智能服务提供者应当依法履行义务", "。",
                      " ", "\n", "\n", "\n", "\r\n", "\n\n"]
        var random = SplitMix64(seed: 57)
        let reference = Segmenter(unit: .sentence, abbreviations: Segmenter.defaultAbbreviations, locale: "en@ss=standard", shortcut: false)
        for _ in 0..<3000 {
            let text = (0..<Int(random.next() % 30)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            for unit in SegmentUnit.allCases {
                SegmenterTests.checkSpans(Segmenter(unit: unit).segments(of: text), of: text)
            }
            #expect(reference.segments(of: text).map(\.utf8Range) == Segmenter(unit: .sentence).segments(of: text).map(\.utf8Range),
                    "\(text.debugDescription)")
        }
    }

    @Test(arguments: [
        ("Page 15", PageFurniture.PageNumber.marked), ("PAGE 7", .marked), ("Page 15 of 40", .marked), ("PAGE 2 OF 9", .marked),
        ("- 15 -", .marked), ("-15-", .marked), ("— 3 —", .marked), ("– 12 –", .marked), ("-- 4 --", .marked),
        ("第 3 页", .marked), ("第3页", .marked), ("第3页 共10页", .marked), ("第 3 页，共 10 页", .marked),
        ("15", .bare), ("2023", .bare),
    ])
    func pageNumbers(line: String, kind: PageFurniture.PageNumber) {
        var copy = line
        #expect(copy.withUTF8 { PageFurniture.pageNumber($0, 0..<$0.count) } == kind)
    }

    @Test(arguments: ["Page", "Page15", "Pages 15", "page 15", "Page 15.", "Page 15 of", "Page 15 Notes", "12345", "15 %", "1.5",
                      "- 15", "15 -", "--- 15 ---", "第三页", "第3条", "第 3 页 共", "Part 15"])
    func notPageNumbers(line: String) {
        var copy = line
        #expect(copy.withUTF8 { PageFurniture.pageNumber($0, 0..<$0.count) } == nil)
    }

    /// The NIST AI RMF as pdftotext extracted it (42 pages, a footer "Page N" and the header "NIST AI 100-1
    /// AI RMF 1.0" at each break): no span runs into furniture or out of it; each span that holds some
    /// goes on across it, from text before to text after; and the six sentences cut by a page break are
    /// whole.
    @Test func nistAIRMFPageBreaks() throws {
        let path = TestSupport.sharedCorpusTexts + "/us-nist-ai-rmf-2023.txt"
        let text = try DocumentDecoder.decode(bytes: TestSupport.read(path), name: path)
        let spans = Segmenter(unit: .sentence).segments(of: text).map { $0.text(in: text) }
        let furniture = try Regex(#"\n(Page \d+)\n\f(NIST AI 100-1 AI RMF 1\.0)\n"#)
        var across = 0
        for span in spans where span.contains("Page ") || span.contains("RMF 1.0\n") {
            if span.wholeMatch(of: try Regex(#"Page \d+"#)) != nil || span == "NIST AI 100-1 AI RMF 1.0" { continue }
            guard span.contains(furniture) else {
                #expect(span.firstMatch(of: try Regex(#"\nPage \d+$"#)) == nil, "\(span.debugDescription)")
                #expect(!span.hasPrefix("NIST AI 100-1 AI RMF 1.0\n"), "\(span.debugDescription)")
                continue
            }
            across += 1
            #expect(span.hasSuffix("."), "\(span.debugDescription)")
        }
        #expect(across == 6)
        #expect(spans.contains("Transparency should consider human-AI interaction: for exam-\nPage 15\n\u{0C}NIST AI 100-1 AI RMF 1.0\n"
            + "ple, how a human operator or user is notified when a potential or actual adverse outcome\ncaused by an AI system is detected."))
        #expect(spans.contains("Page 9"))
    }
}
