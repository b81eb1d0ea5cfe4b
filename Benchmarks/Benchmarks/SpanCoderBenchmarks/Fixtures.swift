import Foundation
import SpanCoderClassify
import SpanCoderCore
import SpanCoderEval
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText

/// Where the benchmark data lives and how big a run is, from the environment:
///
/// - `SPANCODER_BENCH_DATA`: folder made by `make_corpus.py` and `make_lexicon.py` (default `Benchmarks/data`);
/// - `SPANCODER_BENCH_SIZE`: corpus size label, the `SIZE` of `corpus-LANG-SIZE.jsonl` (default `10M`);
/// - `SPANCODER_BENCH_LEXICONS`: lexicon sets by size, `N` for `lexicon-N` and `Nu` for
///   `lexicon-N-unmatched` (lexicon-2000 plus terms that occur nowhere in the corpus: same matches,
///   bigger automaton; `make_lexicon.py --unmatched`), default `2000,100000`; the first one is the
///   pipeline's lexicon;
/// - `SPANCODER_BENCH_DENSE_ROWS`, `SPANCODER_BENCH_DFA_BUDGET`: the hybrid automaton's dense-row
///   budget and the DFA's memory budget in KiB (`ByteAutomaton.Options`; default: the library's),
///   for tuning them;
/// - `SPANCODER_BENCH_EVAL_SPANS`: spans per side of the evaluator benchmark (default 1,000,000);
/// - `SPANCODER_BENCH_SMOKE`: any value runs every benchmark once (for CI: it must run, it is not timed).
enum BenchConfig {
    static let environment = ProcessInfo.processInfo.environment
    static let packageRoot: String = {
        // …/Benchmarks/Benchmarks/SpanCoderBenchmarks/Fixtures.swift → …/Benchmarks
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let dataDirectory = environment["SPANCODER_BENCH_DATA"] ?? packageRoot + "/data"
    static let size = environment["SPANCODER_BENCH_SIZE"] ?? "10M"
    static let lexiconSizes: [String] = (environment["SPANCODER_BENCH_LEXICONS"] ?? "2000,100000")
        .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    static let automaton: ByteAutomaton.Options = {
        var options = ByteAutomaton.Options()
        if let kib = Int(environment["SPANCODER_BENCH_DENSE_ROWS"] ?? "") { options.denseRowBudget = kib << 10 }
        if let kib = Int(environment["SPANCODER_BENCH_DFA_BUDGET"] ?? "") { options.dfaMemoryBudget = kib << 10 }
        return options
    }()
    static let evalSpans = Int(environment["SPANCODER_BENCH_EVAL_SPANS"] ?? "") ?? 1_000_000
    static let smoke = environment["SPANCODER_BENCH_SMOKE"] != nil
    static let languages = ["zh", "en", "mixed"]

    static func corpusPath(_ language: String) -> String { "\(dataDirectory)/corpus-\(language)-\(size).jsonl" }
    /// `2000` → `lexicon-2000`, `100000u` → `lexicon-100000-unmatched`.
    static func lexiconPath(_ entries: String) -> String {
        entries.hasSuffix("u") ? "\(dataDirectory)/lexicon-\(entries.dropLast())-unmatched" : "\(dataDirectory)/lexicon-\(entries)"
    }

    /// The `make_lexicon.py` arguments that make the set of `entries`.
    static func lexiconArguments(_ entries: String) -> String {
        entries.hasSuffix("u") ? "--entries \(entries.dropLast()) --unmatched" : "--entries \(entries)"
    }

    /// Stops with the command that makes the data, when some of it is missing.
    static func checkData() {
        var missing = languages.map(corpusPath).filter { !FileManager.default.fileExists(atPath: $0) }
        missing += lexiconSizes.map(lexiconPath).filter { !FileManager.default.fileExists(atPath: $0 + "/taxonomy.yaml") }
        if lexiconSizes.isEmpty { missing.append("SPANCODER_BENCH_LEXICONS (no sizes)") }
        for entries in lexiconSizes where Int(entries.hasSuffix("u") ? String(entries.dropLast()) : entries) == nil {
            missing.append("SPANCODER_BENCH_LEXICONS: \(entries) is not a size (N or Nu)")
        }
        guard !missing.isEmpty else { return }
        let message = """
            spancoder benchmarks: missing benchmark data:
              \(missing.joined(separator: "\n  "))
            make it with:
              python3 Benchmarks/make_corpus.py --size \(size) --out \(dataDirectory)
            \(lexiconSizes.map { "  python3 Benchmarks/make_lexicon.py \(lexiconArguments($0)) --out \(dataDirectory)" }.joined(separator: "\n"))

            """
        FileHandle.standardError.write(Data(message.utf8))
        exit(2)
    }
}

/// One corpus in memory: its documents and their total UTF-8 size.
struct Corpus: Sendable {
    var documents: [Document]
    var bytes: Int
    /// Each document's normalized bytes, for the matching benchmarks (which measure the scan alone).
    var normalized: [[UInt8]]
}

/// Loads each fixture once per process, whatever benchmark asks first.
final class Fixtures: @unchecked Sendable {
    static let shared = Fixtures()
    private let lock = NSLock()
    private var corpora: [String: Corpus] = [:]
    private var sets: [String: LexiconSet] = [:]
    private var compiled: [String: CompiledLexicon] = [:]
    private var eval: EvalFixture?

    private func cached<Key: Hashable, Value>(_ table: ReferenceWritableKeyPath<Fixtures, [Key: Value]>, _ key: Key, make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = self[keyPath: table][key] { return value }
        let value = make()
        self[keyPath: table][key] = value
        return value
    }

    func corpus(_ language: String) -> Corpus {
        cached(\.corpora, language) {
            var documents: [Document] = []
            for result in DocumentInputs(paths: [BenchConfig.corpusPath(language)]) {
                switch result {
                case .success(let document): documents.append(document)
                case .failure(let error): fatalError("benchmark corpus: \(error)")
                }
            }
            let normalizer = TextNormalizer.shared(.matching)
            let normalized = documents.map { Array(normalizer.normalize($0.text).utf8) }
            return Corpus(documents: documents, bytes: documents.reduce(0) { $0 + $1.text.utf8.count }, normalized: normalized)
        }
    }

    func lexiconSet(_ entries: String) -> LexiconSet {
        cached(\.sets, entries) {
            do { return try LexiconSet.load(directory: BenchConfig.lexiconPath(entries)) } catch { fatalError("benchmark lexicon: \(error)") }
        }
    }

    func lexicon(_ entries: String) -> CompiledLexicon {
        let set = lexiconSet(entries)
        return cached(\.compiled, entries) {
            do {
                let compiled = try CompiledLexicon(set: set, automaton: BenchConfig.automaton)
                // What the scan works with: the size of its table decides whether it stays in cache.
                let automaton = compiled.matcher.automaton
                let line = "lexicon-\(entries): \(automaton.patternCount) patterns, \(automaton.stateCount) states, "
                    + "\(automaton.classCount) byte classes, \(automaton.representation.rawValue) (\(automaton.denseStateCount) dense states), "
                    + "\(automaton.transitionBytes / 1024) KiB of transitions\n"
                // The benchmark tool swallows standard error: leave it beside the data.
                FileManager.default.createFile(atPath: "\(BenchConfig.dataDirectory)/automaton-\(entries).txt", contents: Data(line.utf8))
                return compiled
            } catch { fatalError("benchmark lexicon: \(error)") }
        }
    }

    func evalFixture() -> EvalFixture {
        lock.lock()
        defer { lock.unlock() }
        if let eval { return eval }
        let made = EvalFixture(spans: BenchConfig.evalSpans)
        eval = made
        return made
    }
}

/// Gold and predicted spans for the evaluator: 100 spans a document over 21 codes, the predictions
/// a realistic mix of exact hits, shifted boundaries, wrong codes, misses and false alarms.
struct EvalFixture: Sendable {
    var goldJSONL: Data
    var predJSONL: Data
    var spans: Int

    init(spans: Int) {
        let codes = ["risk.transparency", "risk.reliability", "risk.robustness", "risk.bias", "risk.interpretability",
                     "risk.dangerous-capabilities", "risk.cybersecurity", "risk.privacy", "gov.adversarial-testing",
                     "gov.ai-for-safety", "gov.convening", "gov.disclosure", "gov.evaluations", "gov.external-auditing",
                     "gov.governance-development", "gov.input-controls", "gov.liability", "gov.licensing-registration",
                     "gov.pilots-testbeds", "gov.risk-assessments", "gov.technical-mitigations"]
        var rng = SplitMix64(seed: 42)
        var gold = ""
        var pred = ""
        gold.reserveCapacity(spans * 64)
        pred.reserveCapacity(spans * 64)
        var written = 0
        var doc = 0
        while written < spans {
            var position = 0
            for _ in 0..<min(100, spans - written) {
                let start = position + Int(rng.next() % 40)
                let end = start + 20 + Int(rng.next() % 200)
                position = end
                let code = codes[Int(rng.next() % UInt64(codes.count))]
                gold += "{\"doc\":\"d\(doc)\",\"start\":\(start),\"end\":\(end),\"codes\":[\"\(code)\"]}\n"
                let roll = rng.next() % 100
                switch roll {
                case 0..<60:  // exact
                    pred += "{\"doc\":\"d\(doc)\",\"start\":\(start),\"end\":\(end),\"codes\":[\"\(code)\"]}\n"
                case 60..<75:  // shifted boundaries
                    pred += "{\"doc\":\"d\(doc)\",\"start\":\(start + 3),\"end\":\(end + 5),\"codes\":[\"\(code)\"]}\n"
                case 75..<85:  // wrong code
                    let other = codes[Int(rng.next() % UInt64(codes.count))]
                    pred += "{\"doc\":\"d\(doc)\",\"start\":\(start),\"end\":\(end),\"codes\":[\"\(other)\"]}\n"
                case 85..<95:  // false alarm elsewhere, gold missed
                    let other = codes[Int(rng.next() % UInt64(codes.count))]
                    pred += "{\"doc\":\"d\(doc)\",\"start\":\(end + 1),\"end\":\(end + 9),\"codes\":[\"\(other)\"]}\n"
                default:  // two codes
                    let other = codes[Int(rng.next() % UInt64(codes.count))]
                    pred += "{\"doc\":\"d\(doc)\",\"start\":\(start),\"end\":\(end),\"codes\":[\"\(code)\",\"\(other)\"]}\n"
                }
                written += 1
            }
            doc += 1
        }
        self.goldJSONL = Data(gold.utf8)
        self.predJSONL = Data(pred.utf8)
        self.spans = spans
    }

    func inputs() -> EvalInputs {
        var vocabulary = Vocabulary()
        let gold = SpanJSONLReader.parse(data: goldJSONL, file: "gold.jsonl", name: "gold", vocabulary: &vocabulary)
        let pred = SpanJSONLReader.parse(data: predJSONL, file: "pred.jsonl", name: "pred", vocabulary: &vocabulary)
        return EvalInputs(vocabulary: vocabulary, corpus: EvalCorpus(), gold: gold, pred: pred)
    }
}
