import SpanCoderCore
import Testing
@testable import SpanCoderText

@Suite struct SegmenterTests {
    let sentences = Segmenter(unit: .sentence)

    /// Checks every invariant of a segmentation: spans in order, not overlapping, trimmed, not empty,
    /// and slicing the original text exactly in code points, UTF-16 and UTF-8 (cut from arrays of each,
    /// a reference independent of `Segment.text` and `OffsetIndex`).
    static func checkSpans(_ segments: [Segment], of text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let index = OffsetIndex(text)
        let scalars = Array(text.unicodeScalars)
        let utf16 = Array(text.utf16)
        let utf8 = Array(text.utf8)
        var previousEnd = 0
        for segment in segments {
            let expected = segment.text(in: text)
            #expect(!expected.isEmpty, sourceLocation: sourceLocation)
            #expect(segment.range.start >= previousEnd, sourceLocation: sourceLocation)
            previousEnd = segment.range.end
            #expect(expected.unicodeScalars.first.map { !$0.properties.isWhitespace } ?? false, "\(expected)", sourceLocation: sourceLocation)
            #expect(expected.unicodeScalars.last.map { !$0.properties.isWhitespace } ?? false, "\(expected)", sourceLocation: sourceLocation)
            var byScalars = String.UnicodeScalarView()
            byScalars.append(contentsOf: scalars[segment.range.start..<segment.range.end])
            #expect(String(byScalars) == expected, sourceLocation: sourceLocation)
            #expect(String(decoding: utf8[segment.utf8Range], as: UTF8.self) == expected, sourceLocation: sourceLocation)
            let u16Start = index.utf16Offset(utf8: segment.utf8Range.lowerBound)
            let u16End = index.utf16Offset(utf8: segment.utf8Range.upperBound)
            #expect(String(decoding: utf16[u16Start..<u16End], as: UTF16.self) == expected, sourceLocation: sourceLocation)
            #expect(index.codePointOffset(u16Start, in: .utf16) == segment.range.start, sourceLocation: sourceLocation)
        }
    }

    /// A line longer than ICU's window, with restored breaks in the margin a window shares with the
    /// next: the next window started at the last ICU break, found the restored breaks again behind the
    /// unit they had ended, and cut backwards (a crash).
    @Test func restoredBreaksInAWindowsMarginAreTakenOnce() {
        let icu = Segmenter(unit: .sentence, abbreviations: Segmenter.defaultAbbreviations, locale: "en@ss=standard", shortcut: false)
        let filler = "Filler words here, "
        let head = String(repeating: filler, count: (Segmenter.windowBytes - Segmenter.windowMargin - 2_000) / filler.utf8.count)
        let text = head + "end. Then NIST. They met CAIO. Staff agreed. " + String(repeating: "pad text words ", count: 30_000) + "done."
        for segmenter in [sentences, icu] {
            let spans = segmenter.segments(of: text)
            Self.checkSpans(spans, of: text)
            #expect(spans.map { $0.text(in: text) }.dropFirst().prefix(2) == ["Then NIST.", "They met CAIO."], "shortcut \(segmenter.shortcut)")
            #expect(spans.count == 4)
        }
    }

    /// A line that ends in a citation, "subsection (a)", was not joined to its lowercase continuation
    /// (the wrap rule wanted a letter, digit or comma at the line's end): 23 such splits in AGORA's bills.
    /// A label after no citation noun ("apply (a)", "(see above).") still ends its line. So was a public
    /// law's number cut at its hyphen.
    @Test(arguments: [
        ("The report submitted under subsection (a)\nshall include the following:", ["The report submitted under subsection (a)\nshall include the following:"]),
        ("(6) make available to the users described in paragraph (3) \n    guidance on the use of sandboxes.", ["(6) make available to the users described in paragraph (3) \n    guidance on the use of sandboxes."]),
        ("The written notice required under subsections (b)\nand (c) shall include reasons.", ["The written notice required under subsections (b)\nand (c) shall include reasons."]),
        ("Subsections (a)(1)\nand (2) shall serve as the base.", ["Subsections (a)(1)\nand (2) shall serve as the base."]),
        ("The following apply (a)\nto this.", ["The following apply (a)", "to this."]),
        ("It ends here (see above).\nthe next line goes on.", ["It ends here (see above).", "the next line goes on."]),
        // A number cut at its hyphen: "Public Law 117-⏎263" (15 cuts in AGORA's bills), not before an item.
        ("for Fiscal Year 2023 (Public Law 117-\n263; 136 Stat. 3476).", ["for Fiscal Year 2023 (Public Law 117-\n263; 136 Stat. 3476)."]),
        ("The items are 1-\n2. Second item here.", ["The items are 1-", "2. Second item here."]),
        // An abbreviation at a line's end before a digit or lowercase ("(42 U.S.C.⏎1397ee)", "(e.g.⏎traffic"),
        // not before a capital, and not a company's suffix in a list of names.
        ("Section 2110(c) of the Act (42 U.S.C.\n1397ee) is amended.", ["Section 2110(c) of the Act (42 U.S.C.\n1397ee) is amended."]),
        // The same wrap at a LINE SEPARATOR, which the same rule judges.
        ("Section 2110(c) of the Act (42 U.S.C.\u{2028}1397ee) is amended.", ["Section 2110(c) of the Act (42 U.S.C.\u{2028}1397ee) is amended."]),
        ("A niche use case (e.g.\ntraffic management) applies; reshares, etc.\nand likes count.", ["A niche use case (e.g.\ntraffic management) applies; reshares, etc.\nand likes count."]),
        ("It is made in the U.S.\nThe next sentence follows.", ["It is made in the U.S.", "The next sentence follows."]),
        ("Huawei Technologies Co., Ltd.\niFlytek Co., Ltd.\n360 Security Technology Inc.", ["Huawei Technologies Co., Ltd.", "iFlytek Co., Ltd.", "360 Security Technology Inc."]),
    ])
    func aCitationAtALineEndGoesOn(text: String, expected: [String]) {
        let spans = sentences.segments(of: text)
        Self.checkSpans(spans, of: text)
        #expect(spans.map { $0.text(in: text) } == expected)
    }

    /// ICU's English exception filter matches an abbreviation backwards without looking for the word's
    /// start, so "NIST.", "CAIO." and "LLMs." (ending in "T.", "O.", "Ms.") ended no sentence, nor did
    /// "Act." and "Card.", which are on its list; and "etc." was on ours. Each glued two sentences
    /// (about 125 times in AGORA's full texts, 12 in the corpus). Real abbreviations keep their breaks
    /// dropped. The same on lines the shortcut decides and on lines ICU sees (in a window of its own).
    @Test(arguments: [
        ("Each agency must comply with the Privacy Act. In these cases it applies.", ["Each agency must comply with the Privacy Act.", "In these cases it applies."]),
        ("It follows NIST. The agency agrees.", ["It follows NIST.", "The agency agrees."]),
        ("Each agency must designate a CAIO. To ensure this, it acts.", ["Each agency must designate a CAIO.", "To ensure this, it acts."]),
        ("Bias is pervasive in LLMs. See also the study.", ["Bias is pervasive in LLMs.", "See also the study."]),
        ("We published the GPT-4 System Card. Since then, more.", ["We published the GPT-4 System Card.", "Since then, more."]),
        ("False likes, reshares, etc. They may not shield it.", ["False likes, reshares, etc.", "They may not shield it."]),
        ("Data, models, etc. and other things; fees, etc., are due.", ["Data, models, etc. and other things; fees, etc., are due."]),
        ("Mr. Smith met Dr. Jones. Then Ms. Lee spoke.", ["Mr. Smith met Dr. Jones.", "Then Ms. Lee spoke."]),
        ("The U.S. Army came. G. Smith left.", ["The U.S. Army came.", "G. Smith left."]),
        ("June 14, 2023Mr. Hawley introduced it.", ["June 14, 2023Mr. Hawley introduced it."]),
        ("MAYOR OF THE CITY OF ST. LOUIS, DO HEREBY ORDER.", ["MAYOR OF THE CITY OF ST. LOUIS, DO HEREBY ORDER."]),
        // A sentence run on without a space (web and PDF text): broken before a capitalized word, not in
        // addresses, dotted names or after an abbreviation.
        ("It ensures proportionate actions.Uses of AI Presumed to Impact Rights follow.", ["It ensures proportionate actions.", "Uses of AI Presumed to Impact Rights follow."]),
        ("Violations of the Act.The term applies.", ["Violations of the Act.", "The term applies."]),
        ("Write to John.Smith@agency.gov or see www.agency.gov/Rules today.", ["Write to John.Smith@agency.gov or see www.agency.gov/Rules today."]),
        ("Use them, e.g.The model works; Acme Inc.The firm; iOS.Then it runs.", ["Use them, e.g.The model works; Acme Inc.The firm; iOS.Then it runs."]),
    ])
    func abbreviationsMatchWholeWords(text: String, expected: [String]) {
        let icu = Segmenter(unit: .sentence, abbreviations: Segmenter.defaultAbbreviations, locale: "en@ss=standard", shortcut: false)
        // A line too long for one window goes to ICU in windows, with the restored breaks in each.
        let long = String(repeating: "Filler words here, ", count: 20_000) + "end. " + text
        for segmenter in [sentences, icu] {
            let spans = segmenter.segments(of: text)
            Self.checkSpans(spans, of: text)
            #expect(spans.map { $0.text(in: text) } == expected, "shortcut \(segmenter.shortcut)")
            #expect(Array(segmenter.segments(of: long).map { $0.text(in: long) }.dropFirst()) == expected, "long line, shortcut \(segmenter.shortcut)")
        }
    }

    @Test(arguments: SegmentUnit.allCases)
    func everyCorpusDocumentSlicesExactly(unit: SegmentUnit) throws {
        let segmenter = Segmenter(unit: unit)
        let files = try TestSupport.corpusFiles()
        #expect(files.count >= 20)
        for file in files {
            let text = try DocumentDecoder.decode(bytes: TestSupport.read(file), name: file)
            let segments = segmenter.segments(of: text)
            #expect(!segments.isEmpty, "\(file)")
            Self.checkSpans(segments, of: text)
            // Nothing but white space is left out.
            var covered = [Bool](repeating: false, count: text.unicodeScalars.count)
            for segment in segments { for i in segment.range.start..<segment.range.end { covered[i] = true } }
            for (i, scalar) in text.unicodeScalars.enumerated() where !covered[i] {
                #expect(scalar.properties.isWhitespace, "\(file): uncovered U+\(String(scalar.value, radix: 16)) at \(i)")
            }
        }
    }

    @Test(arguments: [
        "人工智能服务提供者应当依法履行义务。生成式人工智能不得生成虚假信息！是否需要备案？",
        "The agency shall assess risks. Developers must red-team models before release! Is that enough?",
        "提供者应当对 AI-generated content 进行标识。The CAC requires 算法备案 for recommendation services.",
        "Emoji 😀 outside the BMP 👍🏽 count as two UTF-16 units. 𠮷野家的𠮷是扩展B区汉字。😀",
        "Zwei Byte: Straße über Öl. Ça va? Привет, мир! Ελληνικά κείμενα. 😀 Done, 终。Ünïcödé ends.",
        "第一条 总则。\r\n\r\n第二条 适用范围。\r\nThe U.S. Department of Commerce shall act.\r\n",
        "Old Mac line ends.\rSecond line.\r\rThird after a blank line.",
        "  \t 　Leading and trailing spaces, including the ideographic space.　 \n",
    ])
    func spansSliceExactlyInEveryOffsetUnit(text: String) {
        for unit in SegmentUnit.allCases {
            let segments = Segmenter(unit: unit).segments(of: text)
            #expect(!segments.isEmpty)
            Self.checkSpans(segments, of: text)
        }
    }

    private func texts(_ text: String, unit: SegmentUnit = .sentence) -> [String] {
        Segmenter(unit: unit).segments(of: text).map { $0.text(in: text) }
    }

    @Test func chineseAndEnglishSentences() {
        #expect(texts("人工智能服务提供者应当依法履行义务。生成式人工智能不得生成虚假信息！是否需要备案？") ==
                ["人工智能服务提供者应当依法履行义务。", "生成式人工智能不得生成虚假信息！", "是否需要备案？"])
        #expect(texts("The agency shall assess risks. Developers must red-team models.") ==
                ["The agency shall assess risks.", "Developers must red-team models."])
        #expect(texts("他说：“我们必须保护个人信息。”下一句。") == ["他说：“我们必须保护个人信息。”", "下一句。"])
    }

    /// `SentenceBreakShortcut` against ICU: the same spans with and without it, on every corpus and gold
    /// text and on random lines built from every character class its rules distinguish (terminators,
    /// full stops, Close, Sp, SContinue, Extend, Format, separators, letters of each case, digits,
    /// astral characters, ICU's exceptions and ours).
    @Test func shortcutGivesICUsSpans() throws {
        let pieces = ["。", "！", "？", ".", "!", "?", "（", "）", "“", "”", "《", "》", "\"", "'", "(", ")", "[", " ", "  ", "　",
                      "\t", "、", "，", ",", ":", "-", "a", "b", "Z", "The", "x", "U.S", "Mr", "e.g", "1", "2.5", "人", "工", "智",
                      "能", "第一条", "（一）", "\u{0301}", "\u{00AD}", "\u{200D}", "\u{2028}", "\u{FF0E}", "\u{FF61}", "\u{2024}",
                      "\u{FE56}", "😀", "𠮷", "‼", "…", "\n", "\r\n", "Act", "Is", "In", "No", "Ph.D", "S.A", "Sec", "Dr",
                      "the", "of", "AI", "I", "(a)", "3", "iii", "X", ";", "；", "：", "①", "a.", "Sec. 4.", "一、", "(b)", " and "]
        var random = SplitMix64(seed: 29)
        var texts = try TestSupport.corpusFiles().map { try DocumentDecoder.decode(bytes: TestSupport.read($0), name: $0) }
        // Lines the shortcut can decide: no other full stops, separators, Extend or Format characters.
        let decidable = pieces.filter { piece in
            !piece.unicodeScalars.contains { "\u{FF0E}\u{2024}\u{0301}\u{00AD}\u{200D}\u{2028}\n\r".unicodeScalars.contains($0) }
        }
        for k in 0..<8000 {
            let alphabet = k % 2 == 0 ? pieces : decidable
            texts.append((0..<Int(random.next() % 24)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined())
        }
        #expect(SentenceBreakShortcut.exceptions?.packed.contains(TextScanning.pack("Mr.".utf8)) == true)
        // Enough random lines must be decided by the shortcut, with breaks, for this to test it.
        var decided = 0
        for text in texts where !text.contains(where: \.isNewline) {
            var copy = text
            let breaks = copy.withUTF8 { SentenceBreakShortcut.breaks($0, line: 0..<$0.count) }
            if let breaks, !breaks.isEmpty { decided += 1 }
        }
        #expect(decided >= 800, "\(decided) lines decided by the shortcut")
        for unit in [SegmentUnit.sentence, .clause] {
            let fast = Segmenter(unit: unit)
            let icu = Segmenter(unit: unit, abbreviations: Segmenter.defaultAbbreviations, locale: "en@ss=standard", shortcut: false)
            #expect(fast.shortcut && !icu.shortcut)
            for text in texts {
                let expected = icu.segments(of: text).map(\.utf8Range)
                let found = fast.segments(of: text).map(\.utf8Range)
                #expect(found == expected, "\(unit): \(text.debugDescription)")
                if found != expected { return }
            }
        }
    }

    /// The shortcut passes ，、“”；： without a look-up only because ICU gives them no class it acts on:
    /// with this ICU it does, so the random lines and corpora below test that path.
    @Test func commonChinesePunctuationTakesTheShortcutsFastPath() {
        #expect(SentenceBreakShortcut.inertPunctuation)
    }

    /// The inline items found at the punctuation the shortcut's scan passed (`stops`) are those of the
    /// scan of the bytes, on every corpus line and on random lines of markers, punctuation and text.
    @Test func inlineItemsAtTheShortcutsStopsAreTheScans() throws {
        let pieces = ["。", "；", "：", "！", "？", ".", ";", ":", "!", "?", " ", "  ", "　", "(a)", "(b)", "（一）", "（二）", "(1)", "1.",
                      "2.", "3.5", "a.", "iv)", "①", "一、", "二、", "Sec. 4.", "SEC.", "U.S.C.", "subd.", " and ", "the", "The",
                      "人工智能", "建立制度", "（", "）", "(", ")", "”", "\"", "\u{2028}", "．", "１．", "附件", "类", "9", "x"]
        var random = SplitMix64(seed: 41)
        var texts = try TestSupport.corpusFiles().map { try DocumentDecoder.decode(bytes: TestSupport.read($0), name: $0) }
        for _ in 0..<6000 {
            texts.append((0..<Int(random.next() % 20)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
        }
        var compared = 0, withItems = 0
        for text in texts {
            for line in text.split(whereSeparator: \.isNewline) {
                var copy = String(line)
                let shown = copy.debugDescription
                copy.withUTF8 { bytes in
                    let breaks = PositionBuffer(), stops = PositionBuffer()
                    defer {
                        breaks.deallocate()
                        stops.deallocate()
                    }
                    guard SentenceBreakShortcut.breaks(bytes, line: 0..<bytes.count, into: breaks, stops: stops) else { return }
                    var fromStops: [InlineItem] = [], scanned: [InlineItem] = []
                    sentences.inlineItems(bytes, from: 0, end: bytes.count, lineStart: 0, stops: stops.positions, into: &fromStops)
                    sentences.inlineItems(bytes, from: 0, end: bytes.count, lineStart: 0, stops: nil, into: &scanned)
                    #expect(fromStops == scanned, "\(shown)")
                    compared += 1
                    if !scanned.isEmpty { withItems += 1 }
                }
            }
        }
        #expect(compared >= 5000 && withItems >= 1000, "\(compared) lines compared, \(withItems) with items")
    }

    /// The shortcut's breaks, ICU's exception filter included, against the boundaries of ICU's filtered
    /// iterator (`en@ss=standard`) on random lines of abbreviations and their look-alikes: exceptions whose
    /// first part is an exception too ("U." of "U.S."), exceptions inside longer words ("xMr."), an
    /// exception that ends with another's first part ("AA." and "A."), two spaces. Our own abbreviation rules are not applied here, so each
    /// break ICU's filter drops or keeps is compared.
    @Test func exceptionFilterDropsICUsBreaks() throws {
        let pieces = ["U.", "U.S.", "U.S.C.", "U.S.A.", "S.", "S.A.", "Mr.", "xMr.", "Mrs.", "mr.", "A.", "A.M.", "a.m.", "G.",
                      "Ph.", "Ph.D.", "Lt.", "Lt.Cdr.", "Hon.", "Hon.B.A.", "e.g.", "E.g.", "etc.", "Etc.", "No.", "Act.",
                      "AA.", "DC.", "PC.", "MR.", "OK.", "PP.",
                      "Smith", "smith", "The", "X", "x", "1", " ", " ", " ", "  ", ".", "!", "?", "(", ")", "\"", "“", "”", "人"]
        var random = SplitMix64(seed: 31)
        let worker = ICUBreakWorker(kind: .sentence, locale: "en@ss=standard")
        let unfiltered = ICUBreakWorker(kind: .sentence, locale: "en")
        var compared = 0
        var dropped = 0
        var mismatches = 0
        for _ in 0..<20000 {
            let line = (0..<Int(1 + random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { bytes in
                guard let breaks = SentenceBreakShortcut.breaks(bytes, line: 0..<bytes.count) else { return }
                var icu: [Int] = []
                worker.boundaries(in: bytes, range: 0..<bytes.count) { position, _ in if position < bytes.count { icu.append(position) } }
                var rules = 0
                unfiltered.boundaries(in: bytes, range: 0..<bytes.count) { position, _ in if position < bytes.count { rules += 1 } }
                if breaks != icu {
                    mismatches += 1
                    if mismatches <= 5 { Issue.record("shortcut \(breaks), ICU \(icu): \(line.debugDescription)") }
                }
                compared += 1
                dropped += rules - icu.count
            }
        }
        #expect(mismatches == 0)
        #expect(compared >= 10000, "\(compared) lines decided by the shortcut")
        #expect(dropped >= 500, "\(dropped) breaks dropped by ICU's filter")
    }

    /// UAX #29 counts opening brackets and quotes as Close, so ICU leaves "（" or "“" right after "。"
    /// with the sentence before; they belong to the unit they open.
    @Test func openingBracketsAndQuotesAfterABreakStartTheNextUnit() {
        #expect(texts("第一条 目的。（一）加强管理。2023年开始。（二）其他。") ==
                ["第一条 目的。", "（一）加强管理。", "2023年开始。", "（二）其他。"])
        #expect(texts("他说：“停。”“好的。”《办法》施行。【注】完。") ==
                ["他说：“停。”", "“好的。”", "《办法》施行。", "【注】完。"])
        #expect(texts("Item one.(a) is next. (B) Then.“Quoted.” Done.") ==
                ["Item one.(a) is next.", "(B) Then.", "“Quoted.”", "Done."])
        // Nothing but openers before the break: the break stays where ICU put it.
        #expect(texts("（。（一）") == ["（。", "（一）"])
    }

    /// Text flattened from a bill runs subsections on with no space after the full stop; ICU breaks there
    /// only before a capital, since UAX #29 reads "(b)" as the sentence going on in lower case.
    @Test(arguments: [
        ("The grant covers reserve periods.(e) Implementation Plan.—The Secretary shall act.",
         ["The grant covers reserve periods.", "(e) Implementation Plan.—The Secretary shall act."]),
        ("as the court deems appropriate.(b) In determining the penalty, it weighs harm.",
         ["as the court deems appropriate.", "(b) In determining the penalty, it weighs harm."]),
        ("The review ends.(ii) Within 180 days, act.", ["The review ends.", "(ii) Within 180 days, act."]),
        ("SEC. 7. PROGRAM FOR AVIATION SAFETY.(a) In General.—The Secretary shall act.",
         ["SEC. 7. PROGRAM FOR AVIATION SAFETY.", "(a) In General.—The Secretary shall act."]),
        ("(J) the risk of bias with respect to AI.(4) UPDATES.—Not less often than yearly.",
         ["(J) the risk of bias with respect to AI.", "(4) UPDATES.—Not less often than yearly."]),
        // The end of a quoted amendment, and the next subsection of the amending bill.
        ("“(5) $70,000,000 to carry out this section.”.(c) Hiring Critical Technical Experts.",
         ["“(5) $70,000,000 to carry out this section.”.", "(c) Hiring Critical Technical Experts."]),
        ("``(E) $44,000,000 for fiscal year 2029.''.(b) Clerical Amendment.—The table is amended.",
         ["``(E) $44,000,000 for fiscal year 2029.''.", "(b) Clerical Amendment.—The table is amended."]),
        // After a citation's bracket, before a defined term in quotes or a second marker.
        ("does not include an agency under subparagraph (A).(b) On or before September 1, 2024, the Department acts.",
         ["does not include an agency under subparagraph (A).", "(b) On or before September 1, 2024, the Department acts."]),
        ("in the event of a critical harm.(d) “Computing cluster” means a set of machines.",
         ["in the event of a critical harm.", "(d) “Computing cluster” means a set of machines."]),
        ("to contest an automated decision.(d) (1) On or before January 1, 2025, the agency acts.",
         ["to contest an automated decision.", "(d) (1) On or before January 1, 2025, the agency acts."]),
        // Not in lower case after it, nor a label's number.
        ("under subparagraph (A).(b) is next", ["under subparagraph (A).(b) is next"]),
    ])
    func bracketedMarkersGluedToASentenceEndOpenAnItem(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    /// Web and PDF text put a no-break or typographic space after "Sec." (U+2002, U+202F, U+2009): the
    /// label and the abbreviation hold as with an ASCII space, and other sentences still end there.
    @Test(arguments: [
        ("Sec.\u{2002}1.\u{2002}Short title; table of contents.\nSec.\u{2002}2.\u{2002}Definitions.",
         ["Sec.\u{2002}1.\u{2002}Short title; table of contents.", "Sec.\u{2002}2.\u{2002}Definitions."]),
        ("is hereby revoked.\n\nSec. \u{202F}5.  Efficient Environmental Reviews.",
         ["is hereby revoked.", "Sec. \u{202F}5.  Efficient Environmental Reviews."]),
        ("including loan guarantees (12 \u{202F}U.S.C.\u{202F}635); and equity investments (22 \u{202F}U.S.C.\u{202F}9621);",
         ["including loan guarantees (12 \u{202F}U.S.C.\u{202F}635); and equity investments (22 \u{202F}U.S.C.\u{202F}9621);"]),
        ("It ends.\u{2002}The next one.\u{00A0}And a third.", ["It ends.", "The next one.", "And a third."]),
    ] as [(String, [String])])
    func typographicSpacesAfterLabelsAndAbbreviations(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    /// A code's section number at a line start ("22608.", "11547.5.") stays with the text it numbers;
    /// ICU ends a sentence after it, and no list marker takes more than three digits.
    @Test(arguments: [
        ("22608. The duties and obligations imposed by this chapter are cumulative.",
         ["22608. The duties and obligations imposed by this chapter are cumulative."]),
        ("\u{201C}2730. Definitions. \n\u{201C}2731. Prohibition on access to vehicle data.",
         ["\u{201C}2730. Definitions.", "\u{201C}2731. Prohibition on access to vehicle data."]),
        ("11547.5. For the purpose of this section. It applies.", ["11547.5. For the purpose of this section.", "It applies."]),
        ("The law took effect in 2023. The year began.", ["The law took effect in 2023.", "The year began."]),
        ("12345678. Too long. Next.", ["12345678.", "Too long.", "Next."]),
        ("6-1-1701.\tDefinitions. As used in this part, the terms apply.",
         ["6-1-1701.\tDefinitions.", "As used in this part, the terms apply."]),
        ("11\u{2013}1601. The program is established.", ["11\u{2013}1601. The program is established."]),
    ] as [(String, [String])])
    func codeSectionNumbersStayWithTheirText(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    /// A footnote reference glued to a sentence's end belongs to that sentence, not to the next one or
    /// to a unit of its own; spaced, "[1]" opens an item.
    @Test(arguments: [
        ("seen in generations.\u{201D}[2] That is why the order was rescinded.",
         ["seen in generations.\u{201D}[2]", "That is why the order was rescinded."]),
        ("and the creative economies.[4]\n\n\u{2022} Source of risk: Risks may emerge.",
         ["and the creative economies.[4]", "\u{2022} Source of risk: Risks may emerge."]),
        ("under the relevant statutes.[27],[28] Next one.", ["under the relevant statutes.[27],[28]", "Next one."]),
        ("It ends. [1] First item.", ["It ends.", "[1] First item."]),
        ("It ends.[1]Glued text.", ["It ends.", "[1]Glued text."]),
    ] as [(String, [String])])
    func footnoteReferencesStayWithTheirSentence(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test func abbreviationsDoNotEndSentences() {
        #expect(texts("The U.S. Government shall lead. Dr. Smith agreed with Sec. 4 of the order. See No. 12 and e.g. Fig. 3.") ==
                ["The U.S. Government shall lead.", "Dr. Smith agreed with Sec. 4 of the order.", "See No. 12 and e.g. Fig. 3."])
        #expect(texts("Signed by Gina M. Raimondo, Secretary. The E.O. Applies to all agencies, i.e. Departments.") ==
                ["Signed by Gina M. Raimondo, Secretary.", "The E.O. Applies to all agencies, i.e. Departments."])
        let custom = Segmenter(unit: .sentence, abbreviations: ["Cmte."])
        #expect(custom.segments(of: "The Cmte. Decided. Then it ended.").count == 2)
    }

    /// US legal citations abbreviate codes and their parts ("Civ. Code", "div. G", "tit. 2"); none ends a
    /// sentence. "et seq." does end some, and stays a sentence end.
    @Test(arguments: [
        "See the Advancing American AI Act (Public Law 117-263, div. G, title LXXII, subtitle B).",
        "Int. No. 1894-A",
        "The law applies (Civ. Code, § 51, subd. (b); Cal. Code Regs., tit. 2, § 14020).",
        "(Health & Saf. Code, § 1367.01; Ins. Code, § 10123.135; Welf. & Inst. Code, § 14107; Bus. & Prof. Code, § 17200.)",
        "(Pen. Code, § 530; Elec. Code, § 20010; Pub. Util. Code, § 2874.)",
        "The term has the meaning given in section 238(g) (10 U.S.C. note prec. 4061).",
        "See Miss. Code Ann. 25-53-1 and Doe v. Roe, 2023 WL 7132064 (N.D. Cal. Oct. 30, 2023).",
        "The Director (Mr. Jones) and Ms. Smith, Jr., of Acme Corp. Inc. shall attend.",
    ])
    func legalCitationAbbreviationsDoNotEndSentences(text: String) {
        #expect(texts(text) == [text])
    }

    @Test func etSeqEndsSentencesButNeverLeavesASpanOpeningWithPunctuation() {
        #expect(texts("Pursuant to 42 U.S.C. 2000e et seq. Employers shall comply.") ==
                ["Pursuant to 42 U.S.C. 2000e et seq.", "Employers shall comply."])
        // ICU breaks before ";" when a capital follows; a semicolon, comma or closing parenthesis opens no span.
        #expect(texts("Authority: 50 U.S.C. 4501 et seq.; E.O. 13603, 77 FR 16651.") ==
                ["Authority: 50 U.S.C. 4501 et seq.; E.O. 13603, 77 FR 16651."])
        #expect(texts("“(iii) other actions determined appropriate by the Governor.”;") ==
                ["“(iii) other actions determined appropriate by the Governor.”;"])
        #expect(texts("Model architecture (e.g., transformers, etc.); Optimization objectives; Training algorithms.") ==
                ["Model architecture (e.g., transformers, etc.); Optimization objectives; Training algorithms."])
        #expect(texts("The law applies. ) Then. , And.") == ["The law applies. ) Then. , And."])
    }

    @Test func lineBreaksAlwaysEndUnits() {
        #expect(texts("A title without a full stop\nThe first sentence. The second") ==
                ["A title without a full stop", "The first sentence.", "The second"])
        #expect(texts("标题\r\n正文第一句。") == ["标题", "正文第一句。"])
    }

    /// Text extracted from PDFs wraps lines mid-sentence: a Latin line that ends in a letter, digit,
    /// comma, hyphen or % and is followed by a lowercase letter goes on; everything else still ends the
    /// unit (headings, list items, Chinese).
    @Test(arguments: [
        ("The provider shall carry\nout checks on the corpora. A second sentence.", ["The provider shall carry\nout checks on the corpora.", "A second sentence."]),
        ("where the corpora contain over 5%\nillegal information, stop,\r\nand report.", ["where the corpora contain over 5%\nillegal information, stop,\r\nand report."]),
        ("AI system trust-\nworthiness is measured.", ["AI system trust-\nworthiness is measured."]),
        // A hyphen after a letter ends no sentence, before a capital too (a compound: "Privacy-Enhancing").
        ("Agencies should adopt Privacy-\nEnhancing Technologies and AI-\nBased tools.",
         ["Agencies should adopt Privacy-\nEnhancing Technologies and AI-\nBased tools."]),
        ("Risk levels 1 -\nModerate risk.", ["Risk levels 1 -", "Moderate risk."]),
        ("Safety Assessment\nThe provider shall assess.", ["Safety Assessment", "The provider shall assess."]),
        ("It ends here.\nand a new line", ["It ends here.", "and a new line"]),
        ("Providers shall:\nlabel content", ["Providers shall:", "label content"]),
        ("Definitions\na. the term AI means", ["Definitions", "a. the term AI means"]),
        // A bill's section heading in capitals, wrapped before its last words.
        ("SEC. 102. PRE-DEPLOYMENT EVALUATIONS AND POST-DEPLOYMENT IMPACT\n  ASSESSMENTS.\n(a) In General.--The Commission shall act.",
         ["SEC. 102. PRE-DEPLOYMENT EVALUATIONS AND POST-DEPLOYMENT IMPACT\n  ASSESSMENTS.", "(a) In General.--The Commission shall act."]),
        ("SEC. 2. SHORT TITLE\nTHE ACT.", ["SEC. 2. SHORT TITLE\nTHE ACT."]),
        ("SEC. 2. SHORT TITLE\nThis Act may be cited as the Act.", ["SEC. 2. SHORT TITLE", "This Act may be cited as the Act."]),
        // A title before a name goes on before a capital; other abbreviations do not.
        ("Ms. Lee of Pennsylvania, Ms.\nPressley, Ms. Jayapal introduced the bill.", ["Ms. Lee of Pennsylvania, Ms.\nPressley, Ms. Jayapal introduced the bill."]),
        ("The rule applies in the U.S.\nThe next sentence.", ["The rule applies in the U.S.", "The next sentence."]),
        // After a word no sentence ends in, a section label is the one cited; a chapter's label keeps its title.
        ("has the meaning assigned to it by\n\tSection 541.001, Business Code.", ["has the meaning assigned to it by\n\tSection 541.001, Business Code."]),
        ("as defined by\nChapter 17 of the Code", ["as defined by\nChapter 17 of the Code"]),
        ("The Act ends here.\nSection 3 of this Act", ["The Act ends here.", "Section 3 of this Act"]),
        ("Chapter 1. General Principles\n1. This set of norms aims to integrate ethics.", ["Chapter 1. General Principles", "1. This set of norms aims to integrate ethics."]),
        // A plural's apostrophe, a single closing quote, a spaced dash: the next line in lower case goes on.
        ("The Framework should support organizations’\nabilities to operate.", ["The Framework should support organizations’\nabilities to operate."]),
        ("The term `digital forgery'\nmeans any depiction.", ["The term `digital forgery'\nmeans any depiction."]),
        ("AI risks – and benefits –\ncan emerge from the interplay.", ["AI risks – and benefits –\ncan emerge from the interplay."]),
        ("The Secretary shall—\nestablish a program.", ["The Secretary shall—", "establish a program."]),
        ("It was the users’.\nand then", ["It was the users’.", "and then"]),
        // A bracket that labels no item goes on the sentence; an item's opens a unit, and so does any
        // bracket after an item's end.
        ("by the Organisation for Economic Co-operation and Development\n(OECD) as those who act.",
         ["by the Organisation for Economic Co-operation and Development\n(OECD) as those who act."]),
        ("tracked using .n after the generation number\n(e.g., 1.1).", ["tracked using .n after the generation number\n(e.g., 1.1)."]),
        ("the model to generate positive\n(积极正向) content;", ["the model to generate positive\n(积极正向) content;"]),
        ("The term means the following\n(a) a system", ["The term means the following", "(a) a system"]),
        ("for what purposes; or\n([5]6) opt out of the processing", ["for what purposes; or", "([5]6) opt out of the processing"]),
        // Over one blank line only in lower case (`sentencesGoOnOverOneBlankLine`), never over two.
        ("the following items\n\nFor the next paragraph", ["the following items", "For the next paragraph"]),
        ("the following items\n\n\nfor the next paragraph", ["the following items", "for the next paragraph"]),
        ("第一章 总则\n第一条 为了规范", ["第一章 总则", "第一条 为了规范"]),
        ("人工智能 AI\nsafety 要求", ["人工智能 AI\nsafety 要求"]),
        // After a comma or a word no sentence ends in, the next line goes on whatever its case.
        ("(1) convening individuals from agencies, industry,\nFederal laboratories, and others;",
         ["(1) convening individuals from agencies, industry,\nFederal laboratories, and others;"]),
        ("AI systems are referred to here as\nAI actors in the AI lifecycle.", ["AI systems are referred to here as\nAI actors in the AI lifecycle."]),
        ("SEC. 7518. DEPARTMENT OF AGRICULTURE AND\n    NATIONAL SCIENCE FOUNDATION RESEARCH.",
         ["SEC. 7518. DEPARTMENT OF AGRICULTURE AND\n    NATIONAL SCIENCE FOUNDATION RESEARCH."]),
        ("in accordance with chapter 51 of title 5,\n2023 amendments included.", ["in accordance with chapter 51 of title 5,\n2023 amendments included."]),
        ("the programs listed in\nTable 2.", ["the programs listed in\nTable 2."]),
        // A statute's part named at the line end after a preposition: the next line's number is the one cited.
        ("The agency shall adopt rules for the purposes described in paragraph\n        (1). The Department shall act.",
         ["The agency shall adopt rules for the purposes described in paragraph\n        (1).", "The Department shall act."]),
        ("an intimate part, as defined in section\n 245.15 of the penal law, of a resident;",
         ["an intimate part, as defined in section\n 245.15 of the penal law, of a resident;"]),
        ("For purposes of Subparagraphs \n(A) and (B)--", ["For purposes of Subparagraphs \n(A) and (B)--"]),
        ("as required under SUBSECTION\n(2)(c)(II) OF THIS SECTION.", ["as required under SUBSECTION\n(2)(c)(II) OF THIS SECTION."]),
        ("codified in chapter 51 of title\n5, United States Code.", ["codified in chapter 51 of title\n5, United States Code."]),
        // After "this section" nothing is cited: the next line's marker opens an item.
        ("(2) the purposes of this section\n(3) the median compensation", ["(2) the purposes of this section", "(3) the median compensation"]),
        ("Short Title\n1. Scope", ["Short Title", "1. Scope"]),
        // A list's conjunction on a line of its own belongs to the item before it.
        ("for utilization review;\n    and\n        (2) for a program integrity system.",
         ["for utilization review;\n    and", "(2) for a program integrity system."]),
        ("TO BE APPOINTED BY THE GOVERNOR;\nAND\n(XXVI) ONE MEMBER", ["TO BE APPOINTED BY THE GOVERNOR;\nAND", "(XXVI) ONE MEMBER"]),
        ("the first duty;\nor\nWHEREAS, the State acts.", ["the first duty;\nor", "WHEREAS, the State acts."]),
        ("the list, \nand/or,\n(b) more", ["the list, \nand/or,", "(b) more"]),
        ("It ends.\nand\nthe rest follows.", ["It ends.", "and\nthe rest follows."]),
        ("the duty;\nand others\n(b) more", ["the duty;", "and others", "(b) more"]),
        ("the duty;\nandor\n(b) more", ["the duty;", "andor", "(b) more"]),
        // A quoted term or phrase closes no sentence: its sentence goes on at a lowercase line.
        ("(A) In general.--The term ``covered platform'' \n                means a website or online service.",
         ["(A) In general.--The term ``covered platform'' \n                means a website or online service."]),
        ("we are using the terms \u{201C}AI\u{201D} and \u{201C}AI tools\u{201D}\nbroadly to cover computer systems.",
         ["we are using the terms \u{201C}AI\u{201D} and \u{201C}AI tools\u{201D}\nbroadly to cover computer systems."]),
        ("\"Nonemployee\"\n    includes contractors and consultants.", ["\"Nonemployee\"\n    includes contractors and consultants."]),
        ("He said \u{201C}stop.\u{201D}\nand then he left.", ["He said \u{201C}stop.\u{201D}", "and then he left."]),
        ("the terms \u{201C}AI\u{201D}\na. the next item", ["the terms \u{201C}AI\u{201D}", "a. the next item"]),
        // Unless the next line opens an item or a section, or the line ends a list's item.
        ("(a) label content,\n(b) keep logs,\nSec. 4. Reports", ["(a) label content,", "(b) keep logs,", "Sec. 4. Reports"]),
        ("the duties set out in\n1. Scope", ["the duties set out in", "1. Scope"]),
        ("Definitions of\nA.1.8. Incident Disclosure", ["Definitions of", "A.1.8. Incident Disclosure"]),
        ("these technologies; and\nWHEREAS, the State acts;", ["these technologies; and", "WHEREAS, the State acts;"]),
        ("other programs; or,\nAccess to critical services.", ["other programs; or,", "Access to critical services."]),
        ("\tOffice of the Auditor General,\n\tOffice of the Chief Electoral Officer, and",
         ["Office of the Auditor General,", "Office of the Chief Electoral Officer, and"]),
        ("See Appendix A\nThe provider shall assess.", ["See Appendix A", "The provider shall assess."]),
        ("Terms and Definitions\nThe provider shall assess.", ["Terms and Definitions", "The provider shall assess."]),
        ("non-profit and/or\nFederal agencies", ["non-profit and/or", "Federal agencies"]),
        ("The rules,\n人工智能", ["The rules,", "人工智能"]),
        // U+0085 and U+2028 are line breaks to ICU: the same rule joins them (and the offsets stay the
        // text's, 😀 and 𠀀 counted once); a paragraph separator, or a break that ends a sentence, does not.
        ("The provider 😀 shall protect personal\u{85}information of users.", ["The provider 😀 shall protect personal\u{85}information of users."]),
        ("Line one about personal\u{2028}information and 𠀀 red teaming.\u{2029}Deep synthesis.",
         ["Line one about personal\u{2028}information and 𠀀 red teaming.", "Deep synthesis."]),
        ("conduct red\u{2029}teaming.", ["conduct red", "teaming."]),
        ("It ends here.\u{2028}and a new line\u{85}Safety Assessment", ["It ends here.", "and a new line", "Safety Assessment"]),
        ("personal\u{2028}information\ncontinues\u{85}here.", ["personal\u{2028}information\ncontinues\u{85}here."]),
    ] as [(String, [String])])
    func hardWrapsJoinLatinSentences(text: String, expected: [String]) {
        #expect(texts(text) == expected)
        Self.checkSpans(Segmenter(unit: .sentence).segments(of: text), of: text)
        Self.checkSpans(Segmenter(unit: .paragraph).segments(of: text), of: text)
    }

    /// A resolution's or an executive order's recitals and resolving clause each open a unit, also where
    /// the lines' width joins a wrapped sentence before a capital (a governor's order printed at 72
    /// characters: "…institutions; and⏎WHEREAS, the exponential growth…" had been one span) and after
    /// a word no sentence ends in. Case-sensitive, and a whole word: "Whereabouts", "WHEREASON" go on.
    @Test(arguments: [
        ("WHEREAS, the State should promote the adoption of artificial intelligence\ntechnologies in a manner that aligns and is consistent with the policies\nand goals of the State and its residents, companies and institutions; and\nWHEREAS, the exponential growth of artificial intelligence technologies\nshould be documented, and the potential risks of their use should be\nacknowledged and planned for by the agencies of the State; and\nNOW, THEREFORE, I, the Governor, by virtue of the authority vested in me\nby the Constitution and by the Statutes of this State, do hereby ORDER:",
         ["WHEREAS, the State should promote", "WHEREAS, the exponential growth", "NOW, THEREFORE, I, the Governor"]),
        ("Whereas, the State should promote the adoption of artificial intelligence\ntechnologies in a manner that aligns and is consistent with the policies\nand goals of the State and its residents, companies and institutions; and\nWhereas, the exponential growth of artificial intelligence technologies\nshould be documented, and the potential risks of their use should be\nacknowledged and planned for by the agencies of the State; now, therefore,\nBe it resolved by the Senate of the State, the House of Representatives\nconcurring, that the agencies of the State shall report on their uses.",
         ["Whereas, the State should promote", "Whereas, the exponential growth", "Be it resolved by the Senate"]),
        ("the State of\nWHEREAS, the Board acts.", ["the State of", "WHEREAS, the Board acts."]),
        ("the duties of\nWhereas, the Board acts.", ["the duties of", "Whereas, the Board acts."]),
        ("the duties of\nWhereabouts of data are kept.", ["the duties of\nWhereabouts of data are kept."]),
        ("the duties of\nWHEREASON applies.", ["the duties of\nWHEREASON applies."]),
    ] as [(String, [String])])
    func recitalsOpenUnits(text: String, starts: [String]) {
        let found = texts(text)
        #expect(found.count == starts.count, "\(found)")
        for (span, start) in zip(found, starts) { #expect(span.hasPrefix(start), "\(found)") }
        Self.checkSpans(Segmenter(unit: .sentence).segments(of: text), of: text)
    }

    /// In paragraph mode, hard-wrapped lines of a text without blank-line paragraphs join too.
    @Test func paragraphsJoinHardWraps() {
        #expect(texts("The provider shall carry\nout checks.\nNext line stands alone.", unit: .paragraph) ==
                ["The provider shall carry\nout checks.", "Next line stands alone."])
    }

    /// An appendix's numbered section ("A.1.8.") protects its line's start as a list marker does: ICU's
    /// break after it (a capital follows) is dropped.
    @Test func letteredSectionNumbersAreNotSentencesOfTheirOwn() {
        #expect(texts("Intro sentence.\n\nA.1.8. Incident Disclosure\n\nA.1. Governance") ==
                ["Intro sentence.", "A.1.8. Incident Disclosure", "A.1. Governance"])
    }

    @Test func listMarkersStartUnitsAndAreNotSentencesOfTheirOwn() {
        #expect(texts("1. The agency shall publish guidance.\n2. Providers must label content.") ==
                ["1. The agency shall publish guidance.", "2. Providers must label content."])
        #expect(texts("Sec. 4. Ensuring the Safety and Security of AI Technology.") ==
                ["Sec. 4. Ensuring the Safety and Security of AI Technology."])
        // US bills title sections in capitals: "SEC." is a section label too, not the end of a sentence.
        #expect(texts("SEC. 5. REPORTING REQUIREMENTS.\n(a) In General.—Each entity shall report.") ==
                ["SEC. 5. REPORTING REQUIREMENTS.", "(a) In General.—Each entity shall report."])
        #expect(texts("第四条 遵守以下规定：\n（一）坚持社会主义核心价值观；\n（二）防止歧视。") ==
                ["第四条 遵守以下规定：", "（一）坚持社会主义核心价值观；", "（二）防止歧视。"])
    }

    /// An article head alone on its line (第一条 then the article's text on the next line, as PDF
    /// conversions print it) is never a unit of its own: it opens the next line's text.
    @Test func bareArticleHeadOpensTheNextLine() {
        let text = "第一条\n为了规范算法推荐服务，制定本规定。\n第二条 本规定适用于境内。\n"
        for unit in [SegmentUnit.sentence, .clause, .paragraph] {
            #expect(texts(text, unit: unit) == ["第一条\n为了规范算法推荐服务，制定本规定。", "第二条 本规定适用于境内。"], "\(unit)")
            Self.checkSpans(Segmenter(unit: unit).segments(of: text), of: text)
        }
        // Across blank lines and CRLF; a chapter head takes its title line.
        #expect(texts("第三章\r\n\r\n　总　则\r\n第四条 内容。") == ["第三章\r\n\r\n　总　则", "第四条 内容。"])
        #expect(texts("第一条\n\n为了规范。\n\n第二条 其他。\n", unit: .paragraph) == ["第一条\n\n为了规范。", "第二条 其他。"])
        // Followed by another head or a list item, or by nothing, it stays alone.
        #expect(texts("第一章\n第一条 为了规范。") == ["第一章", "第一条 为了规范。"])
        #expect(texts("第五条\n（一）甲项；") == ["第五条", "（一）甲项；"])
        #expect(texts("正文。\n第九条\n") == ["正文。", "第九条"])
        // A head with text on its line is as before.
        #expect(texts("第一条 为了规范。\n其次。") == ["第一条 为了规范。", "其次。"])
    }

    /// A chapter or section heading run into its first article on one line (web pages, PDF conversions)
    /// is a unit of its own, and so is each head after it; article references inside sentences stay whole.
    @Test(arguments: [
        ("第一章 总则 第一条 为了促进生成式人工智能健康发展，制定本办法。",
         ["第一章 总则", "第一条 为了促进生成式人工智能健康发展，制定本办法。"]),
        ("第二章　技术发展与治理　第五条　鼓励生成式人工智能技术在各行业、各领域的创新应用。",
         ["第二章　技术发展与治理", "第五条　鼓励生成式人工智能技术在各行业、各领域的创新应用。"]),
        ("第三章 网络运行安全 第一节 一般规定 第二十一条 国家实行网络安全等级保护制度。",
         ["第三章 网络运行安全", "第一节 一般规定", "第二十一条 国家实行网络安全等级保护制度。"]),
        ("第一章 总 则 第1条 为了规范。", ["第一章 总 则", "第1条 为了规范。"]),
        ("第六章 法律责任 第二十一条 违反本办法规定的，依法处罚。（一）警告；（二）罚款。",
         ["第六章 法律责任", "第二十一条 违反本办法规定的，依法处罚。", "（一）警告；", "（二）罚款。"]),
        // After a sentence end on the same line (a whole page flattened), with or without a space.
        ("……制定本办法。第二章 技术发展与治理 第五条 鼓励创新应用。",
         ["……制定本办法。", "第二章 技术发展与治理", "第五条 鼓励创新应用。"]),
        ("……制定本办法。 第七章 附则 第二十四条 本办法自公布之日起施行。",
         ["……制定本办法。", "第七章 附则", "第二十四条 本办法自公布之日起施行。"]),
        // References and what is no heading stay in their sentences.
        ("依照本法第二十条的规定处理。", ["依照本法第二十条的规定处理。"]),
        ("第三章第五条规定的义务由提供者履行。", ["第三章第五条规定的义务由提供者履行。"]),
        ("违反本办法第四条第一款规定的，依法处罚。", ["违反本办法第四条第一款规定的，依法处罚。"]),
        // Titles with a bracketed note or 、, heads glued to their titles.
        ("第一章 总则（试行）第一条 为了规范服务，制定本办法。", ["第一章 总则（试行）", "第一条 为了规范服务，制定本办法。"]),
        ("第一章 总则 (试行) 第一条 为了规范。", ["第一章 总则 (试行)", "第一条 为了规范。"]),
        ("第二章 数据安全、个人信息保护 第五条 提供者应当保护数据。", ["第二章 数据安全、个人信息保护", "第五条 提供者应当保护数据。"]),
        ("第二章 数据安全（含个人信息保护） 第六条 提供者应当保护数据。", ["第二章 数据安全（含个人信息保护）", "第六条 提供者应当保护数据。"]),
        ("第二章　数据安全【2023年修订】第七条　提供者应当保护数据。", ["第二章　数据安全【2023年修订】", "第七条　提供者应当保护数据。"]),
        ("第一章总则第一条为了规范服务，制定本办法。", ["第一章总则", "第一条为了规范服务，制定本办法。"]),
        ("第一章 总则第一条 为了规范。", ["第一章 总则", "第一条 为了规范。"]),
        ("第三章网络运行安全第一节一般规定第二十一条国家实行网络安全等级保护制度。",
         ["第三章网络运行安全", "第一节一般规定", "第二十一条国家实行网络安全等级保护制度。"]),
        ("……制定本办法。第二章技术发展与治理第五条鼓励创新应用。", ["……制定本办法。", "第二章技术发展与治理", "第五条鼓励创新应用。"]),
        // Glued references stay whole: a title that ends in a function word or opens with a head, a head
        // whose text goes on as a reference's does; a bracket never closed, or punctuation in the title.
        ("第三章所列第五条规定的义务由提供者履行。", ["第三章所列第五条规定的义务由提供者履行。"]),
        ("第四章规定的第十条义务由提供者履行。", ["第四章规定的第十条义务由提供者履行。"]),
        ("第二章第三节第十条为依据。", ["第二章第三节第十条为依据。"]),
        ("第二章总则第五条规定的情形除外。", ["第二章总则第五条规定的情形除外。"]),
        ("第二章总则第五条第一款另有规定。", ["第二章总则第五条第一款另有规定。"]),
        ("第二章总则第五条至第八条不适用。", ["第二章总则第五条至第八条不适用。"]),
        ("依照本法第二章第五条的规定处理。", ["依照本法第二章第五条的规定处理。"]),
        ("第一章 总则（试行第一条 为了规范。", ["第一章 总则（试行第一条 为了规范。"]),
        ("第一章 总则（试行，暂定）第一条 为了规范。", ["第一章 总则（试行，暂定）第一条 为了规范。"]),
        ("第一章 总则“试行”第一条 为了规范。", ["第一章 总则“试行”第一条 为了规范。"]),
        ("第三章 违反本法规定，第五条 另有规定。", ["第三章 违反本法规定，第五条 另有规定。"]),
        ("第一章 总则 第一条", ["第一章 总则 第一条"]),
        ("第一章 总则 第一条，", ["第一章 总则 第一条，"]),
        ("第五条 依照第一章 总则 第二条 的规定。", ["第五条 依照第一章 总则 第二条 的规定。"]),
        ("第一章 总则 第二章 其他。", ["第一章 总则 第二章 其他。"]),
        ("第一节 一般规定 第一章 总则", ["第一节 一般规定 第一章 总则"]),
        ("第一章 人工智能产业发展规划与基础设施建设及数据要素市场 第一条 内容。",
         ["第一章 人工智能产业发展规划与基础设施建设及数据要素市场 第一条 内容。"]),
    ] as [(String, [String])])
    func chapterHeadingRunIntoItsFirstArticle(text: String, expected: [String]) {
        for unit in [SegmentUnit.sentence, .clause] where unit == .sentence || !text.contains("；") {
            #expect(texts(text, unit: unit) == expected, "\(unit)")
            Self.checkSpans(Segmenter(unit: unit).segments(of: text), of: text)
        }
        // The shortcut's stops and ICU's breaks give the same spans.
        let reference = Segmenter(unit: .sentence, abbreviations: Segmenter.defaultAbbreviations, locale: "en@ss=standard", shortcut: false)
        #expect(reference.segments(of: text).map { $0.text(in: text) } == expected)
    }

    /// Headings run into their articles in the texts: each chapter or section heading line of the
    /// Chinese statutes joined to the next line with text by a space (as web pages print them), or by
    /// nothing at all, gives the same spans as the text with its line breaks, and each heading span has
    /// a heading's shape.
    @Test(arguments: [" ", ""])
    func chapterHeadingsJoinedToTheirArticlesInTheCorpus(joiner: String) throws {
        var joined = 0
        for file in try TestSupport.corpusFiles() where file.contains("/cn-") {
            let text = String(decoding: try TestSupport.read(file), as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            func isHeading(_ line: String) -> Bool {
                var copy = line
                return copy.withUTF8 { bytes in
                    guard let head = TextScanning.chineseHead(bytes, at: 0, end: bytes.count) else { return false }
                    return head.rank < .article && line.count <= 20 && !line.contains("，") && !line.contains("。") && head.end < bytes.count
                }
            }
            var out: [String] = []
            var k = 0
            while k < lines.count {
                var line = lines[k]
                var next = k + 1
                var last = line
                while isHeading(last) {
                    var m = next
                    while m < lines.count, lines[m].allSatisfy({ $0 == " " || $0 == "\r" }) { m += 1 }
                    guard m < lines.count, lines[m].hasPrefix("第") else { break }
                    line += joiner + lines[m]
                    last = lines[m]
                    next = m + 1
                    joined += 1
                }
                out.append(line)
                k = next
            }
            let flat = out.joined(separator: "\n")
            let spans = sentences.segments(of: flat)
            Self.checkSpans(spans, of: flat)
            #expect(spans.map { $0.text(in: flat) } == texts(text), "\(file)")
            var copy = flat
            copy.withUTF8 { bytes in
                for span in spans where isHeading(span.text(in: flat)) {
                    #expect(HeadingShape.isHeading(bytes, span: span.utf8Range), "\(span.text(in: flat))")
                }
            }
        }
        #expect(joined >= 20)
    }

    /// A letter or roman-numeral marker glued to Chinese text ("a.建立制度；") is one item, as "A.", "a)",
    /// "(a)" and "1." are.
    @Test func letterMarkersGluedToChineseText() {
        let text = "第四条 提供者应当采取下列措施保护个人信息：\na.建立制度；\nb.加强管理；\ni.定期审查；\nii.及时报告。\nA.建立制度；"
        #expect(texts(text) == ["第四条 提供者应当采取下列措施保护个人信息：", "a.建立制度；", "b.加强管理；", "i.定期审查；", "ii.及时报告。", "A.建立制度；"])
        // In English the marker still needs a space: "a.m." and "e.g." are no markers.
        #expect(texts("a.m. meetings are held daily.") == ["a.m. meetings are held daily."])
    }

    @Test(arguments: [
        ("第十二条 提供者应当", 4), ("a.建立制度", 2), ("iv.加强", 3), ("B)说明", 2), ("第3条 x", 3), ("第一章 总则", 3), ("（一）坚持", 3), ("(1) The", 3),
        ("(a) The", 3), ("(iv) The", 4), ("1. The", 2), ("1.2 Scope", 3), ("12、内容", 3), ("一、总体要求", 2),
        ("a. first", 2), ("iv) fourth", 3), ("① 第一", 1), ("• bullet", 1), ("- dash item", 1),
        ("Section 4.1. Purpose", 12), ("Sec. 10. Definitions", 8), ("Chapter 1. General", 10), ("SEC. 5. REPORTING", 7), ("§ 3(b) text", 6),
        ("A.1.8. Incident Disclosure", 6), ("A.1 Governance", 3), ("B.12.3\tTesting", 6), ("a\tprivacy", 1), ("iv\trights", 2),
        ("(aa) x", 4), ("(BB) x", 4), ("(XII) x", 5), ("(xxxix) x", 7), ("(1A) x", 4), ("(A1) x", 4), ("( 7) Any", 4), ("( iii) x", 6),
        ("(ia) x", 4), ("(xviv) x", 6), ("(xl) x", 4),
    ])
    func structuralMarkers(line: String, markerLength: Int) {
        var copy = line
        let end = copy.withUTF8 { TextScanning.structuralMarkerEnd($0, at: 0, end: $0.count) }
        let expected = String(line.unicodeScalars.prefix(markerLength)).utf8.count
        #expect(end == expected)
    }

    @Test(arguments: ["The agency", "第十二届会议", "Dr. Smith", "2023年", "AI. The", "Appendix", "-5 degrees", "(see below)", "e.g.建立", "ab.建立",
                      "U.S. law", "A.1x", "a.1.8. text", "A.B.1 text", "ab\tcd",
                      "(OECD) as", "(XSS), and", "(WCAG).", "(AB) x", "(IIV) x", "(Xi) x", "(1ABC) x", "(  7) x", "(abcde) x", "ill\tpatients", "ab\tcd"])
    func notStructuralMarkers(line: String) {
        var copy = line
        #expect(copy.withUTF8 { TextScanning.structuralMarkerEnd($0, at: 0, end: $0.count) } == nil)
    }

    @Test func genAIMeasuresArticleHeadsAndItemsStartTheirOwnUnits() throws {
        let path = TestSupport.sharedCorpusTexts + "/cn-genai-measures-2023.txt"
        let text = try DocumentDecoder.decode(bytes: TestSupport.read(path), name: path)
        let starts = Set(sentences.segments(of: text).map(\.range.start))
        // Every line that opens with 第…条 or （…） found independently with scalar arithmetic.
        var expectedStarts: [Int] = []
        var offset = 0
        var articles = 0
        var items = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let scalars = Array(line.unicodeScalars)
            if scalars.first == "第", let tiao = scalars.prefix(8).firstIndex(of: "条"), tiao > 1 {
                expectedStarts.append(offset)
                articles += 1
            } else if scalars.first == "（", let close = scalars.prefix(6).firstIndex(of: "）"), close > 1 {
                expectedStarts.append(offset)
                items += 1
            }
            offset += scalars.count + 1
        }
        #expect(articles == 24)
        #expect(items >= 10)
        for start in expectedStarts {
            #expect(starts.contains(start), "no unit starts at code point \(start)")
        }
    }

    /// A list item run on after a sentence or clause end on the same line is a unit of its own, as an
    /// item at a line start is; its marker stays with its text.
    @Test(arguments: [
        // ICU keeps "(b)" and a lowercase letter with the sentence before (UAX #29 SB8).
        ("The term means a system designed to approximate a cognitive task.  (b) There is established a working group. (c) The group shall meet.",
         ["The term means a system designed to approximate a cognitive task.", "(b) There is established a working group.", "(c) The group shall meet."]),
        // A heading run into its first item.
        ("Sec. 9. Protecting Privacy. (a) To mitigate privacy risks, the Director shall act.",
         ["Sec. 9. Protecting Privacy.", "(a) To mitigate privacy risks, the Director shall act."]),
        ("4.3. Managing AI in Critical Infrastructure and in Cybersecurity. (a) To ensure protection, the following actions shall be taken:",
         ["4.3. Managing AI in Critical Infrastructure and in Cybersecurity.", "(a) To ensure protection, the following actions shall be taken:"]),
        ("§ 20-871 Requirements for automated employment decision tools. a. In the city, it shall be unlawful to use a tool unless:",
         ["§ 20-871 Requirements for automated employment decision tools.", "a. In the city, it shall be unlawful to use a tool unless:"]),
        // After a colon or semicolon, also after "; and".
        ("The members are: (A) the Secretary; (B) the Director; and (C) the Administrator.",
         ["The members are:", "(A) the Secretary;", "(B) the Director; and", "(C) the Administrator."]),
        ("Actions include: 1) shared taxonomies; 2) joint standards; and 3) monitoring of risks.",
         ["Actions include:", "1) shared taxonomies;", "2) joint standards; and", "3) monitoring of risks."]),
        // Chinese: after ：；。, full or half width, every marker style.
        ("应当履行下列义务：（一）建立制度；（二）开展评估；（三）对生成内容进行标识。",
         ["应当履行下列义务：", "（一）建立制度；", "（二）开展评估；", "（三）对生成内容进行标识。"]),
        ("应当履行下列义务:(一)建立制度;(二)开展评估.", ["应当履行下列义务:", "(一)建立制度;", "(二)开展评估."]),
        ("应当履行下列义务:(1) 建立制度;(2) 开展评估.", ["应当履行下列义务:", "(1) 建立制度;", "(2) 开展评估."]),
        ("主要任务包括：1.建立算法备案制度；2.开展安全评估；3.加强数据标注管理。",
         ["主要任务包括：", "1.建立算法备案制度；", "2.开展安全评估；", "3.加强数据标注管理。"]),
        ("主要任务包括：①建立制度；②开展评估。", ["主要任务包括：", "①建立制度；", "②开展评估。"]),
        ("主要任务包括：（1）建立制度；（2）开展评估。", ["主要任务包括：", "（1）建立制度；", "（2）开展评估。"]),
        ("工作要求是：一、加强管理；二、开展评估。", ["工作要求是：", "一、加强管理；", "二、开展评估。"]),
        ("措施如下：1、建立制度；2、开展评估。", ["措施如下：", "1、建立制度；", "2、开展评估。"]),
        ("措施如下：a.建立制度；b.开展评估。", ["措施如下：", "a.建立制度；", "b.开展评估。"]),
        ("目标如下。A.建立制度；B.加强管理。", ["目标如下。", "A.建立制度；", "B.加强管理。"]),
        // A number is never cut off its item: ICU breaks after "2." before Han text.
        ("主要包括以下参考场景：（一）政务服务类1.智能问答。整合数据，提供咨询服务。2.辅助办理。提供智能导办。",
         ["主要包括以下参考场景：", "（一）政务服务类", "1.智能问答。", "整合数据，提供咨询服务。", "2.辅助办理。", "提供智能导办。"]),
        ("目的。1. 加强管理。2. 开展评估。", ["目的。", "1. 加强管理。", "2. 开展评估。"]),
        ("附件：1.生成式人工智能服务安全评估要点.doc", ["附件：", "1.生成式人工智能服务安全评估要点.doc"]),
        ("详见附件1.生成式人工智能服务安全评估要点", ["详见附件1.生成式人工智能服务安全评估要点"]),
        // Section labels: run on after a lost line break, quoted by a bill, "Subd.".
        ("This Act may be cited as the ``AI Act''.SEC. 2. FINDINGS.", ["This Act may be cited as the ``AI Act''.", "SEC. 2. FINDINGS."]),
        ("He left. Sec. 4. Definitions apply here.", ["He left.", "Sec. 4. Definitions apply here."]),
        ("``SEC. 801. PROHIBITION ON INVESTMENT.", ["``SEC. 801. PROHIBITION ON INVESTMENT."]),
        ("“(A) In General.—The Secretary shall act.", ["“(A) In General.—The Secretary shall act."]),
        ("Subd. 2. Nonconsensual dissemination of a deep fake.", ["Subd. 2. Nonconsensual dissemination of a deep fake."]),
        // U+2028 ends a line as a line break does.
        ("Protections against surveillance\u{2028}2. Equal opportunities, including access.",
         ["Protections against surveillance", "2. Equal opportunities, including access."]),
    ] as [(String, [String])])
    func inlineItemsStartTheirOwnUnits(text: String, expected: [String]) {
        #expect(texts(text) == expected)
        Self.checkSpans(sentences.segments(of: text), of: text)
    }

    /// Citations, numbers and dates hold no item marker, and what is no sentence end opens no item.
    /// A long run of digits after a clause end is no marker, and reading it must not overflow (the
    /// fuzzer's input: 80 digits after "ms.  ").
    @Test func aLongDigitRunAfterAClauseEndIsNoMarker() {
        let digits = String(repeating: "3", count: 80)
        let text = "Terms.  \(digits)em one. 中文：\(digits)．条款。"
        let spans = Segmenter().segments(of: text)
        #expect(spans.map { $0.text(in: text) }.joined().filter { !$0.isWhitespace } == text.filter { !$0.isWhitespace })
    }

    @Test(arguments: [
        "The Secretary shall act under section 3(b) of the Act.",
        "As provided in paragraph (1), the agency shall report.",
        "The report described in subsection (a) of this section is due.",
        "Records exempt under 5 U.S.C. 552(b)(4) are withheld.",
        "Records exempt under 5 U.S.C. (b)(4) are withheld.",
        "The rules in sub. (2) (a) or (b) apply to audio.",
        "The rule in Code Regs., subd. (k) applies.",
        "Item one.(a) is next.",
        "See paragraph 3.(a) Then it ends.",
        "The program of the U.S.(A) Program runs.",
        "Amend it, e.g.(A) Something else.",
        "It ends here.(a)Text glued on.",
        "III.(a) The prohibition in paragraph II applies.",
        "Item one.”.(a) is next.",
        "As Dr.(a) Smith said.",
        "Notwithstanding the Act (15 U.S.C. 44; 45(a)(2); 46) or any limitation, the Commission shall enforce it.",
        "Section 230 (Public Law 116-92; 10 U.S.C. note prec. 501) is amended.",
        "Amend paragraphs (a)(12); (b)(1)(iii)(B)( 2), and (b)(3).",
        "Amend paragraphs (a)(12); (b)(1)(iii), and (b)(3).",
        "Contact the agency at phone: (800) 232-4636 or by mail.",
        "It codifies chapters 604; 609; 617.",
        "11547.5. (a) For the purpose of this section, the terms apply.",
        "到2025年，投入资金3.5亿元，覆盖率达到99.9%以上，占比提升0.5个百分点。",
        "依据GB/T 45654-2025第5.2.1条和TC260-003的第9.3节制定，版本号为V1.0.2。",
        "发布时间：2023.07.13，施行时间：2023年8月15日。",
        "等级分为：一、二、三级。",
        "比例：1.5%以上。",
        "适用范围（包括：1.甲类；2.乙类）另行规定。",
        "See section 1.2 of version 2. for details.",
    ])
    func citationsAndNumbersOpenNoItem(text: String) {
        #expect(texts(text) == [text])
    }

    /// A list inside a parenthesis cites, wherever the bracket falls in the line: the count of open
    /// brackets skips sixteen bytes at a time, and a bracket at any offset of a block is counted.
    @Test func bracketsAreCountedAtEveryOffset() {
        for padding in 0..<48 {
            let lead = String(repeating: "x", count: padding)
            let cited = "The \(lead) rule (see 15 U.S.C. 44; (b) of it) applies."
            #expect(texts(cited) == [cited], "\(padding)")
            let listed = "The \(lead) rule （见下列各项：（一）甲；（二）乙） 适用。"
            #expect(texts(listed) == [listed], "\(padding)")
        }
    }

    /// Inline items are units in the clause unit too (so an item after "：" is no longer glued to its
    /// lead-in); paragraphs are blocks of lines and keep them.
    @Test func inlineItemsInClausesAndParagraphs() {
        let text = "应当履行下列义务：（一）建立制度，加强管理；（二）开展评估。\nThe members are: (A) the Secretary; (B) the Director."
        #expect(texts(text, unit: .clause) ==
                ["应当履行下列义务：", "（一）建立制度，加强管理；", "（二）开展评估。", "The members are:", "(A) the Secretary;", "(B) the Director."])
        #expect(texts(text, unit: .paragraph) ==
                ["应当履行下列义务：（一）建立制度，加强管理；（二）开展评估。", "The members are: (A) the Secretary; (B) the Director."])
    }

    @Test func clausesSplitAfterSemicolons() {
        #expect(texts("（一）坚持核心价值观；不得生成虚假信息；（二）防止歧视。", unit: .clause) ==
                ["（一）坚持核心价值观；", "不得生成虚假信息；", "（二）防止歧视。"])
        #expect(texts("Agencies shall test systems; they shall publish results. Next.", unit: .clause) ==
                ["Agencies shall test systems;", "they shall publish results.", "Next."])
    }

    @Test func paragraphs() {
        let text = "第一条 总则。\n总则继续。\n\n第二条 范围。\n\n\n（一）甲项。\n（二）乙项。\n"
        #expect(texts(text, unit: .paragraph) ==
                ["第一条 总则。\n总则继续。", "第二条 范围。", "（一）甲项。", "（二）乙项。"])
        // Without blank lines anywhere between lines, every line is a paragraph.
        #expect(texts("First paragraph.\nSecond paragraph.\n", unit: .paragraph) == ["First paragraph.", "Second paragraph."])
        // One stray blank line in a long text does not turn it into two giant paragraphs.
        let wrapped = (0..<40).map { "Line \($0) of a hard-wrapped report" }.joined(separator: "\n") + "\n\nLast line"
        #expect(texts(wrapped, unit: .paragraph).count == 41)
        #expect(texts("  whole\n\n document ", unit: .document) == ["whole\n\n document"])
        // U+2029 PARAGRAPH SEPARATOR ends a paragraph, as it ends a unit in every mode.
        #expect(texts("First paragraph. Two sentences.\u{2029}Second one.\u{2029} \u{2029}Third\nline.", unit: .paragraph)
                == ["First paragraph. Two sentences.", "Second one.", "Third\nline."])
    }

    /// PDFs set with double line spacing come out with a blank line after every line (NIST AI 600-1):
    /// a sentence goes on over one blank line where the words at the break say so, in lower case after it
    /// (`Segmenter.wrapAcrossBlankLine`); a capital, or a digit after a comma, starts anew there, and two
    /// blank lines always end the paragraph.
    @Test func sentencesGoOnOverOneBlankLine() {
        let text = "Not every suggested action applies to every AI actor or is relevant to every task. For\n\nexample, suggested actions relevant to GAI developers may well\n \n"
            + "not be relevant to deployers.\n\nThey will know where content comes from\n\nThey will be able to personalize tools.\n\n"
            + "THE WHITE HOUSE,\n\nJanuary 23, 2025.\n\nThe list ends with\n\n\nand two blank lines end it.\r\n\r\nCRLF lines of running text are as long as a full line of a PDF's page\r\n\r\nread alike."
        let expected = ["Not every suggested action applies to every AI actor or is relevant to every task.",
                        "For\n\nexample, suggested actions relevant to GAI developers may well\n \nnot be relevant to deployers.",
                        "They will know where content comes from", "They will be able to personalize tools.",
                        "THE WHITE HOUSE,", "January 23, 2025.", "The list ends with", "and two blank lines end it.",
                        "CRLF lines of running text are as long as a full line of a PDF's page\r\n\r\nread alike."]
        #expect(texts(text) == expected)
        let segments = Segmenter(unit: .sentence).segments(of: text)
        SegmenterTests.checkSpans(segments, of: text)
        #expect(texts(text, unit: .paragraph) == ["Not every suggested action applies to every AI actor or is relevant to every task. For\n\nexample, suggested actions relevant to GAI developers may well\n \nnot be relevant to deployers."]
                + expected[2...])
        // Not from a short line (a heading, a label, a table's cell), nor from a list item's end.
        #expect(texts("Background\n\nthe committee met in May.") == ["Background", "the committee met in May."])
        #expect(texts("(3) otherwise makes unavailable,\n\nthe equal enjoyment of goods.") == ["(3) otherwise makes unavailable,\n\nthe equal enjoyment of goods."])
        #expect(texts("MS-2.5-003 Confabulation\n\ndeployment risk measurement and ongoing monitoring.").count == 2)
        #expect(texts("who is employed by a professional employer organization under a leasing agreement; or\n\nwho renders any other service.").count == 2)
        // Not after a page number or a running header, nor into a list item.
        #expect(texts("A rule that is written on a line as long as the lines of a page are, for\n\n12\n\nchapters.").count == 3)
        #expect(texts("The Parties shall ensure that:\n\na) rights are protected; and\n\nb) remedies exist.").count == 3)
    }

    /// A list whose ")" or "." became a tab in extraction ("a⇥privacy rights …; and"): the letter and the
    /// tab open an item, so the item before does not run on into it.
    @Test func aLetterAndATabOpenAnItem() {
        #expect(texts("The Parties shall ensure that:\na\tprivacy rights are protected; and\nb\teffective guarantees are in place.\niv\tremedies exist.") ==
                ["The Parties shall ensure that:", "a\tprivacy rights are protected; and", "b\teffective guarantees are in place.", "iv\tremedies exist."])
    }

    /// A web address's query after `?` is no new sentence (ICU breaks after a `?` before a lowercase
    /// letter); a question glued to the next word outside an address still ends there.
    @Test func webAddressesKeepTheirQueries() {
        #expect(texts("Haran, R. (2023) Deepfakes. SSRN https://papers.ssrn.com/sol3/papers.cfm?abstract_id=4696936 Next entry.")
                == ["Haran, R. (2023) Deepfakes.", "SSRN https://papers.ssrn.com/sol3/papers.cfm?abstract_id=4696936 Next entry."])
        #expect(texts("See www.example.org/page?id=10.1371/journal for more.") == ["See www.example.org/page?id=10.1371/journal for more."])
        #expect(texts("Is it safe?yes, they said.").count == 2)
    }

    @Test func emptyAndBlankTextsHaveNoSpans() {
        for unit in SegmentUnit.allCases {
            #expect(Segmenter(unit: unit).segments(of: "").isEmpty)
            #expect(Segmenter(unit: unit).segments(of: " \r\n\t　\n").isEmpty)
        }
    }

    @Test(arguments: [
        ("生成式人工智能服务管理暂行办法", SpanLanguage.zh),
        ("The agency shall assess risks.", .en),
        ("人工智能（AI）治理框架", .zh),
        ("We call this 算法备案 filing in China.", .mixed),
        ("提供者应当对 AI-generated synthetic content 进行显式标识", .mixed),
        ("2023-10-30", .other),
        ("Искусственный интеллект", .other),
        ("人工知能のガバナンス", .other),
        ("😀👍🏽", .other),
    ])
    func languageByScript(text: String, language: SpanLanguage) {
        #expect(SpanLanguage.classify(text) == language)
    }

    @Test func concurrentCallersGetTheSameSpans() async {
        let text = String(repeating: "The U.S. agency shall assess risks. 提供者应当依法备案。\n", count: 200)
        let expected = sentences.segments(of: text)
        let segmenter = sentences
        await withTaskGroup(of: [Segment].self) { group in
            for _ in 0..<4 { group.addTask { segmenter.segments(of: text) } }
            for await result in group { #expect(result == expected) }
        }
    }
}
