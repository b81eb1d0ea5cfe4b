/// Counting and interning tables for the coding reader's hot path.
///
/// `Dictionary<[UInt8], _>` seeds SipHash and hashes an array for every lookup, which cost more than the
/// JSON scanning itself on a million-span coding. This open-addressing table hashes with FNV-1a.

/// Interns byte strings as dense ids, storing the bytes once in an arena.
struct ByteInterner: Sendable {
    private var arena: [UInt8] = []
    private var spans: [(start: Int, count: Int)] = []
    private var slots: [Int32]
    private var shift: UInt64

    init() {
        slots = Array(repeating: -1, count: 256)
        shift = 64 - 8
    }

    var count: Int { spans.count }

    /// The text interned as `id`.
    func string(of id: Int32) -> String {
        let span = spans[Int(id)]
        return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[span.start..<span.start + span.count]), as: UTF8.self) }
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The id of `bytes` and whether it was new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        let h = ByteInterner.hash(bytes)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let id = slots[i]
            if id < 0 { break }
            let span = spans[Int(id)]
            if span.count == bytes.count, bytes.isEmpty || arena.withUnsafeBufferPointer({ arena in
                memcmp(arena.baseAddress! + span.start, bytes.baseAddress!, bytes.count) == 0
            }) {
                return (id, false)
            }
            i = (i + 1) & mask
        }
        let id = Int32(spans.count)
        spans.append((arena.count, bytes.count))
        arena.append(contentsOf: bytes)
        slots[i] = id
        if spans.count * 2 > slots.count { rehash() }
        return (id, true)
    }

    private mutating func rehash() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        shift -= 1
        let mask = size - 1
        for (id, span) in spans.enumerated() {
            let h = arena.withUnsafeBufferPointer { ByteInterner.hash(UnsafeBufferPointer(rebasing: $0[span.start..<span.start + span.count])) }
            var i = Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(id)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
