/// Text after normalization, as UTF-8 bytes, with a map from every normalized position back to the
/// original text.
///
/// The map is a sorted list of regions. In an *aligned* region every normalized byte corresponds to the
/// original byte at the same distance from the region start (ASCII case folding, Traditional →
/// Simplified of a same-length character). An *atomic* region is a unit that changed length (a
/// full-width comma, a ligature, a combining sequence, removed white space): a position inside it maps
/// to the region's start (for range starts) or end (for range ends), so a match never reports half of an
/// original character.
public struct NormalizedText: Sendable {
    /// The normalized text in UTF-8.
    public let utf8: [UInt8]
    /// Number of UTF-8 bytes in the original text.
    public let originalUTF8Count: Int

    // Region k covers normalized bytes [normStarts[k], normStarts[k+1]) and original bytes
    // [origStarts[k], origStarts[k+1]); the last region ends at utf8.count / originalUTF8Count.
    let normStarts: [Int]
    let origStarts: [Int]
    let atomic: [Bool]

    init(utf8: [UInt8], originalUTF8Count: Int, normStarts: [Int], origStarts: [Int], atomic: [Bool]) {
        self.utf8 = utf8
        self.originalUTF8Count = originalUTF8Count
        self.normStarts = normStarts
        self.origStarts = origStarts
        self.atomic = atomic
    }

    /// The normalized text as a String (for display and tests; matching works on `utf8`).
    public var string: String { String(decoding: utf8, as: UTF8.self) }

    /// The original UTF-8 byte range that normalized byte range `range` came from. Both ends land on
    /// original code point boundaries; removed characters at either edge are not included.
    ///
    /// - Complexity: O(log r) for r regions.
    public func originalUTF8Range(ofNormalized range: Range<Int>) -> Range<Int> {
        let start = originalStart(ofNormalized: range.lowerBound)
        if range.isEmpty { return start..<start }
        let end = max(start, originalEnd(ofNormalized: range.upperBound))
        return start..<end
    }

    /// `originalUTF8Range(ofNormalized:)` for ranges mapped one after another near each other (the
    /// matches of a scan): the region search starts from `hint`, the region of the previous call
    /// (start with 0), and walks a few regions before falling back to a binary search.
    ///
    /// - Complexity: amortized O(1) for nearby ranges, O(log r) at worst.
    public func originalUTF8Range(ofNormalized range: Range<Int>, hint: inout Int) -> Range<Int> {
        let start = originalStart(ofNormalized: range.lowerBound, hint: &hint)
        if range.isEmpty { return start..<start }
        let end = max(start, originalEnd(ofNormalized: range.upperBound, hint: &hint))
        return start..<end
    }

    private func originalStart(ofNormalized position: Int, hint: inout Int) -> Int {
        precondition(position >= 0 && position <= utf8.count, "normalized offset \(position) outside 0...\(utf8.count)")
        if position == utf8.count { return originalUTF8Count }
        let k = lastRegion(startingAtOrBefore: position, hint: &hint)
        if atomic[k] { return origStarts[k] }
        return origStarts[k] + (position - normStarts[k])
    }

    private func originalEnd(ofNormalized position: Int, hint: inout Int) -> Int {
        precondition(position >= 0 && position <= utf8.count, "normalized offset \(position) outside 0...\(utf8.count)")
        if position == 0 { return origStarts.first ?? 0 }
        let k = lastRegion(startingAtOrBefore: position - 1, hint: &hint)
        if atomic[k] { return k + 1 < origStarts.count ? origStarts[k + 1] : originalUTF8Count }
        return origStarts[k] + (position - normStarts[k])
    }

    /// The same region as `lastRegion(startingAtOrBefore:)`, searched from `hint`.
    @inline(__always)
    private func lastRegion(startingAtOrBefore position: Int, hint: inout Int) -> Int {
        normStarts.withUnsafeBufferPointer { starts in
            var k = min(max(hint, 0), starts.count - 1)
            var steps = 0
            if starts[k] <= position {
                while k + 1 < starts.count && starts[k + 1] <= position {
                    k += 1
                    steps += 1
                    if steps == 16 { k = lastRegion(startingAtOrBefore: position); break }
                }
            } else {
                while k > 0 && starts[k] > position {
                    k -= 1
                    steps += 1
                    if steps == 16 { k = lastRegion(startingAtOrBefore: position); break }
                }
            }
            hint = k
            return k
        }
    }

    /// Original byte offset where the normalized character starting at `position` came from.
    public func originalStart(ofNormalized position: Int) -> Int {
        precondition(position >= 0 && position <= utf8.count, "normalized offset \(position) outside 0...\(utf8.count)")
        if position == utf8.count { return originalUTF8Count }
        // The last region starting at or before `position` that is not empty: empty regions at the same
        // position stand for removed characters, which a range should not start with.
        let k = lastRegion(startingAtOrBefore: position)
        if atomic[k] { return origStarts[k] }
        return origStarts[k] + (position - normStarts[k])
    }

    /// Original byte offset just past the original character that produced normalized byte `position - 1`.
    public func originalEnd(ofNormalized position: Int) -> Int {
        precondition(position >= 0 && position <= utf8.count, "normalized offset \(position) outside 0...\(utf8.count)")
        if position == 0 { return origStarts.first ?? 0 }
        let k = lastRegion(startingAtOrBefore: position - 1)
        if atomic[k] { return k + 1 < origStarts.count ? origStarts[k + 1] : originalUTF8Count }
        return origStarts[k] + (position - normStarts[k])
    }

    private func lastRegion(startingAtOrBefore position: Int) -> Int {
        var low = 0
        var high = normStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if normStarts[mid] <= position { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
