import ArgumentParser
import CSMAuth
import FoundationEssentials
import Glibc
import Logging

/// What every command needs: the environment, a transport and a logger.
struct CommandContext {
    /// Named `csm-auth` whatever the binary's file is called: its hints name this command.
    let environment = CSMAuthEnvironment(toolName: "csm-auth")
    let transport: any HTTPTransport
    let logger: Logger

    /// With `verbose`, every HTTP exchange is logged (method, URL without query, status, time).
    init(verbose: Bool) {
        var logger = Logger(label: "csm-auth") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        self.logger = logger
        transport = verbose ? LoggingTransport(CurlTransport(), logger: logger) : CurlTransport()
    }
}
