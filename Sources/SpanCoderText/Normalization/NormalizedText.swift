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

    /// Where a region starts in the normalized and in the original bytes.
    struct Region {
        var normalizedStart: Int
        /// The original start, shifted left by one, with the low bit set for an atomic region.
        var originalStartAndAtomic: Int

        init(normalizedStart: Int, originalStart: Int, atomic: Bool) {
            self.normalizedStart = normalizedStart
            self.originalStartAndAtomic = originalStart << 1 | (atomic ? 1 : 0)
        }

        var originalStart: Int { originalStartAndAtomic >> 1 }
        var isAtomic: Bool { originalStartAndAtomic & 1 != 0 }
    }

    // Region k covers normalized bytes [regions[k].normalizedStart, regions[k+1].normalizedStart) and
    // original bytes [regions[k].originalStart, regions[k+1].originalStart); the last region ends at
    // utf8.count / originalUTF8Count. One array, not one per field: a sentence's text made three
    // small arrays of them, each an allocation.
    let regions: [Region]

    init(utf8: [UInt8], originalUTF8Count: Int, regions: [Region]) {
        precondition(!regions.isEmpty, "NormalizedText: no region")
        self.utf8 = utf8
        self.originalUTF8Count = originalUTF8Count
        self.regions = regions
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
        let region = regions[lastRegion(startingAtOrBefore: position, hint: &hint)]
        if region.isAtomic { return region.originalStart }
        return region.originalStart + (position - region.normalizedStart)
    }

    private func originalEnd(ofNormalized position: Int, hint: inout Int) -> Int {
        precondition(position >= 0 && position <= utf8.count, "normalized offset \(position) outside 0...\(utf8.count)")
        if position == 0 { return regions[0].originalStart }
        let k = lastRegion(startingAtOrBefore: position - 1, hint: &hint)
        return originalEnd(ofNormalized: position, inRegion: k)
    }

    /// The same region as `lastRegion(startingAtOrBefore:)`, searched from `hint`.
    @inline(__always)
    private func lastRegion(startingAtOrBefore position: Int, hint: inout Int) -> Int {
        regions.withUnsafeBufferPointer { regions in
            var k = min(max(hint, 0), regions.count - 1)
            var steps = 0
            if regions[k].normalizedStart <= position {
                while k + 1 < regions.count && regions[k + 1].normalizedStart <= position {
                    k += 1
                    steps += 1
                    if steps == 16 { k = lastRegion(startingAtOrBefore: position); break }
                }
            } else {
                while k > 0 && regions[k].normalizedStart > position {
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
        let region = regions[lastRegion(startingAtOrBefore: position)]
        if region.isAtomic { return region.originalStart }
        return region.originalStart + (position - region.normalizedStart)
    }

    /// Original byte offset just past the original character that produced normalized byte `position - 1`.
    public func originalEnd(ofNormalized position: Int) -> Int {
        precondition(position >= 0 && position <= utf8.count, "normalized offset \(position) outside 0...\(utf8.count)")
        if position == 0 { return regions[0].originalStart }
        return originalEnd(ofNormalized: position, inRegion: lastRegion(startingAtOrBefore: position - 1))
    }

    /// The original end of normalized byte `position - 1`, which lies in region `k`.
    private func originalEnd(ofNormalized position: Int, inRegion k: Int) -> Int {
        let region = regions[k]
        if region.isAtomic { return k + 1 < regions.count ? regions[k + 1].originalStart : originalUTF8Count }
        return region.originalStart + (position - region.normalizedStart)
    }

    private func lastRegion(startingAtOrBefore position: Int) -> Int {
        var low = 0
        var high = regions.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if regions[mid].normalizedStart <= position { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
