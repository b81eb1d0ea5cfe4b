/// One-to-one matching of gold and predicted (span, code) pairs of the same code in the same document.
///
/// - `exact`: a match needs identical boundaries; identical spans pair off one to one.
/// - `overlap`: a match needs IoU (intersection over union of code points) ≥ `iou` (with `iou` = 0, any
///   overlap). Overlapping pairs are found with a sorted sweep; each group of spans linked by such
///   pairs is matched optimally: the largest number of matches, and among those the largest total IoU
///   (Hungarian algorithm, exact, for groups of up to `exactGroupLimit` spans; larger groups — rare,
///   e.g. one span covering hundreds — take pairs greedily by IoU, ties by position).
///
/// Tie rule: when several optimal matchings exist, the result is the one the assignment finds on spans
/// sorted by (start, end); only identical spans can then differ in which input line is reported, never
/// in a count. So no result depends on the order of the input lines.
///
/// - Complexity: O((n + m) log(n + m)) for the sort (done in validation) plus O(n + m + e) for the sweep
///   over e overlapping pairs, plus the cubic assignment inside each (small) group.
public struct SpanMatcher: Sendable {
    public enum Criterion: Sendable { case exact, overlap(iou: Double) }

    public var criterion: Criterion
    public static let exactGroupLimit = 200

    public init(criterion: Criterion) { self.criterion = criterion }

    /// The match of every gold and every predicted pair (index into the other array, or -1).
    public struct Result: Sendable {
        public var goldMatch: [Int32]
        public var predMatch: [Int32]
    }

    public func match(gold: [SpanPair], pred: [SpanPair]) -> Result {
        var result = Result(goldMatch: Array(repeating: -1, count: gold.count), predMatch: Array(repeating: -1, count: pred.count))
        var g = 0, p = 0
        while g < gold.count, p < pred.count {
            let gk = gold[g].docCode, pk = pred[p].docCode
            if gk < pk { while g < gold.count, gold[g].docCode == gk { g += 1 }; continue }
            if pk < gk { while p < pred.count, pred[p].docCode == pk { p += 1 }; continue }
            var gEnd = g, pEnd = p
            while gEnd < gold.count, gold[gEnd].docCode == gk { gEnd += 1 }
            while pEnd < pred.count, pred[pEnd].docCode == gk { pEnd += 1 }
            switch criterion {
            case .exact: matchExact(gold, g..<gEnd, pred, p..<pEnd, &result)
            case .overlap(let iou): matchOverlap(gold, g..<gEnd, pred, p..<pEnd, iou, &result)
            }
            g = gEnd; p = pEnd
        }
        return result
    }

    private func matchExact(_ gold: [SpanPair], _ gr: Range<Int>, _ pred: [SpanPair], _ pr: Range<Int>, _ result: inout Result) {
        var g = gr.lowerBound, p = pr.lowerBound
        while g < gr.upperBound, p < pr.upperBound {
            if gold[g].range == pred[p].range {
                result.goldMatch[g] = Int32(p); result.predMatch[p] = Int32(g); g += 1; p += 1
            } else if gold[g].range < pred[p].range { g += 1 } else { p += 1 }
        }
    }

    @inline(__always) static func iou(_ a: SpanPair, _ b: SpanPair) -> Double {
        let inter = Int(min(a.end, b.end)) - Int(max(a.start, b.start))
        if inter <= 0 { return 0 }
        let union = Int(max(a.end, b.end)) - Int(min(a.start, b.start))
        return Double(inter) / Double(union)
    }

    private func matchOverlap(_ gold: [SpanPair], _ gr: Range<Int>, _ pred: [SpanPair], _ pr: Range<Int>, _ threshold: Double, _ result: inout Result) {
        // Sweep both lists by start; a component is a maximal chain of overlapping intervals.
        var g = gr.lowerBound, p = pr.lowerBound
        while g < gr.upperBound || p < pr.upperBound {
            let g0 = g, p0 = p
            var reach: Int32 = -1
            while true {
                let nextGold = g < gr.upperBound ? gold[g].start : Int32.max
                let nextPred = p < pr.upperBound ? pred[p].start : Int32.max
                let next = min(nextGold, nextPred)
                if next == Int32.max || (reach >= 0 && next >= reach) { break }
                if nextGold <= nextPred { reach = max(reach, gold[g].end); g += 1 } else { reach = max(reach, pred[p].end); p += 1 }
            }
            if g > g0, p > p0 { matchComponent(gold, g0..<g, pred, p0..<p, threshold, &result) }
        }
    }

    private struct Edge { var g: Int; var p: Int; var iou: Double }

    private func matchComponent(_ gold: [SpanPair], _ gr: Range<Int>, _ pred: [SpanPair], _ pr: Range<Int>, _ threshold: Double, _ result: inout Result) {
        if gr.count == 1, pr.count == 1 {
            let v = Self.iou(gold[gr.lowerBound], pred[pr.lowerBound])
            if v > 0, v >= threshold { result.goldMatch[gr.lowerBound] = Int32(pr.lowerBound); result.predMatch[pr.lowerBound] = Int32(gr.lowerBound) }
            return
        }
        var edges: [Edge] = []
        for q in pr {
            let pp = pred[q]
            var k = gr.lowerBound
            while k < gr.upperBound, gold[k].start < pp.end {
                if gold[k].end > pp.start {
                    let v = Self.iou(gold[k], pp)
                    if v > 0, v >= threshold { edges.append(Edge(g: k, p: q, iou: v)) }
                }
                k += 1
            }
        }
        if edges.isEmpty { return }
        // Split into connected groups of the edge graph (union-find over local node ids).
        let ng = gr.count
        var parent = Array(0..<(ng + pr.count))
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for e in edges {
            let a = find(e.g - gr.lowerBound), b = find(ng + e.p - pr.lowerBound)
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var groups: [Int: [Edge]] = [:]
        for e in edges { groups[find(e.g - gr.lowerBound), default: []].append(e) }
        for root in groups.keys.sorted() {
            let group = groups[root]!
            if group.count == 1 {
                let e = group[0]
                result.goldMatch[e.g] = Int32(e.p); result.predMatch[e.p] = Int32(e.g)
                continue
            }
            let golds = Array(Set(group.map(\.g))).sorted()
            let preds = Array(Set(group.map(\.p))).sorted()
            if golds.count + preds.count <= Self.exactGroupLimit {
                for (a, b) in Self.assign(golds: golds, preds: preds, edges: group) {
                    result.goldMatch[a] = Int32(b); result.predMatch[b] = Int32(a)
                }
            } else {
                let ordered = group.sorted { x, y in
                    if x.iou != y.iou { return x.iou > y.iou }
                    if x.g != y.g { return x.g < y.g }
                    return x.p < y.p
                }
                for e in ordered where result.goldMatch[e.g] < 0 && result.predMatch[e.p] < 0 {
                    result.goldMatch[e.g] = Int32(e.p); result.predMatch[e.p] = Int32(e.g)
                }
            }
        }
    }

    /// Maximum-cardinality, then maximum-total-IoU matching of one group (Hungarian algorithm).
    private static func assign(golds: [Int], preds: [Int], edges: [Edge]) -> [(Int, Int)] {
        let transpose = golds.count > preds.count
        let rows = transpose ? preds : golds
        let cols = transpose ? golds : preds
        let n = rows.count, m = cols.count
        var rowIndex: [Int: Int] = [:], colIndex: [Int: Int] = [:]
        for (i, r) in rows.enumerated() { rowIndex[r] = i }
        for (j, c) in cols.enumerated() { colIndex[c] = j }
        let bonus = Double(n + 1)
        var cost = Array(repeating: 0.0, count: (n + 1) * (m + 1))
        var isEdge = Array(repeating: false, count: (n + 1) * (m + 1))
        for e in edges {
            let i = rowIndex[transpose ? e.p : e.g]! + 1, j = colIndex[transpose ? e.g : e.p]! + 1
            cost[i * (m + 1) + j] = -(bonus + e.iou)
            isEdge[i * (m + 1) + j] = true
        }
        let assignment = hungarian(cost: cost, n: n, m: m)
        var pairs: [(Int, Int)] = []
        for j in 1...m where assignment[j] > 0 {
            let i = assignment[j]
            guard isEdge[i * (m + 1) + j] else { continue }
            pairs.append(transpose ? (cols[j - 1], rows[i - 1]) : (rows[i - 1], cols[j - 1]))
        }
        return pairs
    }

    /// Minimum-cost assignment of n rows into m ≥ n columns; 1-based `cost[i * (m + 1) + j]`.
    /// Returns, for each column j, its row (0 when unassigned).
    static func hungarian(cost: [Double], n: Int, m: Int) -> [Int] {
        var u = Array(repeating: 0.0, count: n + 1), v = Array(repeating: 0.0, count: m + 1)
        var p = Array(repeating: 0, count: m + 1), way = Array(repeating: 0, count: m + 1)
        for i in 1...max(n, 1) where n > 0 {
            p[0] = i
            var j0 = 0
            var minv = Array(repeating: Double.infinity, count: m + 1)
            var used = Array(repeating: false, count: m + 1)
            repeat {
                used[j0] = true
                let i0 = p[j0]
                var delta = Double.infinity
                var j1 = 0
                for j in 1...m where !used[j] {
                    let cur = cost[i0 * (m + 1) + j] - u[i0] - v[j]
                    if cur < minv[j] { minv[j] = cur; way[j] = j0 }
                    if minv[j] < delta { delta = minv[j]; j1 = j }
                }
                for j in 0...m {
                    if used[j] { u[p[j]] += delta; v[j] -= delta } else { minv[j] -= delta }
                }
                j0 = j1
            } while p[j0] != 0
            repeat {
                let j1 = way[j0]
                p[j0] = p[j1]
                j0 = j1
            } while j0 != 0
        }
        return p
    }
}
