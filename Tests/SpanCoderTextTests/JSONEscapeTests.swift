import SpanCoderCore
import Testing

/// The one JSON escape decoder behind the text, eval and stats JSONL readers.
@Suite struct JSONEscapeTests {
    private func decode(_ text: String) -> Result<(String, Int), JSONEscape.Failure> {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var output: [UInt8] = []
            do throws(JSONEscape.Failure) {
                let next = try JSONEscape.decode(buffer, at: 1, into: &output)  // text starts with the backslash
                return .success((String(decoding: output, as: UTF8.self), next))
            } catch {
                return .failure(error)
            }
        }
    }

    /// `anyLane`, the lane test of every sixteen-byte loop (this file's `firstSpecialByte`, the
    /// normalizer, the sentence and definition checks): set for each single lane, and for none.
    @Test func anyLaneSeesEachOfTheSixteenLanes() {
        let zero = SIMD16<UInt8>(repeating: 0)
        #expect(!(zero .== SIMD16<UInt8>(repeating: 1)).anyLane)
        for lane in 0..<16 {
            var block = zero
            block[lane] = 1
            #expect((block .== SIMD16<UInt8>(repeating: 1)).anyLane, "lane \(lane)")
            #expect(!(block .== SIMD16<UInt8>(repeating: 2)).anyLane, "lane \(lane)")
        }
    }

    @Test(arguments: [
        (#"\"x"#, "\"", 2), (#"\\"#, "\\", 2), (#"\/"#, "/", 2), (#"\n"#, "\n", 2), (#"\t"#, "\t", 2),
        (#"\b"#, "\u{08}", 2), (#"\f"#, "\u{0C}", 2), (#"\r"#, "\r", 2),
        (#"\u00e9"#, "é", 6), (#"\u4EBA\u5de5"#, "人", 6), (#"\uD842\uDFB7!"#, "𠮷", 12), (#"\ud83d\ude00"#, "😀", 12),
    ])
    func decodesValidEscapes(input: String, expected: String, next: Int) throws {
        let (text, index) = try decode(input).get()
        #expect(text == expected)
        #expect(index == next)
    }

    @Test(arguments: [
        (#"\"#, JSONEscape.Failure.Kind.unterminated, 1),
        (#"\u12"#, .shortHex, 2),
        (#"\u12G4"#, .invalidHexDigit, 4),
        (#"\uD842x"#, .unpairedSurrogate(scalar: 0xD842), 6),
        (#"\uD842\u0041"#, .unpairedSurrogate(scalar: 0xD842), 12),
        (#"\uDFB7"#, .unpairedSurrogate(scalar: 0xDFB7), 6),
        (#"\x"#, .unknownEscape(UInt8(ascii: "x")), 1),
    ])
    func reportsTheKindAndOffsetOfInvalidEscapes(input: String, kind: JSONEscape.Failure.Kind, offset: Int) {
        guard case .failure(let failure) = decode(input) else {
            Issue.record("\(input) decoded")
            return
        }
        #expect(failure.kind == kind)
        #expect(failure.offset == offset)
    }
}
