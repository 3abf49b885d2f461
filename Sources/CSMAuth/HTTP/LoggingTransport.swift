import Logging

/// Wraps a transport and logs each exchange at debug level: method, URL without its query,
/// status and time. Headers and bodies are never logged, so no secret can leak through it.
package struct LoggingTransport: HTTPTransport {
    /// The transport that sends the requests.
    package let base: any HTTPTransport
    /// Receives one debug message per exchange.
    package let logger: Logger

    /// - Parameters:
    ///   - base: the transport that sends the requests.
    ///   - logger: receives one `.debug` message per exchange.
    package init(_ base: any HTTPTransport, logger: Logger) {
        self.base = base
        self.logger = logger
    }

    /// Sends `request` through ``base`` and logs the method, the URL without its query, the status
    /// (or the error) and the time taken in milliseconds.
    /// - Returns: ``base``'s response, unchanged.
    /// - Throws: whatever ``base`` throws, unchanged.
    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let response = try await base.send(request)
            logger.debug(
                "\(request.description) -> \(response.status) in \((clock.now - started).wholeMilliseconds) ms")
            return response
        } catch {
            logger.debug("\(request.description) -> failed in \((clock.now - started).wholeMilliseconds) ms: \(error)")
            throw error
        }
    }

}
