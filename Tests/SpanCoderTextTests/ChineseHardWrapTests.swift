import SpanCoderCore
import Testing
@testable import SpanCoderText

/// Hard-wrapped Chinese text (PDF extractions of rules, cut at a fixed width mid-word): the segmenter
/// joins the lines of a sentence (`ChineseHardWraps`) and keeps every other line break.
@Suite struct ChineseHardWrapTests {
    private func texts(_ text: String, unit: SegmentUnit = .sentence) -> [String] {
        Segmenter(unit: unit).segments(of: text).map { $0.text(in: text) }
    }

    /// `paragraph` cut every `width` code points, as a PDF extraction cuts it.
    static func wrap(_ paragraph: String, width: Int) -> String {
        let scalars = Array(paragraph.unicodeScalars)
        return stride(from: 0, to: scalars.count, by: width).map { start in
            var line = String.UnicodeScalarView()
            line.append(contentsOf: scalars[start..<min(start + width, scalars.count)])
            return String(line)
        }.joined(separator: "\n")
    }

    private static func unwrapped(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "").replacingOccurrences(of: "\n", with: "")
    }

    /// Wrapped lines (two of the same length, so the text shows a width) and the sentences they make.
    @Test(arguments: [
        // A term cut mid-word; a sentence end inside a line still ends the sentence.
        ("第二条 自然人的个人信息受法律保护，任何组\n织、个人不得侵害自然人的个人信息权益。第三\n条规定的活动，适用本法。",
         ["第二条 自然人的个人信息受法律保护，任何组\n织、个人不得侵害自然人的个人信息权益。", "第三\n条规定的活动，适用本法。"]),
        // An article reference glued to its text at a line's start is no article head.
        ("个人信息处理者有下列情形之一的，依照本法\n第十八条第一款的规定处理，并且应当及时告知\n个人：", ["个人信息处理者有下列情形之一的，依照本法\n第十八条第一款的规定处理，并且应当及时告知\n个人："]),
        ("为规范管理，根据《中华人民共和国网络安全法》、《\n互联网信息服务深度合成管理规定》第十六条的规定\n，制定本办法。", ["为规范管理，根据《中华人民共和国网络安全法》、《\n互联网信息服务深度合成管理规定》第十六条的规定\n，制定本办法。"]),
        // Digits, Latin letters and CRLF at the break; a line that starts with punctuation.
        ("本办法自2025年6月1日起施行。本办法于2\r\n025年第23次室务会议审议通过，适用于AI\r\n生成合成内容的标识工作。", ["本办法自2025年6月1日起施行。", "本办法于2\r\n025年第23次室务会议审议通过，适用于AI\r\n生成合成内容的标识工作。"]),
        ("提供者应当对训练数据进行标注，标注规则应当\n清晰、具体、可操作，对标注人员进行必要培训\n。然后抽检。", ["提供者应当对训练数据进行标注，标注规则应当\n清晰、具体、可操作，对标注人员进行必要培训\n。", "然后抽检。"]),
    ] as [(String, [String])])
    func wrappedLinesJoin(text: String, expected: [String]) {
        #expect(texts(text) == expected)
        #expect(texts(text, unit: .clause).map(Self.unwrapped) == texts(Self.unwrapped(text), unit: .clause))
        #expect(texts(text, unit: .paragraph) == [text])
        for unit in SegmentUnit.allCases { SegmenterTests.checkSpans(Segmenter(unit: unit).segments(of: text), of: text) }
    }

    /// A wrapped paragraph before each case shows the text's width (20): the line breaks of the cases
    /// stay, each for its own reason.
    @Test(arguments: [
        // A heading as long as a full line (HeadingShape: 20 Han without punctuation).
        ("人工智能生成合成内容标识管理办法实施细则\n为了规范人工智能生成合成内容标识，制定本办法。", ["人工智能生成合成内容标识管理办法实施细则", "为了规范人工智能生成合成内容标识，制定本办法。"]),
        // Article and chapter heads; list items of every marker style.
        ("依照本规定开展人工智能生成合成内容的标识工\n第三条 本办法所称人工智能生成合成内容。", ["依照本规定开展人工智能生成合成内容的标识工", "第三条 本办法所称人工智能生成合成内容。"]),
        ("依照本规定开展人工智能生成合成内容的标识工\n第二章\n标识要求。", ["依照本规定开展人工智能生成合成内容的标识工", "第二章\n标识要求。"]),
        ("服务提供者应当遵守下列规定并履行相应的义务\n（一）建立健全算法机制。", ["服务提供者应当遵守下列规定并履行相应的义务", "（一）建立健全算法机制。"]),
        ("服务提供者应当遵守下列规定并履行相应的义务\n一、总体要求。", ["服务提供者应当遵守下列规定并履行相应的义务", "一、总体要求。"]),
        ("服务提供者应当遵守下列规定并履行相应的义务\n1. 建立健全算法机制。", ["服务提供者应当遵守下列规定并履行相应的义务", "1. 建立健全算法机制。"]),
        ("服务提供者应当遵守下列规定并履行相应的义务\n(1)建立健全算法机制。", ["服务提供者应当遵守下列规定并履行相应的义务", "(1)建立健全算法机制。"]),
        ("服务提供者应当遵守下列规定并履行相应的义务\n①建立健全算法机制。", ["服务提供者应当遵守下列规定并履行相应的义务", "①建立健全算法机制。"]),
        ("服务提供者应当遵守下列规定并履行相应的义务\na.建立健全算法机制。", ["服务提供者应当遵守下列规定并履行相应的义务", "a.建立健全算法机制。"]),
        // Short lines: a title, a signature, a date, a table cell.
        ("国家互联网信息办公室\n中华人民共和国公安部\n", ["国家互联网信息办公室", "中华人民共和国公安部"]),
        ("国家互联网信息办公室主任 庄荣文\n2025年3月13日\n人脸识别技术应用安全管理办法", ["国家互联网信息办公室主任 庄荣文", "2025年3月13日", "人脸识别技术应用安全管理办法"]),
        ("适用范围 | 人脸识别技术应用\n境内处理人脸信息的活动，适用本办法，法律另有规定的除外。", ["适用范围 | 人脸识别技术应用", "境内处理人脸信息的活动，适用本办法，法律另有规定的除外。"]),
        // Lines that end a sentence or clause, also before a closing quote or bracket.
        ("个人信息处理者应当采取必要措施保障个人信息安。\n全面加强监督管理工作，并及时向社会公布情况。", ["个人信息处理者应当采取必要措施保障个人信息安。", "全面加强监督管理工作，并及时向社会公布情况。"]),
        ("个人信息处理者应当采取必要措施保障个人信息；\n全面加强监督管理工作，并及时向社会公布情况。", ["个人信息处理者应当采取必要措施保障个人信息；", "全面加强监督管理工作，并及时向社会公布情况。"]),
        ("个人信息处理者应当遵守下列规定并采取措施：\n全面加强监督管理工作，并及时向社会公布情况。", ["个人信息处理者应当遵守下列规定并采取措施：", "全面加强监督管理工作，并及时向社会公布情况。"]),
        ("中方提出了“人工智能能力建设普惠计划。”\n全面加强监督管理工作，并及时向社会公布情况。", ["中方提出了“人工智能能力建设普惠计划。”", "全面加强监督管理工作，并及时向社会公布情况。"]),
        // A blank line always separates.
        ("服务提供者应当遵守下列规定并履行相应的义务\n\n全面加强监督管理工作，并及时向社会公布情况。", ["服务提供者应当遵守下列规定并履行相应的义务", "全面加强监督管理工作，并及时向社会公布情况。"]),
    ] as [(String, [String])])
    func otherLineBreaksStay(text: String, expected: [String]) {
        let context = Self.wrap("人工智能服务提供者应当依法履行义务，对生成内容进行标识，建立健全投诉举报机制，及时处理公众的投诉举报，并且反馈处理结果，不得侵害他人合法权益。", width: 20)
        let whole = context + "\n" + text
        #expect(ChineseHardWraps.measureFullLineWidth(Self.bytes(whole)) == 20)
        let spans = texts(whole)
        #expect(Array(spans.suffix(expected.count)) == expected)
        #expect(spans.dropLast(expected.count).map(Self.unwrapped) == texts(Self.unwrapped(context)))
        for unit in SegmentUnit.allCases { SegmenterTests.checkSpans(Segmenter(unit: unit).segments(of: whole), of: whole) }
    }

    /// Text that shows no width keeps its line breaks: a clean text (a paragraph a line) whose only
    /// unpunctuated lines are a long title and a date, and a single full line (a title and its text
    /// look the same).
    @Test(arguments: [
        "关于加快场景创新以人工智能高水平应用促进经济高质量发展的指导意见\n为深入贯彻落实党中央、国务院决策部署，制定本意见。\n2016年11月7日 第十二届全国人民代表大会常务委员会第二十四次会议通过\n第一章 总则\n",
        "生成式人工智能服务管理暂行办法（征求意见稿）全文及说明\n为了促进生成式人工智能健康发展和规范应用，制定本办法。",
    ])
    func textWithoutAWidthKeepsItsBreaks(text: String) {
        #expect(ChineseHardWraps.measureFullLineWidth(Self.bytes(text)) == 0)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(texts(text) == lines)
        #expect(texts(text, unit: .paragraph) == lines)
    }

    /// Property: corpus-like Chinese paragraphs (terms, clause and sentence punctuation, quotes, book
    /// titles, digits, Latin, article references; no ；or ： inside a sentence, whose line end would
    /// rightly end a unit, and no word ending in a digit before 、, which a wrap could leave as a line
    /// opening with the list marker "4、") re-wrapped at any width from 14 code points on have the same sentences and
    /// clauses, line breaks removed, as the paragraphs unwrapped, whenever the wrapped text shows its
    /// width (two full lines; else all its line breaks stay). Paragraphs are those of the unwrapped
    /// text, cut further only where a wrap falls right after a sentence end: without blank lines, a
    /// line that ends a sentence may end its paragraph. Since stop 39 also narrow wraps, 14–23 code points
    /// a line as two-column gazettes print (`ChineseHardWraps.isNoHeading`): a full line there is as
    /// short as a heading, and before, a paragraph's first line without `，` stayed apart as one.
    @Test(arguments: [(24, 40, UInt64(2024)), (14, 10, UInt64(39))])
    func rewrappedParagraphsHaveTheSentencesOfTheOriginal(minWidth: Int, widths: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var checked = 0
        var withoutWidth = 0
        for round in 0..<300 {
            let paragraphs = (0..<(1 + Int(random.next() % 4))).map { _ in Self.randomParagraph(&random) }
            let width = minWidth + Int(random.next() % UInt64(widths))
            let original = paragraphs.joined(separator: "\n")
            let wrapped = paragraphs.map { Self.wrap($0, width: width) }.joined(separator: "\n")
            let context = "round \(round), width \(width):\n\(wrapped)"
            // A text needs two full lines to show its width; without one, every line break stays.
            var copy = wrapped
            guard copy.withUTF8({ ChineseHardWraps.measureFullLineWidth($0) }) > 0 else {
                #expect(texts(wrapped).allSatisfy { !$0.contains("\n") }, "\(context)")
                withoutWidth += 1
                continue
            }
            for unit in [SegmentUnit.sentence, .clause] {
                let expected = texts(original, unit: unit)
                let got = texts(wrapped, unit: unit).map(Self.unwrapped)
                #expect(got == expected, "\(unit), \(context)")
                if got != expected { return }
                checked += expected.count
            }
            let paragraphEnds = Self.ends(texts(original, unit: .paragraph))
            let sentenceEnds = Self.ends(texts(original, unit: .sentence))
            let wrappedEnds = Self.ends(texts(wrapped, unit: .paragraph).map(Self.unwrapped))
            #expect(paragraphEnds.isSubset(of: wrappedEnds) && wrappedEnds.isSubset(of: sentenceEnds), "paragraphs, \(context)")
            for unit in [SegmentUnit.sentence, .paragraph] {
                SegmenterTests.checkSpans(Segmenter(unit: unit).segments(of: wrapped), of: wrapped)
            }
        }
        #expect(checked > 1000)
        #expect(withoutWidth < 30)
    }

    /// Traditional heads (條, 節, 編) and page numbers (頁) are read as the Simplified ones: a bare
    /// 第一條 opens its article, a chapter heading run into its first article is cut off, and a page
    /// number between the halves of a sentence is furniture.
    @Test func traditionalHeadsAndPageNumbers() {
        #expect(texts("第一章 總則 第一條 為了規範管理，制定本辦法。\n第三章網絡運行安全第一節一般規定第二十一條 國家實行網絡安全等級保護制度。\n")
                == ["第一章 總則", "第一條 為了規範管理，制定本辦法。", "第三章網絡運行安全", "第一節一般規定", "第二十一條 國家實行網絡安全等級保護制度。"])
        #expect(texts("第一條\n為了規範管理，制定本辦法。\n") == ["第一條\n為了規範管理，制定本辦法。"])
        let wrapped = "第六條 鼓勵生成式人工智能算法、框架、晶片\n及配套軟體平台等基礎技術的自主創新，平等\n第 2 頁\n互利開展國際交流與合作，參與國際規則制定。\n"
        #expect(texts(wrapped).count == 1, "\(texts(wrapped))")
    }

    /// Heads as Taiwan's law database prints them, a number in digits between spaces ("第 1 條", an
    /// inserted "第 5-1 條"), are heads: a bare one opens its article whatever the text's line widths
    /// (one such line alone used to be a unit of its own, two alike were joined as if wrapped), and a
    /// chapter heading before an article on its line is cut off. Spaced Chinese numerals, a digit
    /// number before another character, and a spaced reference inside a sentence are no heads.
    @Test func spacedDigitHeads() {
        #expect(texts("第 1 条\n为了促进人工智能健康发展，制定本办法。\n") == ["第 1 条\n为了促进人工智能健康发展，制定本办法。"])
        #expect(texts("第 1 章 總則 第 1 條 為了規範管理，制定本辦法。\n第 5-1 條\n本辦法適用於服務。\n第 2 條　提供者應當依法開展活動。\n")
                == ["第 1 章 總則", "第 1 條 為了規範管理，制定本辦法。", "第 5-1 條\n本辦法適用於服務。", "第 2 條　提供者應當依法開展活動。"])
        #expect(texts("第 一 條\n不是頭。\n") == ["第 一 條", "不是頭。"])
        // Digits without spaces make heads of seven and eight bytes, shorter than 第一条's nine: alone on
        // their line they were units of their own.
        for head in ["第1条", "第10條", "第５－１條", "第 ５-１ 條", "第１０條"] {
            #expect(texts("\(head)\n提供者應當定期開展演算法安全評估。\n") == ["\(head)\n提供者應當定期開展演算法安全評估。"], "\(head)")
        }
        #expect(texts("依照本法第 3 條的規定，辦理。第1名為張三。\n") == ["依照本法第 3 條的規定，辦理。", "第1名為張三。"])
        // At a line start the head test does run: a spaced reference glued to its text goes on the wrapped
        // sentence, and 第1名 opens nothing.
        let wrapped = "網路服務提供者應當建立健全投訴舉報機制並依照本法\n第 3 條規定辦理相關手續，不得擅自變更其內容\n及用途，並應當向主管機關報告有關的情況。\n"
        #expect(texts(wrapped).count == 1, "\(texts(wrapped))")
        #expect(texts("第1名\n張三。\n") == ["第1名", "張三。"])
        // The shortest heads, seven and eight bytes, are read as heads by `chineseHead` too.
        for (head, rank) in [("第1条", TextScanning.ChineseHeadRank.article), ("第10條", .article), ("第1章", .chapter)] {
            var utf8 = Array(head.utf8)
            let found = utf8.withUnsafeMutableBufferPointer { TextScanning.chineseHead(UnsafeBufferPointer($0), at: 0, end: $0.count) }
            #expect(found?.end == head.utf8.count && found?.rank == rank, "\(head)")
        }
        for (text, end) in [("第 12 條 本法", 6), ("第５　條", 4), ("第 5-1 条", 7), ("第1条", 3), ("第５－１條", 5), ("第 5–1 條", nil), ("第 一 条", nil), ("第 1 名", nil), ("第   1 条", nil)] as [(String, Int?)] {
            var utf8 = Array(text.utf8)
            let found = utf8.withUnsafeMutableBufferPointer { bytes in
                TextScanning.structuralMarkerEnd(UnsafeBufferPointer(bytes), at: 0, end: bytes.count)
            }
            // `end` counts code points; the marker's end is a byte offset.
            #expect(found == end.map { String(String.UnicodeScalarView(text.unicodeScalars.prefix($0))).utf8.count }, "\(text)")
        }
    }

    /// In a narrow wrap an article's first line, an enumerating item line and a line before one that
    /// opens with 、 go on; a rule's title stays apart (`ChineseHardWraps.isNoHeading`).
    @Test func narrowWrapsKeepTitlesAndJoinArticles() {
        let text = "人工智能生成合成内容标识管理办法\n\n第二条 符合《互联网信息服务算法推荐\n管理规定》、《互联网信息服务深度合成\n管理规定》的服务提供者适用本办法。\n（二）在算法设计、训练数据选择、模型\n生成和优化等过程中防止产生歧视；\n国家对利用生成式人工智能服务从事新闻出\n、影视制作等活动另有规定的，从其规定。\n"
        #expect(texts(text).map(Self.unwrapped) == ["人工智能生成合成内容标识管理办法",
            "第二条 符合《互联网信息服务算法推荐管理规定》、《互联网信息服务深度合成管理规定》的服务提供者适用本办法。",
            "（二）在算法设计、训练数据选择、模型生成和优化等过程中防止产生歧视；", "国家对利用生成式人工智能服务从事新闻出、影视制作等活动另有规定的，从其规定。"])
    }

    /// Where each of consecutive spans (of a text without white space between them) ends.
    private static func ends(_ spans: [String]) -> Set<Int> {
        var end = 0
        return Set(spans.map { span in end += span.unicodeScalars.count; return end })
    }

    private static let words = ["人工智能", "服务", "提供者", "应当", "依法", "履行", "个人信息", "保护", "义务", "安全", "评估",
                                "训练数据", "标注", "生成", "合成", "内容", "标识", "监督", "管理", "部门", "国家", "网信", "算法",
                                "推荐", "深度合成", "用户", "权益", "不得", "侵害", "自然人", "的", "和", "或者", "并", "建立", "健全",
                                "机制", "AI", "大模型", "2025年", "12个月", "第十八条第一款", "本法", "《个人信息保护法》",
                                "“深度合成”", "（以下简称提供者）", "GPT-4o", "数据", "跨境", "传输", "风险"]
    private static let clauseMarks = ["，", "、", "，", "，"]
    private static let sentenceEnds = ["。", "。", "。", "！", "？"]

    static func randomParagraph(_ random: inout SplitMix64) -> String {
        var paragraph = ""
        for _ in 0..<(2 + Int(random.next() % 6)) {
            for _ in 0..<(2 + Int(random.next() % 4)) {
                for _ in 0..<(2 + Int(random.next() % 5)) { paragraph += words[Int(random.next() % UInt64(words.count))] }
                paragraph += clauseMarks[Int(random.next() % UInt64(clauseMarks.count))]
            }
            paragraph.removeLast()
            paragraph += sentenceEnds[Int(random.next() % UInt64(sentenceEnds.count))]
        }
        return paragraph
    }

    private static func bytes(_ text: String) -> UnsafeBufferPointer<UInt8> {
        let copy = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: copy.count)
        _ = buffer.initialize(from: copy)
        return UnsafeBufferPointer(buffer)  // leaked: a few hundred bytes per test case
    }
}

/// A small seeded generator (SplitMix64), so that the property test is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476C_E5B9_E1D9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
