import SpanCoderCore

/// A growable byte buffer for assembling JSON lines: `Array`'s appends pay a uniqueness check and keep
/// their count in the heap on every call, which dominated writing `spancoder tag`'s output, where a
/// line is built from dozens of small pieces. Here the count lives in the (noncopyable) value, each
/// append checks capacity with one comparison, and growth happens out of line.
///
/// The bytes are those of the `[UInt8]` functions of `JSONText` for the same calls.
public struct JSONLineBuffer: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// Bytes written so far.
    public var count: Int { storedCount }
    @usableFromInline var storedCount = 0

    /// An empty buffer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inlinable
    public mutating func reserve(_ extra: Int) {
        if storedCount + extra > capacity { grow(toHold: storedCount + extra) }
    }

    @usableFromInline
    mutating func grow(toHold needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: storedCount)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inlinable
    public mutating func append(_ byte: UInt8) {
        if storedCount == capacity { grow(toHold: storedCount + 1) }
        base[storedCount] = byte
        storedCount &+= 1
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + storedCount).update(from: source, count: bytes.count)
        storedCount &+= bytes.count
    }

    @inlinable
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    @inlinable
    public mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    /// Appends the decimal digits of `value` (see `JSONText.appendInteger`).
    @inlinable
    public mutating func appendInteger(_ value: Int) {
        reserve(JSONText.maxNumberLength)
        storedCount &+= JSONText.formatInteger(value, into: base + storedCount)
    }

    /// Appends `JSONText.number(value)` (see `JSONText.appendNumber`).
    @inlinable
    public mutating func appendNumber(_ value: Double) {
        reserve(JSONText.maxNumberLength)
        if let length = JSONText.formatNumber(value, into: base + storedCount) {
            storedCount &+= length
        } else {
            var text = JSONText.number(value)
            text.withUTF8 { append($0) }
        }
    }

    /// Appends valid UTF-8 `bytes` as a JSON string literal (see `JSONText.appendString(utf8:to:)`).
    @inlinable
    public mutating func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        append(0x22)
        var clean = 0  // start of the bytes not yet copied
        var i = JSONEscape.firstSpecialByte(bytes, from: 0)
        while i < bytes.count {
            append(UnsafeBufferPointer(rebasing: bytes[clean..<i]))
            reserve(6)
            storedCount &+= JSONText.formatEscape(bytes[i], into: base + storedCount)
            clean = i + 1
            i = JSONEscape.firstSpecialByte(bytes, from: clean)
        }
        append(UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        append(0x22)
    }

    /// The bytes written, as an array.
    public func bytes() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: storedCount))
    }
}
