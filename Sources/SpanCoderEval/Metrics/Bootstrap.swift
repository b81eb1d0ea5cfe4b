import SpanCoderCore

/// Percentile bootstrap intervals for F1, resampling documents with replacement (documents, not
/// spans, are the independent draws: spans of one document are correlated).
public enum Bootstrap {
    public struct Intervals: Sendable {
        public var micro: ClosedRange<Double>?
        public var macro: ClosedRange<Double>?
        public var perCode: [ClosedRange<Double>?]
    }

    /// - Parameters:
    ///   - perDoc: counts laid out `[(doc × codeCount + code) × 3 + {tp, fp, fn}]`.
    ///   - docs: the documents to resample.
    ///   - codes: the codes reported (their F1 intervals are returned in this order).
    /// - Complexity: O(replicates × documents × codes).
    public static func intervals(perDoc: [Int32], codeCount: Int, docs: [Int32], codes: [Int],
                                 replicates: Int, seed: UInt64, level: Double = 0.95, _ z: ZeroDivision) -> Intervals {
        guard replicates > 0, !docs.isEmpty else { return Intervals(micro: nil, macro: nil, perCode: codes.map { _ in nil }) }
        var rng = SplitMix64(seed: seed)
        let width = codeCount * 3
        var sums = [Int](repeating: 0, count: width)
        var micro: [Double] = [], macro: [Double] = []
        var perCode = Array(repeating: [Double](), count: codes.count)
        micro.reserveCapacity(replicates); macro.reserveCapacity(replicates)
        let d = UInt64(docs.count)
        perDoc.withUnsafeBufferPointer { counts in
            for _ in 0..<replicates {
                for i in 0..<width { sums[i] = 0 }
                for _ in 0..<docs.count {
                    let pick = Int(docs[Int(rng.next().multipliedFullWidth(by: d).high)])
                    let base = pick * width
                    for i in 0..<width { sums[i] += Int(counts[base + i]) }
                }
                var pooled = Counts()
                var macroSum = 0.0, macroCount = 0
                for (j, code) in codes.enumerated() {
                    let c = Counts(tp: sums[code * 3], fp: sums[code * 3 + 1], fn: sums[code * 3 + 2])
                    pooled += c
                    // A resample without the code says nothing about its F1: it is skipped, not scored.
                    guard !c.isEmpty else { continue }
                    let f = c.f1(z)
                    perCode[j].append(f)
                    macroSum += f; macroCount += 1
                }
                micro.append(pooled.f1(z))
                macro.append(macroCount > 0 ? macroSum / Double(macroCount) : z.value)
            }
        }
        let alpha = (1 - level) / 2
        return Intervals(micro: percentile(micro, alpha), macro: percentile(macro, alpha),
                         perCode: perCode.map { percentile($0, alpha) })
    }

    /// The [alpha, 1 − alpha] percentile interval (linear interpolation, as NumPy), ignoring NaN.
    static func percentile(_ values: [Double], _ alpha: Double) -> ClosedRange<Double>? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return nil }
        func at(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }
        return at(alpha)...at(1 - alpha)
    }
}
