#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cell of a DFA transition table: the next state for one (state, byte class).
///
/// Two layouts. `UInt16` cells (automata of at most 65,536 states) hold the next state's index and
/// the row is found by a multiplication: half the memory of `UInt32`, so twice as much of the table
/// stays in cache, which is what a scan's speed depends on. `UInt32` cells hold the next state's row
/// offset (index × class count), saving the multiplication for automata too large for `UInt16`.
protocol TransitionCell: FixedWidthInteger, UnsignedInteger, Sendable {
    /// Offset of the row of state value `value` in a table with `stride` classes.
    static func row(_ value: Self, stride: Int) -> Int
    /// The state index of state value `value`.
    static func stateIndex(_ value: Self, stride: Int) -> Int
    /// The state value of state index `index`.
    static func value(ofState index: Int, stride: Int) -> Self
}

extension UInt16: TransitionCell {
    @inline(__always) static func row(_ value: UInt16, stride: Int) -> Int { Int(value) &* stride }
    @inline(__always) static func stateIndex(_ value: UInt16, stride: Int) -> Int { Int(value) }
    @inline(__always) static func value(ofState index: Int, stride: Int) -> UInt16 { UInt16(index) }
}

extension UInt32: TransitionCell {
    @inline(__always) static func row(_ value: UInt32, stride: Int) -> Int { Int(value) }
    @inline(__always) static func stateIndex(_ value: UInt32, stride: Int) -> Int { Int(value) / stride }
    @inline(__always) static func value(ofState index: Int, stride: Int) -> UInt32 { UInt32(index * stride) }
}

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

    /// The table of `values` (state indices, row-major with `stride` classes per row) and the start
    /// row `startRow` (state indices, 256 or none) in cells of `cell`'s layout.
    convenience init<Cell: TransitionCell>(stateIndices values: [UInt32], startRow startIndices: [UInt32], stride: Int, cell: Cell.Type) {
        self.init(cells: values.map { Cell.value(ofState: Int($0), stride: stride) },
                  startRow: startIndices.map { Cell.value(ofState: Int($0), stride: stride) })
    }

    /// A table holding `values` and `startRow` as they are (the hybrid automaton's cells, whose
    /// encoding is its own; see `ByteAutomaton`).
    init<Cell: FixedWidthInteger>(cells values: [Cell], startRow startValues: [Cell]) {
        count = values.count
        cellWidth = MemoryLayout<Cell>.stride
        let bytes = max(values.count, 1) * cellWidth
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
        let cells = memory.bindMemory(to: Cell.self, capacity: max(values.count, 1))
        for k in values.indices { (cells + k).initialize(to: values[k]) }
        let startCells = UnsafeMutablePointer<Cell>.allocate(capacity: max(startValues.count, 1))
        for k in startValues.indices { (startCells + k).initialize(to: startValues[k]) }
        startRow = UnsafeMutableRawPointer(startCells)
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
    }
}
