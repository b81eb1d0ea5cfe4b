import Foundation
import SpanCoderCore
@testable import SpanCoderLexicon

/// A lexicon set written to a fresh temporary folder, removed when the test ends.
final class TemporaryLexiconSet {
    let directory: String

    init(taxonomy: String = TemporaryLexiconSet.taxonomy, blockers: String? = nil, codes: [String: String]) throws {
        directory = NSTemporaryDirectory() + "spancoder-lexicon-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/codes", withIntermediateDirectories: true)
        try taxonomy.write(toFile: directory + "/taxonomy.yaml", atomically: true, encoding: .utf8)
        if let blockers { try blockers.write(toFile: directory + "/blockers.yaml", atomically: true, encoding: .utf8) }
        for (name, text) in codes {
            try text.write(toFile: directory + "/codes/" + name, atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func path(_ name: String) -> String { directory + "/codes/" + name }

    static let taxonomy = """
    name: test-set
    codes:
      - id: risk.bias
        name_en: Bias
        name_zh: 偏见
        kind: risk
        definition: Unfair treatment.
      - id: gov.liability
        name_en: Liability
        name_zh: 法律责任
        kind: governance
        definition: Penalties.

    """

    static let bias = """
    code: risk.bias
    zh:
      terms:
        - 歧视
        - {term: 偏差, weight: 0.5, note: also deviation}
      rules:
        - id: price
          groups:
            price: [价格, 定价]
            difference: [差别]
          within: 10 chars
    en:
      groups:
        price: [price*, pricing]
      terms:
        - discriminat*
        - bias
      rules:
        - id: price
          groups:
            price: "@price"
            difference: [differential*]
          mode: all
          within: 5 words
      exclusions:
        - sampling bias
      blockers:
        - bias voltage

    """

    static let liability = """
    code: gov.liability
    zh:
      terms: [罚款, 刑事责任]
    en:
      terms: [penalt*, fines]

    """

    static let good: [String: String] = ["risk.bias.yaml": bias, "gov.liability.yaml": liability]
}

/// The package root (the folder holding Package.swift), found from this file's path.
func packageRoot(_ file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        url.deleteLastPathComponent()
    }
    return FileManager.default.currentDirectoryPath
}

extension Array where Element == LexiconDiagnostic {
    func with(_ problem: LexiconProblem) -> [LexiconDiagnostic] { filter { $0.problem == problem } }
}
