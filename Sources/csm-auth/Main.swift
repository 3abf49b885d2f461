import Dispatch

/// The entry point. A plain `token`, `header`, `env` or `exec` whose answer is in the kernel
/// cache is answered before anything else starts (``HotPath/start(_:)``); everything else runs
/// in ``CSMAuthCommand/main()`` on Swift's concurrency runtime.
@main
enum Main {
    static func main() {
        Output.guardStandardDescriptors()
        let arguments = Array(CommandLine.arguments.dropFirst())
        // Before anything opens a file: what the caller handed on is what `exec` passes on.
        if arguments.contains("exec") { InheritedDescriptors.record() }
        HotPath.start(arguments)
        Task { await CSMAuthCommand.main() }
        dispatchMain()
    }
}
