import Testing
@testable import SpanCoderText

/// The hinted range mapping (used per match by the classifier) against the binary-search one.
@Suite struct NormalizedTextHintTests {
    @Test(arguments: [
        "Ａｒｔｉｆｉｃｉａｌ  Intelligence，人工智慧 e\u{301}  ﬁne\t\t\nline 𠮷𠮷 “quoted” — end",
        String(repeating: "AI safety；人工智能 安全。  ", count: 40),
        "",
        "x",
    ])
    func hintedMappingEqualsSearch(text: String) {
        let normalized = TextNormalizer.shared(.matching).normalize(text)
        let n = normalized.utf8.count
        var ranges: [Range<Int>] = []
        // Every range up to 12 bytes long, in order of end (the scan's order), then some far jumps.
        for end in 0...n { for start in max(0, end - 12)...end { ranges.append(start..<end) } }
        ranges += [0..<n, (n / 2)..<n, 0..<(n / 3)]
        var hint = 0
        for range in ranges {
            #expect(normalized.originalUTF8Range(ofNormalized: range, hint: &hint) == normalized.originalUTF8Range(ofNormalized: range))
        }
    }
}
