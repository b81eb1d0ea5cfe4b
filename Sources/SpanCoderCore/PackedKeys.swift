/// Sorting of packed keys: several fields in one `UInt64`, compared as one integer, so that hot paths
/// sort without a comparison closure.
public enum PackedKeys {
    /// Sorts `keys` ascending: by insertion while the input proves nearly sorted, and by the standard
    /// library's sort once insertion has moved more than a few places per key.
    ///
    /// Why: a document's matches arrive in order of their end and are sorted by start, where each is
    /// out of place only by the few shorter matches that end inside it. Insertion sorts that in one
    /// pass; the standard sort, which does not look for that order, cost three times as much there.
    ///
    /// - Complexity: O(n + d) for n keys and d inversions when d ≤ 8n + 64, else O(n log n).
    public static func sortNearlySorted(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        if !insertionSort(keys, moveBudget: 8 * keys.count + 64) {
            var keys = keys
            keys.sort()
        }
    }

    /// Sorts `keys` ascending: by insertion up to 32 keys (a span's few pairs), where the standard
    /// library's sort spent more time getting started than sorting, else by the standard sort.
    public static func sortSmall(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        if keys.count <= 32 {
            _ = insertionSort(keys, moveBudget: .max)
        } else {
            var keys = keys
            keys.sort()
        }
    }

    /// Insertion sort that gives up (returns false, `keys` partly sorted) once it has moved keys more
    /// than `moveBudget` places in all.
    @inline(__always)
    static func insertionSort(_ keys: UnsafeMutableBufferPointer<UInt64>, moveBudget: Int) -> Bool {
        var budget = moveBudget
        var i = 1
        while i < keys.count {
            let key = keys[i]
            var j = i
            while j > 0 && keys[j - 1] > key {
                keys[j] = keys[j - 1]
                j -= 1
            }
            keys[j] = key
            budget -= i - j
            if budget < 0 { return false }
            i += 1
        }
        return true
    }

    /// `sortSmall` on an array.
    public static func sortSmall(_ keys: inout [UInt64]) {
        keys.withUnsafeMutableBufferPointer { sortSmall($0) }
    }

    /// `sortNearlySorted` on an array.
    public static func sortNearlySorted(_ keys: inout [UInt64]) {
        keys.withUnsafeMutableBufferPointer { sortNearlySorted($0) }
    }
}
