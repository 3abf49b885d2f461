import Dispatch

/// The entry point. A plain `token`, `header`, `env` or `exec` whose answer is in the kernel
/// cache is answered before anything else starts (``HotPath/start(_:)``); everything else runs
/// in ``CSMAuthCommand/main()`` on Swift's concurrency runtime.
@main
enum Main {
    static func main() {
        Output.guardStandardDescriptors()
        HotPath.start(Array(CommandLine.arguments.dropFirst()))
        Task { await CSMAuthCommand.main() }
        dispatchMain()
    }
}
