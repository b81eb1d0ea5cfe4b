import Foundation
import Testing
@testable import SpanCoderText

@Suite struct HeadingShapeTests {
    /// `text` with the span marked by ⟦ ⟧, and whether the span has the shape of a heading.
    static let cases: [(String, Bool)] = [
        // Headings on lines of their own, with or without numbering, in both languages.
        ("⟦Chapter V: Legal Liability⟧\nArticle 30 …", true),
        ("Intro.\n  ⟦9.3 Generated Content Safety Assessment⟧  \r\nThe provider shall …", true),
        ("⟦IV. Respect privacy.⟧", true),
        ("x\n⟦SAFE AND EFFECTIVE SYSTEMS⟧\n", true),
        ("⟦第五章 法律责任⟧\n第三十条", true),
        ("⟦（二）推进人工智能赋能千行百业⟧\n", true),
        // A run-in heading: a short sentence that opens a paragraph.
        ("⟦Independent evaluation.⟧ Automated systems should be designed to allow for independent evaluation.", true),
        // Sentences and list items, not headings.
        ("⟦E. Regularly evaluate risks from the use of AI and report them.⟧", false),
        ("⟦Agencies shall report incidents to the Director, who shall publish them.⟧", false),
        ("⟦（一）制定内部管理制度和操作规程；⟧", false),
        ("⟦个人信息处理者应当及时提供。⟧", false),
        ("⟦拒绝个人行使权利的请求的，应当说明理由⟧", false),
        ("⟦第四条 国务院气象主管机构负责指导、监督和管理全国人工智能气象应用服务工作⟧", false),
        ("⟦Providers shall:⟧\n(a) label content", false),
        ("⟦Providers shall conduct adversarial testing.⟧\n", false),
        ("⟦Agencies must act⟧\n", false),
        ("⟦Testing is required.⟧ Providers …", false),
        ("⟦The rest applies.⟧\n", false),
        ("⟦Such systems matter.⟧\n", false),
        ("⟦Data, models, and compute,⟧\n", false),
        // A Chinese heading run into the next head on its line (the segmenter makes each head a unit).
        ("⟦第一章 总则⟧ 第一条 为了促进生成式人工智能健康发展，制定本办法。", true),
        ("⟦第二章　技术发展与治理⟧　第五条　鼓励生成式人工智能技术在各行业、各领域的创新应用。", true),
        ("第三章 网络运行安全 ⟦第一节 一般规定⟧ 第二十一条 国家实行网络安全等级保护制度。", true),
        ("……制定本办法。⟦第六章 法律责任⟧ 第21条 违反本办法规定的，依法处罚。", true),
        ("⟦第一章 总则（试行）⟧第一条 为了规范服务，制定本办法。", true),
        ("⟦第一章总则⟧第一条为了规范服务，制定本办法。", true),
        // Page furniture that is a unit of its own (`PageFurniture`): a label, no code.
        ("These AI actors may include advocacy groups,\n⟦Page 9⟧\n\u{0C}NIST AI 100-1 AI RMF 1.0\n", true),
        ("Page 9\n\u{0C}⟦NIST AI 100-1 AI RMF 1.0⟧\nFig. 2. Lifecycle", true),
        ("正文。⟦第七章 附则⟧\n", true),
        // Not before a head of a lower rank, nor an article that follows text.
        ("⟦第一章 总则⟧ 第二章 其他", false),
        ("正文。⟦第一章 总则⟧ 违反本办法规定的", false),
        ("本法。⟦第三条 国家⟧ 第四条 内容", false),
        // Not alone on its line.
        ("The measures apply. ⟦Legal Liability⟧\n", false),
        ("⟦Legal Liability⟧ and other duties apply\n", false),
        ("⟦Two short words.⟧ Then more.", true),
        ("Before. ⟦Two short words.⟧ Then more.", false),
        ("⟦法律责任⟧ 违反本办法规定的，依法处罚。", false),
        // Fragments of hard-wrapped sentences.
        ("⟦governance structures and technical safeguards.⟧\n", false),
        ("⟦MEASURE 4.2: Measurement results regarding AI system trust-⟧\nworthiness", false),
        // Too long, or no words at all.
        ("⟦One two three four five six seven eight nine⟧\n", false),
        ("⟦Section 4.3 Managing AI in Critical Infrastructure and in Cybersecurity⟧\n", true),
        ("⟦Section 4.3 Managing AI in critical infrastructure and in cybersecurity⟧\n", false),
        // After a section label, a title in title case or capitals may end with a period and run longer.
        ("⟦Section 4.3 Managing AI in Critical Infrastructure and in Cybersecurity.⟧\n", true),
        ("x.\n ⟦SEC. 2. VOLUNTARY GUIDELINES FOR ADMINISTRATION OF ELECTIONS THAT ADDRESS THE USE AND RISKS OF ARTIFICIAL INTELLIGENCE TECHNOLOGIES.⟧\n\n(a)", true),
        ("⟦SEC. 5. REPORTING REQUIREMENTS.⟧\n", true),
        ("⟦Sec. 4. The Agencies Shall Report Incidents to the Director.⟧\n", false),
        ("⟦SEC. 2. VOLUNTARY GUIDELINES FOR ADMINISTRATION OF ELECTIONS.⟧ Each entity reports.\n", false),
        ("⟦One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve.⟧\n", false),
        ("⟦One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Sixteen Seventeen⟧\n", false),
        ("⟦One two three four five six.⟧\n", false),
        // A heading run into its first item on the line, which is a unit of its own.
        ("⟦4.3. Managing AI in Critical Infrastructure and in Cybersecurity.⟧ (a) To ensure the protection of critical infrastructure, the following actions shall be taken:", true),
        ("⟦Sec. 9. Protecting Privacy.⟧ (a) To mitigate privacy risks", true),
        ("⟦（一）政务服务类⟧1.智能问答。", true),
        ("⟦(III) EXPLAIN THE PROCESS TO APPEAL THE DECISION.⟧  (B) A CONTROLLER MUST RESPOND", false),
        ("⟦Managing AI in Critical Infrastructure and in Cybersecurity Today.⟧ The agencies act.", false),
        ("⟦（三）⟧\n", false),
        // White space between Han characters is not counted, as matching ignores it.
        ("⟦第 二 章 网 络 安 全 支 持 与 促 进⟧\n", true),
        ("⟦第二章　网　络　安　全　支　持　与　促　进⟧\n", true),
        ("⟦人 工 智 能 生 成 合 成 内 容 标 识 办 法 的 适 用 范 围 和 监 督 管 理⟧\n", false),
        // A line with Han text that ends in 。 is a Chinese sentence, whatever Latin it quotes.
        ("⟦提供者应保护个人信息（personal data）。⟧\n", false),
        ("⟦系统应保护个人信息并进行red teaming。⟧\n", false),
        ("⟦Red teaming（红队测试）⟧\n", true),
        // A short line with a lexical verb after its subject is a sentence, not a run-in heading.
        ("⟦AI systems discriminate against women.⟧\n", false),
        ("⟦Facial recognition threatens privacy.⟧\n", false),
        ("⟦AI systems discriminate against women.⟧ They also harm privacy.", false),
        ("⟦3. Human-AI interaction results vary.⟧\n", false),
        ("⟦Improve the ability to protect.⟧\n", true),
        ("⟦Human alternatives provided when appropriate.⟧\n", true),
        ("⟦Strengthen risk prevention.⟧\n", true),
        ("⟦Facial recognition threatens privacy⟧\n", true),
        // Numbered sections ("4.5.", "A.1.8.") in title case are headings like "Sec. 4." ones, final period
        // or not, also before the first item of their section on the same line.
        ("⟦A.1.8. Incident Disclosure⟧\n", true),
        ("⟦4.5. Reducing the Risks Posed by Synthetic Content.⟧\n", true),
        ("⟦4.1. Developing Guidelines, Standards, and Best Practices for AI Safety and Security.⟧ (a) Within 270 days", true),
        ("⟦4.1. Developing Guidelines, Standards, and Best Practices for AI Safety and Security.⟧ Within 270 days", false),
        ("⟦4.5. Reducing the risks posed by synthetic content in elections.⟧\n", false),
        ("⟦4. Reducing the Risks Posed by Synthetic Content.⟧\n", false),
        ("⟦人工智能生成合成内容标识办法的适用范围和监督管理职责分工说明⟧\n", false),
    ]

    @Test(arguments: cases) func shape(_ marked: String, _ expected: Bool) throws {
        let (text, span) = try #require(Self.unmark(marked))
        let bytes = Array(text.utf8)
        let found = bytes.withUnsafeBufferPointer { HeadingShape.isHeading($0, span: span) }
        #expect(found == expected, "\(marked)")
    }

    /// A span that is not the whole text but reaches past it is clamped, and an empty span is not a
    /// heading.
    @Test func outOfRangeAndEmptySpans() {
        let bytes = Array("Legal Liability".utf8)
        bytes.withUnsafeBufferPointer { text in
            #expect(HeadingShape.isHeading(text, span: -5..<100))
            #expect(!HeadingShape.isHeading(text, span: 3..<3))
            #expect(!HeadingShape.isHeading(text, span: 0..<0))
        }
    }

    /// The coders' convention 1 gives headings no code: no unit of the development gold that has the
    /// shape of a heading carries a gold code (and the rule finds such units, so it is not vacuous).
    @Test func developmentGoldHeadingsHaveNoCodes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let labels = root + "/../shared/gold/dev/labels.jsonl"
        let texts = root + "/../shared/gold/texts/"
        guard let data = FileManager.default.contents(atPath: labels) else { return }
        var found = 0
        var documents: [String: [UInt8]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let unit = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let doc = try #require(unit["doc"] as? String)
            let start = try #require(unit["start"] as? Int), end = try #require(unit["end"] as? Int)
            let codes = try #require(unit["codes"] as? [String])
            if documents[doc] == nil {
                documents[doc] = Array(try #require(FileManager.default.contents(atPath: texts + doc + ".txt")))
            }
            let bytes = documents[doc]!
            let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            let lower = scalars[..<start].reduce(0) { $0 + UTF8.width($1) }
            let upper = lower + scalars[start..<end].reduce(0) { $0 + UTF8.width($1) }
            if bytes.withUnsafeBufferPointer({ HeadingShape.isHeading($0, span: lower..<upper) }) {
                found += 1
                #expect(codes.isEmpty, "\(doc) [\(start), \(end)): \(codes)")
            }
        }
        #expect(found >= 30)
    }

    /// Removes ⟦ and ⟧ from `marked`; the UTF-8 range they enclosed.
    static func unmark(_ marked: String) -> (String, Range<Int>)? {
        guard let open = marked.range(of: "⟦"), let close = marked.range(of: "⟧") else { return nil }
        let text = String(marked[..<open.lowerBound]) + String(marked[open.upperBound..<close.lowerBound]) + String(marked[close.upperBound...])
        let lower = marked[..<open.lowerBound].utf8.count
        let upper = lower + marked[open.upperBound..<close.lowerBound].utf8.count
        return (text, lower..<upper)
    }
}
