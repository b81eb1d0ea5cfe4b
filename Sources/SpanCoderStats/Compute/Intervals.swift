import Foundation
import SpanCoderCore

/// Confidence intervals for proportions and their differences.
public enum ProportionInterval {
    /// The two-sided normal quantile for a 95% interval.
    public static let z95 = 1.959963984540054

    /// Wilson score interval for `successes` out of `trials` (no continuity correction).
    /// - Precondition: `trials > 0`.
    public static func wilson(successes: Int, trials: Int, z: Double = z95) -> (lower: Double, upper: Double) {
        precondition(trials > 0, "Wilson interval needs at least one trial")
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let centre = p + z2 / (2 * n)
        let spread = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        let denominator = 1 + z2 / n
        return (max(0, (centre - spread) / denominator), min(1, (centre + spread) / denominator))
    }

    /// Newcombe's hybrid score interval for the difference `p1 - p2` of two independent proportions
    /// (Newcombe 1998, method 10): Wilson intervals of each proportion combined by the square-and-add
    /// rule. Good coverage for small samples and proportions near 0 or 1, where the Wald interval fails.
    /// - Precondition: both `trials` > 0.
    public static func newcombeDifference(successes1: Int, trials1: Int, successes2: Int, trials2: Int, z: Double = z95) -> (lower: Double, upper: Double) {
        let p1 = Double(successes1) / Double(trials1)
        let p2 = Double(successes2) / Double(trials2)
        let (l1, u1) = wilson(successes: successes1, trials: trials1, z: z)
        let (l2, u2) = wilson(successes: successes2, trials: trials2, z: z)
        let d = p1 - p2
        let lower = d - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot()
        let upper = d + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot()
        return (lower, upper)
    }

    /// The `q` quantile of sorted values with linear interpolation between order statistics (type 7, the
    /// default of R and NumPy).
    static func quantile(sorted values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty)
        let position = q * Double(values.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, values.count - 1)
        let fraction = position - Double(below)
        return values[below] + (values[above] - values[below]) * fraction
    }
}

/// xoshiro256** seeded through SplitMix64: a small, fast generator whose stream is fixed by the seed
/// on every platform, so a bootstrap with `--seed` is reproducible.
struct SeededGenerator {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var seeds = SplitMix64(seed: seed)
        s0 = seeds.next(); s1 = seeds.next(); s2 = seeds.next(); s3 = seeds.next()
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's multiply-and-reject).
    mutating func next(below bound: Int) -> Int {
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }
}
