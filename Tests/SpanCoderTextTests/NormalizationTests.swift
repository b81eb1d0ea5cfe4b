import Testing
@testable import SpanCoderText

@Suite struct NormalizationTests {
    let normalizer = TextNormalizer.shared(.matching)

    @Test(arguments: [
        ("AI Safety", "ai safety"),
        ("ＡＩ　安全，测试", "ai 安全,测试"),
        ("人工智能", "人工智能"),
        ("人工智慧與演算法", "人工智慧与演算法"),
        ("red\n\n  teaming", "red teaming"),
        ("“smart” quotes — dash", "\"smart\" quotes - dash"),
        ("Straße", "strasse"),
        ("e\u{301}cole", "école"),
        ("𠮷野家 😀", "𠮷野家 😀"),
        ("ﬁnance", "finance"),
    ])
    func normalizesLikeICU(input: String, expected: String) {
        #expect(normalizer.normalize(input).string == expected)
    }

    @Test func mapsEveryNormalizedRangeBackToWholeOriginalCharacters() {
        let text = "ＡＩ　安全，人工智慧\r\n e\u{301}cole ﬁn 𠮷😀 “q”"
        let normalized = normalizer.normalize(text)
        let original = Array(text.utf8)
        let n = normalized.utf8.count
        for start in 0...n where start == n || normalized.utf8[start] & 0xC0 != 0x80 {
            for end in start...n where end == n || normalized.utf8[end] & 0xC0 != 0x80 {
                let range = normalized.originalUTF8Range(ofNormalized: start..<end)
                #expect(range.lowerBound <= range.upperBound)
                // Both ends on original code point boundaries.
                #expect(range.lowerBound == original.count || original[range.lowerBound] & 0xC0 != 0x80)
                #expect(range.upperBound == original.count || original[range.upperBound] & 0xC0 != 0x80)
            }
        }
        // A normalized match maps to the original characters that produced it.
        let slice = { (needle: String) -> String in
            let bytes = Array(needle.utf8)
            let all = normalized.utf8
            let at = (0...(all.count - bytes.count)).first { Array(all[$0..<$0 + bytes.count]) == bytes }!
            let range = normalized.originalUTF8Range(ofNormalized: at..<at + bytes.count)
            return String(decoding: original[range], as: UTF8.self)
        }
        #expect(slice("ai") == "ＡＩ")
        #expect(slice("安全,") == "安全，")
        #expect(slice("人工智慧") == "人工智慧")
        #expect(slice("école") == "e\u{301}cole")
        #expect(slice("fin") == "ﬁn")
        #expect(slice("𠮷😀") == "𠮷😀")
        #expect(slice("\"q\"") == "“q”")
    }

    @Test func offsetIndexConvertsBetweenUnits() {
        let text = "a𠮷中\r\nb😀"
        let index = OffsetIndex(text)
        let scalars = Array(text.unicodeScalars)
        var utf8 = 0
        var utf16 = 0
        for (cp, scalar) in scalars.enumerated() {
            #expect(index.utf8Offset(codePoint: cp) == utf8)
            #expect(index.codePointOffset(utf8: utf8) == cp)
            #expect(index.utf16Offset(utf8: utf8) == utf16)
            #expect(index.codePointOffset(utf16, in: .utf16) == cp)
            utf8 += String(scalar).utf8.count
            utf16 += String(scalar).utf16.count
        }
        #expect(index.codePointCount == scalars.count)
        #expect(index.utf8Offset(codePoint: scalars.count) == utf8)
        #expect(index.codePointOffset(2, in: .utf16) == nil)  // inside the surrogate pair of 𠮷
        #expect(index.codePointOffset(2, in: .utf8) == nil)  // inside 𠮷's UTF-8
    }
}
