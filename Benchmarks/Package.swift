// swift-tools-version:6.1
import PackageDescription

// A nested package, so that the main build and CI carry no benchmark dependencies.
// Run from this folder: `swift package benchmark` (see README.md).
let package = Package(
    name: "SpanCoderBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "SpanCoder", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SpanCoderBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SpanCoderCore", package: "SpanCoder"),
                .product(name: "SpanCoderText", package: "SpanCoder"),
                .product(name: "SpanCoderLexicon", package: "SpanCoder"),
                .product(name: "SpanCoderMatching", package: "SpanCoder"),
                .product(name: "SpanCoderClassify", package: "SpanCoder"),
                .product(name: "SpanCoderFormats", package: "SpanCoder"),
                .product(name: "SpanCoderEval", package: "SpanCoder"),
                .product(name: "SpanCoderCLI", package: "SpanCoder"),
            ],
            path: "Benchmarks/SpanCoderBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
