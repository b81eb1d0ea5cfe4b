#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Permission bits of the files and folders SpanCoder writes.
///
/// A new output gets what the user's umask allows, as a file created by any Unix tool does (files
/// 0666, folders 0777, less the umask): someone who keeps drafts private with `umask 077` gets 0600
/// outputs. A replaced output file keeps its own bits, so a coding kept private stays private. Outputs
/// are made through temporaries (`mkstemp`, `mkdtemp`: 0600, 0700), so the mode is set explicitly, and
/// every writer takes it from here: one output folder never mixes modes.
public enum OutputPermissions {
    /// The process's file-mode creation mask, read once. SpanCoder never changes it; reading it by
    /// setting it (`umask(2)`) would for a moment change it for every thread, so Linux's
    /// `/proc/self/status` is read when it says, and the swap is only the fallback.
    public static let umask: mode_t = {
        if let mask = maskFromProcStatus() { return mask }
        let mask = Glibc.umask(0o022)
        Glibc.umask(mask)
        return mask
    }()

    /// Bits for a new output file: 0666 less the umask.
    public static var newFile: mode_t { 0o666 & ~umask }

    /// Bits for a new output folder: 0777 less the umask.
    public static var newFolder: mode_t { 0o777 & ~umask }

    /// Bits for an output file written to `path`: those of the file there when there is one, else
    /// `newFile`.
    public static func forOutput(at path: String) -> mode_t {
        existingBits(path) ?? newFile
    }

    /// Bits for an output folder written to `path` (it replaces an earlier output): those of the folder
    /// there when there is one, else `newFolder`. The files in it are new: `newFile`.
    public static func forOutputFolder(at path: String) -> mode_t {
        existingBits(path) ?? newFolder
    }

    private static func existingBits(_ path: String) -> mode_t? {
        var existing = stat()
        return stat(path, &existing) == 0 ? existing.st_mode & 0o777 : nil
    }

    private static func maskFromProcStatus() -> mode_t? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("Umask:") else { continue }
            let digits = text.dropFirst("Umask:".count).filter { $0 >= "0" && $0 <= "7" }
            return mode_t(digits, radix: 8)
        }
        return nil
    }
}
