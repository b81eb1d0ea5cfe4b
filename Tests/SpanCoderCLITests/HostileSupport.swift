import Foundation
import Testing

/// Runs the real `spancoder` binary as a subprocess, so exit codes and signals are the ones a user sees.
enum CLI {
    /// The package root: this file is `<root>/Tests/SpanCoderCLITests/HostileSupport.swift`.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let lexiconSet = packageRoot + "/Lexicons/us-china-ai-governance"

    /// The `spancoder` executable built beside this test bundle (same products folder), else in the
    /// package's debug build folder.
    static let executable: String? = {
        var candidates: [String] = []
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = me.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("spancoder").path)
            folder.deleteLastPathComponent()
        }
        candidates.append(packageRoot + "/.build/debug/spancoder")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Outcome: CustomStringConvertible {
        var status: Int32
        /// True when the process died of a signal (a crash), with `status` the signal number.
        var signaled: Bool
        var stdout: Data
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var description: String { "exit \(signaled ? "signal " : "")\(status); stderr: \(stderr.prefix(2000))" }
    }

    /// A child that exits before reading all of its input must not take the test process down with
    /// SIGPIPE: with the signal ignored, the write fails with EPIPE instead, which the writer tolerates.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Runs `spancoder arguments…`, feeding `stdin` when given.
    static func run(_ arguments: [String], stdin: Data? = nil, currentDirectory: String? = nil, environment: [String: String] = [:]) throws -> Outcome {
        guard let executable else {
            throw TestFailure("the spancoder executable is not built (swift build --build-tests builds it)")
        }
        return try runProgram(executable, arguments, stdin: stdin, currentDirectory: currentDirectory, environment: environment)
    }

    /// Runs `executable arguments…` (a shell that sets up and execs spancoder, say), feeding `stdin` when given.
    static func runProgram(_ executable: String, _ arguments: [String], stdin: Data? = nil, currentDirectory: String? = nil,
                           environment: [String: String] = [:]) throws -> Outcome {
        _ = ignoreBrokenPipes
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        // Read both pipes concurrently so a large output cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        if let stdin {
            let writer = input.fileHandleForWriting
            DispatchQueue.global().async {
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        return Outcome(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                       stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh folder under the temporary directory, removed by `defer { CLI.remove(folder) }`.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "spancoder-hostile-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Exit codes of `ExitStatus` (sysexits).
enum Exit {
    static let success: Int32 = 0
    static let partial: Int32 = 1
    static let usage: Int32 = 64
    static let badInput: Int32 = 65
    static let `internal`: Int32 = 70
    static let output: Int32 = 74
}
