/// Projects (span, code) pairs onto units: a code lands on a unit when a span carrying it overlaps the
/// unit — by at least one code point (the default, as the reference numbers assume), or by at least
/// `minOverlap` of the unit's length.
///
/// - Complexity: O(p log u + touched) for p pairs over u units of their document.
public struct UnitProjection: Sendable {
    public let units: UnitTable
    public let words: Int
    /// Unit index range of each document index.
    let docRanges: [Range<Int>]
    /// Whether unit ends are sorted within each document (then a binary search finds the first unit).
    let endsSorted: Bool
    public let minOverlap: Double

    public init(units: UnitTable, documentCount: Int, codeCount: Int, minOverlap: Double) {
        self.units = units
        self.words = max(1, (codeCount + 63) / 64)
        self.minOverlap = minOverlap
        var ranges = Array(repeating: 0..<0, count: documentCount)
        var sorted = true
        var u = 0
        while u < units.count {
            let doc = units.docs[u]
            var v = u + 1
            while v < units.count, units.docs[v] == doc {
                if units.ends[v] < units.ends[v - 1] { sorted = false }
                v += 1
            }
            if Int(doc) < ranges.count { ranges[Int(doc)] = u..<v }
            u = v
        }
        docRanges = ranges
        endsSorted = sorted
    }

    public func range(of doc: Int32) -> Range<Int> { Int(doc) < docRanges.count ? docRanges[Int(doc)] : 0..<0 }

    /// The code masks of every unit for one coder's pairs.
    public func masks(for pairs: [SpanPair]) -> [UInt64] {
        var masks = Array(repeating: UInt64(0), count: units.count * words)
        for pair in pairs {
            forEachUnit(overlapping: pair) { u in
                let code = Int(pair.code)
                masks[u * words + code >> 6] |= 1 << UInt64(code & 63)
            }
        }
        return masks
    }

    /// Calls `body` with every unit that `pair` lands on.
    public func forEachUnit(overlapping pair: SpanPair, _ body: (Int) -> Void) {
        let r = range(of: pair.doc)
        guard !r.isEmpty else { return }
        var lo = r.lowerBound
        if endsSorted {
            var hi = r.upperBound
            while lo < hi {
                let mid = (lo + hi) / 2
                if units.ends[mid] <= pair.start { lo = mid + 1 } else { hi = mid }
            }
        }
        var u = lo
        while u < r.upperBound, units.starts[u] < pair.end {
            let overlap = Int(min(units.ends[u], pair.end)) - Int(max(units.starts[u], pair.start))
            if overlap > 0 {
                // A quotient, not `minOverlap * length`: 0.55 × 100 is 55.000000000000007 in binary floating
                // point, so a span covering exactly 55 of 100 code points failed `--min-overlap 0.55`. The
                // quotient of two integers and the option's value round to the same double when equal.
                if minOverlap <= 0 || Double(overlap) / Double(units.ends[u] - units.starts[u]) >= minOverlap { body(u) }
            }
            u += 1
        }
    }
}
