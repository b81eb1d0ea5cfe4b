import SpanCoderCore

/// JSON text built directly as UTF-8 bytes into a caller's reused buffer: the hot output path of
/// `spancoder tag`, where building a `String` piece by piece costs more than classifying. The bytes
/// are exactly those of the `String` functions of `JSONText`.
extension JSONText {
    /// Appends the UTF-8 of a literal.
    @inline(__always)
    public static func appendLiteral(_ literal: StaticString, to output: inout [UInt8]) {
        literal.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    /// Appends `value` as a JSON string literal (see `appendString(_:to:)` for `String`).
    public static func appendString(_ value: String, to output: inout [UInt8]) {
        if let done: Void = value.utf8.withContiguousStorageIfAvailable({ appendString(utf8: $0, to: &output) }) {
            return done
        }
        var value = value
        value.withUTF8 { appendString(utf8: $0, to: &output) }
    }

    /// Appends valid UTF-8 `bytes` as a JSON string literal.
    public static func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(0x22)
        var clean = 0  // start of the bytes not yet copied
        var i = JSONEscape.firstSpecialByte(bytes, from: 0)
        while i < bytes.count {
            defer { i = JSONEscape.firstSpecialByte(bytes, from: i + 1) }
            let byte = bytes[i]
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<i]))
            clean = i + 1
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6) { escape in
                output.append(contentsOf: UnsafeBufferPointer(rebasing: escape[..<formatEscape(byte, into: escape.baseAddress!)]))
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        output.append(0x22)
    }

    /// Appends the decimal digits of `value`.
    public static func appendInteger(_ value: Int, to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JSONText.maxNumberLength) { digits in
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<formatInteger(value, into: digits.baseAddress!)]))
        }
    }

    /// Appends `number(value)`, without making a `String` for the usual values.
    public static func appendNumber(_ value: Double, to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JSONText.maxNumberLength) { digits in
            if let length = formatNumber(value, into: digits.baseAddress!) {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<length]))
            } else {
                output.append(contentsOf: number(value).utf8)
            }
        }
    }

    /// Writes the JSON escape of `byte` (one that `JSONEscape.firstSpecialByte` stops at: a control
    /// character, `"` or a backslash) to `escape` (room for 6 bytes) and returns its length.
    @inlinable
    public static func formatEscape(_ byte: UInt8, into escape: UnsafeMutablePointer<UInt8>) -> Int {
        escape[0] = 0x5C
        switch byte {
        case 0x22, 0x5C: escape[1] = byte
        case 0x0A: escape[1] = UInt8(ascii: "n")
        case 0x0D: escape[1] = UInt8(ascii: "r")
        case 0x09: escape[1] = UInt8(ascii: "t")
        default:
            let hex: StaticString = "0123456789abcdef"
            escape[1] = UInt8(ascii: "u")
            escape[2] = UInt8(ascii: "0")
            escape[3] = UInt8(ascii: "0")
            escape[4] = hex.utf8Start[Int(byte >> 4)]
            escape[5] = hex.utf8Start[Int(byte & 0xF)]
            return 6
        }
        return 2
    }

    /// The most bytes `formatInteger` and `formatNumber` write.
    public static let maxNumberLength = 32

    /// Writes the decimal digits of `value` to `digits` (room for `maxNumberLength` bytes) and returns
    /// how many: the one integer formatter behind `appendInteger` and `JSONLineBuffer`.
    @inlinable
    public static func formatInteger(_ value: Int, into digits: UnsafeMutablePointer<UInt8>) -> Int {
        if value >= 0 && value < 10 {
            digits[0] = 0x30 &+ UInt8(value)
            return 1
        }
        var magnitude = value.magnitude
        var reversed: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits
        var count = 0
        withUnsafeMutableBytes(of: &reversed) { buffer in
            while magnitude > 0 {
                buffer[count] = 0x30 &+ UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            var out = 0
            if value < 0 {
                digits[0] = UInt8(ascii: "-")
                out = 1
            }
            for k in stride(from: count - 1, through: 0, by: -1) {
                digits[out] = buffer[k]
                out += 1
            }
            count = out
        }
        return count
    }

    /// Writes `number(value)` to `digits` (room for `maxNumberLength` bytes) and returns its length, or
    /// nil for what only `number(_:)` spells (not finite, or a magnitude of 1e12 and more).
    @inlinable
    public static func formatNumber(_ value: Double, into digits: UnsafeMutablePointer<UInt8>) -> Int? {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return formatInteger(Int(value), into: digits)
        }
        guard value.isFinite, abs(value) < 1e12 else { return nil }
        // `number`'s six fixed decimals with trailing zeros (and a bare point) dropped.
        let scaled = (value * 1_000_000).rounded()
        var length = 0
        if scaled < 0 {
            digits[0] = UInt8(ascii: "-")
            length = 1
        }
        let magnitude = Int(abs(scaled))
        length += formatInteger(magnitude / 1_000_000, into: digits + length)
        var fraction = magnitude % 1_000_000
        guard fraction != 0 else { return length }
        digits[length] = UInt8(ascii: ".")
        length += 1
        var places = 6
        while fraction % 10 == 0 {
            fraction /= 10
            places -= 1
        }
        var divisor = 1
        for _ in 1..<places { divisor *= 10 }
        while divisor > 0 {
            digits[length] = 0x30 &+ UInt8(fraction / divisor % 10)
            length += 1
            divisor /= 10
        }
        return length
    }
}
