/// A ready answer carried as a `Result` failure.
struct SandboxErrorResponse: Swift.Error, Sendable {
    /// The answer to send.
    var response: SandboxResponse

    init(_ response: SandboxResponse) {
        self.response = response
    }
}
