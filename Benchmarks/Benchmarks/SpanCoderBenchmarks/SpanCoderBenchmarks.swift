import Benchmark
import Foundation
import SpanCoderClassify
import SpanCoderCLI
import SpanCoderCore
import SpanCoderEval
import SpanCoderFormats
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText

// Every throughput benchmark processes a whole corpus per iteration and reports, besides the wall
// clock, MB/s of UTF-8 input (and spans/s where spans are made) as custom metrics: MB = 10^6 bytes.
// Names say what is measured: `Stage/what/language[/lexicon size]`.

enum Metrics {
    static let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    static let spansPerSecond = BenchmarkMetric.custom("spans/s (k)", polarity: .prefersLarger, useScalingFactor: false)
}

/// Runs `body` once under the benchmark's measurement and records MB/s for `bytes` of input and,
/// when `body` returns a count, thousands of spans per second.
@inline(never)
func measure(_ benchmark: Benchmark, bytes: Int, _ body: () -> Int) {
    let clock = ContinuousClock()
    benchmark.startMeasurement()
    let began = clock.now
    let spans = body()
    let elapsed = clock.now - began
    benchmark.stopMeasurement()
    blackHole(spans)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if bytes > 0 { benchmark.measurement(Metrics.megabytesPerSecond, Int((Double(bytes) / 1e6 / seconds).rounded())) }
    if spans > 0 { benchmark.measurement(Metrics.spansPerSecond, Int((Double(spans) / 1e3 / seconds).rounded())) }
}

func configuration(metrics extra: [BenchmarkMetric] = [], seconds: Int = 10, iterations: Int = 5) -> Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, Metrics.megabytesPerSecond] + extra,
        warmupIterations: BenchConfig.smoke ? 0 : 1,
        maxDuration: .seconds(BenchConfig.smoke ? 1 : seconds),
        maxIterations: BenchConfig.smoke ? 1 : iterations
    )
}

/// The body of `spancoder tag` without file input and output: the same runner, pipeline and JSONL
/// renderer, writing into a byte counter.
@inline(never)
func runTag(_ pipeline: TaggingPipeline, _ corpus: Corpus, jobs: Int) -> Int {
    var written = 0
    let renderer = TagRenderer(format: .jsonl, options: TagOutputOptions())
    let output = TagOutput(renderer: renderer, writeBytes: { written += $0.count })
    let runner = TaggingRunner(jobs: jobs)
    do {
        let summary = try runner.run(documents: corpus.documents.lazy.map { Result.success($0) }, output: output,
                                     tagChunk: pipeline.chunkTagger(format: .jsonl))
        try output.finish()
        blackHole(written)
        return summary.spans
    } catch {
        fatalError("tag pipeline failed: \(error)")
    }
}

let benchmarks: @Sendable () -> Void = {
    BenchConfig.checkData()
    AllocatorTuning.favourThroughput()  // as `spancoder tag` does
    let fixtures = Fixtures.shared
    let pipelineEntries = BenchConfig.lexiconSizes[0]

    // The ceiling: one pass of memchr over every document (what no stage can beat).
    Benchmark("Baseline/memchr/mixed", configuration: configuration()) { benchmark in
        let corpus = fixtures.corpus("mixed")
        measure(benchmark, bytes: corpus.bytes) {
            var lines = 0
            for document in corpus.documents {
                var text = document.text
                text.withUTF8 { bytes in
                    guard var p = bytes.baseAddress else { return }
                    let end = p + bytes.count
                    while p < end, let hit = memchr(p, 0x0A, end - p) {
                        lines += 1
                        p = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
                    }
                }
            }
            return 0 * lines
        }
    }

    for language in BenchConfig.languages {
        Benchmark("Segment/sentences/\(language)", configuration: configuration(metrics: [Metrics.spansPerSecond])) { benchmark in
            let corpus = fixtures.corpus(language)
            let segmenter = Segmenter(unit: .sentence)
            measure(benchmark, bytes: corpus.bytes) {
                corpus.documents.reduce(0) { $0 + segmenter.segments(of: $1.text).count }
            }
        }

        Benchmark("Normalize/matching/\(language)", configuration: configuration()) { benchmark in
            let corpus = fixtures.corpus(language)
            let normalizer = TextNormalizer.shared(.matching)
            measure(benchmark, bytes: corpus.bytes) {
                var total = 0
                for document in corpus.documents { total &+= normalizer.normalize(document.text).utf8.count }
                blackHole(total)
                return 0
            }
        }

        // The automaton's scan alone, over pre-normalized text, at every lexicon size: its speed must
        // not depend on the lexicon's size (target: within 20% from 2,000 to 100,000 entries).
        for entries in BenchConfig.lexiconSizes {
            Benchmark("Match/automaton/\(language)/\(entries)", configuration: configuration()) { benchmark in
                let corpus = fixtures.corpus(language)
                let automaton = fixtures.lexicon(entries).matcher.automaton
                var found = 0
                measure(benchmark, bytes: corpus.bytes) {
                    var matches = 0
                    for text in corpus.normalized {
                        text.withUnsafeBufferPointer { bytes in automaton.forEachMatch(in: bytes) { _ in matches += 1 } }
                    }
                    blackHole(matches)
                    found = matches
                    return 0
                }
                // The match count beside the data (the benchmark tool swallows standard error): the
                // unmatched sets must report exactly the matches of the set they extend.
                _ = FileManager.default.createFile(atPath: "\(BenchConfig.dataDirectory)/matches-\(language)-\(entries).txt",
                                                   contents: Data("\(found)\n".utf8))
            }
        }

        // Term semantics on top of the scan: word edges, wildcards, containment.
        Benchmark("Match/terms/\(language)/\(pipelineEntries)", configuration: configuration()) { benchmark in
            let corpus = fixtures.corpus(language)
            let matcher = fixtures.lexicon(pipelineEntries).matcher
            measure(benchmark, bytes: corpus.bytes) {
                var matches = 0
                for text in corpus.normalized {
                    text.withUnsafeBufferPointer { bytes in matches += matcher.matches(inNormalized: bytes).count }
                }
                blackHole(matches)
                return 0
            }
        }

        // Classification alone: the corpus segmented, normalized and scanned once, outside the
        // measurement; each iteration proposes codes for every span (scores, rules, evidence), as
        // `tag` does before writing. Spans/s counts the spans given codes.
        Benchmark("Classify/proposals/\(language)/\(pipelineEntries)",
                  configuration: configuration(metrics: [Metrics.spansPerSecond])) { benchmark in
            let corpus = fixtures.corpus(language)
            let classifier = Classifier(lexicon: fixtures.lexicon(pipelineEntries))
            let segmenter = Segmenter()
            let scanned = classifier.scan(documents: corpus.documents.map { document in
                var text = document.text
                return (document, text.withUTF8 { segmenter.byteRanges(utf8: $0) })
            })
            measure(benchmark, bytes: corpus.bytes) {
                var coded = 0
                for document in scanned {
                    classifier.forEachCodedSpan(document) { _, _, _, proposals in coded &+= proposals.codes.count > 0 ? 1 : 0 }
                }
                return coded
            }
        }

        // The whole `tag` pipeline in one process: segment, normalize, scan, classify, render JSONL.
        // `mixed-paragraphs`: the mixed corpus with each paragraph a document (`make_corpus.py
        // --paragraphs`), when it is there: what a document costs beyond its bytes.
        let paragraphs = language + "-paragraphs"
        if language == "mixed" && FileManager.default.fileExists(atPath: BenchConfig.corpusPath(paragraphs)) {
            Benchmark("Tag/pipeline/\(paragraphs)/\(pipelineEntries)/jobs 1",
                      configuration: configuration(metrics: [Metrics.spansPerSecond])) { benchmark in
                let corpus = fixtures.corpus(paragraphs)
                let pipeline: TaggingPipeline
                do {
                    pipeline = try TaggingPipeline(lexiconDirectory: BenchConfig.lexiconPath(pipelineEntries), jobs: 1)
                } catch {
                    fatalError("\(error)")
                }
                measure(benchmark, bytes: corpus.bytes) { runTag(pipeline, corpus, jobs: 1) }
            }
        }
        for jobs in language == "mixed" ? [1, 2] : [1] {
            Benchmark("Tag/pipeline/\(language)/\(pipelineEntries)/jobs \(jobs)",
                      configuration: configuration(metrics: [Metrics.spansPerSecond])) { benchmark in
                let corpus = fixtures.corpus(language)
                let pipeline: TaggingPipeline
                do {
                    pipeline = try TaggingPipeline(lexiconDirectory: BenchConfig.lexiconPath(pipelineEntries), jobs: jobs)
                } catch {
                    fatalError("\(error)")
                }
                measure(benchmark, bytes: corpus.bytes) { runTag(pipeline, corpus, jobs: jobs) }
            }
        }
    }

    for entries in BenchConfig.lexiconSizes {
        Benchmark("Lexicon/load YAML/\(entries)", configuration: configuration(seconds: 20, iterations: 3)) { benchmark in
            measure(benchmark, bytes: 0) {
                do { return try LexiconSet.load(directory: BenchConfig.lexiconPath(entries)).lexicons.count * 0 } catch { fatalError("\(error)") }
            }
        }
        Benchmark("Lexicon/compile/\(entries)", configuration: configuration(seconds: 20, iterations: 3)) { benchmark in
            let set = fixtures.lexiconSet(entries)
            measure(benchmark, bytes: 0) {
                do {
                    let compiled = try CompiledLexicon(set: set)
                    blackHole(compiled)
                    return 0
                } catch { fatalError("\(error)") }
            }
        }
    }

    // The evaluator on N gold × N predicted spans, read from JSONL in memory (spans/s counts both sides).
    for mode in [EvalMode.overlap, .exact] {
        Benchmark("Eval/\(mode.rawValue)/\(BenchConfig.evalSpans) x \(BenchConfig.evalSpans)",
                  configuration: configuration(metrics: [Metrics.spansPerSecond], seconds: 30, iterations: 3)) { benchmark in
            let fixture = fixtures.evalFixture()
            var settings = EvalSettings()
            settings.mode = mode
            measure(benchmark, bytes: 0) {
                do {
                    let report = try Evaluator.evaluate(fixture.inputs(), settings)
                    blackHole(report)
                    return 2 * fixture.spans
                } catch { fatalError("\(error)") }
            }
        }
    }
}
