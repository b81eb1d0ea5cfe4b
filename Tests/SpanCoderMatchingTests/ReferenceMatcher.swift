import SpanCoderMatching
import SpanCoderText

/// The naive matcher the automaton is checked against: for every pattern, try every position of the
/// normalized text (as code points), apply the edge rules and the prefix extension, then drop every
/// match strictly inside another by comparing all pairs. Quadratic and obviously right.
struct ReferenceMatcher {
    let patterns: [TermPattern]

    func matches(inNormalized bytes: [UInt8]) -> [TermMatch] {
        let text = String(decoding: bytes, as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        var offsets: [Int] = [0]
        for scalar in scalars { offsets.append(offsets.last! + String(scalar).utf8.count) }
        var found: [TermMatch] = []
        for (p, pattern) in patterns.enumerated() {
            let needle = Array(String(decoding: pattern.normalized, as: UTF8.self).unicodeScalars)
            guard needle.count <= scalars.count else { continue }
            for i in 0...(scalars.count - needle.count) where Array(scalars[i..<i + needle.count]) == needle {
                var end = i + needle.count
                let first = needle.first!.value
                let last = needle.last!.value
                if WordCharacters.isWord(first), i > 0, WordCharacters.isWord(scalars[i - 1].value) { continue }
                if pattern.isPrefix {
                    while end < scalars.count && WordCharacters.isWord(scalars[end].value) { end += 1 }
                } else if WordCharacters.isWord(last), end < scalars.count, WordCharacters.isWord(scalars[end].value) {
                    continue
                }
                found.append(TermMatch(pattern: p, range: offsets[i]..<offsets[end]))
            }
        }
        let kept = found.filter { m in
            !found.contains { other in
                other.range != m.range && other.range.lowerBound <= m.range.lowerBound && m.range.upperBound <= other.range.upperBound
            }
        }
        return kept.sorted()
    }
}
