import SpanCoderCore
import Testing
@testable import SpanCoderText

@Suite struct DecodingTests {
    let chinese = "第一条 为了促进生成式人工智能健康发展和规范应用，维护国家安全和社会公共利益，制定本办法。\r\n第二条 提供者应当依法开展训练数据处理活动，使用具有合法来源的数据和基础模型。𠮷"
    let traditional = "第一條　為了促進生成式人工智慧健康發展和規範應用，維護國家安全和社會公共利益，制定本辦法。\n第二條　提供者應當依法開展訓練數據處理活動。"

    private func decode(_ bytes: [UInt8], encoding: String? = nil) throws -> DocumentDecoder.Decoded {
        try DocumentDecoder.decodeReportingEncoding(bytes: bytes, name: "doc.txt", encoding: encoding)
    }

    private func failure(_ bytes: [UInt8], encoding: String? = nil) -> SpanCoderError? {
        do {
            _ = try decode(bytes, encoding: encoding)
            return nil
        } catch {
            return error as? SpanCoderError
        }
    }

    @Test func utf8WithAndWithoutByteOrderMark() throws {
        #expect(try decode(Array(chinese.utf8)).text == chinese)
        let withBOM = try decode([0xEF, 0xBB, 0xBF] + Array(chinese.utf8))
        #expect(withBOM.text == chinese)
        #expect(withBOM.encoding == "UTF-8")
    }

    @Test func emptyInputIsAnEmptyDocument() throws {
        #expect(try decode([]).text == "")
        #expect(try decode([0xEF, 0xBB, 0xBF]).text == "")
    }

    @Test func utf16WithByteOrderMark() throws {
        let le = try decode([0xFF, 0xFE] + TestSupport.encode(chinese, as: "UTF-16LE"))
        #expect(le.text == chinese)
        #expect(le.encoding == "UTF-16LE")
        let be = try decode([0xFE, 0xFF] + TestSupport.encode(chinese, as: "UTF-16BE"))
        #expect(be.text == chinese)
        #expect(be.encoding == "UTF-16BE")
    }

    /// `--encoding UTF-16LE` (or any UTF-16 or UTF-32) on a UTF-8 file: no NUL byte, which those write in
    /// every ASCII character, and valid UTF-8, so the file is refused with that reason instead of being read
    /// as characters of no script; a real UTF-16 file still decodes (ICU reads "UTF-16" without a mark as big-endian).
    @Test(arguments: ["UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE"])
    func utf8ReadAsAWideEncodingIsRefused(encoding: String) throws {
        let english = "The Secretary of Commerce shall establish guidelines for AI red-teaming."
        for text in [english, chinese] {
            let error = try #require(failure(Array(text.utf8), encoding: encoding), "\(encoding)")
            #expect(error.message.contains("has no NUL byte and is valid UTF-8"), "\(error.message)")
        }
        let wide: [UInt8] = encoding == "UTF-16BE" || encoding == "UTF-16" ? english.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            : encoding == "UTF-32LE" ? english.unicodeScalars.flatMap { [UInt8($0.value & 0xFF), 0, 0, 0] }
            : english.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try decode(wide, encoding: encoding).text == english)
    }

    @Test func utf32WithByteOrderMark() throws {
        // FF FE 00 00 starts with the UTF-16LE mark: the 4-byte mark must win, or every character
        // comes out followed by a NUL.
        let le = try decode([0xFF, 0xFE, 0x00, 0x00] + TestSupport.encode(chinese, as: "UTF-32LE"))
        #expect(le.text == chinese)
        #expect(le.encoding == "UTF-32LE")
        let be = try decode([0x00, 0x00, 0xFE, 0xFF] + TestSupport.encode(chinese, as: "UTF-32BE"))
        #expect(be.text == chinese)
        #expect(be.encoding == "UTF-32BE")
        #expect(try decode([0xFF, 0xFE, 0x00, 0x00]).text == "")
    }

    @Test func nulCharacterInDecodedTextIsRefused() throws {
        // "ab\0c": the NUL is the third character, at byte 2 + 2·2 in UTF-16 and 4 + 4·2 in UTF-32.
        let utf16 = try #require(failure([0xFF, 0xFE] + TestSupport.encode("ab\u{0}c", as: "UTF-16LE")))
        #expect(utf16.kind == .badInput)
        #expect(utf16.message.contains("NUL"))
        #expect(utf16.location?.byteOffset == 6)
        // A supplementary character before it takes two UTF-16 units.
        let supplementary = try #require(failure([0xFE, 0xFF] + TestSupport.encode("𠮷\u{0}", as: "UTF-16BE")))
        #expect(supplementary.location?.byteOffset == 6)
        let utf32 = try #require(failure([0x00, 0x00, 0xFE, 0xFF] + TestSupport.encode("ab\u{0}c", as: "UTF-32BE")))
        #expect(utf32.message.contains("NUL"))
        #expect(utf32.location?.byteOffset == 12)
        // Named encodings too: a NUL is binary data whatever the encoding.
        let named = try #require(failure(TestSupport.encode("ab\u{0}c", as: "UTF-16LE"), encoding: "UTF-16LE"))
        #expect(named.location?.byteOffset == 4)
        let latin = try #require(failure(Array("abc".utf8) + [0] + Array("d".utf8), encoding: "windows-1252"))
        #expect(latin.location?.byteOffset == 3)
        let utf8 = try #require(failure([0xEF, 0xBB, 0xBF] + Array("abc".utf8) + [0], encoding: "UTF-8"))
        #expect(utf8.location?.byteOffset == 6)
        // FF FE 00 00 starts a UTF-32LE mark, but named UTF-16 reads FF FE as U+FFFE (UTF-16BE: no mark is
        // consumed) or as its mark (UTF-16), and 00 00 as a NUL at byte 2 (found by the decode fuzz target:
        // the error said byte 6 of a 4-byte file).
        for encoding in ["UTF-16BE", "UTF-16"] {
            let marked = try #require(failure([0xFF, 0xFE, 0x00, 0x00], encoding: encoding))
            #expect(marked.location?.byteOffset == 2, "\(encoding)")
        }
    }

    @Test func undecodableInputNamesWhereTheLongestReadingBreaks() throws {
        // GBK text with one stray 0xFF after about 1000 bytes: UTF-8 fails at byte 0, GB18030 only at
        // the stray byte, which is what the user has to fix.
        let text = String(repeating: chinese, count: 10)
        let head = TestSupport.encode(String(text.prefix(400)), as: "GB18030")
        let bytes = head + [0xFF] + TestSupport.encode(String(text.dropFirst(400)), as: "GB18030")
        let error = try #require(failure(bytes))
        #expect(error.kind == .badInput)
        #expect(error.location?.byteOffset == head.count)
        #expect(error.message.contains("GB18030"))
        #expect(error.message.contains("UTF-8 at byte 0"))
    }

    /// GB18030 with a C1 control (U+0085, NEL) converts, but a stray byte of a wrong guess decodes to
    /// such characters, so detection does not take it: the message says so and which option reads it,
    /// instead of "breaks here" at bytes that are valid GB18030.
    @Test func gb18030WithAControlCharacterNamesTheCharacterAndTheOption() throws {
        let head = TestSupport.encode("第一条 提供者应当保护个人信息", as: "GB18030")
        let bytes = head + TestSupport.encode("\u{85}防范歧视。\n", as: "GB18030")
        let error = try #require(failure(bytes))
        #expect(error.location?.byteOffset == head.count)
        #expect(error.message.contains("U+0085, a C1 control character") && error.message.contains("pass --encoding GB18030"), "\(error.message)")
        #expect(try decode(bytes, encoding: "GB18030").text == "第一条 提供者应当保护个人信息\u{85}防范歧视。\n")
    }

    @Test func gb18030AndBig5AreDetected() throws {
        let gb = try decode(TestSupport.encode(chinese, as: "GB18030"))
        #expect(gb.encoding == "GB18030")
        #expect(gb.text == chinese)
        let big5 = try decode(TestSupport.encode(traditional, as: "Big5"))
        #expect(big5.encoding == "Big5")
        #expect(big5.text == traditional)
    }

    /// Bytes that merely convert as GB18030 are not read as GB18030: a windows-1252 dash ("bias\x97d…"
    /// would become "bias梔…", swallowing the d), a stray byte after a valid UTF-8 é, four Chinese
    /// characters that read as Big5 as well. Each is an error that names the byte, and the detector's
    /// own guess when it has one.
    @Test(arguments: [
        (TestSupport.encode("Automated hiring tools can embed bias—discrimination against protected classes—and they expose personal data “freely”.\n", as: "windows-1252"), "windows-1252"),
        (Array("Le café est ouvert et l'équipe travaille.".utf8) + [0xC1, 0xBF] + Array(" Models must be tested.".utf8), nil),
        (TestSupport.encode("算法备案", as: "GB18030"), nil),
        (TestSupport.encode("演算法歧視", as: "Big5"), nil),
    ] as [([UInt8], String?)])
    func bytesThatOnlyConvertAreNotGuessed(bytes: [UInt8], guess: String?) throws {
        let error = try #require(failure(bytes))
        #expect(error.kind == .badInput)
        #expect(error.location?.byteOffset != nil)
        #expect(error.message.contains("--encoding"))
        if let guess { #expect(error.message.contains("takes it for \(guess)"), "\(error.message)") }
    }

    /// What the detector cannot rank but the bytes' shape settles: English from a Chinese site with “”
    /// and U+200B (a four-byte sequence) in GB18030, which the detector takes for windows-1252, and a
    /// short Chinese line that reads as GB18030 only.
    @Test func gb18030ThatTheDetectorCannotRankIsReadByItsShape() throws {
        let english = "Article 1 These norms aim to integrate ethics into the “whole life cycle” of AI.\u{200B} Providers shall act.\n"
        let decoded = try decode(TestSupport.encode(english, as: "GB18030"))
        #expect(decoded.encoding == "GB18030")
        #expect(decoded.text == english)
        #expect(try decode(TestSupport.encode("人工智能", as: "GB18030")).text == "人工智能")
        // Only four-byte sequences (a character outside GBK, as PDF extraction leaves them).
        let rare = "Safe and Effective Systems \u{0104} You should be protected from unsafe systems.\n"
        #expect(try decode(TestSupport.encode(rare, as: "GB18030")).text == rare)
    }

    @Test func namedEncodingIsUsedAsGiven() throws {
        let withoutSupplementary = String(chinese.unicodeScalars.filter { $0.value < 0x10000 })
        #expect(try decode(TestSupport.encode(withoutSupplementary, as: "GBK"), encoding: "GBK").text == withoutSupplementary)
        #expect(try decode(TestSupport.encode("café", as: "windows-1252"), encoding: "windows-1252").text == "café")
        #expect(try decode(TestSupport.encode(chinese, as: "UTF-16LE"), encoding: "UTF-16LE").text == chinese)
        #expect(try decode(Array("abc".utf8), encoding: "auto").text == "abc")
    }

    @Test func validUTF8WinsEvenWhenShort() throws {
        // Two bytes that are also a valid GB18030 character: UTF-8 decides.
        #expect(try decode([0xC3, 0xA9]).encoding == "UTF-8")
        #expect(try decode(Array("人工智能".utf8)).text == "人工智能")
    }

    @Test func invalidUTF8IsAnErrorWithTheByteOffset() throws {
        // Latin-1 "café au lait" is not UTF-8 and is not GB18030 or Big5 either (0xE9 before a space).
        let error = try #require(failure(Array("caf".utf8) + [0xE9] + Array(" au lait".utf8)))
        #expect(error.kind == .badInput)
        #expect(error.location?.file == "doc.txt")
        #expect(error.location?.byteOffset == 3)

        // A lone continuation byte after plenty of UTF-8 Chinese: broken UTF-8, not a legacy encoding.
        let broken = Array(chinese.utf8.prefix(61)) + [0x80] + Array("尾".utf8)
        let brokenError = try #require(failure(broken))
        #expect(brokenError.location?.byteOffset == 61)
        #expect(brokenError.message.contains("UTF-8"))
    }

    @Test func truncatedMultiByteCharacterAtTheEnd() throws {
        let cut = Array("人工智能".utf8).dropLast()
        let error = try #require(failure(Array(cut)))
        #expect(error.kind == .badInput)
        #expect(error.location?.byteOffset == 9)
        #expect(error.message.contains("ends inside"))
    }

    @Test func binaryInputIsRefused() throws {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]
        for i in 0..<256 { bytes.append(UInt8(i)) }
        let error = try #require(failure(bytes))
        #expect(error.kind == .badInput)
        #expect(error.location?.byteOffset == 7)
        #expect(error.message.contains("NUL"))
        // UTF-16 without a byte-order mark looks the same, and the message says what to do.
        let utf16 = try #require(failure(TestSupport.encode("AI policy", as: "UTF-16LE")))
        #expect(utf16.message.contains("--encoding"))
    }

    /// The UTF-8 mark's early return let a NUL through ("ab\u0000cd", exit 0): behind a mark it is
    /// refused as without one, at its byte offset in the file (the mark counted).
    @Test func nulByteAfterAUTF8ByteOrderMarkIsRefused() throws {
        let bare = try #require(failure(Array("ab".utf8) + [0] + Array("cd".utf8)))
        let marked = try #require(failure([0xEF, 0xBB, 0xBF] + Array("ab".utf8) + [0] + Array("cd".utf8)))
        #expect(marked.kind == .badInput)
        #expect(marked.message == bare.message)
        #expect(marked.location?.byteOffset == 5)
        #expect(bare.location?.byteOffset == 2)
        // The UTF-16 and UTF-32 marks still decide first (their text holds NUL bytes).
        #expect(try decode([0xFF, 0xFE] + TestSupport.encode("ab", as: "UTF-16LE")).text == "ab")
    }

    /// When GB18030 or Big5 reads the whole input without error but the detector did not propose it
    /// (ICU's detector proposes them for almost any such input, so the error function is called
    /// directly), the message said "not GB18030 or Big5 either": it names the clean reading and the
    /// option to pass.
    @Test func undecodableNamesAnEncodingThatReadsCleanly() throws {
        func message(_ bytes: [UInt8]) -> SpanCoderError {
            bytes.withUnsafeBufferPointer { buffer in
                DocumentDecoder.undecodable(buffer, utf8Problem: UTF8Validation.firstProblem(in: buffer)!, name: "doc.txt")
            }
        }
        // 安全 in GBK: B0 B2 C8 AB (C8 AB is no Big5 character).
        let gbOnly = message(TestSupport.encode("安全", as: "GB18030"))
        #expect(gbOnly.kind == .badInput)
        #expect(gbOnly.message.contains("reads as GB18030 without errors"), "\(gbOnly.message)")
        #expect(gbOnly.message.contains("pass --encoding GB18030"))
        #expect(!gbOnly.message.contains("either") && !gbOnly.message.contains("Big5"))
        #expect(gbOnly.location?.byteOffset == 0)
        // 治理 in GBK (D6 CE C0 ED) is also a Big5 pair of characters.
        let both = message(TestSupport.encode("治理", as: "GB18030"))
        #expect(both.message.contains("reads as GB18030 and as Big5"), "\(both.message)")
        #expect(both.message.contains("--encoding GB18030 or --encoding Big5"))
        // Input that neither reads keeps the message about where each reading breaks.
        let neither = message([0x80, 0xFF])
        #expect(neither.message.contains("not GB18030 or Big5 either"), "\(neither.message)")
    }

    @Test func invalidBytesInANamedEncodingAreReported() throws {
        let gb = TestSupport.encode(chinese, as: "GB18030")
        // "第一条 为了": 3 × 2 bytes, a space, 2 × 2 bytes.
        let error = try #require(failure(Array(gb.prefix(11)) + [0xFF] + Array(gb.dropFirst(11)), encoding: "GB18030"))
        #expect(error.kind == .badInput)
        #expect(error.location?.byteOffset == 11)
        // 𠮷 takes four bytes in GB18030: cutting its last byte leaves three at count - 4.
        let truncated = try #require(failure(Array(gb.prefix(gb.count - 1)), encoding: "GB18030"))
        #expect(truncated.location?.byteOffset == gb.count - 4)
    }

    @Test func unknownEncodingIsAUsageError() throws {
        let error = try #require(failure(Array("x".utf8), encoding: "no-such-charset"))
        #expect(error.kind == .usage)
        #expect(throws: SpanCoderError.self) { try DocumentDecoder.validateEncodingName("no-such-charset") }
        try DocumentDecoder.validateEncodingName("GB18030")
        try DocumentDecoder.validateEncodingName(nil)
    }

    @Test func lineEndsAreKept() throws {
        let text = "a\r\nb\rc\n"
        #expect(try decode(Array(text.utf8)).text.unicodeScalars.count == 7)
        let gb = try decode(TestSupport.encode("人工智能\r\n算法备案\r\n", as: "GB18030") + [0xD6, 0xD0])
        #expect(gb.text.unicodeScalars.filter { $0 == "\r" }.count == 2)
    }

    @Test(arguments: [
        ([0x41, 0xC0, 0x80] as [UInt8], 1),       // overlong
        ([0xED, 0xA0, 0x80] as [UInt8], 0),       // surrogate
        ([0xF4, 0x90, 0x80, 0x80] as [UInt8], 0), // past U+10FFFF
        ([0x41, 0x42, 0xE4, 0xBA] as [UInt8], 2), // truncated
    ])
    func validatorFindsTheFirstBadSequence(bytes: [UInt8], offset: Int) {
        let problem = bytes.withUnsafeBufferPointer { UTF8Validation.firstProblem(in: $0) }
        #expect(problem?.offset == offset)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
    }
}
