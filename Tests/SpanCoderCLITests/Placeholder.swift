import Testing
@testable import SpanCoderCLI
