// libFuzzer harnesses for SpanCoder's input paths: one binary, the target chosen by the environment
// variable SPANCODER_FUZZ_TARGET (see `scripts/fuzz.sh`). One binary keeps the sanitizer build to one
// link; every target checks the invariants its API documents and traps (a crash libFuzzer records)
// when one is broken. Errors thrown as `SpanCoderError` are the expected outcome for bad input;
// anything else thrown is a finding.

import Foundation
import SpanCoderClassify
import SpanCoderCore
import SpanCoderEval
import SpanCoderFormats
import SpanCoderLexicon
import SpanCoderText

/// Traps with a message (libFuzzer saves the input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("invariant broken: \(message())\n".utf8))
        abort()
    }
}

/// An error that is not a `SpanCoderError`, or one without a file name, is a finding.
func expectSpanCoderError(_ error: Error, _ target: String) {
    guard let error = error as? SpanCoderError else {
        check(false, "\(target): non-SpanCoderError thrown: \(error)")
        return
    }
    check(error.kind != .internal, "\(target): internal error for input: \(error)")
}

let targets: [String: @Sendable (UnsafeBufferPointer<UInt8>) -> Void] = [
    "decode": FuzzTargets.decode,
    "segment": FuzzTargets.segment,
    "lexicon": FuzzTargets.lexicon,
    "match": FuzzTargets.match,
    "match-batch": FuzzTargets.matchBatch,
    "corpus": FuzzTargets.corpus,
    "spans-jsonl": FuzzTargets.spansJSONL,
    "csv-quotes": FuzzTargets.csvQuotes,
    "brat": FuzzTargets.brat,
    "label-studio": FuzzTargets.labelStudio,
    "doccano": FuzzTargets.doccano,
]

nonisolated(unsafe) var selected: (@Sendable (UnsafeBufferPointer<UInt8>) -> Void)?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let name = ProcessInfo.processInfo.environment["SPANCODER_FUZZ_TARGET"] ?? ""
    guard let target = targets[name] else {
        FileHandle.standardError.write(Data("set SPANCODER_FUZZ_TARGET to one of: \(targets.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    FuzzTargets.setUp(target: name)
    selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let buffer = UnsafeBufferPointer(start: size == 0 ? nil : data, count: size)
    selected?(buffer)
    return 0
}

// SwiftPM links an executable target with `--defsym main=<Module>_main`, so libFuzzer's own `main` is
// never used: this entry point hands the command line to libFuzzer's driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("SpanCoderFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzerTestOneInput(data, size) }
}
