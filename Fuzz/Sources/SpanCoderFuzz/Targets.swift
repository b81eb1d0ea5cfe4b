import Foundation
import SpanCoderClassify
import SpanCoderCore
import SpanCoderEval
import SpanCoderFormats
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText

/// The package root, from this file's path (Fuzz/Sources/SpanCoderFuzz/Targets.swift).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

enum FuzzTargets {
    nonisolated(unsafe) static var scratch = ""
    nonisolated(unsafe) static var classifier: Classifier?
    nonisolated(unsafe) static var hybridClassifier: Classifier?
    nonisolated(unsafe) static var evalCorpus = EvalCorpus()
    nonisolated(unsafe) static var evalVocabulary = Vocabulary()
    static let sentence = Segmenter(unit: .sentence)
    static let paragraph = Segmenter(unit: .paragraph)
    static let clause = Segmenter(unit: .clause)
    /// A fixed bilingual document the readers resolve offsets and quotes against.
    static let fixedDocument = Document(
        id: "doc1",
        text: "生成式人工智能服务提供者应当依法开展安全评估。\r\nProviders shall conduct red-teaming 😀 before release.\n第二条　算法备案。")

    static func setUp(target: String) {
        let dir = NSTemporaryDirectory() + "spancoder-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir + "/set/codes", withIntermediateDirectories: true)
        scratch = dir
        atexit { try? FileManager.default.removeItem(atPath: FuzzTargets.scratch) }
        switch target {
        case "lexicon":
            let taxonomy = packageRoot + "/Lexicons/us-china-ai-governance/taxonomy.yaml"
            _ = try? FileManager.default.removeItem(atPath: dir + "/set/taxonomy.yaml")
            try! FileManager.default.copyItem(atPath: taxonomy, toPath: dir + "/set/taxonomy.yaml")
        case "match":
            let set = try! LexiconSet.load(directory: packageRoot + "/Lexicons/us-china-ai-governance")
            classifier = Classifier(lexicon: try! CompiledLexicon(set: set))
        case "match-batch":
            let set = try! LexiconSet.load(directory: packageRoot + "/Lexicons/us-china-ai-governance")
            classifier = Classifier(lexicon: try! CompiledLexicon(set: set))
            // The same set as the hybrid automaton (no DFA), whose streams step differently.
            hybridClassifier = Classifier(lexicon: try! CompiledLexicon(set: set, normalization: .matching,
                                                                       automaton: ByteAutomaton.Options(dfaMemoryBudget: 0, denseRowBudget: 1 << 16)))
        case "csv-quotes":
            evalCorpus.add(fixedDocument, vocabulary: &evalVocabulary)
            evalCorpus.add(Document(id: "doc2", text: "Ａ “quoted” text, with full-width forms，and\u{0}NUL."), vocabulary: &evalVocabulary)
        default:
            break
        }
    }

    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) {
        let data = bytes.isEmpty ? Data() : Data(bytes)
        _ = FileManager.default.createFile(atPath: path, contents: data)
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Text layer

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) {
        // The first byte picks the encoding path, so named converters are fuzzed too.
        let encodings: [String?] = [nil, nil, nil, nil, "GB18030", "UTF-16LE", "UTF-16BE", "Big5", "UTF-8", "windows-1252"]
        let encoding = bytes.isEmpty ? nil : encodings[Int(bytes[0]) % encodings.count]
        let body = Array(bytes.dropFirst(bytes.isEmpty ? 0 : 1))
        do {
            let text = try DocumentDecoder.decode(bytes: body, name: "fuzz.txt", encoding: encoding)
            check(String(validating: Array(text.utf8), as: UTF8.self) != nil, "decoded text is not valid UTF-8")
            if encoding == nil, let utf8 = String(validating: body, as: UTF8.self), !body.contains(0),
               !(body.starts(with: [0xEF, 0xBB, 0xBF]) || body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF])) {
                check(text == utf8, "valid UTF-8 decoded to different text")
            }
        } catch {
            expectSpanCoderError(error, "decode")
            if let error = error as? SpanCoderError, let offset = error.location?.byteOffset {
                check(offset >= 0 && offset <= body.count, "error byte offset \(offset) outside input of \(body.count) bytes")
            }
        }
    }

    static func segment(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = string(bytes)
        let segmenter = [sentence, paragraph, clause][bytes.count % 3]
        let utf8 = Array(text.utf8)
        var previousEnd = 0
        var previousCodePointEnd = 0
        for segment in segmenter.segments(of: text) {
            let r = segment.utf8Range
            check(r.lowerBound >= previousEnd && r.upperBound <= utf8.count && !r.isEmpty, "segment \(r) out of order or bounds (\(utf8.count) bytes)")
            check(r.lowerBound == utf8.count || utf8[r.lowerBound] & 0xC0 != 0x80, "segment starts inside a character")
            check(r.upperBound == utf8.count || utf8[r.upperBound] & 0xC0 != 0x80, "segment ends inside a character")
            let codePointsBefore = utf8[previousEnd..<r.lowerBound].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
            let codePoints = utf8[r].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
            check(segment.range.start == previousCodePointEnd + codePointsBefore, "code point start \(segment.range.start) disagrees with UTF-8 range \(r)")
            check(segment.range.length == codePoints, "code point length disagrees with UTF-8 range")
            previousEnd = r.upperBound
            previousCodePointEnd = segment.range.end
        }
    }

    // MARK: - Lexicons and matching

    static func lexicon(_ bytes: UnsafeBufferPointer<UInt8>) {
        write(bytes, to: scratch + "/set/codes/gov.adversarial-testing.yaml")
        let set: LexiconSet
        do {
            set = try LexiconSet.load(directory: scratch + "/set")
        } catch {
            expectSpanCoderError(error, "lexicon")
            return
        }
        _ = LexiconChecker.check(set)
        do {
            let compiled = try CompiledLexicon(set: set)
            let classifier = Classifier(lexicon: compiled)
            let ranges = sentence.segments(of: fixedDocument.text).map(\.utf8Range)
            checkSpans(classifier.classify(document: fixedDocument, spans: ranges), in: fixedDocument)
            _ = classifier.explain(text: fixedDocument.text)
        } catch {
            expectSpanCoderError(error, "lexicon compile")
        }
    }

    static func match(_ bytes: UnsafeBufferPointer<UInt8>) {
        let document = Document(id: "fuzz", text: string(bytes))
        let ranges = sentence.segments(of: document.text).map(\.utf8Range)
        checkSpans(classifier!.classify(document: document, spans: ranges), in: document)
        checkSpans([classifier!.classify(document: document)], in: document)
    }

    /// The input's lines as documents, scanned together (short ones joined into one text, one workspace for
    /// all) and one by one: the same coded spans, codes and evidence, with the DFA and with the hybrid.
    static func matchBatch(_ bytes: UnsafeBufferPointer<UInt8>) {
        let documents = string(bytes).split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { k, line in
            Document(id: "line\(k)", text: String(line))
        }
        let spans = documents.map { document in sentence.segments(of: document.text).map(\.utf8Range) }
        for classifier in [classifier!, hybridClassifier!] {
            func coded(_ scanned: Classifier.ScannedDocument, _ workspace: Classifier.Workspace) -> [String] {
                var lines: [String] = []
                classifier.forEachCodedSpan(scanned, workspace: workspace) { k, range, _, proposals in
                    lines.append("\(k) \(range.start)-\(range.end) \(proposals.codes.map { "\($0.code):\($0.score):\(proposals.evidence[$0.evidence].map { "\($0.entry)/\($0.rule)@\($0.range.start)-\($0.range.end)" })" })")
                }
                return lines
            }
            let batch = classifier.scan(documents: Array(zip(documents, spans)))
            let shared = Classifier.Workspace()
            for k in documents.indices {
                let alone = coded(classifier.scan(document: documents[k], spans: spans[k]), Classifier.Workspace())
                check(coded(batch[k], shared) == alone, "line \(k): the batch and the document alone differ")
            }
        }
    }

    static func checkSpans(_ spans: [CodedSpan], in document: Document) {
        let length = document.text.unicodeScalars.count
        for span in spans {
            check(span.range.start >= 0 && span.range.start <= span.range.end && span.range.end <= length, "span \(span.range) outside text of \(length)")
            for code in span.codes {
                for evidence in code.evidence {
                    check(evidence.range.start >= 0 && evidence.range.start <= evidence.range.end && evidence.range.end <= length,
                          "evidence \(evidence.range) outside text of \(length)")
                }
            }
        }
    }

    // MARK: - Readers

    static func corpus(_ bytes: UnsafeBufferPointer<UInt8>) {
        let path = scratch + "/corpus.jsonl"
        write(bytes, to: path)
        for result in DocumentInputs(paths: [path]) {
            switch result {
            case .failure(let error): expectSpanCoderError(error, "corpus")
            case .success(let document):
                // The reader builds its strings without the standard library's validation (its own
                // validator, then an unchecked copy): whatever it accepted must be valid UTF-8.
                check(String(validating: Array(document.text.utf8), as: UTF8.self) != nil, "corpus text is not valid UTF-8")
                for (_, value) in document.metadata {
                    check(String(validating: Array(value.utf8), as: UTF8.self) != nil, "corpus metadata is not valid UTF-8")
                }
            }
        }
    }

    static func spansJSONL(_ bytes: UnsafeBufferPointer<UInt8>) {
        var vocabulary = Vocabulary()
        _ = SpanJSONLReader.parse(data: Data(bytes), file: "fuzz.jsonl", name: "fuzz", vocabulary: &vocabulary)
        for (number, line) in string(bytes).split(separator: "\n").enumerated() {
            do {
                _ = try CodedSpanJSONL.decode(String(line), location: SourceLocation(file: "fuzz.jsonl", line: number + 1))
            } catch {
                expectSpanCoderError(error, "spans-jsonl")
            }
        }
    }

    static func csvQuotes(_ bytes: UnsafeBufferPointer<UInt8>) {
        let path = scratch + "/quotes.csv"
        write(bytes, to: path)
        var vocabulary = evalVocabulary
        do {
            _ = try CSVQuotesReader.read(path: path, corpus: evalCorpus, vocabulary: &vocabulary)
        } catch {
            expectSpanCoderError(error, "csv-quotes")
        }
    }

    static func brat(_ bytes: UnsafeBufferPointer<UInt8>) {
        do {
            let (spans, _) = try BratFormat.read(ann: string(bytes), document: fixedDocument, file: "fuzz.ann")
            checkSpans(spans, in: fixedDocument)
        } catch {
            expectSpanCoderError(error, "brat")
        }
    }

    static func labelStudio(_ bytes: UnsafeBufferPointer<UInt8>) {
        do {
            let (documents, _) = try LabelStudioFormat.read(data: Data(bytes), file: "fuzz.json")
            for annotated in documents where !annotated.document.text.isEmpty {
                checkSpans(annotated.spans, in: annotated.document)
            }
        } catch {
            expectSpanCoderError(error, "label-studio")
        }
    }

    static func doccano(_ bytes: UnsafeBufferPointer<UInt8>) {
        for (number, line) in string(bytes).split(separator: "\n").enumerated() {
            do {
                let annotated = try DoccanoFormat.decode(line: String(line), location: SourceLocation(file: "fuzz.jsonl", line: number + 1))
                checkSpans(annotated.spans, in: annotated.document)
            } catch {
                expectSpanCoderError(error, "doccano")
            }
        }
    }
}
