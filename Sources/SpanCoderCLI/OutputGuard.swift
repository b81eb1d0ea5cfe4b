import SpanCoderCore
import SpanCoderText

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses an output that would destroy one of the command's inputs, or be read as one by the next run
/// (hostile-input.md, "An output that is an input").
///
/// Every command reads its inputs and then renames its finished output into place, so
/// `tag corpus.jsonl -o corpus.jsonl` used to run to the end, replace the corpus with its tags and exit
/// 0: nothing looked wrong until the corpus was gone. Each command calls this first, before any work,
/// and a clash is a usage error (exit 64) naming both paths.
///
/// Paths are compared as the file system sees them: an existing output by device and inode (through
/// symbolic links), a new one by the real path of its folder and its name. Standard output (`-`) and
/// devices, FIFOs and sockets (`/dev/null`), which are written in place and never replaced, are not
/// checked.
enum OutputGuard {
    /// Something a command reads: a file, or a folder whose files it reads.
    struct Input {
        /// The path as given; `-` is standard input.
        var path: String
        /// What the command calls it, for messages: "input", "--gold", "lexicon set".
        var role: String
        /// When `path` is a folder: the extensions (lowercase, without the dot) of the files the command
        /// reads from it, at any depth; nil for every file.
        var extensions: Set<String>?
        /// Whether the command skips names starting with `.` inside the folder.
        var skipsHidden: Bool

        init(_ path: String, role: String, extensions: Set<String>?, skipsHidden: Bool = true) {
            (self.path, self.role, self.extensions, self.skipsHidden) = (path, role, extensions, skipsHidden)
        }

        /// An input of `segment` and `tag` (and `--corpus` of `lexicon suggest`): a text file, a JSONL
        /// corpus, a folder of them (`DocumentInputs`: .txt, .md, .jsonl, hidden names skipped), or `-`.
        static func documents(_ path: String, role: String = "input") -> Input {
            Input(path, role: role, extensions: DocumentInputs.defaultTextExtensions.union(["jsonl"]))
        }

        /// A file the command reads whole (a gold file, a manifest); named as a folder, every file in it.
        static func file(_ path: String, role: String) -> Input {
            Input(path, role: role, extensions: nil, skipsHidden: false)
        }

        /// A lexicon set folder as `LexiconSet.load` and `lexicon check` read it: YAML files at any depth
        /// (hidden ones too) and `probes.tsv`. (`tag --lexicons` is `file`: its resume journal hashes every
        /// file of the set.)
        static func lexiconSet(_ path: String, role: String = "lexicon set") -> Input {
            Input(path, role: role, extensions: ["yaml", "yml", "tsv"], skipsHidden: false)
        }
    }

    /// Device and inode.
    private struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Where an output file lands.
    private struct Place {
        /// Real path of its folder, and its name there.
        var folder: String
        var name: String
        /// When the file exists.
        var identity: Identity?
        var path: String { folder == "/" ? "/" + name : folder + "/" + name }
    }

    /// Refuses `--output FILE` (named `option` in messages) when FILE is one of `inputs`, or lies in an
    /// input folder where the command would read it next time.
    /// - Throws: `SpanCoderError.output` when FILE's folder does not exist (found here, before the
    ///   reading and scoring, not by the writer at the end); `SpanCoderError.usage` naming both paths.
    ///   Other paths that cannot be resolved (a loop of links) are left to the writer, which reports them
    ///   (exit 74).
    static func checkFile(output: String?, option: String = "--output", inputs: [Input]) throws {
        if let output, output != "-" {
            let folder = AtomicFileWriter.directory(of: output)
            var info = stat()
            if stat(folder, &info) != 0 || info.st_mode & S_IFMT != S_IFDIR {
                throw SpanCoderError(.output, "\(option) \(output): the folder \(folder) does not exist (or is not a folder); create it first")
            }
        }
        guard let output, output != "-", let destination = try? OutputDestination.of(output),
              case .file(let target) = destination, let place = place(of: target) else { return }
        for input in inputs {
            if input.path == "-" {
                // `tag - -o corpus.jsonl < corpus.jsonl`.
                var info = stat()
                if let identity = place.identity, fstat(0, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Identity(info) == identity {
                    throw SpanCoderError(.usage, "\(option) \(output) is the file standard input reads from: writing it would replace that \(input.role) with this command's output; name another output file")
                }
                continue
            }
            var info = stat()
            guard !input.path.isEmpty, stat(input.path, &info) == 0 else { continue }  // a missing input is reported by the command
            if info.st_mode & S_IFMT != S_IFDIR {
                if let identity = place.identity, Identity(info) == identity {
                    throw SpanCoderError(.usage, "\(option) \(output) is the \(input.role) \(input.path): writing it would replace that \(input.role) with this command's output; name another output file")
                }
                continue
            }
            guard let root = realPath(input.path) else { continue }
            let readsOutput = reads(name: place.name, input: input)
            guard readsOutput || place.identity != nil else { continue }
            try walk(root, input: input) { folder in
                if readsOutput && folder == place.folder {
                    let how = place.identity == nil
                        ? "the next run would read this output as an input"
                        : "this output is one of the files read, and would be replaced by what the command makes of it"
                    let shown = folder == root ? input.path : "\(input.path) (in its folder \(display(folder, root: root, given: input.path)))"
                    throw SpanCoderError(.usage, "\(option) \(output) is inside the \(input.role) folder \(shown), whose \(describe(input.extensions)) are read: \(how); write the output outside that folder")
                }
            } onLinkedFile: { link, info in
                // A symbolic link in the folder that leads to the output: the output is read through it.
                if let identity = place.identity, Identity(info) == identity, reads(name: lastComponent(link), input: input) {
                    throw SpanCoderError(.usage, "\(option) \(output) is the file that \(display(link, root: root, given: input.path)) (in the \(input.role) folder \(input.path)) links to: writing it would replace that \(input.role) with this command's output; name another output file")
                }
            }
        }
    }

    /// Refuses an output folder (`tag --format brat|html -o DIR`) that is, holds or lies inside an input
    /// folder, or holds an input file: the folder is replaced whole, and brat's `.txt` files inside an
    /// input folder would be read as documents next time.
    static func checkFolder(output: String, option: String = "--output", inputs: [Input]) throws {
        var info = stat()
        let exists = stat(output, &info) == 0
        if exists && info.st_mode & S_IFMT != S_IFDIR { return }  // TagOutput refuses a file
        var trimmed = output
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let target = exists ? realPath(trimmed) : place(of: trimmed)?.path else { return }
        for input in inputs where input.path != "-" && !input.path.isEmpty {
            guard stat(input.path, &info) == 0, let path = realPath(input.path) else { continue }
            if info.st_mode & S_IFMT != S_IFDIR {
                if isInside(path, target) {
                    throw SpanCoderError(.usage, "\(option) \(output) holds the \(input.role) \(input.path), and the folder is replaced whole: write the output to another folder")
                }
                continue
            }
            try walk(path, input: input) { folder in
                let relation = folder == target ? "is" : isInside(folder, target) ? "holds" : isInside(target, folder) ? "is inside" : nil
                guard let relation else { return }
                let shown = folder == path ? input.path : "\(input.path) (through its folder \(display(folder, root: path, given: input.path)))"
                throw SpanCoderError(.usage, "\(option) \(output) \(relation) the \(input.role) folder \(shown): the output folder is replaced whole, and the files in it would be read as inputs next time; write the output to a folder outside it")
            } onLinkedFile: { link, _ in
                if let linked = realPath(link), isInside(linked, target) {
                    throw SpanCoderError(.usage, "\(option) \(output) holds \(linked), which \(display(link, root: path, given: input.path)) in the \(input.role) folder \(input.path) links to, and the folder is replaced whole: write the output to another folder")
                }
            }
        }
    }

    // MARK: - Walking input folders

    /// Visits `root` (a real path) and the folders under it that `input` reads, following symbolic links
    /// to folders (once each: loops are cut), with the real path of each; and calls `onLinkedFile` for
    /// each symbolic link to a file. Only links are `stat`ed: the folder names come from `readdir`'s
    /// types, so a folder of 100,000 documents costs a listing, not 100,000 calls.
    private static func walk(_ root: String, input: Input, onFolder: (String) throws -> Void,
                             onLinkedFile: (String, stat) throws -> Void) throws {
        var visited: Set<Identity> = []
        var pending = [root]
        while let folder = pending.popLast() {
            var info = stat()
            guard stat(folder, &info) == 0, visited.insert(Identity(info)).inserted else { continue }
            try onFolder(folder)
            guard let directory = opendir(folder) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name == "." || name == ".." || (input.skipsHidden && name.hasPrefix(".")) { continue }
                let child = folder == "/" ? "/" + name : folder + "/" + name
                let type = Int(entry.pointee.d_type)
                switch type {
                case Int(DT_DIR):
                    pending.append(child)
                case Int(DT_LNK), Int(DT_UNKNOWN):
                    var target = stat()
                    guard stat(child, &target) == 0 else { continue }
                    if target.st_mode & S_IFMT == S_IFDIR {
                        if let real = realPath(child) { pending.append(real) }
                    } else if type == Int(DT_LNK) || isLink(child) {
                        try onLinkedFile(child, target)
                    }
                default:
                    continue
                }
            }
        }
    }

    // MARK: - Paths

    /// Where `path` (no symbolic link at its end: `OutputDestination` followed them) lands: the real path
    /// of its folder and its name; nil when the folder does not resolve.
    private static func place(of path: String) -> Place? {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let slash = trimmed.lastIndex(of: "/")
        let folder = slash.map { trimmed[..<$0].isEmpty ? "/" : String(trimmed[..<$0]) } ?? "."
        let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        guard !name.isEmpty, name != ".", name != "..", let real = realPath(folder) else { return nil }
        var info = stat()
        let identity = stat(path, &info) == 0 ? Identity(info) : nil
        return Place(folder: real, name: name, identity: identity)
    }

    private static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Whether `path` lies strictly inside `folder` (both real paths).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" ? path != "/" : path.hasPrefix(folder + "/")
    }

    /// A path found under the real path `root` of the input given as `given`, shown under `given`
    /// (`lex/codes`, not `/home/…/lex/codes`); one reached through a link elsewhere, as it is.
    private static func display(_ path: String, root: String, given: String) -> String {
        guard isInside(path, root) else { return path }
        let rest = path.dropFirst(root == "/" ? 1 : root.count + 1)
        return given.hasSuffix("/") ? given + rest : given + "/" + rest
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Whether a file named `name` in a folder of `input` is read.
    private static func reads(name: String, input: Input) -> Bool {
        if input.skipsHidden && name.hasPrefix(".") { return false }
        guard let extensions = input.extensions else { return true }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// "files .jsonl, .md and .txt", or "files" for every file.
    private static func describe(_ extensions: Set<String>?) -> String {
        guard let extensions else { return "files" }
        let names = extensions.sorted().map { "." + $0 }
        let list = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return list + " files"
    }
}
