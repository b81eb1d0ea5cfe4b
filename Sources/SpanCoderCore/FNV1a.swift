/// FNV-1a, 64 bits: stable across runs and platforms (Swift's `Hasher` is seeded per process). Used
/// where a run must recognise bytes of an earlier run: `tag --resume`'s journal, and the file list of a
/// brat or HTML output folder (`TagOutput`). Not a cryptographic hash: it tells edits apart, not forgeries.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        value ^= 0xFF
        value &*= 0x0000_0100_0000_01B3
    }

    public mutating func add(_ string: String) {
        var string = string
        string.withUTF8 { add(words: $0) }
    }

    /// `string` preceded by its UTF-8 length, so that consecutive fields cannot trade bytes.
    public mutating func addField(_ string: String) {
        var length = UInt64(string.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { add(bytes: $0) }
        add(string)
    }

    /// FNV-1a's step taken on eight bytes at a time (then byte by byte for the rest): the checkpoint hash
    /// covers every document's text, and a byte loop took about a tenth of a resumable run's time.
    public mutating func add(words bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return add(bytes: bytes) }
        var k = 0
        let raw = UnsafeRawPointer(base)
        while k + 8 <= bytes.count {
            value ^= raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            value &*= 0x0000_0100_0000_01B3
            value ^= value >> 29
            k += 8
        }
        add(bytes: UnsafeBufferPointer(rebasing: bytes[k...]))
    }
}
