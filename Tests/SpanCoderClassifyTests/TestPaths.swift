import Foundation

/// The package root, whatever its folder is called (CI clones to a fresh folder).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
/// The shipped lexicon set.
let lexiconDirectory = packageRoot + "/Lexicons/us-china-ai-governance"
/// The shared corpus's texts, beside the repository (tests that read them are skipped without it).
let corpusDirectory = packageRoot + "/../shared/corpus/texts"

func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
