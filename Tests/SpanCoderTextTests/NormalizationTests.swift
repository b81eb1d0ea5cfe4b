import Foundation
import Testing
@testable import SpanCoderText
import CICU
import SpanCoderCore

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
        // ICU turns 諮 into 谘, which the 2013 standard table retired for 咨 (咨询 today); a combining
        // mark after it takes the path through ICU instead of the table.
        ("專家諮詢、谘询", "专家咨询、咨询"),
        ("諮\u{301}詢", "咨\u{301}询"),
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

    /// The table's build sends a Han code point through Traditional → Simplified only when ICU's
    /// source set says the transliterator may change it: every Han code point it skips must come back
    /// unchanged, and the skip must leave some to transliterate (traditional forms do change).
    @Test func transliterationIsSkippedOnlyWhereItChangesNothing() throws {
        var status: Int32 = 0
        let transliterator = try #require(sc_transliterator_open("Traditional-Simplified", &status))
        defer { sc_transliterator_close(transliterator) }
        let source = try #require(TextNormalizer.CodePointRanges.source(of: transliterator))
        var skipped = 0, changed = 0
        var wrong: [String] = []
        for value in UInt32(0x3400)..<0xFB00 where TextNormalizer.isHanIdeograph(value) {
            let form = TextNormalizer.icuNormalize(TextNormalizer.utf8(of: value))
            let result = TextNormalizer.transliterate(form, with: transliterator)
            if TextNormalizer.mayTransliterate(form, source: source) {
                if result != form { changed += 1 }
            } else {
                skipped += 1
                if result != form { wrong.append("U+\(String(value, radix: 16))") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
        #expect(skipped > 20_000 && changed > 2_000, "skipped \(skipped), changed \(changed)")
        #expect(normalizer.normalize("說話").string == "说话")
    }

    /// The pieces that go through ICU one by one (a character before a combining mark or a zero-width
    /// space, supplementary characters) are transliterated only when one of their code points is in the
    /// source set; every other piece must come back from the transliterator unchanged, so skipping it
    /// changes no output. Checked on random pieces of traditional and simplified Han, CJK brackets
    /// (also in the source set), combining marks, U+200B, supplementary Han and emoji; then whole texts.
    @Test func theICUPathTransliteratesOnlyWhatTheSourceSetNames() throws {
        var status: Int32 = 0
        let transliterator = try #require(sc_transliterator_open("Traditional-Simplified", &status))
        defer { sc_transliterator_close(transliterator) }
        let source = try #require(TextNormalizer.CodePointRanges.source(of: transliterator))
        let pool: [String] = ["說", "话", "體", "人", "「", "」", "e", "A", "\u{301}", "\u{200B}", "\u{20BB7}", "😀", "\u{2A6A5}", "·"]
        var generator = SplitMix64(seed: 20261130)
        var skipped = 0, transliterated = 0
        for _ in 0..<3000 {
            let piece = (0..<Int.random(in: 1...4, using: &generator)).map { _ in pool.randomElement(using: &generator)! }.joined()
            let form = TextNormalizer.icuNormalize(Array(piece.utf8))
            if TextNormalizer.mayTransliterate(form, source: source) {
                transliterated += 1
            } else {
                skipped += 1
                #expect(TextNormalizer.transliterate(form, with: transliterator) == form, "\(Array(piece.unicodeScalars))")
            }
        }
        #expect(skipped > 500 && transliterated > 500, "skipped \(skipped), transliterated \(transliterated)")
        #expect(source.contains(0x8AAA) && !source.contains(0x8BF4) && !source.contains(0x61))  // 說 yes; 说, "a" no
        #expect(normalizer.normalize("說\u{200B}話").string == "说话")
        #expect(normalizer.normalize("AI\u{200B}系統 😀").string == "ai系统 😀")
        #expect(normalizer.normalize("體\u{301}").string == normalizer.normalize("体\u{301}").string)
    }

    /// The table's build helpers (the per-code-point table is built from them once per option set)
    /// against their plain definitions, for every BMP code point: the UTF-8 encoder against the
    /// standard library's, ICU's normalization through a buffer that grows against the known
    /// expansion of U+FDFA, and the byte-level punctuation fold against a fold of each scalar.
    @Test func tableBuildHelpersAgreeWithTheirDefinitionsOverTheBMP() {
        // The fold as a table ("typographic punctuation folded to ASCII", docs/lexicons.md): curly and
        // prime quotes to ASCII quotes, hyphens, dashes and the minus sign to "-"; every other scalar
        // as it is.
        var foldTable: [UInt32: String] = [0x2212: "-"]
        for value: UInt32 in [0x2018, 0x2019, 0x201A, 0x201B, 0x2032] { foldTable[value] = "'" }
        for value: UInt32 in [0x201C, 0x201D, 0x201E, 0x201F, 0x2033] { foldTable[value] = "\"" }
        for value: UInt32 in 0x2010...0x2015 { foldTable[value] = "-" }
        func referenceFold(_ bytes: [UInt8]) -> [UInt8] {
            let text = String(decoding: bytes, as: UTF8.self)
            return Array(text.unicodeScalars.map { foldTable[$0.value] ?? String($0) }.joined().utf8)
        }
        var mismatches: [String] = []
        var folded = 0
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = TextNormalizer.utf8(of: value)
            if bytes != Array(String(Character(scalar)).utf8) { mismatches.append("utf8 U+\(String(value, radix: 16))") }
            let normalized = TextNormalizer.icuNormalize(bytes)
            for input in [bytes, normalized] {
                let fold = TextNormalizer.fold(input, options: .matching)
                if fold != referenceFold(input) { mismatches.append("fold U+\(String(value, radix: 16))") }
                if fold != input { folded += 1 }
                if TextNormalizer.fold(input, options: NormalizationOptions(foldPunctuation: false)) != input {
                    mismatches.append("fold off U+\(String(value, radix: 16))")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
        #expect(folded > 0)
        // ARABIC LIGATURE SALLALLAHOU ALAYHE WASALLAM: 33 bytes of NFKC, past the first buffer's 16.
        let ligature = TextNormalizer.icuNormalize(TextNormalizer.utf8(of: 0xFDFA))
        #expect(String(decoding: ligature, as: UTF8.self) == "\u{635}\u{644}\u{649} \u{627}\u{644}\u{644}\u{647} \u{639}\u{644}\u{64A}\u{647} \u{648}\u{633}\u{644}\u{645}")
        #expect(TextNormalizer.icuNormalize([]) == [])
    }
}

/// The ASCII fast path (runs of letters with single spaces lowercased in one piece) against what the
/// normalizer promises character by character, in each white-space mode, on random ASCII text with
/// some non-ASCII characters: the output, and that every normalized letter maps back to the one
/// original byte it came from.
@Suite struct ASCIIRunTests {
    @Test(arguments: [NormalizationOptions.Whitespace.keep, .collapse, .remove])
    func runsMatchPerCharacterSemantics(mode: NormalizationOptions.Whitespace) {
        let normalizer = TextNormalizer(options: NormalizationOptions(whitespace: mode))
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "B", "z", "Q", " ", " ", "  ", "\t", "\n", "-", ".", "7", "é", "人", "e\u{301}"]
        // Mostly letters, so that runs reach the eight-bytes-at-a-time path, with the bytes at the edges
        // of its lane tests ('@' 'A' 'Z' '[' '`' '{', 0x08, 0x0B–0x0E, 0x7F).
        let wordy = ["Policy", "AI", "shall", "ZEBRA", "x", " ", " ", "@[`{", "\r", "\u{0B}", "\u{0C}", "\u{08}\u{0E}\u{7F}", "人", "é"]
        for round in 0..<800 {
            let source = round % 2 == 0 ? pieces : wordy
            let text = (0..<Int.random(in: 0...40, using: &random)).map { _ in source.randomElement(using: &random)! }.joined()
            let normalized = normalizer.normalize(text)
            // Expected: lowercase letters; white space kept one for one, collapsed, or removed.
            var expected = ""
            var lastSpace = false
            for scalar in text.unicodeScalars {
                if scalar == " " || (0x09...0x0D).contains(scalar.value) {
                    switch mode {
                    case .keep: expected += " "
                    case .collapse: if !lastSpace { expected += " " }
                    case .remove: break
                    }
                    lastSpace = true
                } else {
                    expected.unicodeScalars.append(scalar)
                    lastSpace = false
                }
            }
            expected = String(expected.lowercased().precomposedStringWithCanonicalMapping)
            #expect(normalized.string == expected, "\(Array(text.unicodeScalars)) \(mode)")
            let original = Array(text.utf8)
            for (k, byte) in normalized.utf8.enumerated() where byte >= 0x61 && byte <= 0x7A {
                let back = normalized.originalUTF8Range(ofNormalized: k..<k + 1)
                #expect(back.count == 1 && original[back.lowerBound] | 0x20 == byte, "\(text) byte \(k)")
            }
        }
    }
}

/// White space between two Han ideographs is an artefact of extraction or typing in Chinese text (a line
/// broken by a PDF, letter-spaced headings): the matching normalization drops it, so 个 人 信 息 is 个人信息.
@Suite struct HanWhitespaceTests {
    let normalizer = TextNormalizer.shared(.matching)

    @Test(arguments: [
        ("个人 信息", "个人信息"),
        ("处理个人\r\n\n  信息", "处理个人信息"),
        ("个\u{3000}人\u{00A0}信 \u{3000} 息", "个人信息"),
        ("第一条 为了规范", "第一条为了规范"),
        ("𠮷 野家", "𠮷野家"),
        ("AI 芯片 AI", "ai 芯片 ai"),
        ("安全。 下一句", "安全。 下一句"),
        ("（一） 建立", "(一) 建立"),
        ("한국 어", "한국 어"),
        ("ひら がな", "ひら がな"),
        ("人工 ", "人工 "),
        (" 人工", " 人工"),
    ])
    func dropsWhiteSpaceOnlyBetweenHanIdeographs(input: String, expected: String) {
        #expect(normalizer.normalize(input).string == expected)
    }

    @Test func aTermAcrossTheGapMapsBackToTheGapAndBothSides() {
        let text = "应当保护个 人 信\n息。"
        let normalized = normalizer.normalize(text)
        let term = Array("个人信息".utf8)
        let all = normalized.utf8
        let at = try! #require((0...(all.count - term.count)).first { Array(all[$0..<$0 + term.count]) == term })
        let range = normalized.originalUTF8Range(ofNormalized: at..<at + term.count)
        #expect(String(decoding: Array(text.utf8)[range], as: UTF8.self) == "个 人 信\n息")
    }

    /// A character that normalizes to nothing (zero-width space, joiner and non-joiner, soft hyphen,
    /// word joiner) after a word is a removed region of its own: a match of the word ends before it.
    /// ("information\u{200B}" was one atomic piece, and evidence ended after the zero-width space.)
    /// Between a base and its combining mark it stays in the piece, which normalizes as ICU does.
    @Test(arguments: ["\u{200B}", "\u{200C}", "\u{200D}", "\u{00AD}", "\u{2060}", "\u{200B}\u{200D}", "\u{E0100}", "\u{E0001}\u{E0067}", "\u{1D173}"])
    func removedCharactersAfterAWordStayOutOfItsRange(removed: String) {
        for (text, word) in [("personal information\(removed) and", "information"), ("个人信息\(removed)保护", "个人信息"), ("e\(removed)", "e")] {
            let normalized = normalizer.normalize(text)
            let original = Array(text.utf8)
            let bytes = Array(word.utf8), all = normalized.utf8
            let at = (0...(all.count - bytes.count)).first { Array(all[$0..<$0 + bytes.count]) == bytes }!
            let range = normalized.originalUTF8Range(ofNormalized: at..<at + bytes.count)
            #expect(String(decoding: original[range], as: UTF8.self) == word, "\(Array(text.unicodeScalars))")
        }
        let combining = "e\(removed)\u{301}cole"
        #expect(normalizer.normalize(combining).string == icuMatchingNormalization(combining), "\(Array(combining.unicodeScalars))")
    }

    /// Runs of characters that normalize to nothing, long and short, before a combining mark (they stay in
    /// its piece), before text with a boundary, and several in one text: the normalized text is ICU's.
    /// (Each run's end is looked for once, not from each of its code points.)
    @Test func runsOfRemovedCharactersNormalizeAsICUDoes() {
        var random = SplitMix64(seed: 42)
        let removed = ["\u{200B}", "\u{FEFF}", "\u{00AD}", "\u{2060}", "\u{E0100}"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                text += ["e", "人", "x", "😀"][Int.random(in: 0..<4, using: &random)]
                for _ in 0..<[0, 1, 2, 5, 300][Int.random(in: 0..<5, using: &random)] { text += removed[Int.random(in: 0..<removed.count, using: &random)] }
                if Bool.random(using: &random) { text += "\u{301}" }
            }
            #expect(normalizer.normalize(text).string == icuMatchingNormalization(text), "\(Array(text.unicodeScalars).prefix(40))")
        }
    }

    /// The supplementary code points taken for removed are those ICU's NFKC_Casefold removes: every one
    /// of each range, and the code points just outside it are kept.
    @Test func supplementaryRemovedRangesAreICUs() {
        for range in TextNormalizer.supplementaryRemoved {
            for scalar in range {
                let text = String(Unicode.Scalar(scalar)!)
                #expect(icuMatchingNormalization(text).isEmpty, "U+\(String(scalar, radix: 16, uppercase: true))")
            }
            for outside in [range.lowerBound - 1, range.upperBound + 1] {
                guard let scalar = Unicode.Scalar(outside), scalar.properties.generalCategory != .unassigned else { continue }
                #expect(!icuMatchingNormalization(String(scalar)).isEmpty, "U+\(String(outside, radix: 16, uppercase: true))")
            }
        }
        // And the list is complete: every default-ignorable code point above the BMP is in it.
        for value in UInt32(0x10000)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isDefaultIgnorableCodePoint else { continue }
            #expect(TextNormalizer.supplementaryRemoved.contains { $0.contains(value) }, "U+\(String(value, radix: 16, uppercase: true))")
        }
    }

    /// ICU's NFKC_Casefold of the whole text, as the matching normalization folds it (no spaces here).
    func icuMatchingNormalization(_ text: String) -> String {
        String(decoding: TextNormalizer.icuNormalize(Array(text.utf8)), as: UTF8.self)
    }

    /// Random mixes of Han, other scripts, punctuation and white space against a per-character reference:
    /// collapse each run of white space to one space, then drop it when a Han ideograph comes on both sides.
    @Test func matchesAPerCharacterReference() {
        let pieces = ["人", "工", "𠮷", " ", "  ", "\n", "\r\n", "\u{3000}", "\u{00A0}", "a", "B", "。", "한", "か", "-", "é"]
        var random = SystemRandomNumberGenerator()
        func isHan(_ s: Unicode.Scalar) -> Bool { TextNormalizer.isHanIdeograph(s.value) }
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            var collapsed: [Unicode.Scalar] = []
            for scalar in HyphenatedLineBreakTests.joiningHyphenatedBreaks(text).unicodeScalars {
                let space = scalar == " " || (0x09...0x0D).contains(scalar.value) || scalar == "\u{3000}" || scalar == "\u{00A0}"
                if space {
                    if collapsed.last != " " { collapsed.append(" ") }
                } else {
                    collapsed.append(scalar)
                }
            }
            var expected = String.UnicodeScalarView()
            for (k, scalar) in collapsed.enumerated() {
                if scalar == " ", k > 0, k + 1 < collapsed.count, isHan(collapsed[k - 1]), isHan(collapsed[k + 1]) { continue }
                expected.append(scalar)
            }
            let want = String(expected).lowercased()
            #expect(normalizer.normalize(text).string == want, "\(Array(text.unicodeScalars))")
        }
    }
}

/// A word hyphenated at a line break ("Ro-⏎bustness", text extracted from PDFs) is one word to the
/// matching normalization; a compound with a capital on either side ("Privacy-⏎Enhancing", "AI-⏎enabled")
/// keeps its hyphen and loses the break; a blank line keeps them apart.
@Suite struct HyphenatedLineBreakTests {
    let normalizer = TextNormalizer.shared(.matching)

    /// The reference: an ASCII hyphen after an ASCII letter, then white space holding exactly one line
    /// break (\n, \r\n or \r), then an ASCII letter: between two lowercase letters, or after three capitals and
    /// before two, the hyphen and the white space go; with a capital on either side only the white space goes.
    static func joiningHyphenatedBreaks(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var k = 0
        func isLower(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) }
        func isUpper(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) }
        func isLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        while k < scalars.count {
            if scalars[k] == "-", k > 0, isLetter(scalars[k - 1]) {
                var j = k + 1, breaks = 0
                while j < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[j]) {
                    if scalars[j] == "\n" || (scalars[j] == "\r" && (j + 1 == scalars.count || scalars[j + 1] != "\n")) { breaks += 1 }
                    j += 1
                }
                if breaks == 1, j < scalars.count, isLetter(scalars[j]) {
                    let capitalsCut = k >= 3 && isUpper(scalars[k - 1]) && isUpper(scalars[k - 2]) && isUpper(scalars[k - 3])
                        && isUpper(scalars[j]) && j + 1 < scalars.count && isUpper(scalars[j + 1])
                    if !(isLower(scalars[k - 1]) && isLower(scalars[j])) && !capitalsCut { out.append("-") }
                    k = j
                    continue
                }
            }
            out.append(scalars[k])
            k += 1
        }
        return String(out)
    }

    @Test(arguments: [
        ("Ro-\nbustness", "robustness"),
        ("inter-\r\n    pretability of", "interpretability of"),
        ("trustworthi- \n ness", "trustworthiness"),
        ("civil socie-\rty", "civil society"),
        ("AI-\nenabled", "ai-enabled"),
        ("Privacy-\nEnhancing Technologies", "privacy-enhancing technologies"),
        ("Privacy- \r\n\t Enhancing", "privacy-enhancing"),
        ("AI-\nBased", "ai-based"),
        ("well-\n\nknown", "well- known"),
        ("AI-\n\nenabled", "ai- enabled"),
        ("high-\nRisk", "high-risk"),
        ("AUTOMATED DECI-\n   SION SYSTEM", "automated decision system"),
        ("INDIVID-\r\nUAL", "individual"),
        ("MACHINE-\nBASED", "machinebased"),
        ("AI-\nBASED", "ai-based"),
        ("HIGH-\nR", "high-r"),
        ("A-\nRISK", "a-risk"),
        ("DE-\nCISION", "de-cision"),
        ("AI-\n5G", "ai- 5g"),
        ("5G-\nenabled", "5g-enabled"),
        ("risk - \nbased", "risk - based"),
        ("end-", "end-"),
        ("a-b", "a-b"),
        ("个人-\n信息", "个人- 信息"),
    ])
    func joinsOnlyAWordBrokenAtALineEnd(input: String, expected: String) {
        #expect(normalizer.normalize(input).string == expected, "\(input)")
    }

    @Test func theJoinedWordMapsBackAcrossTheBreak() {
        let text = "Models need Ro-\n   bustness."
        let normalized = normalizer.normalize(text)
        #expect(normalized.string == "models need robustness.")
        let word = Array("robustness".utf8)
        let all = normalized.utf8
        let at = try! #require((0...(all.count - word.count)).first { Array(all[$0..<$0 + word.count]) == word })
        let range = normalized.originalUTF8Range(ofNormalized: at..<at + word.count)
        #expect(String(decoding: Array(text.utf8)[range], as: UTF8.self) == "Ro-\n   bustness")
        // Each letter still maps to its own byte.
        for k in at..<at + word.count {
            let back = normalized.originalUTF8Range(ofNormalized: k..<k + 1)
            #expect(back.count == 1 && Array(text.utf8)[back.lowerBound] | 0x20 == all[k])
        }
    }

    /// A compound with a capital keeps its hyphen: the hyphen maps to itself, the white space to nothing.
    @Test func aKeptHyphenMapsBackAcrossTheBreak() throws {
        let text = "Use Privacy-\n  Enhancing Technologies."
        let normalized = normalizer.normalize(text)
        #expect(normalized.string == "use privacy-enhancing technologies.")
        let word = Array("privacy-enhancing".utf8)
        let all = normalized.utf8
        let at = try #require((0...(all.count - word.count)).first { Array(all[$0..<$0 + word.count]) == word })
        let range = normalized.originalUTF8Range(ofNormalized: at..<at + word.count)
        #expect(String(decoding: Array(text.utf8)[range], as: UTF8.self) == "Privacy-\n  Enhancing")
        for k in at..<at + word.count {
            let back = normalized.originalUTF8Range(ofNormalized: k..<k + 1)
            #expect(back.count == 1 && Array(text.utf8)[back.lowerBound] | 0x20 == all[k] | 0x20)
        }
    }

    /// Options without the join (the suggester's, documents' own copies) keep the hyphen.
    @Test func onlyTheMatchingOptionsJoin() {
        #expect(TextNormalizer(options: NormalizationOptions(whitespace: .collapse)).normalize("Ro-\nbustness").string == "ro- bustness")
    }
}

/// Superscript and subscript characters (footnote markers, "bias²", "AI³") are white space for matching:
/// after NFKC alone they were digits glued to the word, which then had no edge ("bias2").
@Suite struct SuperscriptTests {
    let normalizer = TextNormalizer.shared(.matching)

    @Test(arguments: [
        ("algorithmic bias² in hiring", "algorithmic bias in hiring"),
        ("AI³ governance", "ai governance"),
        ("bias²,³ and AI¹²", "bias , and ai "),
        ("risks.¹⁰ Providers", "risks. providers"),
        ("greater than 10²⁶ integer", "greater than 10 integer"),
        ("H₂O and x⁽ⁱ⁾ and aₙ", "h o and x and a "),
        ("bias²in", "bias in"),
        // Between Han ideographs a marker goes, as white space there does; after one, before a space,
        // it is the one space.
        ("人工智能¹的治理", "人工智能的治理"),
        ("算法歧视² 问题", "算法歧视问题"),
        ("偏见³ AI", "偏见 ai"),
        // Not superscripts: other digits and marks stay.
        ("bias2 ½ ⅓ ①", "bias2 1⁄2 1⁄3 1"),
    ])
    func superscriptsAreWhiteSpace(input: String, expected: String) {
        #expect(normalizer.normalize(input).string == expected, "\(input)")
    }

    @Test func offsetsStillSliceTheOriginal() throws {
        let text = "Algorithmic bias² in hiring; AI³."
        let normalized = normalizer.normalize(text)
        let original = Array(text.utf8)
        for (word, expected) in [("bias", "bias"), ("ai", "AI"), ("in hiring", "in hiring"), ("bias in", "bias² in")] {
            let bytes = Array(word.utf8)
            let all = normalized.utf8
            let at = try #require((0...(all.count - bytes.count)).first { Array(all[$0..<$0 + bytes.count]) == bytes }, "\(word)")
            let range = normalized.originalUTF8Range(ofNormalized: at..<at + bytes.count)
            #expect(String(decoding: original[range], as: UTF8.self) == expected, "\(word)")
        }
    }

    /// Terms go through the same normalization: a superscript in a term is white space there too.
    @Test func termsNormalizeAlike() {
        #expect(normalizer.normalize(term: "bias²") == "bias ")
        #expect(normalizer.normalize(term: "CO₂ emissions") == normalizer.normalize(term: "CO emissions"))
    }

    /// Options without it (the suggester's span texts keep their own copy of `.matching`; code that
    /// builds options) read NFKC's digits.
    @Test func onlyWhenAskedFor() {
        #expect(TextNormalizer(options: NormalizationOptions(whitespace: .collapse)).normalize("bias² AI³").string == "bias2 ai3")
        #expect(TextNormalizer(options: NormalizationOptions(whitespace: .remove, superscriptsSeparateWords: true)).normalize("bias² in").string == "biasin")
    }
}
