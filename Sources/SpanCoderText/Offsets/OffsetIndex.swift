import SpanCoderCore

/// Converts offsets into one text between UTF-8 bytes, UTF-16 code units and code points.
///
/// SpanCoder works on UTF-8 bytes internally and reports code points; this index makes each conversion
/// cheap without walking the string from its start. It stores the code point and UTF-16 counts at every
/// 64th byte, so a conversion scans at most 63 bytes.
///
/// - Complexity: O(n / 64) memory and O(n) to build for an n-byte text; O(1) per UTF-8 → code point or
///   UTF-16 conversion, O(log n) per conversion from code points or UTF-16.
public struct OffsetIndex: Sendable {
    private static let stride = 64
    private let bytes: [UInt8]
    private let isASCII: Bool
    /// Code points before byte `k * stride`.
    private let codePointsAtCheckpoint: [Int]
    /// UTF-16 code units before byte `k * stride`.
    private let utf16AtCheckpoint: [Int]

    /// Number of UTF-8 bytes in the text.
    public var utf8Count: Int { bytes.count }
    /// Number of code points in the text.
    public let codePointCount: Int
    /// Number of UTF-16 code units in the text.
    public let utf16Count: Int

    public init(_ text: String) {
        var copy = text
        self.init(utf8: copy.withUTF8 { Array($0) })
    }

    /// Builds the index over UTF-8 bytes that are already known to be valid.
    public init(utf8 bytes: [UInt8]) {
        self.bytes = bytes
        var codePoints = 0
        var utf16 = 0
        var cpCheckpoints: [Int] = []
        var u16Checkpoints: [Int] = []
        cpCheckpoints.reserveCapacity(bytes.count / OffsetIndex.stride + 1)
        u16Checkpoints.reserveCapacity(bytes.count / OffsetIndex.stride + 1)
        var ascii = true
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count {
                if i % OffsetIndex.stride == 0 {
                    cpCheckpoints.append(codePoints)
                    u16Checkpoints.append(utf16)
                }
                let byte = buffer[i]
                if byte & 0xC0 != 0x80 {
                    codePoints += 1
                    utf16 += byte >= 0xF0 ? 2 : 1
                }
                if byte >= 0x80 { ascii = false }
            }
        }
        cpCheckpoints.append(codePoints)
        u16Checkpoints.append(utf16)
        self.isASCII = ascii
        self.codePointsAtCheckpoint = cpCheckpoints
        self.utf16AtCheckpoint = u16Checkpoints
        self.codePointCount = codePoints
        self.utf16Count = utf16
    }

    /// The code point offset of UTF-8 byte offset `utf8` (which must lie on a code point boundary).
    public func codePointOffset(utf8 offset: Int) -> Int {
        precondition(offset >= 0 && offset <= bytes.count, "UTF-8 offset \(offset) outside 0...\(bytes.count)")
        if isASCII { return offset }
        let checkpoint = offset / OffsetIndex.stride
        var count = codePointsAtCheckpoint[checkpoint]
        var i = checkpoint * OffsetIndex.stride
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        return count
    }

    /// The UTF-16 offset of UTF-8 byte offset `utf8` (which must lie on a code point boundary).
    public func utf16Offset(utf8 offset: Int) -> Int {
        precondition(offset >= 0 && offset <= bytes.count, "UTF-8 offset \(offset) outside 0...\(bytes.count)")
        if isASCII { return offset }
        let checkpoint = offset / OffsetIndex.stride
        var count = utf16AtCheckpoint[checkpoint]
        var i = checkpoint * OffsetIndex.stride
        while i < offset {
            let byte = bytes[i]
            if byte & 0xC0 != 0x80 { count += byte >= 0xF0 ? 2 : 1 }
            i += 1
        }
        return count
    }

    /// The UTF-8 byte offset of code point offset `codePoint`, or nil when it lies past the end.
    public func utf8Offset(codePoint offset: Int) -> Int? {
        guard offset >= 0, offset <= codePointCount else { return nil }
        if isASCII { return offset }
        return scanForward(target: offset, checkpoints: codePointsAtCheckpoint) { $0 & 0xC0 != 0x80 ? 1 : 0 }
    }

    /// The UTF-8 byte offset of UTF-16 offset `utf16`, or nil when it lies past the end or inside a
    /// surrogate pair.
    public func utf8Offset(utf16 offset: Int) -> Int? {
        guard offset >= 0, offset <= utf16Count else { return nil }
        if isASCII { return offset }
        return scanForward(target: offset, checkpoints: utf16AtCheckpoint) { byte in
            byte & 0xC0 != 0x80 ? (byte >= 0xF0 ? 2 : 1) : 0
        }
    }

    /// Converts a code point offset to `unit`, or nil when it lies past the end.
    public func offset(codePoint: Int, in unit: OffsetUnit) -> Int? {
        switch unit {
        case .codePoint: return codePoint <= codePointCount && codePoint >= 0 ? codePoint : nil
        case .utf8: return utf8Offset(codePoint: codePoint)
        case .utf16: return utf8Offset(codePoint: codePoint).map { utf16Offset(utf8: $0) }
        }
    }

    /// Converts an offset counted in `unit` to a code point offset, or nil when it is past the end or
    /// not on a code point boundary.
    public func codePointOffset(_ offset: Int, in unit: OffsetUnit) -> Int? {
        switch unit {
        case .codePoint:
            return offset >= 0 && offset <= codePointCount ? offset : nil
        case .utf8:
            guard offset >= 0, offset <= bytes.count else { return nil }
            if offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { return nil }
            return codePointOffset(utf8: offset)
        case .utf16:
            return utf8Offset(utf16: offset).map { codePointOffset(utf8: $0) }
        }
    }

    /// Finds the byte where the running count (seeded from the checkpoints) reaches `target`.
    private func scanForward(target: Int, checkpoints: [Int], weight: (UInt8) -> Int) -> Int? {
        // Last checkpoint whose count is <= target.
        var low = 0
        var high = checkpoints.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if checkpoints[mid] <= target { low = mid } else { high = mid - 1 }
        }
        var count = checkpoints[low]
        var i = min(low * OffsetIndex.stride, bytes.count)
        while i < bytes.count {
            let byte = bytes[i]
            if byte & 0xC0 != 0x80 {
                if count == target { return i }
                let step = weight(byte)
                if count + step > target { return nil }  // inside a surrogate pair
                count += step
            }
            i += 1
        }
        return count == target ? bytes.count : nil
    }
}
