/// Sufficient statistics of binary cells (unit × code, present or absent) coded by R coders, from which
/// every chance-corrected coefficient below follows in O(R²) — so a million units cost one pass.
///
/// `pair` is the 2 × 2 table of the first two coders (gold and predictions) on cells both coded;
/// `histogram[m][k]` counts cells coded by m coders of whom k set the code; `onesComplete[c]` counts
/// the ones of coder c on cells every coder coded.
public struct CellStats: Sendable, Hashable {
    public let coders: Int
    /// n00, n01, n10, n11 of coder 0 (first index) against coder 1.
    public var pair: [Double] = [0, 0, 0, 0]
    public var histogram: [Double]
    public var onesComplete: [Double]
    public var complete: Double = 0

    public init(coders: Int) {
        self.coders = coders
        histogram = Array(repeating: 0, count: (coders + 1) * (coders + 1))
        onesComplete = Array(repeating: 0, count: coders)
    }

    public static func += (a: inout CellStats, b: CellStats) {
        for i in 0..<4 { a.pair[i] += b.pair[i] }
        for i in a.histogram.indices { a.histogram[i] += b.histogram[i] }
        for i in a.onesComplete.indices { a.onesComplete[i] += b.onesComplete[i] }
        a.complete += b.complete
    }

    @inlinable public func count(m: Int, k: Int) -> Double { histogram[m * (coders + 1) + k] }

    /// Adds one cell: `values[c]` is 1, 0, or -1 for a coder who did not code the unit.
    public mutating func add(_ values: UnsafeBufferPointer<Int8>) {
        var m = 0, k = 0
        for v in values where v >= 0 { m += 1; k += Int(v) }
        histogram[m * (coders + 1) + k] += 1
        if coders >= 2, values[0] >= 0, values[1] >= 0 { pair[Int(values[0]) * 2 + Int(values[1])] += 1 }
        if m == coders {
            complete += 1
            for c in 0..<coders where values[c] == 1 { onesComplete[c] += 1 }
        }
    }

    // MARK: two coders (coder 0 against coder 1, cells both coded)

    var pairTotal: Double { pair.reduce(0, +) }
    var pairObserved: Double { (pair[0] + pair[3]) / pairTotal }

    /// Cohen's kappa of coder 0 against coder 1.
    public func cohenKappa(_ z: ZeroDivision) -> Double {
        let n = pairTotal
        guard n > 0 else { return z.value }
        let a1 = (pair[2] + pair[3]) / n, b1 = (pair[1] + pair[3]) / n
        let pe = a1 * b1 + (1 - a1) * (1 - b1)
        return z.divide(pairObserved - pe, 1 - pe)
    }

    /// Scott's pi (pooled marginals).
    public func scottPi(_ z: ZeroDivision) -> Double {
        let n = pairTotal
        guard n > 0 else { return z.value }
        let p1 = (pair[1] + pair[2] + 2 * pair[3]) / (2 * n)
        let pe = p1 * p1 + (1 - p1) * (1 - p1)
        return z.divide(pairObserved - pe, 1 - pe)
    }

    /// Bennett, Alpert & Goldstein's S (chance = 1/2 for two categories).
    public func bennettS(_ z: ZeroDivision) -> Double {
        pairTotal > 0 ? 2 * pairObserved - 1 : z.value
    }

    /// Gwet's AC1 of the two coders.
    public func gwetAC1(_ z: ZeroDivision) -> Double {
        let n = pairTotal
        guard n > 0 else { return z.value }
        let p1 = (pair[1] + pair[2] + 2 * pair[3]) / (2 * n)
        let pe = 2 * p1 * (1 - p1)
        return z.divide(pairObserved - pe, 1 - pe)
    }

    /// Observed agreement of the two coders; `z` without cells.
    public func percentAgreement(_ z: ZeroDivision) -> Double { pairTotal > 0 ? pairObserved : z.value }

    /// Whether any coder set the code on any cell. Without a code list, a code no coder ever set is left
    /// out of a pooled coefficient (its cells would only add agreement on absence); a code list declares
    /// the codebook, and its codes count whether set or not (`--codes`: the coefficient then answers for
    /// that codebook).
    public var hasOnes: Bool {
        for m in 0...coders { for k in 1...max(1, m) where k <= m && count(m: m, k: k) > 0 { return true } }
        return false
    }

    // MARK: several coders, cells every coder coded

    private var completeObserved: (po: Double, p1: Double)? {
        let r = coders
        guard r >= 2 else { return nil }
        var agreement = 0.0, ones = 0.0, cells = 0.0
        for k in 0...r {
            let c = count(m: r, k: k)
            guard c > 0 else { continue }
            cells += c
            ones += c * Double(k)
            let agreeing = k * (k - 1) + (r - k) * (r - k - 1)
            agreement += c * Double(agreeing) / Double(r * (r - 1))
        }
        guard cells > 0 else { return nil }
        return (agreement / cells, ones / (cells * Double(r)))
    }

    /// Fleiss' kappa (multi-rater pi) over the cells every coder coded.
    public func fleissKappa(_ z: ZeroDivision) -> Double {
        guard let (po, p1) = completeObserved else { return z.value }
        let pe = p1 * p1 + (1 - p1) * (1 - p1)
        return z.divide(po - pe, 1 - pe)
    }

    /// Randolph's free-marginal multi-rater kappa (Bennett's S for several coders).
    public func randolphKappa(_ z: ZeroDivision) -> Double {
        guard let (po, _) = completeObserved else { return z.value }
        return 2 * po - 1
    }

    /// Gwet's AC1 for several coders over the complete cells.
    public func multiAC1(_ z: ZeroDivision) -> Double {
        guard let (po, p1) = completeObserved else { return z.value }
        let pe = 2 * p1 * (1 - p1)
        return z.divide(po - pe, 1 - pe)
    }

    /// Hubert's (Conger's) multi-kappa: chance from each pair of coders' own marginals.
    public func hubertKappa(_ z: ZeroDivision) -> Double {
        guard let (po, _) = completeObserved, complete > 0 else { return z.value }
        var pe = 0.0, pairs = 0.0
        for a in 0..<coders {
            for b in (a + 1)..<coders {
                let pa = onesComplete[a] / complete, pb = onesComplete[b] / complete
                pe += pa * pb + (1 - pa) * (1 - pb)
                pairs += 1
            }
        }
        pe /= pairs
        return z.divide(po - pe, 1 - pe)
    }

    /// Two-coder statistics from a pooled 2 × 2 table (n00, n01, n10, n11).
    public init(pairTable: [Double]) {
        self.init(coders: 2)
        pair = pairTable
        histogram[2 * 3 + 0] = pairTable[0]
        histogram[2 * 3 + 1] = pairTable[1] + pairTable[2]
        histogram[2 * 3 + 2] = pairTable[3]
        complete = pairTable.reduce(0, +)
        onesComplete = [pairTable[2] + pairTable[3], pairTable[1] + pairTable[3]]
    }

    /// Krippendorff's alpha, nominal, over every cell at least two coders coded (missing data allowed),
    /// or only over the cells every coder coded.
    public func krippendorffAlpha(_ z: ZeroDivision, completeOnly: Bool = false) -> Double {
        var o11 = 0.0, o00 = 0.0, off = 0.0
        for m in 2...max(2, coders) where m <= coders && (!completeOnly || m == coders) {
            for k in 0...m {
                let c = count(m: m, k: k)
                guard c > 0 else { continue }
                let d = Double(m - 1)
                o11 += c * Double(k * (k - 1)) / d
                o00 += c * Double((m - k) * (m - k - 1)) / d
                off += c * Double(2 * k * (m - k)) / d
            }
        }
        let n1 = o11 + off / 2, n0 = o00 + off / 2, n = n0 + n1
        guard n0 * n1 > 0 else { return z.value }
        return 1 - (n - 1) * off / (2 * n0 * n1)
    }
}

/// Distances between two sets of codes, for Krippendorff's alpha on set-valued units.
public enum SetDistance: String, Sendable, CaseIterable {
    /// Passonneau's MASI: 1 − Jaccard × monotonicity (1 equal, 2/3 subset, 1/3 overlap, 0 disjoint).
    case masi
    /// 1 − |A ∩ B| / |A ∪ B|.
    case jaccard
    /// 0 for identical sets, else 1 (nominal alpha on the label set as one value).
    case identity

    /// Two empty sets are identical: distance 0 (where NLTK divides by zero).
    func distance(_ a: UnsafeBufferPointer<UInt64>, _ b: UnsafeBufferPointer<UInt64>) -> Double {
        var inter = 0, union = 0, na = 0, nb = 0
        for w in 0..<a.count {
            inter += (a[w] & b[w]).nonzeroBitCount
            union += (a[w] | b[w]).nonzeroBitCount
            na += a[w].nonzeroBitCount
            nb += b[w].nonzeroBitCount
        }
        if union == 0 { return 0 }
        switch self {
        case .identity: return inter == union ? 0 : 1
        case .jaccard: return 1 - Double(inter) / Double(union)
        case .masi:
            let monotonicity: Double
            if inter == union { monotonicity = 1 } else if inter == min(na, nb) { monotonicity = 2.0 / 3.0 } else if inter > 0 { monotonicity = 1.0 / 3.0 } else { monotonicity = 0 }
            return 1 - Double(inter) / Double(union) * monotonicity
        }
    }
}

/// Krippendorff's alpha on set-valued units (each coder gives a unit a set of codes), with missing data.
///
/// The expected disagreement sums over *distinct* code sets with their frequencies, so the cost is
/// O(values + s²) for s distinct sets instead of O(values²). All three distances come from one pass.
public struct SetAlpha {
    /// - Parameters:
    ///   - masks: per coder, `units × words` bit masks of codes.
    ///   - present: per coder, whether it coded each unit.
    /// - Returns: alpha for each of `distances`, in order.
    public static func alpha(masks: [[UInt64]], present: [[Bool]], units: Int, words: Int,
                             distances: [SetDistance], _ z: ZeroDivision) -> [Double] {
        var ids: [[UInt64]: Int] = [:]
        var distinct: [[UInt64]] = []
        var frequency: [Double] = []
        var single: [UInt64: Int] = [:]
        var observed = Array(repeating: 0.0, count: distances.count)
        var n = 0.0
        var coded: [Int] = []
        var setIDs: [Int] = []
        var pairCache: [Int: [Double]] = [:]
        func id(_ c: Int, _ u: Int) -> Int {
            if words == 1 {
                let key = masks[c][u]
                if let i = single[key] { return i }
                single[key] = distinct.count
            } else {
                let key = Array(masks[c][(u * words)..<((u + 1) * words)])
                if let i = ids[key] { return i }
                ids[key] = distinct.count
            }
            distinct.append(Array(masks[c][(u * words)..<((u + 1) * words)]))
            frequency.append(0)
            return distinct.count - 1
        }
        func distance(_ a: Int, _ b: Int) -> [Double] {
            let key = min(a, b) << 32 | max(a, b)
            if let d = pairCache[key] { return d }
            let d = distinct[a].withUnsafeBufferPointer { x in distinct[b].withUnsafeBufferPointer { y in distances.map { $0.distance(x, y) } } }
            pairCache[key] = d
            return d
        }
        for u in 0..<units {
            coded.removeAll(keepingCapacity: true)
            for c in masks.indices where present[c][u] { coded.append(c) }
            let m = coded.count
            guard m >= 2 else { continue }
            n += Double(m)
            setIDs.removeAll(keepingCapacity: true)
            for c in coded { let i = id(c, u); setIDs.append(i); frequency[i] += 1 }
            for i in 0..<m {
                for j in (i + 1)..<m where setIDs[i] != setIDs[j] {
                    let d = distance(setIDs[i], setIDs[j])
                    for k in distances.indices { observed[k] += 2 * d[k] / Double(m - 1) }
                }
            }
        }
        guard n > 1 else { return distances.map { _ in z.value } }
        var expected = Array(repeating: 0.0, count: distances.count)
        for a in distinct.indices {
            for b in (a + 1)..<max(a + 1, distinct.count) {
                let d = distance(a, b)
                for k in distances.indices { expected[k] += 2 * frequency[a] * frequency[b] * d[k] }
            }
        }
        return distances.indices.map { k in
            let dExpected = expected[k] / (n * (n - 1))
            guard dExpected > 0 else { return z.value }
            return 1 - (observed[k] / n) / dExpected
        }
    }
}
