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
            switch byte {
            case 0x22: output.append(0x5C); output.append(0x22)
            case 0x5C: output.append(0x5C); output.append(0x5C)
            case 0x0A: output.append(0x5C); output.append(UInt8(ascii: "n"))
            case 0x0D: output.append(0x5C); output.append(UInt8(ascii: "r"))
            case 0x09: output.append(0x5C); output.append(UInt8(ascii: "t"))
            default:
                let hex: StaticString = "0123456789abcdef"
                appendLiteral("\\u00", to: &output)
                hex.withUTF8Buffer { hex in
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0xF)])
                }
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        output.append(0x22)
    }

    /// Appends the decimal digits of `value`.
    public static func appendInteger(_ value: Int, to output: inout [UInt8]) {
        if value < 0 {
            if value == .min { output.append(contentsOf: String(value).utf8); return }
            output.append(UInt8(ascii: "-"))
            appendInteger(-value, to: &output)
            return
        }
        if value < 10 { output.append(0x30 &+ UInt8(value)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[23 - count] = 0x30 &+ UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// Appends `number(value)`, without making a `String` for the usual values.
    public static func appendNumber(_ value: Double, to output: inout [UInt8]) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            appendInteger(Int(value), to: &output)
            return
        }
        guard value.isFinite, abs(value) < 1e12 else {
            output.append(contentsOf: number(value).utf8)
            return
        }
        // `number`'s six fixed decimals with trailing zeros (and a bare point) dropped.
        let scaled = (value * 1_000_000).rounded()
        if scaled < 0 { output.append(UInt8(ascii: "-")) }
        let magnitude = Int(abs(scaled))
        appendInteger(magnitude / 1_000_000, to: &output)
        var fraction = magnitude % 1_000_000
        guard fraction != 0 else { return }
        output.append(UInt8(ascii: "."))
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            output.append(0x30 &+ UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }
}
