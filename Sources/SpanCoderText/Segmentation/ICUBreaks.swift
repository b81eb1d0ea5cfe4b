import CICU

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An ICU break iterator with the UTF-16 buffer it reads, reused from call to call: opening an
/// iterator is costly, pointing it at new text is cheap. Not thread-safe; see `BreakIteratorPool`.
final class ICUBreakWorker {
    enum Kind { case sentence, word }

    private let handle: OpaquePointer
    /// UTF-16 text of the current window and the boundaries found in it; capacities grow to the
    /// largest window seen.
    private var buffer: [UInt16] = []
    private var offsets: [Int32] = []
    private var statuses: [Int32] = []
    /// The segmenter's buffer for `SentenceBreakShortcut.breaks`, kept with the worker so that its room
    /// outlives one document (see `Segmenter.byteRanges(utf8:)`).
    let shortcutBreaks = PositionBuffer()
    /// The punctuation positions `SentenceBreakShortcut.breaks` passes, kept for the same reason.
    let shortcutStops = PositionBuffer()

    init(kind: Kind, locale: String) {
        var status: Int32 = 0
        let opened = sc_break_open(kind == .sentence ? Int32(SC_BREAK_SENTENCE) : Int32(SC_BREAK_WORD), locale, &status)
        // ICU's data is part of libicudata, which the package links: failing here means a broken install.
        guard let opened else { fatalError("ICU could not open a break iterator for '\(locale)' (status \(status))") }
        handle = opened
    }

    deinit {
        sc_break_close(handle)
        shortcutBreaks.deallocate()
        shortcutStops.deallocate()
    }

    /// Runs the iterator over UTF-8 `bytes[range]` (valid UTF-8, cut on code point boundaries) and calls
    /// `visit(byteOffset, ruleStatus)` for each boundary after `range.lowerBound`, in order, the last one
    /// being `range.upperBound`. Rule statuses are fetched only when `wantStatus` (else 0).
    ///
    /// - Complexity: O(range.count), in C: the per-character work never runs in Swift.
    func boundaries(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, wantStatus: Bool = false,
                    _ visit: (Int, Int32) -> Void) {
        let length = range.count
        if length == 0 { return }
        if buffer.count < length + 1 {
            buffer = [UInt16](repeating: 0, count: length + 1)
            offsets = [Int32](repeating: 0, count: length + 1)
            statuses = [Int32](repeating: 0, count: wantStatus ? length + 1 : 0)
        }
        if wantStatus, statuses.count < length + 1 { statuses = [Int32](repeating: 0, count: length + 1) }
        let found = buffer.withUnsafeMutableBufferPointer { utf16 in
            offsets.withUnsafeMutableBufferPointer { out in
                statuses.withUnsafeMutableBufferPointer { status in
                    Int(sc_break_utf8(handle, bytes.baseAddress! + range.lowerBound, Int32(length), utf16.baseAddress!,
                                      Int32(utf16.count), out.baseAddress!, wantStatus ? status.baseAddress! : nil, Int32(out.count)))
                }
            }
        }
        guard found > 0 else {
            visit(range.upperBound, 0)
            return
        }
        offsets.withUnsafeBufferPointer { out in
            statuses.withUnsafeBufferPointer { status in
                for i in 0..<found {
                    visit(range.lowerBound + Int(out[i]), wantStatus ? status[i] : 0)
                }
            }
        }
    }
}

/// Break workers shared by concurrent callers: each call borrows one and gives it back.
final class BreakIteratorPool: @unchecked Sendable {
    private let kind: ICUBreakWorker.Kind
    private let locale: String
    private var idle: [ICUBreakWorker] = []
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(kind: ICUBreakWorker.Kind, locale: String) {
        self.kind = kind
        self.locale = locale
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withWorker<R>(_ body: (ICUBreakWorker) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        let worker = idle.popLast()
        pthread_mutex_unlock(mutex)
        let borrowed = worker ?? ICUBreakWorker(kind: kind, locale: locale)
        defer {
            pthread_mutex_lock(mutex)
            idle.append(borrowed)
            pthread_mutex_unlock(mutex)
        }
        return try body(borrowed)
    }
}
