import SpanCoderCore
import Testing
@testable import SpanCoderText

/// Pathological sizes: a single 100 MB line must be decoded and segmented without a crash, in time
/// that stays reasonable in DEBUG builds (the hot loops are byte loops).
@Suite struct HugeInputTests {
    static let targetBytes = 100 << 20

    @Test func a100MBLineOfSentences() throws {
        // 100 bytes per repetition: one English and one Chinese sentence, no line break anywhere.
        let unit = "The U.S. agency shall assess risks now. 提供者应当依法开展安全评估和算法备案工作。"
        let unitBytes = Array(unit.utf8)
        let repetitions = Self.targetBytes / unitBytes.count
        var bytes = [UInt8]()
        bytes.reserveCapacity(repetitions * unitBytes.count)
        for _ in 0..<repetitions { bytes.append(contentsOf: unitBytes) }
        #expect(bytes.count >= 99 << 20)

        let text = try DocumentDecoder.decode(bytes: bytes, name: "huge.txt")
        let segments = Segmenter(unit: .sentence).segments(of: text)
        #expect(segments.count == 2 * repetitions)
        let unitCodePoints = unit.unicodeScalars.count
        // Spans tile the line: sentence k of repetition r sits at a fixed offset.
        let first = try #require(segments.first)
        let last = try #require(segments.last)
        #expect(first.text(in: text) == "The U.S. agency shall assess risks now.")
        #expect(last.text(in: text) == "提供者应当依法开展安全评估和算法备案工作。")
        #expect(last.range.end == repetitions * unitCodePoints)
        #expect(last.utf8Range.upperBound == bytes.count)
        for k in stride(from: 0, to: segments.count, by: 99_991) {
            let repetition = k / 2
            let expectedStart = repetition * unitCodePoints + (k % 2 == 0 ? 0 : 40)
            #expect(segments[k].range.start == expectedStart)
        }
    }

    @Test func a100MBLineWithoutAnySentenceEnd() throws {
        let unitBytes = Array("人工智能治理 ".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.targetBytes + unitBytes.count)
        while bytes.count < Self.targetBytes { bytes.append(contentsOf: unitBytes) }
        let text = try DocumentDecoder.decode(bytes: bytes, name: "huge.txt")
        let segments = Segmenter(unit: .sentence).segments(of: text)
        #expect(segments.count == 1)
        #expect(segments.first?.utf8Range == 0..<(bytes.count - 1))
        #expect(segments.first?.language == .zh)
    }

    @Test func invalidByteAtTheEndOfA100MBLineIsFound() throws {
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: Self.targetBytes)
        bytes[Self.targetBytes - 5] = 0xFF
        #expect(throws: SpanCoderError.self) {
            do {
                _ = try DocumentDecoder.decode(bytes: bytes, name: "huge.txt")
            } catch let error as SpanCoderError {
                #expect(error.location?.byteOffset == Self.targetBytes - 5)
                throw error
            }
        }
    }
}
