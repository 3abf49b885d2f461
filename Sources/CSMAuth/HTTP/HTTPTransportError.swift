/// Why an HTTP exchange produced no response. The description is one line that
/// names the host, never a URL query, header or body.
public struct HTTPTransportError: CategorizedError, Sendable, Equatable {
    /// The kind of failure; a struct so new kinds don't break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Kind: Hashable, Sendable {
            case insecureURL, unsupportedURL, dnsFailure, connectionRefused, timeout, tls, tooLarge, missingLibrary,
                other
        }
        let kind: Kind

        /// `http://` to a host that is not loopback.
        public static let insecureURL = Code(kind: .insecureURL)
        /// Not an http(s) URL, or no host.
        public static let unsupportedURL = Code(kind: .unsupportedURL)
        /// The host name could not be resolved.
        public static let dnsFailure = Code(kind: .dnsFailure)
        /// Nothing accepted the connection.
        public static let connectionRefused = Code(kind: .connectionRefused)
        /// The connection or the whole exchange took too long.
        public static let timeout = Code(kind: .timeout)
        /// The TLS handshake or certificate verification failed.
        public static let tls = Code(kind: .tls)
        /// The response body exceeded the size limit.
        public static let tooLarge = Code(kind: .tooLarge)
        /// libcurl itself could not be loaded (it is opened on first use).
        public static let missingLibrary = Code(kind: .missingLibrary)
        /// Any other transport failure.
        public static let other = Code(kind: .other)

        /// The code's name, such as `timeout` or `dnsFailure`.
        public var description: String { "\(kind)" }
    }

    /// What went wrong, for programs to match; new codes may be added.
    public let code: Code
    /// The host the request went to.
    public let host: String
    /// One line describing the failure.
    public let detail: String

    /// An error a transport reports, for an ``HTTPTransport`` of a program's own.
    /// - Parameters:
    ///   - code: what went wrong; it decides ``category``.
    ///   - host: the host the request went to; empty when there is none.
    ///   - detail: one line about the failure, without a query, header or body.
    public init(_ code: Code, host: String, detail: String) {
        self.code = code
        self.host = host
        self.detail = detail
    }

    /// ``ErrorCategory/usage`` for a URL that may not be used (``Code/insecureURL``,
    /// ``Code/unsupportedURL``); ``ErrorCategory/failure`` for everything else.
    public var category: ErrorCategory {
        code == .insecureURL || code == .unsupportedURL ? .usage : .failure
    }

    /// One line naming the host and what to check, built from ``code``, ``host`` and ``detail``.
    public var description: String {
        switch code.kind {
        case .insecureURL: "refusing plain http:// to \(host): only loopback hosts may use http://, use https://"
        case .unsupportedURL: "unsupported URL: \(detail)"
        case .dnsFailure: "cannot resolve host \(host): check the URL and your network"
        case .connectionRefused: "connection to \(host) refused: is the server running?"
        case .timeout: "request to \(host) timed out (\(detail))"
        case .tls: "TLS failure with \(host): \(detail)"
        case .tooLarge: "response from \(host) is larger than \(detail)"
        case .missingLibrary: "libcurl could not be loaded (\(detail)): install the Debian package libcurl4"
        case .other: "request to \(host) failed: \(detail)"
        }
    }
}
