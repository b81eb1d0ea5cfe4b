// swift-tools-version:6.1
import PackageDescription

// One module per stage of the pipeline: text → segments → matches → proposals → evaluation → reports.
// ICU is reached only through the small C target `CICU`, whose public header uses stdint types and
// opaque handles: Swift cannot import ICU's versioned symbol macros, and system ICU headers clash with
// the ICU that Foundation carries.
let package = Package(
    name: "SpanCoder",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "spancoder", targets: ["spancoder"]),
        .library(name: "SpanCoderCore", targets: ["SpanCoderCore"]),
        .library(name: "SpanCoderText", targets: ["SpanCoderText"]),
        .library(name: "SpanCoderLexicon", targets: ["SpanCoderLexicon"]),
        .library(name: "SpanCoderMatching", targets: ["SpanCoderMatching"]),
        .library(name: "SpanCoderClassify", targets: ["SpanCoderClassify"]),
        .library(name: "SpanCoderFormats", targets: ["SpanCoderFormats"]),
        .library(name: "SpanCoderEval", targets: ["SpanCoderEval"]),
        .library(name: "SpanCoderStats", targets: ["SpanCoderStats"]),
        .library(name: "SpanCoderCLI", targets: ["SpanCoderCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        // Removes atomic writes' temporary files and folders on SIGINT/SIGTERM/SIGHUP (C: the handler
        // must be async-signal-safe, which Swift code cannot promise).
        .target(name: "CInterruptCleanup"),
        .target(name: "SpanCoderCore", dependencies: ["CInterruptCleanup"]),
        .target(name: "SpanCoderText", dependencies: ["SpanCoderCore", "CICU"]),
        .target(
            name: "SpanCoderLexicon",
            dependencies: ["SpanCoderCore", "SpanCoderText", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "SpanCoderMatching",
            dependencies: ["SpanCoderCore", "SpanCoderText", "SpanCoderLexicon"]
        ),
        .target(
            name: "SpanCoderClassify",
            dependencies: ["SpanCoderCore", "SpanCoderText", "SpanCoderLexicon", "SpanCoderMatching"]
        ),
        .target(
            name: "SpanCoderFormats",
            dependencies: ["SpanCoderCore", "SpanCoderText"]
        ),
        .target(
            name: "SpanCoderEval",
            dependencies: ["SpanCoderCore", "SpanCoderText", "SpanCoderFormats", .product(name: "CSV", package: "CSV.swift")]
        ),
        .target(
            name: "SpanCoderStats",
            dependencies: ["SpanCoderCore", "SpanCoderText", "SpanCoderFormats", .product(name: "CSV", package: "CSV.swift")]
        ),
        .target(
            name: "SpanCoderCLI",
            dependencies: [
                "CICU", "SpanCoderCore", "SpanCoderText", "SpanCoderLexicon", "SpanCoderMatching",
                "SpanCoderClassify", "SpanCoderFormats", "SpanCoderEval", "SpanCoderStats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .executableTarget(name: "spancoder", dependencies: ["SpanCoderCLI"]),

        .testTarget(name: "SpanCoderTextTests", dependencies: ["SpanCoderText"]),
        .testTarget(name: "SpanCoderLexiconTests", dependencies: ["SpanCoderLexicon"]),
        .testTarget(name: "SpanCoderMatchingTests", dependencies: ["SpanCoderMatching"]),
        .testTarget(name: "SpanCoderClassifyTests", dependencies: ["SpanCoderClassify"]),
        // CSV.swift reads back and cross-checks the CSV that SpanCoderFormats writes.
        .testTarget(name: "SpanCoderFormatsTests", dependencies: ["SpanCoderFormats", .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(name: "SpanCoderEvalTests", dependencies: ["SpanCoderEval"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SpanCoderStatsTests", dependencies: ["SpanCoderStats"]),
        .testTarget(name: "SpanCoderCLITests", dependencies: ["SpanCoderCLI"], exclude: ["Golden"]),
    ]
)

// libFuzzer harnesses (Fuzz/, scripts/fuzz.sh), only when SPANCODER_FUZZ=1: the normal build and CI
// never see them.
if Context.environment["SPANCODER_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "SpanCoderFuzz",
        dependencies: ["SpanCoderCore", "SpanCoderText", "SpanCoderLexicon", "SpanCoderMatching", "SpanCoderClassify", "SpanCoderFormats", "SpanCoderEval"],
        path: "Fuzz/Sources/SpanCoderFuzz"
    ))
}
