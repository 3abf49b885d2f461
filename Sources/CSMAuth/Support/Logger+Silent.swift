import Logging

/// CSMAuth's addition to swift-log's `Logger`: the logger its types use by default.
extension Logger {
    /// A logger that drops everything: what CSMAuth logs to when a program passes none.
    /// Pass a logger of your own to see refreshes and the login listener's events; wrap the
    /// transport in a `LoggingTransport` to see (at `.debug`) every HTTP exchange.
    public static let silent = Logger(label: "csm-auth") { _ in SwiftLogNoOpLogHandler() }
}
