/// A compiled Aho–Corasick automaton over bytes: finds every occurrence of every pattern in one pass.
///
/// Patterns are byte strings (SpanCoder compiles normalized UTF-8). Compilation builds a trie, its
/// failure links and dictionary-suffix links, then picks one of two representations:
///
/// - **DFA** (`Representation.dfa`) when the table fits `Options.dfaMemoryBudget` (16 MiB by
///   default, like the hybrid's dense rows): a full transition table over *byte equivalence classes*
///   (every byte that occurs in some pattern is its own class, all other bytes share one). For
///   automata of up to 65,536 states the table is column-major with 16-bit cells holding the next
///   state's index (half the cache footprint, and a step is `column[byte][state]`: no arithmetic
///   between two dependent loads), else row-major with 32-bit cells holding the next state's row
///   offset (a step needs no multiplication); states with output are numbered first, so "is this a
///   match?" is one comparison. This is the fast path: one table load per input byte, and long inputs
///   are scanned as eight interleaved streams (see `scanDFA(_:interleaveFrom:_:)`).
/// - **Hybrid** (`Representation.hybrid`) otherwise: full DFA rows (32-bit cells) for the shallowest
///   states in breadth-first order, as many as `Options.denseRowBudget` allows (16 MiB by default, so
///   they stay in the last-level cache), and one compact record per deeper state (failure link,
///   sorted children, output index; laid out depth-first, in huge-page memory). The states near the
///   root take a large share of a scan's bytes, and a full DFA of a large lexicon would miss the cache
///   and the TLB on nearly every byte (measured: 17 MB/s for 100,000 terms). A failure target is
///   shallower than its state, so a failure chain always ends in a dense row, which resolves the byte
///   with one more load. The number of failure steps over a whole scan is bounded by the number of
///   bytes, so the scan stays linear. Long inputs are scanned as four interleaved streams, like the
///   DFA. With a budget of 0 only the root row is dense (the classic NFA layout).
///
/// Both report exactly the same matches, in the same order. Scanning is O(n + z) for n input bytes and z reported
/// matches, independent of the number of patterns. There are no regular expressions here on
/// purpose: a literal automaton has a linear-time guarantee that no pattern or input can break.
///
/// Instances are immutable and can be shared between threads.
public struct ByteAutomaton: Sendable {
    /// Which of the two compiled forms an automaton uses.
    public enum Representation: String, Sendable, Hashable {
        case dfa
        case hybrid
    }

    /// Compilation choices.
    public struct Options: Sendable, Hashable {
        /// The most memory the DFA transition table may take, in bytes; above it the hybrid is used.
        /// By default the dense-row budget: a full table larger than the cache scans slower than the
        /// hybrid (measured: 10,000 terms, a 45 MB DFA, at half the hybrid's speed).
        public var dfaMemoryBudget: Int
        /// The most memory the hybrid's dense rows may take, in bytes (at least the root's row is
        /// dense). A few MiB: the rows should stay in the last-level cache.
        public var denseRowBudget: Int
        /// Use the column-major table of 16-bit cells when the automaton has at most 65,536 states;
        /// false forces the row-major table of 32-bit cells (for tests of that layout).
        public var compactCells: Bool

        public init(dfaMemoryBudget: Int = ByteAutomaton.defaultDenseRowBudget, denseRowBudget: Int = ByteAutomaton.defaultDenseRowBudget, compactCells: Bool = true) {
            self.dfaMemoryBudget = dfaMemoryBudget
            self.denseRowBudget = denseRowBudget
            self.compactCells = compactCells
        }
    }

    /// One occurrence of a pattern: its index in the compiled list and the byte range it covers.
    public struct Match: Sendable, Hashable {
        public var pattern: Int
        public var range: Range<Int>

        public init(pattern: Int, range: Range<Int>) {
            self.pattern = pattern
            self.range = range
        }
    }

    /// Number of compiled patterns.
    public var patternCount: Int { patternLengths.count }
    /// Number of automaton states (trie nodes, the root included).
    public let stateCount: Int
    /// Number of byte equivalence classes (DFA columns).
    public let classCount: Int
    public let representation: Representation
    /// Memory taken by the transition structure, in bytes (approximate, for reports).
    public let transitionBytes: Int

    let patternLengths: [Int32]
    /// The longest pattern: after this many bytes from the start state, the automaton's state no
    /// longer depends on where it started.
    let maxPatternLength: Int
    /// The default `Options.denseRowBudget`.
    public static let defaultDenseRowBudget = 16 << 20

    // States are numbered: dense states with output, the other dense states (breadth-first within
    // each group), then the sparse states depth-first (a DFA has only dense states). Output lists are
    // indexed by *output index*: dense states with output by index, then sparse states with output in
    // depth-first order (for a DFA, the state index).
    let matchStateCount: Int
    /// States with a full DFA row: all of them for a DFA, a breadth-first prefix for the hybrid.
    public let denseStateCount: Int
    /// Dense states with output.
    let denseMatchCount: Int
    /// Per output index, every pattern it reports (its own, then those along its failure chain) as
    /// pattern << 32 | length, at `reportStarts[i]..<reportStarts[i + 1]`: a match reads one list
    /// instead of walking the chain through three arrays.
    let reportStarts: [Int32]
    let reportOutputs: [UInt64]

    // DFA: the next state of state s on byte b is at (s, byteClasses[b]) of `table`: column-major
    // 16-bit state indices (`table.columns`), or row-major 32-bit row offsets (index × classCount);
    // states with output come first, so "has output" is `index < matchStateCount`.
    let byteClasses: [UInt8]
    let table: TransitionTable
    /// A byte that no pattern contains (0xFF, which UTF-8 never uses, unless a pattern does): on it every
    /// state goes to the start state, so texts joined with it between them scan as each would alone
    /// (`JoinedTexts`). nil when the patterns use all 256 bytes.
    public let separator: UInt8?

    // Hybrid: cells are 32-bit *state values*: a dense state's row offset (index × classCount), or
    // `sparseBase + 2 × r + (1 if the state has output)` for the sparse state whose record starts at
    // word r of `sparse`. "Dense?" is `value < sparseBase`, and a step from a dense state needs no
    // multiplication. A record is one run of words, so a sparse step usually touches one cache line:
    //   [failure target's value] [child count c] [output index, only if the state has output]
    //   [c child bytes, sorted, 4 to a word] [c child values]
    // Records are laid out depth-first, so walking down a pattern's tail reads consecutive memory.
    let sparseBase: UInt32
    let sparse: TransitionTable
    let root: Int32

    /// Compiles `patterns` (each non-empty). Pattern `i` is reported as `Match.pattern == i`; equal
    /// patterns are all reported.
    ///
    /// - Complexity: O(L log P + S × C) for total pattern length L, P patterns, S states and C byte
    ///   classes when the DFA is built; O(L log P + D × C) for the hybrid with D dense states.
    public init(patterns: [[UInt8]], options: Options = Options()) {
        precondition(patterns.allSatisfy { !$0.isEmpty }, "ByteAutomaton patterns must not be empty")
        precondition(patterns.count < Int(Int32.max), "too many patterns")
        let trie = Trie(patterns: patterns)
        let n = trie.parent.count
        self.stateCount = n
        self.patternLengths = patterns.map { Int32($0.count) }
        self.maxPatternLength = patterns.map(\.count).max() ?? 0

        // Byte classes: each byte used by a pattern gets its own class; the others share class 0.
        var used = [Bool](repeating: false, count: 256)
        for b in trie.nodeByte.dropFirst() { used[Int(b)] = true }
        var classes = [UInt8](repeating: 0, count: 256)
        let hasUnused = used.contains(false)
        var next = hasUnused ? 1 : 0
        for b in 0..<256 where used[b] {
            classes[b] = UInt8(next)
            next += 1
        }
        let classCount = next
        self.classCount = classCount
        self.byteClasses = classes
        self.separator = (0..<256).reversed().first { !used[$0] }.map(UInt8.init)

        let compact = options.compactCells && n <= Int(UInt16.max) + 1
        let dfaBytes = n.multipliedReportingOverflow(by: classCount * (compact ? 2 : 4))
        let dfa = !dfaBytes.overflow && dfaBytes.partialValue <= options.dfaMemoryBudget && n * classCount < Int(UInt32.max)
        // The hybrid's dense states: a breadth-first prefix, so every failure target of a dense state
        // (shallower) is dense too and its row is complete when the state's row is copied from it.
        let dense = dfa ? n : min(n, max(1, options.denseRowBudget / (classCount * 4)))
        self.denseStateCount = dense

        // Number dense states with output first, so that "has output" is `state < limit` for a DFA;
        // within each group in breadth-first order, so the shallow states a scan visits most share few
        // cache lines.
        var newIndex = [Int32](repeating: -1, count: n)
        var k = 0
        let denseNodes = trie.breadthFirst[..<dense]
        for u in denseNodes where trie.isMatch(u) { newIndex[u] = Int32(k); k += 1 }
        let denseMatchCount = k
        for u in denseNodes where !trie.isMatch(u) { newIndex[u] = Int32(k); k += 1 }
        // Sparse states in depth-first order (each subtree below the dense states in one stretch).
        var depthFirst: [Int] = []
        depthFirst.reserveCapacity(n - dense)
        var stack: [Int] = [0]
        while let u = stack.popLast() {
            if newIndex[u] < 0 { depthFirst.append(u) }
            // Pushed in reverse, so children are visited in increasing byte order.
            for c in stride(from: Int(trie.childStarts[u + 1]) - 1, through: Int(trie.childStarts[u]), by: -1) {
                stack.append(Int(trie.children[c]))
            }
        }
        for u in depthFirst { newIndex[u] = Int32(k); k += 1 }
        let sparseMatchCount = depthFirst.reduce(0) { $0 + (trie.isMatch($1) ? 1 : 0) }
        let matchCount = denseMatchCount + sparseMatchCount
        self.denseMatchCount = denseMatchCount
        self.matchStateCount = matchCount
        // Output index of state index x (a state with output): dense ones by index, sparse ones in
        // depth-first order.
        var sparseOutput = [Int32](repeating: -1, count: n - dense)
        var nextOutput = denseMatchCount
        for (j, u) in depthFirst.enumerated() where trie.isMatch(u) {
            sparseOutput[j] = Int32(nextOutput)
            nextOutput += 1
        }
        func outputIndex(_ x: Int) -> Int { x < dense ? x : Int(sparseOutput[x - dense]) }

        // Each output index's report list: the patterns ending exactly at its trie node, then those of
        // the next node along the failure chain that has output (its dictionary link), and so on.
        var byOutput = [Int32](repeating: 0, count: matchCount)
        for u in 0..<n where trie.isMatch(u) { byOutput[outputIndex(Int(newIndex[u]))] = Int32(u) }
        var reportStarts = [Int32](repeating: 0, count: matchCount + 1)
        var reportOutputs: [UInt64] = []
        for i in 0..<matchCount {
            reportStarts[i] = Int32(reportOutputs.count)
            var u = Int(byOutput[i])
            while u >= 0 {
                for k in Int(trie.outputStarts[u])..<Int(trie.outputStarts[u + 1]) {
                    let pattern = Int(trie.outputPatterns[k])
                    reportOutputs.append(UInt64(pattern) << 32 | UInt64(patternLengths[pattern]))
                }
                u = Int(trie.dictionaryLink[u])
            }
        }
        reportStarts[matchCount] = Int32(reportOutputs.count)
        self.reportStarts = reportStarts
        self.reportOutputs = reportOutputs
        self.root = newIndex[0]

        // The start state's next state for each byte (not class): the scans' start-state fast path.
        func startRow<Cell>(of rows: [Cell]) -> [Cell] {
            let rootRow = Int(newIndex[0]) * classCount
            return (0..<256).map { b in rows[rootRow + Int(classes[b])] }
        }
        if dfa {
            self.representation = .dfa
            let indices = ByteAutomaton.buildRows(trie: trie, dense: n, newIndex: newIndex, classes: classes, classCount: classCount) { UInt32($0) }
            let starts = startRow(of: indices)
            self.table = compact
                ? TransitionTable(columnMajorStateIndices: indices, stateCount: n, stride: classCount, classes: classes, startRow: starts)
                : TransitionTable(rowOffsetsOfStateIndices: indices, startRow: starts, stride: classCount)
            self.transitionBytes = indices.count * self.table.cellWidth
            self.sparseBase = UInt32(truncatingIfNeeded: n * classCount)
            self.sparse = TransitionTable(cells: [UInt32](), startRow: [])
        } else {
            self.representation = .hybrid
            let base = dense * classCount
            // Record offsets of the sparse states (index x ≥ dense), in depth-first order.
            var offsets = [Int](repeating: 0, count: n - dense + 1)
            for (j, u) in depthFirst.enumerated() {
                let c = Int(trie.childStarts[u + 1] - trie.childStarts[u])
                offsets[j + 1] = offsets[j] + 2 + (trie.isMatch(u) ? 1 : 0) + (c + 3) / 4 + c
            }
            precondition(base + 2 * offsets[n - dense] + 1 < Int(UInt32.max), "automaton too large for 32-bit state values")
            func value(_ x: Int32) -> UInt32 {
                let x = Int(x)
                if x < dense { return UInt32(x * classCount) }
                return UInt32(base + 2 * offsets[x - dense] + (sparseOutput[x - dense] >= 0 ? 1 : 0))
            }
            let cells = ByteAutomaton.buildRows(trie: trie, dense: dense, newIndex: newIndex, classes: classes, classCount: classCount, value: value)
            self.table = TransitionTable(cells: cells, startRow: startRow(of: cells))
            var records = [UInt32](repeating: 0, count: offsets[n - dense])
            records.withUnsafeMutableBufferPointer { records in
                for (j, u) in depthFirst.enumerated() {
                    var r = offsets[j]
                    let first = Int(trie.childStarts[u])
                    let c = Int(trie.childStarts[u + 1]) - first
                    records[r] = value(newIndex[Int(trie.failure[u])])
                    records[r + 1] = UInt32(c)
                    r += 2
                    if sparseOutput[j] >= 0 {
                        records[r] = UInt32(sparseOutput[j])
                        r += 1
                    }
                    // Trie children come in increasing byte order; stored as bytes, read as bytes.
                    let labels = UnsafeMutableRawPointer(records.baseAddress! + r)
                    for i in 0..<c { labels.storeBytes(of: trie.nodeByte[Int(trie.children[first + i])], toByteOffset: i, as: UInt8.self) }
                    r += (c + 3) / 4
                    for i in 0..<c { records[r + i] = value(newIndex[Int(trie.children[first + i])]) }
                }
            }
            self.sparseBase = UInt32(base)
            self.sparse = TransitionTable(cells: records, startRow: [])
            self.transitionBytes = cells.count * 4 + records.count * 4
        }
    }

    /// Calls `body` for every occurrence of every pattern in `bytes`, in order of end position (and,
    /// for one end position, longest pattern first).
    ///
    /// - Complexity: O(n + z) for n bytes and z matches.
    public func forEachMatch(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        forEachMatch(in: bytes, interleaveFrom: ByteAutomaton.interleaveThreshold, body)
    }

    /// `forEachMatch(in:_:)` with inputs of `threshold` bytes and more scanned as interleaved streams.
    func forEachMatch(in bytes: UnsafeBufferPointer<UInt8>, interleaveFrom threshold: Int, _ body: (Match) -> Void) {
        switch representation {
        case .dfa: scanDFA(bytes, interleaveFrom: threshold, body)
        case .hybrid: scanHybrid(bytes, interleaveFrom: threshold, body)
        }
    }

    /// Every occurrence of every pattern in `bytes` (see `forEachMatch`).
    public func matches(in bytes: [UInt8]) -> [Match] {
        var result: [Match] = []
        bytes.withUnsafeBufferPointer { buffer in
            forEachMatch(in: buffer) { result.append($0) }
        }
        return result
    }

    /// Calls `match(k, m)` for every occurrence `m` of every pattern in each text `texts[k]`, as
    /// `forEachMatch(in:)` reports them for that text, then `finished(k)`. A text's matches come
    /// together, in that order, followed by its `finished`; texts finish in no particular order.
    ///
    /// Why: a text shorter than `interleaveThreshold` is scanned in one stream, bound by the latency of
    /// the table load. Here the short texts are joined (`JoinedTexts`) and scanned as one text
    /// (`forEachMatch(inJoined:_:finished:)`), in interleaved streams, so a corpus of paragraphs or
    /// sentences scans as fast as one of long documents. Long texts are scanned one by one, in
    /// interleaved stretches as by `forEachMatch(in:)`.
    ///
    /// - Complexity: O(n + z) for n bytes in all and z matches.
    public func forEachMatch(inEach texts: [UnsafeBufferPointer<UInt8>], _ match: (_ text: Int, _ match: Match) -> Void,
                             finished: (_ text: Int) -> Void) {
        forEachMatch(inEach: texts, interleaveFrom: ByteAutomaton.interleaveThreshold, match, finished: finished)
    }

    /// `forEachMatch(inEach:_:finished:)` with texts of `threshold` bytes and more scanned one by one.
    func forEachMatch(inEach texts: [UnsafeBufferPointer<UInt8>], interleaveFrom threshold: Int,
                      _ match: (_ text: Int, _ match: Match) -> Void, finished: (_ text: Int) -> Void) {
        var short: [Int] = []
        var total = 0
        for k in texts.indices {
            if texts[k].count >= threshold || separator == nil {
                forEachMatch(in: texts[k], interleaveFrom: threshold) { match(k, $0) }
                finished(k)
            } else {
                short.append(k)
                total += texts[k].count + 1
            }
        }
        guard !short.isEmpty, var joined = joinedTexts(byteCapacity: total, textCapacity: short.count) else { return }
        for k in short { joined.append(texts[k]) }
        forEachMatch(inJoined: joined, interleaveFrom: threshold, { j, found in match(short[j], found) }, finished: { j in finished(short[j]) })
    }

    /// Texts copied end to end, each followed by the automaton's `separator`: what
    /// `forEachMatch(inJoined:_:finished:)` scans as one text. Made by `joinedTexts(byteCapacity:textCapacity:)`,
    /// so the separator is always a byte no pattern contains.
    public struct JoinedTexts: Sendable {
        let separator: UInt8
        /// The texts, each followed by the separator.
        public private(set) var bytes: [UInt8] = []
        /// Where text j ends in `bytes` (the separator after it is there).
        public private(set) var ends: [Int] = []

        init(separator: UInt8, byteCapacity: Int, textCapacity: Int) {
            self.separator = separator
            bytes.reserveCapacity(byteCapacity)
            ends.reserveCapacity(textCapacity)
        }

        /// Text j's place in `bytes`.
        public func range(of j: Int) -> Range<Int> { (j == 0 ? 0 : ends[j - 1] + 1)..<ends[j] }

        /// Appends a text (it may contain the separator byte: its own scan resets there too).
        public mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: text)
            ends.append(bytes.count)
            bytes.append(separator)
        }
    }

    /// An empty `JoinedTexts` with room for `byteCapacity` bytes (the texts and a separator each) and
    /// `textCapacity` texts; nil when the patterns use every byte, so that no separator exists.
    public func joinedTexts(byteCapacity: Int = 0, textCapacity: Int = 0) -> JoinedTexts? {
        separator.map { JoinedTexts(separator: $0, byteCapacity: byteCapacity, textCapacity: textCapacity) }
    }

    /// Calls `match(j, m)` for every occurrence `m` of every pattern in text `j` of `joined`, with
    /// offsets into that text, as `forEachMatch(in:)` reports them for the text alone, then
    /// `finished(j)`, for the texts in order.
    ///
    /// Why it is exact: no pattern contains the separator, so no match spans one, and on it every
    /// state goes to the start state, so each text is scanned from the state it would start in alone.
    /// - Complexity: O(n + z) for n bytes and z matches.
    public func forEachMatch(inJoined joined: JoinedTexts, _ match: (_ text: Int, _ match: Match) -> Void, finished: (_ text: Int) -> Void) {
        forEachMatch(inJoined: joined, interleaveFrom: ByteAutomaton.interleaveThreshold, match, finished: finished)
    }

    func forEachMatch(inJoined joined: JoinedTexts, interleaveFrom threshold: Int,
                      _ match: (_ text: Int, _ match: Match) -> Void, finished: (_ text: Int) -> Void) {
        let ends = joined.ends
        var t = 0
        var start = 0
        joined.bytes.withUnsafeBufferPointer { bytes in
            forEachMatch(in: bytes, interleaveFrom: threshold) { found in
                while found.range.upperBound > ends[t] {
                    finished(t)
                    start = ends[t] + 1
                    t += 1
                }
                match(t, Match(pattern: found.pattern, range: (found.range.lowerBound - start)..<(found.range.upperBound - start)))
            }
        }
        while t < ends.count {
            finished(t)
            t += 1
        }
    }

    /// The length in bytes of pattern `index`.
    public func patternLength(_ index: Int) -> Int { Int(patternLengths[index]) }

    // MARK: - Scanning

    /// Inputs at least this long are scanned as interleaved streams (see `scanDFA`).
    static let interleaveThreshold = 4096

    /// The DFA scan. One DFA step depends on the previous one (a table load), so a single scan is
    /// bound by the latency of the table load, not by throughput. From `interleaveFrom` bytes on, the
    /// input is cut into eight stretches (`ColumnSteps.streamCount`) scanned in one loop: independent
    /// dependency chains the processor overlaps, so several table loads (cache misses, in a pipeline
    /// that evicts the table between documents) are in flight at once. Stretch k > 0 starts
    /// `maxPatternLength` bytes before its cut from the start state (after that many bytes its state
    /// equals the one-pass state) and keeps only matches ending past its cut. The loop never branches
    /// on a match: each step writes its state to a per-stream trace, the steps with output are picked
    /// out of the trace after the round, and the streams' matches are reported stream by stream, so
    /// they still come in order of end position.
    func scanDFA(_ bytes: UnsafeBufferPointer<UInt8>, interleaveFrom threshold: Int, _ body: (Match) -> Void) {
        if let steps = columnSteps {
            guard let base = bytes.baseAddress else { return }
            interleavedScan(steps, bytes: base, count: bytes.count, threshold: threshold) { state, end in
                report(state: Int(state), end: end, body)
            }
        } else {
            scanRowMajorDFA(bytes, interleaveFrom: threshold, body)
        }
    }

    private func scanRowMajorDFA(_ bytes: UnsafeBufferPointer<UInt8>, interleaveFrom threshold: Int, _ body: (Match) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let stride = classCount
        byteClasses.withUnsafeBufferPointer { classes in
            interleavedScan(rowSteps(classes: classes.baseAddress!), bytes: base, count: bytes.count, threshold: threshold) { state, end in
                report(state: Int(state) / stride, end: end, body)
            }
        }
    }

    /// The column-major DFA's steps (nil for the row-major table and the hybrid).
    private var columnSteps: ColumnSteps? {
        table.columns.map { ColumnSteps(columns: $0, startRow: table.startCells(UInt16.self), start: Int(root), limit: Int(matchStateCount)) }
    }

    /// The row-major DFA's steps over `classes` (the automaton's byte classes, alive while the steps are).
    private func rowSteps(classes: UnsafePointer<UInt8>) -> RowSteps {
        RowSteps(table: table.cells(UInt32.self), classes: classes, startRow: table.startCells(UInt32.self),
                 start: UInt32(Int(root) * classCount), limit: UInt32(matchStateCount * classCount))
    }

    /// The scan in one stream or, from `threshold` bytes on, in `streamCount` interleaved streams:
    /// the driver shared by the DFA and the hybrid (see `scanDFA(_:interleaveFrom:_:)`). `report` gets
    /// each match state's value and end, in order of end position.
    @inline(__always)
    private func interleavedScan<Steps: AutomatonSteps>(_ t: Steps, bytes base: UnsafePointer<UInt8>, count: Int, threshold: Int,
                                                        report: (_ state: UInt32, _ end: Int) -> Void) {
        let start = t.start
        let streams = Steps.streamCount
        let part = count / streams
        guard count >= threshold, part > maxPatternLength, count < Int(UInt32.max) else {
            var state = start
            var i = 0
            while ByteAutomaton.run(t, base, count, &i, &state) { report(UInt32(truncatingIfNeeded: state), i) }
            return
        }
        // Stream k scans positions[k]..<ends[k] and reports matches ending after cuts[k].
        var cuts = [Int](repeating: 0, count: streams)
        var ends = [Int](repeating: 0, count: streams)
        var positions = [Int](repeating: 0, count: streams)
        for k in 0..<streams {
            cuts[k] = k * part
            ends[k] = k == streams - 1 ? count : (k + 1) * part
            positions[k] = k == 0 ? 0 : cuts[k] - maxPatternLength
        }
        StreamBuffers<Steps.State>.with { buffers in
            for k in 0..<streams { buffers.states[k] = start }
            while true {
                var steps = ByteAutomaton.streamRound
                for k in 0..<streams { steps = min(steps, ends[k] - positions[k]) }
                if steps == 0 { break }
                for k in 0..<streams { buffers.bases[k] = base + positions[k] }
                ByteAutomaton.runStreams(t, buffers.bases, steps: steps, states: buffers.states, trace: buffers.trace)
                for k in 0..<streams {
                    buffers.forEachOutput(of: k, steps: steps, t) { state, step in
                        let end = positions[k] + 1 + step
                        if end > cuts[k] { buffers.found[k].append(state, UInt32(truncatingIfNeeded: end)) }
                    }
                    positions[k] += steps
                }
            }
            // What a stream has left (at most the warm-up length, for uneven stretches).
            for k in 0..<streams {
                var state = buffers.states[k]
                var i = positions[k]
                while ByteAutomaton.run(t, base, ends[k], &i, &state) {
                    if i > cuts[k] { buffers.found[k].append(UInt32(truncatingIfNeeded: state), UInt32(truncatingIfNeeded: i)) }
                }
            }
            for k in 0..<streams { buffers.found[k].forEach(report) }
        }
    }

    /// The buffers of a multi-stream scan: the streams' text pointers and states for `runStreams`, the
    /// trace of states it writes (`streamRound` per stream), the steps with output found in one
    /// stream's trace (`hits`), and each stream's matches kept for reporting (`found`), made and freed
    /// by `with`.
    struct StreamBuffers<State: FixedWidthInteger> {
        let bases: UnsafeMutablePointer<UnsafePointer<UInt8>>
        let states: UnsafeMutablePointer<State>
        let trace: UnsafeMutablePointer<State>
        let hits: UnsafeMutablePointer<Int32>
        let found: UnsafeMutableBufferPointer<MatchRecords>

        /// Calls `body` with buffers for `maxStreamCount` streams, freed when it returns.
        @inline(__always)
        static func with<Result>(_ body: (StreamBuffers) -> Result) -> Result {
            let streams = ByteAutomaton.maxStreamCount
            let round = ByteAutomaton.streamRound
            // Placeholders: each round sets the pointers of the streams it runs.
            let nowhere = UnsafePointer<UInt8>(bitPattern: 1)!
            let buffers = StreamBuffers(bases: .allocate(capacity: streams), states: .allocate(capacity: streams),
                                        trace: .allocate(capacity: streams * round), hits: .allocate(capacity: round),
                                        found: .allocate(capacity: streams))
            buffers.bases.initialize(repeating: nowhere, count: streams)
            buffers.states.initialize(repeating: 0, count: streams)
            _ = buffers.found.initialize(from: (0..<streams).map { _ in MatchRecords() })
            defer {
                for k in 0..<streams { buffers.found[k].deallocate() }
                buffers.found.deallocate()
                buffers.hits.deallocate()
                buffers.trace.deallocate()
                buffers.states.deallocate()
                buffers.bases.deallocate()
            }
            return body(buffers)
        }

        /// Calls `body` with the state value and step index of each of stream `k`'s first `steps` traced
        /// states that has output, in step order. The steps are gathered first without a branch on the
        /// data (most steps have no output, and a branch mispredicted at each match costs more than
        /// the gathering).
        @inline(__always)
        func forEachOutput<Steps: AutomatonSteps>(of k: Int, steps: Int, _ t: Steps, _ body: (_ state: UInt32, _ step: Int) -> Void)
        where Steps.State == State {
            let states = trace + k * ByteAutomaton.streamRound
            var n = 0
            var j = 0
            while j < steps {
                hits[n] = Int32(truncatingIfNeeded: j)
                n &+= t.outputFlag(states[j])
                j &+= 1
            }
            for h in 0..<n {
                let step = Int(hits[h])
                body(UInt32(truncatingIfNeeded: states[step]), step)
            }
        }
    }

    /// A growing list of (state value, end) pairs in memory of its own: a stream's matches during an
    /// interleaved scan, appended without the uniqueness check an array in an array pays per append.
    /// Freed by its owner (`deallocate()`).
    struct MatchRecords {
        private(set) var values = UnsafeMutablePointer<UInt32>.allocate(capacity: 256)
        private(set) var count = 0
        private var capacity = 256

        @inline(__always)
        mutating func append(_ state: UInt32, _ end: UInt32) {
            if count + 2 > capacity { grow() }
            values[count] = state
            values[count + 1] = end
            count += 2
        }

        private mutating func grow() {
            let larger = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: values, count: count)
            values.deallocate()
            values = larger
            capacity *= 2
        }

        /// Calls `body` with each pair, in the order appended.
        @inline(__always)
        func forEach(_ body: (_ state: UInt32, _ end: Int) -> Void) {
            var j = 0
            while j < count {
                body(values[j], Int(values[j + 1]))
                j += 2
            }
        }

        func deallocate() { values.deallocate() }
    }

    /// The most streams a multi-stream scan runs (`AutomatonSteps.streamCount`: the DFA's step is one
    /// load and runs eight; the hybrid's has branches and runs four).
    static let maxStreamCount = 8
    /// Steps per round of a multi-stream scan: the trace holds one round.
    static let streamRound = 1024

    /// Steps `Steps.streamCount` streams (four or eight) `steps` bytes each (at most `streamRound`)
    /// from `bases` (each readable for `steps` bytes; they may lie in one text or in several), from and
    /// into `states`, and writes every step's state to `trace` (stream k's at `trace + k × streamRound`):
    /// which of them have output is found afterwards (`StreamBuffers.forEachOutput`).
    ///
    /// Why this shape: the scan is bound by the latency of the table load, one dependent load per byte
    /// and stream, so the more independent streams in flight the better, as long as every state stays
    /// in a register. Nothing else lives across steps: the text pointers are read from memory (their
    /// loads do not depend on a state), and the step's only other work is one store at a constant
    /// distance from one pointer, never a branch or a count that depends on the data.
    @inline(__always)
    static func runStreams<Steps: AutomatonSteps>(_ t: Steps, _ bases: UnsafeMutablePointer<UnsafePointer<UInt8>>, steps: Int,
                                                  states: UnsafeMutablePointer<Steps.State>, trace: UnsafeMutablePointer<Steps.State>) {
        if Steps.streamCount == 8 {
            run8(t, bases, steps: steps, states: states, trace: trace)
        } else {
            run4(t, bases, steps: steps, states: states, trace: trace)
        }
    }

    /// `runStreams` for four streams.
    @inline(never)
    static func run4<Steps: AutomatonSteps>(_ t: Steps, _ bases: UnsafeMutablePointer<UnsafePointer<UInt8>>, steps: Int,
                                            states: UnsafeMutablePointer<Steps.State>, trace: UnsafeMutablePointer<Steps.State>) {
        var s0 = states[0], s1 = states[1], s2 = states[2], s3 = states[3]
        var i = 0
        while i < steps {
            advance(t, &s0, stream: 0, step: i, bases, trace)
            advance(t, &s1, stream: 1, step: i, bases, trace)
            advance(t, &s2, stream: 2, step: i, bases, trace)
            advance(t, &s3, stream: 3, step: i, bases, trace)
            i &+= 1
        }
        states[0] = s0; states[1] = s1; states[2] = s2; states[3] = s3
    }

    /// `runStreams` for eight streams.
    @inline(never)
    static func run8<Steps: AutomatonSteps>(_ t: Steps, _ bases: UnsafeMutablePointer<UnsafePointer<UInt8>>, steps: Int,
                                            states: UnsafeMutablePointer<Steps.State>, trace: UnsafeMutablePointer<Steps.State>) {
        var s0 = states[0], s1 = states[1], s2 = states[2], s3 = states[3]
        var s4 = states[4], s5 = states[5], s6 = states[6], s7 = states[7]
        var i = 0
        while i < steps {
            advance(t, &s0, stream: 0, step: i, bases, trace)
            advance(t, &s1, stream: 1, step: i, bases, trace)
            advance(t, &s2, stream: 2, step: i, bases, trace)
            advance(t, &s3, stream: 3, step: i, bases, trace)
            advance(t, &s4, stream: 4, step: i, bases, trace)
            advance(t, &s5, stream: 5, step: i, bases, trace)
            advance(t, &s6, stream: 6, step: i, bases, trace)
            advance(t, &s7, stream: 7, step: i, bases, trace)
            i &+= 1
        }
        states[0] = s0; states[1] = s1; states[2] = s2; states[3] = s3
        states[4] = s4; states[5] = s5; states[6] = s6; states[7] = s7
    }

    /// One step of stream `k` of `runStreams`: the state after byte `i` of the stream's text, stored at
    /// its place in the trace.
    @inline(__always)
    private static func advance<Steps: AutomatonSteps>(_ t: Steps, _ state: inout Steps.State, stream k: Int, step i: Int,
                                                       _ bases: UnsafeMutablePointer<UnsafePointer<UInt8>>,
                                                       _ trace: UnsafeMutablePointer<Steps.State>) {
        state = t.step(state, bases[k][i])
        trace[k &* ByteAutomaton.streamRound &+ i] = state
    }

    /// Runs the automaton from `position` until it enters a state with output (returns true, `position`
    /// just past the byte that entered it) or the input ends (returns false). Kept free of calls and
    /// closures so that the state, the position and the table pointers stay in registers: the step's
    /// load-to-load latency is the scan's speed limit, and a spilled state would add a store-to-load
    /// round trip to every byte.
    @inline(never)
    static func run<Steps: AutomatonSteps>(_ t: Steps, _ bytes: UnsafePointer<UInt8>, _ count: Int, _ position: inout Int,
                                           _ state: inout Steps.State) -> Bool {
        var s = state
        var i = position
        defer {
            state = s
            position = i
        }
        let start = t.start
        while i < count {
            if s == start {
                // At the start state the next state depends only on the byte, not on the previous
                // state: no load-to-load dependency chain, several times faster than the general step.
                s = t.startStep(bytes[i])
                i &+= 1
                while s == start && i < count {
                    s = t.startStep(bytes[i])
                    i &+= 1
                }
            } else {
                s = t.step(s, bytes[i])
                i &+= 1
            }
            if t.outputFlag(s) != 0 { return true }
        }
        return false
    }

    /// The row-major DFA's tables (32-bit cells: the next state's row offset, index × class count), as
    /// the scan loops need them.
    struct RowSteps: AutomatonSteps {
        static var streamCount: Int { 8 }
        let table: UnsafePointer<UInt32>
        let classes: UnsafePointer<UInt8>
        let startRow: UnsafePointer<UInt32>
        let start: UInt32
        /// States below this value have output (they are numbered first).
        let limit: UInt32

        @inline(__always)
        func startStep(_ byte: UInt8) -> UInt32 { startRow[Int(byte)] }

        @inline(__always)
        func step(_ state: UInt32, _ byte: UInt8) -> UInt32 { table[Int(state) &+ Int(classes[Int(byte)])] }

        @inline(__always)
        func outputFlag(_ state: UInt32) -> Int { ByteAutomaton.flag(UInt64(state), below: UInt64(limit)) }
    }

    /// 1 if `value < limit`, else 0, without a branch (both below 2^63).
    @inline(__always)
    static func flag(_ value: UInt64, below limit: UInt64) -> Int { Int(truncatingIfNeeded: (value &- limit) >> 63) }

    /// The column-major DFA's tables (16-bit state indices, see
    /// `TransitionTable.init(columnMajorStateIndices:stateCount:stride:classes:startRow:)`): a step is
    /// one load whose address needs the state only as an index, so nothing but the load's latency sits
    /// between two steps of a stream.
    ///
    /// States are carried as `Int` though the cells are 16-bit: the load widens the cell, and a
    /// narrower state would be widened again before it indexes the next column, one more operation in
    /// the dependency chain of every step.
    struct ColumnSteps: AutomatonSteps {
        static var streamCount: Int { 8 }
        let columns: UnsafePointer<UnsafePointer<UInt16>>
        let startRow: UnsafePointer<UInt16>
        let start: Int
        let limit: Int

        @inline(__always)
        func step(_ state: Int, _ byte: UInt8) -> Int { Int(columns[Int(byte)][state]) }

        @inline(__always)
        func startStep(_ byte: UInt8) -> Int { Int(startRow[Int(byte)]) }

        /// States are 16-bit cells widened, never negative: the conversion needs no check (a trap
        /// branch per traced step in `forEachOutput`).
        @inline(__always)
        func outputFlag(_ state: Int) -> Int {
            ByteAutomaton.flag(UInt64(truncatingIfNeeded: state), below: UInt64(truncatingIfNeeded: limit))
        }
    }

    /// The hybrid scan, in one stream or, from `interleaveFrom` bytes on, in `streamCount` interleaved
    /// streams exactly like `scanDFA(_:interleaveFrom:_:)`: a large automaton's scan waits on cache
    /// misses, and independent streams keep several of them in flight.
    func scanHybrid(_ bytes: UnsafeBufferPointer<UInt8>, interleaveFrom threshold: Int, _ body: (Match) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let records = sparse.cells(UInt32.self)
        byteClasses.withUnsafeBufferPointer { classes in
            interleavedScan(hybridSteps(classes: classes.baseAddress!, records: records), bytes: base, count: bytes.count, threshold: threshold) { state, end in
                report(state: hybridOutput(state, records: records), end: end, body)
            }
        }
    }

    /// The hybrid's steps over `classes` (the automaton's byte classes) and `records` (its sparse
    /// records), both alive while the steps are.
    private func hybridSteps(classes: UnsafePointer<UInt8>, records: UnsafePointer<UInt32>) -> HybridSteps {
        HybridSteps(dense: table.cells(UInt32.self), classes: classes, startRow: table.startCells(UInt32.self), records: records,
                    start: UInt32(Int(root) * classCount), sparseBase: sparseBase, denseMatchLimit: UInt32(denseMatchCount * classCount))
    }

    /// The index `report(state:end:_:)` takes for a hybrid match state's value: a dense state's index, or
    /// the one its sparse record holds.
    @inline(__always)
    private func hybridOutput(_ state: UInt32, records: UnsafePointer<UInt32>) -> Int {
        state < sparseBase ? Int(state) / classCount : Int(records[Int((state - sparseBase) >> 1) + 2])
    }

    /// The hybrid's tables, as the scan loops need them.
    struct HybridSteps: AutomatonSteps {
        static var streamCount: Int { 4 }
        let dense: UnsafePointer<UInt32>
        let classes: UnsafePointer<UInt8>
        let startRow: UnsafePointer<UInt32>
        let records: UnsafePointer<UInt32>
        let start: UInt32
        let sparseBase: UInt32
        let denseMatchLimit: UInt32

        @inline(__always)
        func startStep(_ byte: UInt8) -> UInt32 { startRow[Int(byte)] }

        /// The state after `state` reads `byte`.
        @inline(__always)
        func step(_ state: UInt32, _ byte: UInt8) -> UInt32 {
            var s = state
            if s < sparseBase { return dense[Int(s) &+ Int(classes[Int(byte)])] }
            while true {
                let v = s &- sparseBase
                let record = records + Int(v >> 1)
                let count = Int(record[1])
                let labels = record + (2 &+ Int(v & 1))
                let next = ByteAutomaton.child(UnsafeRawPointer(labels), count: count, targets: labels + ((count &+ 3) >> 2), byte: byte)
                if next != UInt32.max { return next }
                // The failure chain ends in a dense state, whose row has every byte.
                s = record[0]
                if s < sparseBase { return dense[Int(s) &+ Int(classes[Int(byte)])] }
            }
        }

        @inline(__always)
        func outputFlag(_ state: UInt32) -> Int {
            // Dense: state < denseMatchLimit. Sparse (state ≥ sparseBase, and sparseBase ≥ every dense
            // value): the low bit of state − sparseBase.
            let dense = ByteAutomaton.flag(UInt64(state), below: UInt64(denseMatchLimit))
            let sparse = (1 - ByteAutomaton.flag(UInt64(state), below: UInt64(sparseBase))) & Int((state &- sparseBase) & 1)
            return dense | sparse
        }
    }

    /// The value in `targets` at the position of `byte` among `labels[0..<count]` (sorted), or
    /// `UInt32.max`.
    @inline(__always)
    static func child(_ labels: UnsafeRawPointer, count: Int, targets: UnsafePointer<UInt32>, byte: UInt8) -> UInt32 {
        var low = 0
        var high = count
        if count <= 8 {
            while low < high {
                if labels.load(fromByteOffset: low, as: UInt8.self) == byte { return targets[low] }
                low &+= 1
            }
            return UInt32.max
        }
        while low < high {
            let mid = (low &+ high) >> 1
            let label = labels.load(fromByteOffset: mid, as: UInt8.self)
            if label == byte { return targets[mid] }
            if label < byte { low = mid &+ 1 } else { high = mid }
        }
        return UInt32.max
    }

    @inline(__always)
    private func report(state: Int, end: Int, _ body: (Match) -> Void) {
        reportStarts.withUnsafeBufferPointer { starts in
            reportOutputs.withUnsafeBufferPointer { outputs in
                for k in Int(starts[state])..<Int(starts[state + 1]) {
                    let output = outputs[k]
                    body(Match(pattern: Int(output >> 32), range: (end - Int(output & 0xFFFF_FFFF))..<end))
                }
            }
        }
    }

    // MARK: - Building

    /// The full rows of the first `dense` states (breadth-first), row-major (`classCount` per state),
    /// each transition to state index x as `value(x)`.
    private static func buildRows(trie: Trie, dense: Int, newIndex: [Int32], classes: [UInt8], classCount: Int,
                                  value: (Int32) -> UInt32) -> [UInt32] {
        var table = [UInt32](repeating: 0, count: dense * classCount)
        table.withUnsafeMutableBufferPointer { table in
            // Breadth-first order: a state's failure target is shallower, so its row is complete.
            for u in trie.breadthFirst[..<dense] {
                let row = Int(newIndex[u]) * classCount
                if u == 0 {
                    let root = value(newIndex[0])
                    for c in 0..<classCount { table[row + c] = root }
                } else {
                    let failRow = Int(newIndex[Int(trie.failure[u])]) * classCount
                    for c in 0..<classCount { table[row + c] = table[failRow + c] }
                }
                for k in Int(trie.childStarts[u])..<Int(trie.childStarts[u + 1]) {
                    let child = Int(trie.children[k])
                    table[row + Int(classes[Int(trie.nodeByte[child])])] = value(newIndex[child])
                }
            }
        }
        return table
    }
}

/// The pattern trie with failure and dictionary-suffix links, in construction numbering (node 0 is the
/// root; nodes are created depth-first over the sorted patterns, so each node's children are created
/// in increasing byte order).
struct Trie {
    var parent: [Int32] = [-1]
    var nodeByte: [UInt8] = [0]
    var childStarts: [Int32] = []
    var children: [Int32] = []
    var outputStarts: [Int32] = []
    var outputPatterns: [Int32] = []
    var failure: [Int32] = []
    var dictionaryLink: [Int32] = []
    var breadthFirst: [Int] = []

    init(patterns: [[UInt8]]) {
        var order = Array(0..<patterns.count)
        order.sort { a, b in
            patterns[a].withUnsafeBufferPointer { x in
                patterns[b].withUnsafeBufferPointer { y in
                    let common = min(x.count, y.count)
                    let c = memcmpBytes(x.baseAddress!, y.baseAddress!, common)
                    return c != 0 ? c < 0 : (x.count != y.count ? x.count < y.count : a < b)
                }
            }
        }
        var path: [Int32] = [0]
        var previous: [UInt8] = []
        var nodeOfPattern = [Int32](repeating: 0, count: patterns.count)
        for p in order {
            let pattern = patterns[p]
            var common = 0
            let bound = min(previous.count, pattern.count)
            while common < bound && previous[common] == pattern[common] { common += 1 }
            path.removeLast(path.count - (common + 1))
            for d in common..<pattern.count {
                let node = Int32(parent.count)
                parent.append(path[d])
                nodeByte.append(pattern[d])
                path.append(node)
            }
            nodeOfPattern[p] = path[pattern.count]
            previous = pattern
        }
        let n = parent.count

        // Children, in creation order (= increasing byte order per parent).
        var counts = [Int32](repeating: 0, count: n + 1)
        for u in 1..<n { counts[Int(parent[u]) + 1] += 1 }
        for u in 0..<n { counts[u + 1] += counts[u] }
        childStarts = counts
        children = [Int32](repeating: 0, count: max(0, n - 1))
        var fill = counts
        for u in 1..<n {
            let p = Int(parent[u])
            children[Int(fill[p])] = Int32(u)
            fill[p] += 1
        }

        // Own outputs per node, patterns in increasing index order.
        var outCounts = [Int32](repeating: 0, count: n + 1)
        for node in nodeOfPattern { outCounts[Int(node) + 1] += 1 }
        for u in 0..<n { outCounts[u + 1] += outCounts[u] }
        outputStarts = outCounts
        outputPatterns = [Int32](repeating: 0, count: patterns.count)
        var outFill = outCounts
        for (p, node) in nodeOfPattern.enumerated() {
            outputPatterns[Int(outFill[Int(node)])] = Int32(p)
            outFill[Int(node)] += 1
        }

        // Breadth-first order, failure links and dictionary-suffix links.
        breadthFirst.reserveCapacity(n)
        breadthFirst.append(0)
        var head = 0
        while head < breadthFirst.count {
            let u = breadthFirst[head]
            head += 1
            for k in Int(childStarts[u])..<Int(childStarts[u + 1]) { breadthFirst.append(Int(children[k])) }
        }
        var rootChild = [Int32](repeating: 0, count: 256)
        for k in Int(childStarts[0])..<Int(childStarts[1]) {
            let c = Int(children[k])
            rootChild[Int(nodeByte[c])] = Int32(c)
        }
        failure = [Int32](repeating: 0, count: n)
        dictionaryLink = [Int32](repeating: -1, count: n)
        for u in breadthFirst.dropFirst() {
            let p = Int(parent[u])
            let byte = nodeByte[u]
            var target: Int32 = 0
            if p != 0 {
                var f = Int(failure[p])
                while true {
                    let g = f == 0 ? rootChild[Int(byte)] : child(of: f, byte: byte)
                    if g > 0 { target = g; break }
                    if f == 0 { break }
                    f = Int(failure[f])
                }
            }
            failure[u] = target
            let t = Int(target)
            dictionaryLink[u] = hasOwnOutput(t) ? target : dictionaryLink[t]
        }
    }

    func hasOwnOutput(_ u: Int) -> Bool { outputStarts[u + 1] > outputStarts[u] }
    func isMatch(_ u: Int) -> Bool { hasOwnOutput(u) || dictionaryLink[u] >= 0 }

    func child(of u: Int, byte: UInt8) -> Int32 {
        var low = Int(childStarts[u])
        var high = Int(childStarts[u + 1])
        while low < high {
            let mid = (low + high) >> 1
            let label = nodeByte[Int(children[mid])]
            if label == byte { return children[mid] }
            if label < byte { low = mid + 1 } else { high = mid }
        }
        return 0
    }
}

@inline(__always)
private func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Int {
    var i = 0
    while i < count {
        let x = a[i]
        let y = b[i]
        if x != y { return x < y ? -1 : 1 }
        i += 1
    }
    return 0
}

/// One automaton step, as the scan loops need it: the DFA's two layouts (`ByteAutomaton.ColumnSteps`,
/// `ByteAutomaton.RowSteps`) and the hybrid (`ByteAutomaton.HybridSteps`) each provide one, and the
/// generic loops (`ByteAutomaton.run`, `run4`, `run8`) are specialized for each, so they compile as if written
/// once per layout.
protocol AutomatonSteps {
    associatedtype State: FixedWidthInteger
    /// Streams of a multi-stream scan: 4 or 8 (see `ByteAutomaton.runStreams`).
    static var streamCount: Int { get }
    /// The start state: its next state depends on the byte alone (`startStep`).
    var start: State { get }
    /// The state after the start state reads `byte`.
    func startStep(_ byte: UInt8) -> State
    /// The state after `state` reads `byte`.
    func step(_ state: State, _ byte: UInt8) -> State
    /// 1 if `state` has output, else 0, computed without a branch: `StreamBuffers.forEachOutput` adds it
    /// to a count for every traced step, and a branch there would be mispredicted at each match.
    func outputFlag(_ state: State) -> Int
}
