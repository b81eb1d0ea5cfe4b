import Foundation
import SpanCoderCore
@testable import SpanCoderEval

/// The evaluator reference fixture (copied from `../shared/reference/fixture.json`; see
/// `Fixtures/README.md`) loaded into evaluator inputs.
struct ReferenceFixture {
    var vocabulary = Vocabulary()
    var corpus = EvalCorpus()
    var units = UnitTable()
    var gold: AnnotationSet
    var pred: AnnotationSet
    var humanB: AnnotationSet
    var codes: [String]

    init() throws {
        let url = Bundle.module.url(forResource: "reference-fixture", withExtension: "json", subdirectory: "Fixtures")!
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        codes = json["codes"] as! [String]
        for code in codes { _ = vocabulary.internCode(code) }
        for document in json["documents"] as! [[String: Any]] {
            let id = document["id"] as! String
            corpus.add(Document(id: id, text: document["text"] as! String), vocabulary: &vocabulary)
            let doc = vocabulary.internDoc(id)
            for sentence in document["sentences"] as! [[String: Any]] {
                units.docs.append(doc)
                units.starts.append(Int32(sentence["start"] as! Int))
                units.ends.append(Int32(sentence["end"] as! Int))
                units.texts.append(nil)
                units.ids.append(nil)
            }
        }
        func spans(_ key: String) -> [CodedSpan] {
            (json[key] as! [[String: Any]]).map { s in
                CodedSpan(doc: s["doc"] as! String, range: TextRange(start: s["start"] as! Int, end: s["end"] as! Int),
                          text: s["text"] as? String, codes: (s["codes"] as! [String]).map { CodeAssignment(code: $0) }, id: s["id"] as? String)
            }
        }
        gold = AnnotationSet(name: "gold", spans: spans("gold"), vocabulary: &vocabulary)
        pred = AnnotationSet(name: "pred", spans: spans("pred"), vocabulary: &vocabulary)
        humanB = AnnotationSet(name: "human_b", spans: spans("human_b"), vocabulary: &vocabulary)
        humanB.codedDocs = Set((json["human_b_coded_docs"] as! [String]).map { vocabulary.docs.lookup($0)! })
    }

    func inputs(coders: [AnnotationSet] = [], pred: AnnotationSet? = nil) -> EvalInputs {
        EvalInputs(vocabulary: vocabulary, corpus: corpus, gold: gold, pred: pred ?? self.pred, coders: coders, units: units, codeList: codes)
    }
}

func settings(_ mode: EvalMode, bootstrap: Int = 0) -> EvalSettings {
    var s = EvalSettings()
    s.mode = mode
    s.bootstrap = bootstrap
    return s
}

func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

/// The package root, from this file's path (the folder may have any name; `../shared` sits beside it).
func packageRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
