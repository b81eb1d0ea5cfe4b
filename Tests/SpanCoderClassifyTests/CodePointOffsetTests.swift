import SpanCoderCore
import Testing
@testable import SpanCoderClassify

/// `DocumentScan.codePointOffsets`, which answers from per-64-byte counts and code point start masks,
/// against counting the scalars of a prefix: positions shuffled (long jumps both ways) and in text
/// order with each end right after its start (the order the scan asks in), in texts shorter and longer
/// than a block, ending inside a block and on its edge.
@Suite struct CodePointOffsetTests {
    @Test func blockCountsMatchCountingScalars() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", " ", "é", "人", "工", "𠮷", "😀", "\n", "ß", "Ω"]
        for _ in 0..<300 {
            var text = (0..<Int.random(in: 0...200, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            if Bool.random(using: &random) {
                // End exactly on a block edge.
                while text.utf8.count % 64 != 0 { text += "a" }
            }
            let bytes = Array(text.utf8)
            // Every scalar boundary, in a shuffled order, some twice.
            var boundaries = [0]
            var offset = 0
            for scalar in text.unicodeScalars {
                offset += String(scalar).utf8.count
                boundaries.append(offset)
            }
            let shuffled = (boundaries + boundaries.prefix(5)).shuffled(using: &random)
            let inOrder = zip(boundaries, boundaries.dropFirst(Int.random(in: 1...3, using: &random))).flatMap { [$0, $1] }
            let positions = Bool.random(using: &random) ? shuffled : inOrder
            let expected = positions.map { position in
                String(decoding: bytes[0..<position], as: UTF8.self).unicodeScalars.count
            }
            let found = bytes.withUnsafeBufferPointer { DocumentScan.codePointOffsets(of: positions, in: $0) }
            #expect(found == expected, "\(text)")
        }
    }

    /// The shared counter (eight bytes and one multiply at a time, the last partial word masked) on every
    /// stretch of random text, near the end of the buffer and away from it.
    @Test func countingMatchesScalarsOnEveryStretch() {
        var random = SplitMix64(seed: 5)
        let pieces = ["a", " ", "é", "人", "𠮷", "😀", "\u{80}", "\u{7FF}", "\u{FFFF}"]
        for _ in 0..<100 {
            let text = (0..<Int(random.next() % 60)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let bytes = Array(text.utf8)
            var boundaries = [0]
            for scalar in text.unicodeScalars { boundaries.append(boundaries.last! + String(scalar).utf8.count) }
            bytes.withUnsafeBufferPointer { buffer in
                #expect(UTF8CodePoints.count(buffer) == text.unicodeScalars.count)
                for (i, from) in boundaries.enumerated() {
                    for (j, to) in boundaries.enumerated() where j >= i {
                        #expect(UTF8CodePoints.count(buffer, from: from, to: to) == j - i)
                    }
                }
            }
        }
    }
}
