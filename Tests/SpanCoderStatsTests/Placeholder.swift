import Testing
@testable import SpanCoderStats
