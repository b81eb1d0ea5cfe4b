/// Where in an input something went wrong, in the terms a user can find it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line number, when the input is line-oriented.
    public var line: Int?
    /// 1-based column (code points) within `line`.
    public var column: Int?
    /// 0-based byte offset into the file, for binary or encoding errors.
    public var byteOffset: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil, byteOffset: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        if let byteOffset { text += " (byte \(byteOffset))" }
        return text
    }
}

/// An error SpanCoder reports to its user: what was wrong, where, and which kind of failure it is.
///
/// The kind decides the process exit code (see `ExitStatus`), so scripts can tell a usage mistake
/// from bad input from a bug.
public struct SpanCoderError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The command line or its options are wrong.
        case usage
        /// An input file is unreadable, malformed or violates a documented limit.
        case badInput
        /// Writing an output failed.
        case output
        /// A bug in SpanCoder.
        case `internal`
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?

    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}

/// Process exit codes, following BSD `sysexits.h` so that they mean the same as in other Unix tools.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// The run finished but skipped some inputs (reported on standard error).
    case partialFailure = 1
    case usage = 64
    case badInput = 65
    case `internal` = 70
    case output = 74

    public init(_ kind: SpanCoderError.Kind) {
        switch kind {
        case .usage: self = .usage
        case .badInput: self = .badInput
        case .output: self = .output
        case .internal: self = .internal
        }
    }
}
