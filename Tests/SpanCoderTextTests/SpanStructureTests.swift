import Testing
@testable import SpanCoderText

@Suite struct SpanStructureTests {
    /// Lines of a document (each line one span) and the role of each: "H" heading, "L" lead-in,
    /// "I1" item taking the codes of the outermost open lead-in, "I2" of the second, "I1L" an item that
    /// leads a list of its own, "-" plain text.
    static let cases: [([String], [String])] = [
        // A duty with its items; the list ends at the next span that is no item.
        (["Chapter V: Legal Liability", "Providers shall:", "(a) label content;", "(b) keep logs.", "The rest applies."],
         ["H", "L", "I1", "I1", "-"]),
        (["个人信息处理者应当通知下列事项：", "（一）个人信息的种类；", "（二）采取的补救措施；", "第五十八条 其他规定。"],
         ["L", "I1", "I1", "-"]),
        // Em dash items, as in translated standards.
        (["It is necessary to:", "— have a contract;", "— review materials."], ["L", "I1", "I1"]),
        // Nested lists: an item in an outer list's style closes the inner list and takes the outer lead-in.
        (["The plan covers:", "1. data, as follows:", "(i) quality;", "(ii) provenance;", "2. compute, and", "3. chips."],
         ["L", "I1L", "I2", "I2", "I1", "I1"]),
        (["Sec. 4. The agencies shall:", "(a) within 90 days, the Secretary shall:", "(i) consult experts;", "(ii) publish a report; and",
          "(b) within 180 days, report to the President.", "(c) Within a year:", "(A) review it."],
         ["L", "I1L", "I2", "I2", "I1", "I1L", "I2"]),
        // An item in no open list's style closes them all.
        (["The duties are:", "(a) first duty of the provider;", "4.5. Reducing the risks of synthetic content in all services:", "(a) label it."],
         ["L", "I1", "L", "I1"]),
        // Items without a lead-in inherit nothing; an article head is no item; a heading breaks the list.
        (["Providers label all their generated content every week.", "(a) an item;", "(b) another item for the list;"], ["-", "-", "-"]),
        (["应当遵守下列规定：", "第十二条 提供者应当标识。"], ["L", "-"]),
        // Letter markers glued to Chinese text are items, as with a space.
        (["提供者应当采取下列措施保护个人信息：", "a.建立制度。", "b.加强管理。", "c.定期审查。"], ["L", "I1", "I1", "I1"]),
        (["The duties are:", "Section 4 Definitions", "(a) an item of the definitions;"], ["L", "H", "-"]),
        (["Sec. 3. Providers shall report:", "(1) incidents."], ["L", "I1"]),
        // US bills open lists with an em dash; a run-in heading's dash opens none.
        (["(a) In General.—The Secretary shall—", "(1) publish guidance; and", "(2) consult the public.", "(b) Report.—",
          "(1) In general.—Not later than 1 year, the Director shall report."],
         ["L", "I1", "I1", "H", "-"]),
        // Items without markers run while they end in a semicolon; the first that does not is the last.
        (["Data shall satisfy the following requirements:", "Conforming to the law;", "Not containing infringing content; and",
          "Be accurate.", "Providers keep every log for six months after the service ends."], ["L", "I1", "I1", "I1", "-"]),
        (["委员会履行下列职责：", "研究制定伦理规范；", "开展监督检查。", "第六十六条 其他规定。"], ["L", "I1", "I1", "-"]),
        (["The duties are:", "This sentence is no item;"], ["L", "I1"]),
        (["The duties are:", "This sentence is no item.", "Nor is this one;"], ["L", "-", "-"]),
        // A bill quotes the text it inserts: a quoted marker is a marker.
        (["(2) by adding at the end the following:", "“(C) DEFENSE.—The provider shall—", "“(i) keep logs; and", "“(ii) report.”"],
         ["L", "I1L", "I2", "I2"]),
    ]

    /// Items of a list whose lead-in defines a term are part of the definition, nested lists too; the
    /// definition ends where its list ends.
    @Test func itemsOfADefinitionsListAreInTheDefinition() {
        let lines = ["“Critical risk” means a risk of harm through any of the following:", "(1) a weapon;", "(2) a cyberattack, including:",
                     "(A) attacks on grids;", "(3) evading control.", "Providers shall report:", "(a) incidents.",
                     "(2) “Catastrophic risk” does not include a risk from any of the following:", "(A) lawful activity.",
                     "(3) Covered entity.—The term “covered entity” means—", "(A) a developer; or", "(B) a deployer."]
        let roles = Self.walk(lines)
        #expect(roles.map(\.isInDefinition) == [false, true, true, true, true, false, false, false, true, false, true, true])
        #expect(roles.map(Self.describe) == ["L", "I1", "I1L", "I2", "I1", "L", "I1", "L", "I1", "L", "I1", "I1"])
    }

    static func describe(_ role: SpanStructure.Role) -> String {
        if role.isHeading { return "H" }
        var text = role.inheritsLeadIn ? "I\(role.keptLevels)" : ""
        if role.isLeadIn { text += "L" }
        return text.isEmpty ? "-" : text
    }

    /// The roles of `lines` joined by line breaks, each line one span, walked in order.
    static func walk(_ lines: [String]) -> [SpanStructure.Role] {
        let bytes = Array(lines.joined(separator: "\n").utf8)
        var spans: [Range<Int>] = []
        var start = 0
        for line in lines {
            spans.append(start..<start + line.utf8.count)
            start += line.utf8.count + 1
        }
        var walk = SpanStructure()
        return bytes.withUnsafeBufferPointer { text in spans.map { walk.role(of: $0, in: text) } }
    }

    @Test(arguments: cases) func roles(_ lines: [String], _ expected: [String]) {
        #expect(Self.walk(lines).map(Self.describe) == expected, "\(lines)")
    }

    @Test func colonsAndMarkersAtTheEdges() {
        let leadIns = [("shall: ", true), ("应当：\n", true), ("ratio 3:1", false), ("", false), ("：", true),
                       ("the Secretary shall—", true), ("means— \n", true), ("in subparagraph (A)—", true), ("the term “covered”—", true),
                       ("(5) PRIVACY.—", false), ("(b) Requirements.—", false), ("as follows —", false), ("——", false), ("—", false),
                       ("具有下列情形之一——", false),
                       ("the Secretary shall--", true), ("the term ``covered''--", true), ("in subparagraph (A)--", true),
                       ("(5) PRIVACY.--", false), ("SECTION 2---", false), ("as follows --", false), ("--", false)]
        for (text, leadIn) in leadIns {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { SpanStructure.endsAsLeadIn($0, span: 0..<$0.count) } == leadIn, "\(text)")
        }
        for (text, semicolon) in [("keep logs; ", true), ("保存日志；", true), ("keep logs; and", true), ("keep logs; or\n", true),
                                  ("keep logs and", false), ("band", false), ("", false)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { SpanStructure.endsWithSemicolon($0, span: 0..<$0.count) } == semicolon, "\(text)")
        }
        for (text, item) in [("（一）", true), ("— x", true), ("—x", false), ("第一条 x", false), ("Section 2 x", false), ("a. x", true), ("", false),
                             ("“(A) x", true), ("\"(1) x", true), ("“x", false), ("“", false),
                             // An appendix's section number, as a bill's "Sec. 4.", opens no item of an "A." list.
                             ("A.1.8. Incident Disclosure", false), ("A. Incident Disclosure", true)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { SpanStructure.opensListItem($0, span: 0..<$0.count) } == item, "\(text)")
        }
    }

    /// Items of one list share a marker style; different numberings and brackets are different styles.
    @Test func markerStyles() {
        func style(_ text: String) -> SpanStructure.MarkerStyle? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { SpanStructure.itemStyle($0, span: 0..<$0.count) }
        }
        let same = [("(a) x", "(b) y"), ("(i) x", "(iv) y"), ("(1) x", "(12) y"), ("1. x", "2. y"), ("（一）x", "（十二）y"),
                    ("A. x", "B. y"), ("(A) x", "(C) y"), ("1.1 x", "2.3 y"), ("• x", "• y"), ("一、x", "二、y")]
        for (a, b) in same { #expect(style(a) != nil && style(a) == style(b), "\(a) | \(b)") }
        let different = [("(a) x", "(i) y"), ("(a) x", "(A) y"), ("(1) x", "1. y"), ("1. x", "1.1 y"), ("(a) x", "a. y"),
                          ("• x", "- y"), ("(1) x", "1) y"), ("（一）x", "一、y")]
        for (a, b) in different { #expect(style(a) != style(b), "\(a) | \(b)") }
    }
}
