/// What a ratio with a zero denominator is worth. Chosen by the user (`--zero-division`), stated in
/// every report, never a crash.
public enum ZeroDivision: String, Sendable, CaseIterable {
    case zero = "0"
    case one = "1"
    case nan

    public var value: Double {
        switch self {
        case .zero: return 0
        case .one: return 1
        case .nan: return .nan
        }
    }

    @inlinable public func divide(_ numerator: Double, _ denominator: Double) -> Double {
        denominator == 0 ? value : numerator / denominator
    }
}

/// True positives, false positives and false negatives of one code (or pooled).
public struct Counts: Sendable, Hashable {
    public var tp = 0
    public var fp = 0
    public var fn = 0

    public init(tp: Int = 0, fp: Int = 0, fn: Int = 0) { self.tp = tp; self.fp = fp; self.fn = fn }

    public static func + (a: Counts, b: Counts) -> Counts { Counts(tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn) }
    public static func += (a: inout Counts, b: Counts) { a = a + b }

    public var support: Int { tp + fn }
    public var isEmpty: Bool { tp == 0 && fp == 0 && fn == 0 }

    public func precision(_ z: ZeroDivision) -> Double { z.divide(Double(tp), Double(tp + fp)) }
    public func recall(_ z: ZeroDivision) -> Double { z.divide(Double(tp), Double(tp + fn)) }
    /// F1 as 2TP / (2TP + FP + FN), which equals the harmonic mean of P and R whenever both are defined
    /// (scikit-learn's definition); the zero-division value applies only when there is nothing at all.
    public func f1(_ z: ZeroDivision) -> Double { z.divide(Double(2 * tp), Double(2 * tp + fp + fn)) }
}

/// Precision, recall and F1 of one code or one average.
public struct PRF: Sendable, Hashable {
    public var precision: Double
    public var recall: Double
    public var f1: Double

    public init(precision: Double, recall: Double, f1: Double) {
        self.precision = precision; self.recall = recall; self.f1 = f1
    }

    public init(_ counts: Counts, _ z: ZeroDivision) {
        self.init(precision: counts.precision(z), recall: counts.recall(z), f1: counts.f1(z))
    }

    /// Micro average: pooled counts.
    public static func micro(_ perCode: [Counts], _ z: ZeroDivision) -> PRF {
        PRF(perCode.reduce(Counts(), +), z)
    }

    /// Macro average over the codes that occur (in gold or predictions) in the scope; codes that occur
    /// in neither are not averaged (scikit-learn's default label set). With `--zero-division nan` a
    /// code whose ratio is undefined (precision of a code never predicted, recall of a code never in
    /// the gold) is left out of that average, as scikit-learn leaves NaN out of its averages; the
    /// average is NaN only when no code defines it.
    public static func macro(_ perCode: [Counts], _ z: ZeroDivision) -> PRF {
        let present = perCode.filter { !$0.isEmpty }
        guard !present.isEmpty else { return PRF(precision: z.value, recall: z.value, f1: z.value) }
        return PRF(precision: meanOfDefined(present.map { $0.precision(z) }),
                   recall: meanOfDefined(present.map { $0.recall(z) }),
                   f1: meanOfDefined(present.map { $0.f1(z) }))
    }

    /// The mean of the values that are not NaN; NaN when there are none.
    static func meanOfDefined(_ values: [Double]) -> Double {
        var sum = 0.0, count = 0
        for value in values where !value.isNaN {
            sum += value
            count += 1
        }
        return count == 0 ? .nan : sum / Double(count)
    }
}
