/// Interns strings (document ids, code ids) as dense `Int32` indices, so that the evaluator's hot
/// loops compare integers and its tables are flat arrays.
public struct Interner: Sendable {
    public private(set) var names: [String] = []
    private var index: [String: Int32] = [:]

    public init() {}

    public var count: Int { names.count }

    /// The index of `name`, adding it when new.
    public mutating func intern(_ name: String) -> Int32 {
        if let i = index[name] { return i }
        let i = Int32(names.count)
        names.append(name)
        index[name] = i
        return i
    }

    public func lookup(_ name: String) -> Int32? { index[name] }

    public subscript(i: Int32) -> String { names[Int(i)] }
}

/// The document and code ids shared by every annotation set of one evaluation.
public struct Vocabulary: Sendable {
    public var docs = Interner()
    public var codes = Interner()
    /// UTF-8 bytes of each code id, for the fast reader's lookup without building strings.
    var codeBytes: [[UInt8]] = []

    public init() {}

    public mutating func internCode(_ name: String) -> Int32 {
        let before = codes.count
        let i = codes.intern(name)
        if codes.count > before { codeBytes.append(Array(name.utf8)) }
        return i
    }

    public mutating func internDoc(_ name: String) -> Int32 { docs.intern(name) }
}
