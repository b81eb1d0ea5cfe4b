import ArgumentParser
import SpanCoderCLI

func runAsync<C: AsyncParsableCommand>(_ c: C.Type) async { await c.main() }
await runAsync(SpanCoderCommand.self)
