import SpanCoderCore
import Testing
@testable import SpanCoderText

/// `UTF8Validation.check` decides which bytes become a `String` without the standard library's own
/// validation, so it is held to that validation (the naive reference) on every sequence of up to
/// three bytes, every four-byte lead with every second byte, each of them at every alignment of the
/// word and block loops, and on random text.
@Suite struct UTF8ValidationTests {
    private func reference(_ bytes: [UInt8]) -> (isValid: Bool, isASCII: Bool) {
        let valid = String(validating: bytes, as: UTF8.self) != nil
        return (valid, valid && bytes.allSatisfy { $0 < 0x80 })
    }

    private func found(_ bytes: [UInt8]) -> (isValid: Bool, isASCII: Bool) {
        bytes.withUnsafeBufferPointer { UTF8Validation.check($0) }
    }

    @Test func everySequenceOfUpToThreeBytes() {
        var mismatches: [[UInt8]] = []
        var bytes: [UInt8] = [0, 0, 0]
        for first in 0...255 {
            bytes = [UInt8(first)]
            if found(bytes) != reference(bytes) { mismatches.append(bytes) }
            for second in 0...255 {
                bytes = [UInt8(first), UInt8(second)]
                if found(bytes) != reference(bytes) { mismatches.append(bytes) }
                // Three-byte sequences need a lead of E0–EF; other leads are settled by two bytes, so
                // for them a sample of third bytes suffices.
                let thirds: [Int] = first >= 0xE0 && first <= 0xEF ? Array(0...255) : [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xE4, 0xFF]
                for third in thirds {
                    bytes = [UInt8(first), UInt8(second), UInt8(third)]
                    if found(bytes) != reference(bytes) { mismatches.append(bytes) }
                }
            }
            if mismatches.count > 20 { break }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func everyFourByteLeadWithEverySecondByte() {
        let tails: [UInt8] = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0, 0xFF]
        var mismatches: [[UInt8]] = []
        for lead in 0xF0...0xFF {
            for second in 0...255 {
                for third in tails {
                    for fourth in tails {
                        let bytes = [UInt8(lead), UInt8(second), third, fourth]
                        if found(bytes) != reference(bytes) { mismatches.append(bytes) }
                    }
                }
                // Cut short: the lead and its second byte alone, or with one more.
                for bytes in [[UInt8(lead), UInt8(second)], [UInt8(lead), UInt8(second), 0x80]] where found(bytes) != reference(bytes) {
                    mismatches.append(bytes)
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// Each kind of character and each kind of bad sequence after 0 to 70 ASCII bytes and before ASCII,
    /// before a Chinese character or at the end: every lane of the 8- and 32-byte tests, and the switch
    /// between the ASCII loops and the multi-byte loop.
    @Test func everyAlignmentOfTheWordLoops() {
        let pieces: [[UInt8]] = [
            [0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xE0, 0xA4, 0x85], [0xED, 0x9F, 0xBF], [0xEF, 0xBC, 0x8C],
            [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xFF], [0xC3], [0xE4, 0xB8], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE0, 0x80, 0x80],
            [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE4, 0x41, 0xAD], [0xE4, 0xB8, 0x41],
        ]
        let afters: [[UInt8]] = [[], Array("abc".utf8), [0xE4, 0xBA, 0xBA], Array(repeating: 0x61, count: 40)]
        var checked = 0
        var mismatches: [[UInt8]] = []
        for length in 0...70 {
            let ascii = (0..<length).map { UInt8(0x61 + $0 % 26) }
            for piece in pieces {
                for after in afters {
                    for bytes in [ascii + piece + after, ascii + piece + piece + after, piece + ascii + piece] {
                        if found(bytes) != reference(bytes) { mismatches.append(bytes) }
                        let string = bytes.withUnsafeBufferPointer { UTF8Validation.string(validating: $0) }
                        #expect(string == String(validating: bytes, as: UTF8.self))
                        checked += 1
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(checked > 10_000)
    }

    /// Random text from ASCII, Latin, Chinese and emoji characters, some with one byte changed.
    @Test func randomTextAgreesWithTheStandardLibrary() {
        var random = SplitMix64(seed: 37)
        let alphabet = ["a", " ", "é", "—", "人", "工", "，", "😀", "\u{10FFFF}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}"].map { Array($0.utf8) }
        var invalid = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...80, using: &random) { bytes += alphabet.randomElement(using: &random)! }
            if !bytes.isEmpty, Bool.random(using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            let expected = reference(bytes)
            if !expected.isValid { invalid += 1 }
            #expect(found(bytes) == expected, "\(bytes)")
            if found(bytes) != expected { break }
        }
        #expect(invalid > 1_000)
    }

    @Test func stringsKeepTheirText() {
        for text in ["", "a", "人工智能", "Increased transparency — “trust”.", String(repeating: "算法备案 and AI ", count: 200)] {
            let bytes = Array(text.utf8)
            let string = bytes.withUnsafeBufferPointer { UTF8Validation.string(validating: $0) }
            #expect(string == text)
            #expect(string?.utf8.count == bytes.count)
            #expect(string?.unicodeScalars.count == text.unicodeScalars.count)
        }
    }
}
