#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A DFA transition table in memory of its own: aligned to 2 MiB and, on Linux, marked for transparent
/// huge pages once it is that large.
///
/// Why: a scan's speed is the latency of one table load per byte. A table of several MiB spans
/// thousands of 4 KiB pages, more than the TLB holds, so a scan in a pipeline that touches other memory
/// between documents pays page walks on top of cache misses; with 2 MiB pages the whole table needs a
/// handful of TLB entries. Immutable once built, so it can be shared between threads.
final class TransitionTable: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    /// The start state's next state for each byte (not class), in the same cells: the start-state
    /// fast path of a scan.
    let startRow: UnsafeMutableRawPointer
    /// Bytes per cell: 2 (`UInt16`) or 4 (`UInt32`).
    let cellWidth: Int
    let count: Int
    /// For a column-major table of `UInt16` state indices: the start of the column of each byte's
    /// class (256 entries), so that a step is one load, `columns[byte][state]`; nil for row-major tables.
    private(set) var columns: UnsafeMutablePointer<UnsafePointer<UInt16>>?

    /// The row-major table of `values` (state indices, `stride` classes per row) and the start row
    /// `startRow` (state indices, 256 or none), each cell holding the next state's row offset (index ×
    /// `stride`), so that a step needs no multiplication.
    convenience init(rowOffsetsOfStateIndices values: [UInt32], startRow startIndices: [UInt32], stride: Int) {
        self.init(count: values.count, startRow: startIndices.map { UInt32(Int($0) * stride) }) { (cells: UnsafeMutablePointer<UInt32>) in
            for k in values.indices { (cells + k).initialize(to: UInt32(Int(values[k]) * stride)) }
        }
    }

    /// A table holding `values` and `startRow` as they are (the hybrid automaton's cells, whose
    /// encoding is its own; see `ByteAutomaton`).
    convenience init<Cell: FixedWidthInteger>(cells values: [Cell], startRow startValues: [Cell]) {
        self.init(count: values.count, startRow: startValues) { cells in
            values.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { cells.initialize(from: base, count: source.count) }
            }
        }
    }

    /// `count` cells in memory of their own, written by `fill` (which must initialize all of them),
    /// and `startValues` as the start row.
    ///
    /// Why `fill` writes in place: the tables are built once per lexicon, and building them in an
    /// array first and copying it cell by cell cost a second pass over up to 16 MiB and the page faults
    /// of a second buffer at every start of `spancoder`.
    private init<Cell: FixedWidthInteger>(count values: Int, startRow startValues: [Cell], fill: (UnsafeMutablePointer<Cell>) -> Void) {
        count = values
        cellWidth = MemoryLayout<Cell>.stride
        let bytes = max(values, 1) * cellWidth
        let hugePage = 2 << 20
        let huge = bytes >= hugePage
        let size = huge ? (bytes + hugePage - 1) / hugePage * hugePage : bytes
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, huge ? hugePage : 64, size) == 0, let memory else {
            fatalError("out of memory for a DFA table of \(size) bytes")
        }
        #if os(Linux)
        if huge { _ = madvise(memory, size, 14 /* MADV_HUGEPAGE */) }
        #endif
        raw = memory
        let cells = memory.bindMemory(to: Cell.self, capacity: max(values, 1))
        fill(cells)
        let startCells = UnsafeMutablePointer<Cell>.allocate(capacity: max(startValues.count, 1))
        for k in startValues.indices { (startCells + k).initialize(to: startValues[k]) }
        startRow = UnsafeMutableRawPointer(startCells)
    }

    /// A column-major table of `UInt16` state indices from `values` (row-major, `stride` classes per
    /// row, `stateCount` rows), with a column pointer per byte through `classes`.
    ///
    /// Why column-major: the column of the next byte is known before the current state is, so a step's
    /// dependency chain is the table load alone; a row-major step of 16-bit indices multiplied the
    /// state by the stride and added the class between two loads. Measured with the 2,000-term
    /// lexicon (26,083 states, 102 classes), warm scan on the zh · en · mixed corpora: 279 · 332 · 273
    /// → 369 · 351 · 268 MB/s; `tag --jobs 1`: 69 · 51 · 51 → 72 · 55 · 56 MB/s. Breadth-first state
    /// numbering helps this layout too: the shallow states, where a scan spends most steps, share the
    /// first cache lines of every column.
    convenience init(columnMajorStateIndices values: [UInt32], stateCount: Int, stride: Int, classes: [UInt8], startRow startIndices: [UInt32]) {
        self.init(count: values.count, startRow: startIndices.map { UInt16($0) }) { (cells: UnsafeMutablePointer<UInt16>) in
            values.withUnsafeBufferPointer { values in
                for s in 0..<stateCount {
                    for c in 0..<stride { (cells + c * stateCount + s).initialize(to: UInt16(values[s * stride + c])) }
                }
            }
        }
        let base = raw.assumingMemoryBound(to: UInt16.self)
        let columns = UnsafeMutablePointer<UnsafePointer<UInt16>>.allocate(capacity: 256)
        for b in 0..<256 { (columns + b).initialize(to: UnsafePointer(base + Int(classes[b]) * stateCount)) }
        self.columns = columns
    }

    func cells<Cell: FixedWidthInteger>(_ cell: Cell.Type) -> UnsafePointer<Cell> {
        precondition(MemoryLayout<Cell>.stride == cellWidth)
        return UnsafePointer(raw.assumingMemoryBound(to: Cell.self))
    }

    func startCells<Cell: FixedWidthInteger>(_ cell: Cell.Type) -> UnsafePointer<Cell> {
        precondition(MemoryLayout<Cell>.stride == cellWidth)
        return UnsafePointer(startRow.assumingMemoryBound(to: Cell.self))
    }

    deinit {
        free(raw)
        startRow.deallocate()
        columns?.deallocate()
    }
}
