import Foundation
import Testing
import SpanCoderLexicon

/// The blind-coded audits in `docs/audit/` (corpus sentences) and `docs/audit/agora/` (AGORA tune
/// sentences) are yardsticks the project reports against: every gold and second-coder file must code
/// exactly the units of its units file, in order, with code ids of the shipped taxonomy, and every unit
/// must lie inside its text (offsets in code points, half-open). The document-level yardstick in
/// `docs/audit/agora-docs/` codes exactly the documents its sample drew, in order, with taxonomy ids.
@Suite struct AuditDataTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Unit: Equatable { var doc: String; var start: Int; var end: Int }

    /// The code ids of the shipped taxonomy, which every coder file must use.
    static func taxonomyCodes() throws -> Set<String> {
        Set(try LexiconSet.load(directory: root.appendingPathComponent("Lexicons/us-china-ai-governance").path).taxonomy.codes.map { $0.id })
    }

    static func read(_ path: String) throws -> [(Unit, [String])] {
        let data = try #require(FileManager.default.contents(atPath: path), "\(path)")
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let unit = Unit(doc: try #require(object["doc"] as? String), start: try #require(object["start"] as? Int),
                            end: try #require(object["end"] as? Int))
            return (unit, object["codes"] as? [String] ?? [])
        }
    }

    @Test(arguments: [("docs/audit", "../shared/corpus/texts", ["fix", "check"]),
                      ("docs/audit/agora", "../shared/agora/fulltext", ["fix", "check", "policy-fix", "policy-check"])])
    func goldCodesExactlyTheUnits(folder: String, texts: String, halves: [String]) throws {
        let codes = try Self.taxonomyCodes()
        let base = Self.root.appendingPathComponent(folder).path
        for half in halves {
            let units = try Self.read("\(base)/units-\(half).jsonl").map(\.0)
            #expect(!units.isEmpty)
            var coded = ["\(base)/gold-\(half).jsonl"]
            if FileManager.default.fileExists(atPath: "\(base)/coder2-\(half).jsonl") { coded.append("\(base)/coder2-\(half).jsonl") }
            for path in coded {
                let gold = try Self.read(path)
                #expect(gold.map(\.0) == units, "\(path)")
                for (unit, unitCodes) in gold {
                    #expect(Set(unitCodes).isSubset(of: codes), "\(path) \(unit): \(unitCodes)")
                }
            }
            // The texts are outside the repository; check the offsets where they are present.
            for (doc, docUnits) in Dictionary(grouping: units, by: \.doc) {
                let path = Self.root.appendingPathComponent("\(texts)/\(doc).txt").standardized.path
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                let length = String(decoding: data, as: UTF8.self).unicodeScalars.count
                for unit in docUnits { #expect(0 <= unit.start && unit.start < unit.end && unit.end <= length, "\(unit)") }
            }
        }
    }

    @Test(arguments: ["validated", "tune"])
    func documentCoderCodesExactlyTheSample(split: String) throws {
        let codes = try Self.taxonomyCodes()
        let base = Self.root.appendingPathComponent("docs/audit/agora-docs").path
        let designData = try #require(FileManager.default.contents(atPath: "\(base)/sample-\(split).json"))
        let design = try #require(try JSONSerialization.jsonObject(with: designData) as? [String: Any])
        let drawn = try #require(design["sample"] as? [String: [String]])
        let strata = try #require(design["strata"] as? [String: Int])
        for (stratum, docs) in drawn { #expect(docs.count <= strata[stratum] ?? 0, "\(stratum)") }
        let sampled = drawn.values.flatMap { $0 }.sorted { Int($0)! < Int($1)! }
        #expect(Set(sampled).count == sampled.count)
        var coderFiles = ["\(base)/coder-\(split).jsonl"]
        if FileManager.default.fileExists(atPath: "\(base)/coder2-\(split).jsonl") { coderFiles.append("\(base)/coder2-\(split).jsonl") }
        for path in coderFiles {
            let coderData = try #require(FileManager.default.contents(atPath: path))
            let lines = try String(decoding: coderData, as: UTF8.self).split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
            #expect(lines.compactMap { $0["doc"] as? String } == sampled, "\(path)")
            for line in lines {
                let lineCodes = try #require(line["codes"] as? [String])
                #expect(Set(lineCodes).isSubset(of: codes) && Set(lineCodes).count == lineCodes.count, "\(path) \(line)")
            }
        }
        if split == "tune" {
            let half = try #require(design["half"] as? [String: String])
            #expect(Set(half.keys) == Set(sampled) && Set(half.values) == ["fix", "check"])
        }
    }
}
