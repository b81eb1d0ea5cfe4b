import Foundation
import SpanCoderCore

/// Code ids as the inputs spell them, made comparable: white space around an id is trimmed (`" A"` is
/// `A`, with a finding), and an id that is empty or white space only is not a code (a finding; that
/// code is left out, the span's other codes stay).
///
/// Trimming rather than rejecting: a stray space from a spreadsheet or a hand-edited file is a typing
/// slip, not a different code, and scoring `" A"` apart from `A` would turn agreement into a false
/// positive and a false negative. The finding still names the line, and `--on-invalid error` stops on it.
enum CodeIDs {
    /// Rewrites every set's codes through the trimmed ids, interning them in `vocabulary`, and adds a
    /// finding per padded or blank code to the set's diagnostics.
    /// - Complexity: O(v) for v code ids when none needs it; else O(p) for p (span, code) pairs.
    static func canonicalize(_ sets: inout [AnnotationSet], vocabulary: inout Vocabulary) {
        // -1: blank; otherwise the index of the trimmed id.
        var map = (0..<vocabulary.codes.count).map(Int32.init)
        var changed = false
        for code in 0..<vocabulary.codes.count {
            let name = vocabulary.codes[Int32(code)]
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed != name || trimmed.isEmpty else { continue }
            map[code] = trimmed.isEmpty ? -1 : vocabulary.internCode(trimmed)
            changed = true
        }
        guard changed else { return }
        for s in sets.indices where sets[s].codes.contains(where: { map[Int($0)] != $0 }) {
            let set = sets[s]
            var out = set
            out.codes = []
            out.codeStart = [0]
            out.evidence = [:]
            for row in 0..<set.count {
                var evidence: [[Evidence]] = []
                for (slot, code) in set.codes(ofRow: row).enumerated() {
                    let raw = vocabulary.codes[code]
                    let target = map[Int(code)]
                    if target < 0 {
                        out.diagnostics.append(Diagnostic(.blankCode, at: set.location(ofRow: row),
                            "code id \"\(raw)\" is empty or white space only", excluded: true))
                        continue
                    }
                    if target != code {
                        out.diagnostics.append(Diagnostic(.paddedCode, at: set.location(ofRow: row),
                            "code id \"\(raw)\" has white space around it; scored as \"\(vocabulary.codes[target])\"", excluded: false))
                    }
                    out.codes.append(target)
                    if let lists = set.evidence[row], slot < lists.count { evidence.append(lists[slot]) }
                }
                out.codeStart.append(Int32(out.codes.count))
                if set.evidence[row] != nil { out.evidence[row] = evidence }
            }
            sets[s] = out
        }
    }
}
