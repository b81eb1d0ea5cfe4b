/// Byte positions that a scan writes one by one, in memory of its own: the scan makes room first for
/// as many as it could write (`reset(room:)`), then each write is a store and a count bumped through a
/// pointer, where an array's append would call the runtime's uniqueness check (the sentence shortcut
/// writes a position at every sentence end and punctuation mark).
///
/// A value of pointers, not a class, so that handing it from call to call costs no reference counting
/// and reading it no exclusivity check. Its owner frees it (`deallocate()`): one per `ICUBreakWorker`,
/// which one thread uses at a time.
struct PositionBuffer {
    /// The positions' memory, its room, and the count written, each in a cell of its own.
    private let storage: UnsafeMutablePointer<UnsafeMutablePointer<Int>>
    private let capacity: UnsafeMutablePointer<Int>
    /// How many positions were written since the last `reset(room:)`; a scan adds to it as it writes.
    let countCell: UnsafeMutablePointer<Int>

    init(capacity room: Int = 256) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: .allocate(capacity: room))
        capacity = .allocate(capacity: 1)
        capacity.initialize(to: room)
        countCell = .allocate(capacity: 1)
        countCell.initialize(to: 0)
    }

    /// Frees the memory; the buffer is unusable afterwards.
    func deallocate() {
        storage.pointee.deallocate()
        storage.deallocate()
        capacity.deallocate()
        countCell.deallocate()
    }

    /// How many positions were written since the last `reset(room:)`.
    var count: Int { countCell.pointee }

    /// Empties the buffer and makes room for `room` positions; returns where to write them (then add
    /// their number to `countCell.pointee`).
    func reset(room: Int) -> UnsafeMutablePointer<Int> {
        countCell.pointee = 0
        if room > capacity.pointee {
            storage.pointee.deallocate()
            capacity.pointee = max(room, capacity.pointee * 2)
            storage.pointee = .allocate(capacity: capacity.pointee)
        }
        return storage.pointee
    }

    /// The positions written, valid until the next `reset(room:)`.
    var positions: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: storage.pointee, count: countCell.pointee) }

    /// A copy of the positions written.
    var array: [Int] { Array(positions) }
}
