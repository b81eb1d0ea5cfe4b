/// A re-implementation of nervaluate 1.2.1's four schemas (strict, exact, partial, ent_type), for
/// comparing SpanCoder's numbers with papers and scripts that report nervaluate's.
///
/// It reproduces nervaluate's matching exactly — including its greedy, input-order-dependent choice
/// of which gold entity a prediction consumes, and duplicates counted twice — because that is what
/// "compatible" means. SpanCoder's own `exact` and `overlap` modes are the order-independent
/// alternatives. Unlike nervaluate it does not fail when the first document has no gold.
///
/// Entities are the (span, code) pairs of each document in input order; a pair overlaps a gold pair
/// when at least `minOverlapPercentage` percent of the gold span is covered (default 1: any overlap).
public enum NervaluateCompat {
    public enum Schema: String, CaseIterable, Sendable { case strict, exact, partial, entType = "ent_type" }

    public struct Result: Sendable, Hashable {
        public var correct = 0, incorrect = 0, partial = 0, missed = 0, spurious = 0
        public var possible: Int { correct + incorrect + partial + missed }
        public var actual: Int { correct + incorrect + partial + spurious }

        static func + (a: Result, b: Result) -> Result {
            Result(correct: a.correct + b.correct, incorrect: a.incorrect + b.incorrect, partial: a.partial + b.partial,
                   missed: a.missed + b.missed, spurious: a.spurious + b.spurious)
        }

        /// nervaluate's precision, recall and F1 (partial matches count half in `partial` and
        /// `ent_type`; an empty denominator gives 0).
        public func scores(_ schema: Schema) -> PRF {
            let half = schema == .partial || schema == .entType
            let hits = Double(correct) + (half ? 0.5 * Double(partial) : 0)
            let p = actual > 0 ? hits / Double(actual) : 0
            let r = possible > 0 ? hits / Double(possible) : 0
            return PRF(precision: p, recall: r, f1: p + r > 0 ? 2 * p * r / (p + r) : 0)
        }
    }

    public struct Report: Sendable {
        public var overall: [Schema: Result]
        public var perCode: [String: [Schema: Result]]
    }

    struct Entity { var label: Int32; var start: Int; var end: Int }

    /// Evaluates `gold` against `pred` over `documents` (in this order), for the codes in `tags`.
    public static func evaluate(gold: AnnotationSet, pred: AnnotationSet, documents: [Int32], tags: [Int32],
                                vocabulary: Vocabulary, minOverlapPercentage: Double = 1) -> Report {
        func entities(_ set: AnnotationSet) -> [Int32: [Entity]] {
            var byDoc: [Int32: [Entity]] = [:]
            for row in 0..<set.count where set.starts[row] >= 0 && set.starts[row] < set.ends[row] {
                for code in set.codes(ofRow: row) {
                    // nervaluate's entities carry inclusive ends.
                    byDoc[set.docs[row], default: []].append(Entity(label: code, start: Int(set.starts[row]), end: Int(set.ends[row]) - 1))
                }
            }
            return byDoc
        }
        let tagSet = Set(tags)
        let goldByDoc = entities(gold), predByDoc = entities(pred)
        var used = Set<Int32>()
        for list in goldByDoc.values { for e in list { used.insert(e.label) } }
        for list in predByDoc.values { for e in list { used.insert(e.label) } }
        used.formIntersection(tagSet)
        var overall: [Schema: Result] = [:]
        var perCode: [Int32: [Schema: Result]] = [:]
        for doc in documents {
            let trueDoc = (goldByDoc[doc] ?? []).filter { tagSet.contains($0.label) }
            let predDoc = (predByDoc[doc] ?? []).filter { tagSet.contains($0.label) }
            let trueByTag = Dictionary(grouping: trueDoc, by: \.label), predByTag = Dictionary(grouping: predDoc, by: \.label)
            for schema in Schema.allCases {
                overall[schema] = (overall[schema] ?? Result()) + run(schema, trueDoc, predDoc, minOverlapPercentage)
                for tag in used where trueByTag[tag] != nil || predByTag[tag] != nil {
                    perCode[tag, default: [:]][schema] = (perCode[tag]?[schema] ?? Result())
                        + run(schema, trueByTag[tag] ?? [], predByTag[tag] ?? [], minOverlapPercentage)
                }
            }
        }
        for tag in used { for schema in Schema.allCases where perCode[tag]?[schema] == nil { perCode[tag, default: [:]][schema] = Result() } }
        var named: [String: [Schema: Result]] = [:]
        for (tag, results) in perCode { named[vocabulary.codes[tag]] = results }
        return Report(overall: overall, perCode: named)
    }

    /// nervaluate's greedy loop. Only gold entities overlapping a prediction can be matched, partial or
    /// incorrect for it, so the loop visits just those (found through a start-sorted index), in list
    /// order — the same decisions as nervaluate's full scan, without its quadratic cost.
    static func run(_ schema: Schema, _ trueEntities: [Entity], _ predEntities: [Entity], _ minOverlap: Double) -> Result {
        var result = Result()
        var matched = [Bool](repeating: false, count: trueEntities.count)
        let byStart = trueEntities.indices.sorted { trueEntities[$0].start < trueEntities[$1].start }
        let longest = trueEntities.map { $0.end - $0.start }.max() ?? 0
        var candidates: [Int] = []
        func sufficient(_ p: Entity, _ t: Entity) -> Bool {
            if p.start > t.end || p.end < t.start { return false }
            let overlap = min(p.end, t.end) - max(p.start, t.start) + 1
            return Double(overlap) / Double(t.end - t.start + 1) * 100 >= minOverlap
        }
        for pred in predEntities {
            candidates.removeAll(keepingCapacity: true)
            var lo = 0, hi = byStart.count
            let from = pred.start - longest
            while lo < hi { let mid = (lo + hi) / 2; if trueEntities[byStart[mid]].start < from { lo = mid + 1 } else { hi = mid } }
            var k = lo
            while k < byStart.count, trueEntities[byStart[k]].start <= pred.end {
                let t = trueEntities[byStart[k]]
                if t.end >= pred.start { candidates.append(byStart[k]) }
                k += 1
            }
            candidates.sort()
            var foundMatch = false
            var other: Int? = nil
            var best: (index: Int, distance: Int)? = nil
            for ti in candidates where !matched[ti] {
                let t = trueEntities[ti]
                let sameBounds = pred.start == t.start && pred.end == t.end
                switch schema {
                case .strict:
                    if pred.label == t.label && sameBounds { matched[ti] = true; foundMatch = true }
                    else if other == nil, sufficient(pred, t) { other = ti }
                case .exact:
                    if sameBounds { matched[ti] = true; foundMatch = true }
                    else if other == nil, sufficient(pred, t) { other = ti }
                case .partial:
                    if sufficient(pred, t) {
                        if sameBounds { matched[ti] = true; foundMatch = true }
                        else if other == nil { other = ti }
                    }
                case .entType:
                    if sufficient(pred, t) {
                        let distance = abs(pred.start - t.start) + abs(pred.end - t.end)
                        if pred.label == t.label {
                            if best == nil || distance < best!.distance { best = (ti, distance) }
                        } else if other == nil { other = ti }
                    }
                }
                if foundMatch { break }
            }
            if schema == .entType, let best {
                matched[best.index] = true
                result.correct += 1
                continue
            }
            if foundMatch { result.correct += 1; continue }
            if let other {
                matched[other] = true
                if schema == .partial { result.partial += 1 } else { result.incorrect += 1 }
            } else {
                result.spurious += 1
            }
        }
        result.missed = matched.filter { !$0 }.count
        return result
    }
}
