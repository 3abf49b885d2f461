import Logging

extension Logger {
    /// A logger that drops everything: what CSMAuth logs to when a program passes none.
    /// Pass a logger of your own to see refreshes and (with `.debug`) every HTTP exchange.
    public static let silent = Logger(label: "csm-auth") { _ in SwiftLogNoOpLogHandler() }
}
