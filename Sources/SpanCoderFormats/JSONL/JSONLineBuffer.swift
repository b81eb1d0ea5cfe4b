import SpanCoderCore

/// A byte array for assembling JSON lines fast: the caller reserves room for a stretch of output with
/// `write(atMost:_:)` and writes it through a `JSONLineWriter`, one capacity check and one uniqueness
/// check per stretch instead of per piece. `Array`'s own appends pay both on every call, which
/// dominated writing `spancoder tag`'s output, where a line is built from dozens of small pieces.
///
/// The bytes end up in an ordinary `[UInt8]` (`takeBytes()`), without a final copy: the array's elements
/// are the bytes written plus zeros for the stretch last reserved, trimmed at the end. Only reserved
/// stretches are zero-filled, so memory is touched as output is written, as with an array's appends.
///
/// The bytes are those of the `[UInt8]` functions of `JSONText` for the same calls.
public struct JSONLineBuffer {
    /// The bytes written, then zeros up to the end of the stretch last reserved.
    @usableFromInline var storage: [UInt8] = []
    /// Bytes written so far.
    public private(set) var count = 0

    /// An empty buffer with room for `capacity` bytes before it reallocates.
    public init(capacity: Int = 4096) {
        storage.reserveCapacity(capacity)
    }

    /// Makes room for at least `capacity` bytes in all before the buffer reallocates.
    public mutating func reserveCapacity(_ capacity: Int) {
        storage.reserveCapacity(capacity)
    }

    /// Runs `body` with a writer that may write at most `bound` bytes after those already written (it
    /// traps past that), and keeps what it wrote.
    public mutating func write(atMost bound: Int, _ body: (inout JSONLineWriter) throws -> Void) rethrows {
        precondition(bound >= 0, "JSONLineBuffer: negative bound")
        if count + bound > storage.count {
            // The array's own growth (geometric) keeps this amortized O(1) per byte.
            storage.append(contentsOf: repeatElement(0, count: count + bound - storage.count))
        }
        let start = count
        count = try storage.withUnsafeMutableBufferPointer { buffer in
            var writer = JSONLineWriter(base: buffer.baseAddress!, position: start, end: start + bound)
            try body(&writer)
            return writer.position
        }
    }

    /// The bytes written, as an array, leaving the buffer empty. No copy: the buffer's own storage,
    /// swapped out (still uniquely referenced) and trimmed.
    public mutating func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &storage)
        taken.removeLast(taken.count - count)
        count = 0
        return taken
    }
}

/// Writes into the stretch a `JSONLineBuffer` reserved (see `write(atMost:_:)`); valid only inside
/// that call. Every append checks the stretch's end, so a wrong bound traps instead of writing past it.
public struct JSONLineWriter {
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    @usableFromInline var position: Int
    @usableFromInline let end: Int

    /// Bytes in the buffer so far: those written before this stretch and in it.
    public var written: Int { position }

    @usableFromInline
    init(base: UnsafeMutablePointer<UInt8>, position: Int, end: Int) {
        self.base = base
        self.position = position
        self.end = end
    }

    @inlinable
    public mutating func append(_ byte: UInt8) {
        precondition(position < end, "JSONLineWriter: past the reserved bound")
        base[position] = byte
        position &+= 1
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(bytes.count <= end - position, "JSONLineWriter: past the reserved bound")
        (base + position).update(from: source, count: bytes.count)
        position &+= bytes.count
    }

    /// Appends a copy of bytes written before, `range` of the buffer (offsets from its start, below
    /// `written`): a piece that every line repeats is then escaped once.
    @inlinable
    public mutating func appendCopy(of range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= position, "JSONLineWriter: copy of bytes not written")
        precondition(range.count <= end - position, "JSONLineWriter: past the reserved bound")
        (base + position).update(from: base + range.lowerBound, count: range.count)
        position &+= range.count
    }

    @inlinable
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    @inlinable
    public mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    /// Appends the decimal digits of `value` (see `JSONText.appendInteger`); needs
    /// `JSONText.maxNumberLength` bytes of room.
    @inlinable
    public mutating func appendInteger(_ value: Int) {
        precondition(JSONText.maxNumberLength <= end - position, "JSONLineWriter: past the reserved bound")
        position &+= JSONText.formatInteger(value, into: base + position)
    }

    /// Appends `JSONText.number(value)` (see `JSONText.appendNumber`); needs `JSONText.maxNumberLength`
    /// bytes of room.
    @inlinable
    public mutating func appendNumber(_ value: Double) {
        precondition(JSONText.maxNumberLength <= end - position, "JSONLineWriter: past the reserved bound")
        if let length = JSONText.formatNumber(value, into: base + position) {
            position &+= length
        } else {
            var text = JSONText.number(value)
            text.withUTF8 { append($0) }
        }
    }

    /// Appends valid UTF-8 `bytes` as a JSON string literal (see `JSONText.appendString(utf8:to:)`);
    /// needs at most `6 × bytes.count + 2` bytes of room.
    @inlinable
    public mutating func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        append(0x22)
        var clean = 0  // start of the bytes not yet copied
        var i = JSONEscape.firstSpecialByte(bytes, from: 0)
        while i < bytes.count {
            append(UnsafeBufferPointer(rebasing: bytes[clean..<i]))
            precondition(6 <= end - position, "JSONLineWriter: past the reserved bound")
            position &+= JSONText.formatEscape(bytes[i], into: base + position)
            clean = i + 1
            i = JSONEscape.firstSpecialByte(bytes, from: clean)
        }
        append(UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        append(0x22)
    }
}
