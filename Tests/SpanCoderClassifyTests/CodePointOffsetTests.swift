import Testing
@testable import SpanCoderClassify

/// `DocumentScan.codePointOffsets`, which counts eight bytes at a time per 64-byte block, against
/// counting the scalars of a prefix.
@Suite struct CodePointOffsetTests {
    @Test func blockCountsMatchCountingScalars() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", " ", "é", "人", "工", "𠮷", "😀", "\n", "ß", "Ω"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...200, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let bytes = Array(text.utf8)
            // Every scalar boundary, in a shuffled order, some twice.
            var boundaries = [0]
            var offset = 0
            for scalar in text.unicodeScalars {
                offset += String(scalar).utf8.count
                boundaries.append(offset)
            }
            let positions = (boundaries + boundaries.prefix(5)).shuffled(using: &random)
            let expected = positions.map { position in
                String(decoding: bytes[0..<position], as: UTF8.self).unicodeScalars.count
            }
            let found = bytes.withUnsafeBufferPointer { DocumentScan.codePointOffsets(of: positions, in: $0) }
            #expect(found == expected, "\(text)")
        }
    }
}
