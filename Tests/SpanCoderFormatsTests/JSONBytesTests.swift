import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderFormats

/// `JSONText.number`'s spelling built with `String` operations, independently of the byte formatter
/// that `number`, `appendNumber` and `JSONLineWriter` share: integers plain, else six fixed decimals
/// with trailing zeros (and a bare point) dropped, `null` when not finite, Swift's own form from 1e12.
private func referenceNumber(_ value: Double) -> String {
    if !value.isFinite { return "null" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    if abs(value) >= 1e12 { return value.description }
    let scaled = (value * 1_000_000).rounded()
    let magnitude = Int(abs(scaled))
    let fraction = String(magnitude % 1_000_000)
    var text = (scaled < 0 ? "-" : "") + "\(magnitude / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// The byte writers of the JSONL hot path against the `String` writers they replace.
@Suite struct JSONBytesTests {
    @Test(arguments: [
        "", "plain", "d\"1", "back\\slash", "算法\n\"歧视\" 𠮷", "tab\there\r\n", "\u{1}\u{1F}\u{0}x", "é́ 人工智能 \u{7F}",
    ])
    func stringsMatchTheStringWriter(value: String) {
        var text = ""
        JSONText.appendString(value, to: &text)
        var bytes: [UInt8] = [0x41]
        JSONText.appendString(value, to: &bytes)
        #expect(bytes == [0x41] + Array(text.utf8))
    }

    /// The eight-bytes-at-a-time search for a byte to escape against a byte-by-byte search, on random
    /// strings over bytes at and around the edges of the tests (0x1F, 0x20, 0x21, 0x22, 0x5B–0x5D, 0x7F,
    /// 0x80, 0xA2, 0xDC), at every start offset.
    @Test func escapeSearchMatchesByteByByte() {
        var random = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x5B, 0x5C, 0x5D, 0x61, 0x7F, 0x80, 0xA2, 0xDC, 0xE4]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &random)
            // Mostly harmless bytes, so that long clean stretches occur.
            let bytes: [UInt8] = (0..<length).map { _ in
                Int.random(in: 0..<10, using: &random) == 0 ? alphabet.randomElement(using: &random)! : UInt8.random(in: 0x23...0x5B, using: &random)
            }
            bytes.withUnsafeBufferPointer { buffer in
                for from in 0...length {
                    let naive = (from..<length).first { bytes[$0] < 0x20 || bytes[$0] == 0x22 || bytes[$0] == 0x5C } ?? length
                    #expect(JSONEscape.firstSpecialByte(buffer, from: from) == naive, "\(bytes) from \(from)")
                }
            }
        }
    }

    @Test(arguments: [0, 7, 10, 99, 1234567, -5, -1000, Int.max, Int.min])
    func integersMatchStringConversion(value: Int) {
        var bytes: [UInt8] = []
        JSONText.appendInteger(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == String(value))
    }

    @Test(arguments: [0.0, 1.0, 2.5, -3.0, 0.1, 1.0 / 3.0, 123456.789, .infinity, .nan, -0.5, -0.0000001, 0.0000004, 0.0000006,
                      1.0000001, 2.05, 0.25, 0.125, 10.000001, 999_999_999_999.5, 1e12 + 0.5, -1e-7, 3.1415926535])
    func numbersMatchNumber(value: Double) {
        var bytes: [UInt8] = []
        JSONText.appendNumber(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == referenceNumber(value))
        #expect(JSONText.number(value) == referenceNumber(value))
    }

    /// Scores are sums of weights: the byte writer against `number` on many of them, and on random values.
    @Test func numbersMatchNumberOnSumsOfWeightsAndRandomValues() {
        var random = SystemRandomNumberGenerator()
        var values: [Double] = []
        for quarters in 0...400 { values.append(Double(quarters) * 0.25); values.append(Double(quarters) * 0.1) }
        for _ in 0..<2_000 { values.append(Double.random(in: -1e6...1e6, using: &random)); values.append(Double.random(in: -1...1, using: &random)) }
        for value in values {
            var bytes: [UInt8] = []
            JSONText.appendNumber(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == referenceNumber(value), "\(value)")
            #expect(JSONText.number(value) == referenceNumber(value), "\(value)")
        }
    }

    @Test(arguments: [(1e20, "1e+20"), (-2.5e13, "-25000000000000"), (9.3e12 + 0.5, "9300000000000.5"), (1e15, "1000000000000000.0"), (123.4567891, "123.456789")])
    func hugeAndFractionalNumbersStayValidJSONWithoutTrapping(value: Double, expected: String) throws {
        #expect(JSONText.number(value) == expected)
        var bytes: [UInt8] = []
        JSONText.appendNumber(value, to: &bytes)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? NSNumber)
        #expect(abs(parsed.doubleValue - value) <= abs(value) * 1e-9)
    }

    @Test func linesAppendToAReusedBuffer() {
        let span = CodedSpan(
            doc: "d\"1", range: TextRange(start: 2, end: 9), text: "算法\n\"歧视\"",
            codes: [CodeAssignment(code: "risk.bias", score: 1.5, evidence: [Evidence(term: "歧视", rule: "r\\1", range: TextRange(start: 5, end: 7))])],
            id: "u1")
        var buffer: [UInt8] = []
        CodedSpanJSONL.encode(span, into: &buffer)
        let first = buffer.count
        CodedSpanJSONL.encode(span, includeText: false, into: &buffer)
        #expect(String(decoding: buffer[..<first], as: UTF8.self)
            == #"{"doc":"d\"1","start":2,"end":9,"id":"u1","text":"算法\n\"歧视\"","codes":[{"code":"risk.bias","score":1.5,"evidence":[{"term":"歧视","rule":"r\\1","start":5,"end":7}]}]}"#)
        #expect(String(decoding: buffer[first...], as: UTF8.self) == CodedSpanJSONL.encode(span, includeText: false))
    }
    /// The line buffer against the array writers, piece by piece, starting from a tiny capacity so that
    /// it grows many times, each piece written in a stretch reserved with the documented bound.
    @Test func lineBufferWritesTheBytesOfTheArrayWriters() {
        var random = SplitMix64(seed: 11)
        let strings = ["", "plain", "d\"1", "back\\slash", "算法\n\"歧视\" 𠮷", "tab\there\r\n", "\u{1}\u{1F}\u{0}x",
                       String(repeating: "人工智能 AI ", count: 40), String(repeating: "\u{1}", count: 50)]
        let numbers: [Double] = [0, 1, 2.5, -3, 0.1, 1.0 / 3.0, .infinity, .nan, -0.0000001, 999_999_999_999.5, 1e20, 1e15, -.greatestFiniteMagnitude]
        let integers = [0, 7, 10, 1234567, -5, Int.max, Int.min]
        let number = JSONText.maxNumberLength
        for capacity in [0, 1, 8, 64, 1000] {
            var buffer = JSONLineBuffer(capacity: capacity)
            var expected: [UInt8] = []
            for step in 0..<300 {
                if step == 150 { buffer.reserveCapacity(4 * capacity) }
                switch random.next() % 6 {
                case 5 where !expected.isEmpty:
                    // A stretch written before, copied again (what the writer does with a line's opening).
                    let lower = Int(random.next() % UInt64(expected.count))
                    let upper = lower + Int(random.next() % UInt64(expected.count - lower + 1))
                    buffer.write(atMost: upper - lower) { out in
                        #expect(out.written == expected.count)
                        out.appendCopy(of: lower..<upper)
                    }
                    expected += expected[lower..<upper]
                case 0:
                    let value = strings[Int(random.next() % UInt64(strings.count))]
                    var text = value
                    text.withUTF8 { utf8 in buffer.write(atMost: 6 * utf8.count + 2) { $0.appendString(utf8: utf8) } }
                    JSONText.appendString(value, to: &expected)
                case 1:
                    let value = numbers[Int(random.next() % UInt64(numbers.count))]
                    buffer.write(atMost: number) { $0.appendNumber(value) }
                    JSONText.appendNumber(value, to: &expected)
                case 2:
                    let value = integers[Int(random.next() % UInt64(integers.count))]
                    buffer.write(atMost: number) { $0.appendInteger(value) }
                    JSONText.appendInteger(value, to: &expected)
                case 3:
                    let start = Int(random.next() % 100_000)
                    let range = TextRange(start: start, end: start + Int(random.next() % 100_000))
                    buffer.write(atMost: 2 * number + 17) { CodedSpanJSONL.appendEvidenceClosing(range, to: &$0) }
                    CodedSpanJSONL.appendEvidenceClosing(range, to: &expected)
                default:
                    buffer.write(atMost: 6) { out in
                        out.append("]}")
                        out.append(UInt8(ascii: "\n"))
                        out.append([0xE4, 0xBA, 0xBA])
                    }
                    expected += Array("]}\n".utf8) + [0xE4, 0xBA, 0xBA]
                }
            }
            #expect(buffer.count == expected.count)
            // Compared without a diff of the two arrays (tens of kilobytes), which would take minutes.
            let bytes = buffer.takeBytes()
            let common = min(bytes.count, expected.count)
            let mismatch = (0..<common).first { bytes[$0] != expected[$0] } ?? (bytes.count == expected.count ? nil : common)
            #expect(mismatch == nil, "capacity \(capacity): first difference at byte \(mismatch ?? -1)")
            // Taking the bytes leaves the buffer empty and usable.
            #expect(buffer.count == 0)
            buffer.write(atMost: 2) { $0.append("ok") }
            #expect(buffer.takeBytes() == Array("ok".utf8))
        }
    }
}
