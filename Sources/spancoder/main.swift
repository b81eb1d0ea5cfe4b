import ArgumentParser
import SpanCoderCLI

// Called through a generic so that AsyncParsableCommand's async `main` is chosen: at top level the
// synchronous ParsableCommand.main wins overload resolution and refuses async commands.
func runAsync<Command: AsyncParsableCommand>(_ command: Command.Type) async {
    await command.main()
}

await runAsync(SpanCoderCommand.self)
