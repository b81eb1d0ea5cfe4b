import SpanCoderCLI

await SpanCoderCommand.main()
