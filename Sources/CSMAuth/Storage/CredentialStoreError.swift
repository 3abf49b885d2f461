/// Why the credential store could not do what was asked.
public struct CredentialStoreError: CategorizedError, Sendable, Equatable {
    /// The kind of failure; a struct so new kinds don't break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Kind: Hashable, Sendable { case locked, unavailable, insecurePermissions, corrupt, io }
        let kind: Kind

        /// The keyring collection is locked.
        public static let locked = Code(kind: .locked)
        /// No Secret Service (or D-Bus session) is reachable, or it refused.
        public static let unavailable = Code(kind: .unavailable)
        /// A credentials file or folder can be read by others.
        public static let insecurePermissions = Code(kind: .insecurePermissions)
        /// The stored document cannot be read.
        public static let corrupt = Code(kind: .corrupt)
        /// Reading or writing a file failed.
        public static let io = Code(kind: .io)

        /// The code's name, such as `locked` or `insecurePermissions`.
        public var description: String { "\(kind)" }
    }

    /// What went wrong, for programs to match; new codes may be added.
    public let code: Code
    /// One line: what went wrong and what to do.
    public let message: String

    /// An error a store reports, for a ``CredentialStore`` of a program's own.
    /// - Parameters:
    ///   - code: what went wrong; it decides ``category``.
    ///   - message: one line for a person, without a secret: what went wrong and what to do.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Unreadable stored credentials need a new login; every other store failure is "store unavailable".
    public var category: ErrorCategory { code == .corrupt ? .loginRequired : .storeUnavailable }
    /// ``message``.
    public var description: String { message }
}
