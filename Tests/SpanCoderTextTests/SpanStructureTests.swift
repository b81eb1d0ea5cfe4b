import Testing
@testable import SpanCoderText

@Suite struct SpanStructureTests {
    typealias Role = SpanStructure.Role
    static let heading = Role(isHeading: true)
    static let leadIn = Role(isLeadIn: true)
    static let item = Role(inheritsLeadIn: true)
    static let itemLeadIn = Role(inheritsLeadIn: true, isLeadIn: true)
    static let plain = Role()

    /// Lines of a document (each line one span) and the role of each.
    static let cases: [([String], [Role])] = [
        // A duty with its items; the list ends at the next sentence that is no item.
        (["Chapter V: Legal Liability", "Providers shall:", "(a) label content;", "(b) keep logs.", "The rest applies."],
         [heading, leadIn, item, item, plain]),
        (["个人信息处理者应当通知下列事项：", "（一）个人信息的种类；", "（二）采取的补救措施；", "第五十八条 其他规定。"],
         [leadIn, item, item, plain]),
        // Em dash items, as in translated standards; numbered items; nested lists.
        (["It is necessary to:", "— have a contract;", "— review materials."], [leadIn, item, item]),
        (["The plan covers:", "1. data, as follows:", "(i) quality;", "2. compute."], [leadIn, itemLeadIn, item, item]),
        // Items without a lead-in inherit nothing; an article head is no item; a heading breaks the list.
        (["Providers label all their generated content every week.", "(a) an item;", "(b) another item for the list;"], [plain, plain, plain]),
        (["应当遵守下列规定：", "第十二条 提供者应当标识。"], [leadIn, plain]),
        (["The duties are:", "Section 4 Definitions", "(a) an item of the definitions;"], [leadIn, heading, plain]),
        (["Sec. 3. Providers shall report:", "(1) incidents."], [leadIn, item]),
    ]

    @Test(arguments: cases) func roles(_ lines: [String], _ expected: [Role]) {
        let text = lines.joined(separator: "\n")
        let bytes = Array(text.utf8)
        var spans: [Range<Int>] = []
        var start = 0
        for line in lines {
            spans.append(start..<start + line.utf8.count)
            start += line.utf8.count + 1
        }
        let roles = bytes.withUnsafeBufferPointer { SpanStructure.roles(of: spans, in: $0) }
        #expect(roles == expected, "\(lines)")
    }

    @Test func colonsAndMarkersAtTheEdges() {
        for (text, colon) in [("shall: ", true), ("应当：\n", true), ("ratio 3:1", false), ("", false), ("：", true)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { SpanStructure.endsWithColon($0, span: 0..<$0.count) } == colon, "\(text)")
        }
        for (text, item) in [("（一）", true), ("— x", true), ("—x", false), ("第一条 x", false), ("Section 2 x", false), ("a. x", true), ("", false)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { SpanStructure.opensListItem($0, span: 0..<$0.count) } == item, "\(text)")
        }
    }
}
