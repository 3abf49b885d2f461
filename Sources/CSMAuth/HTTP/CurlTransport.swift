import CCurl
import FoundationEssentials
import Glibc
import NIOConcurrencyHelpers

/// An ``HTTPTransport`` on libcurl.
///
/// TLS peer and host verification are always on; plain `http://` is allowed for loopback
/// hosts only. Each request runs on NIO's blocking-I/O thread pool, never on Swift's
/// cooperative pool. Easy handles are kept between requests, so sequential requests to
/// one server reuse its connection.
public struct CurlTransport: HTTPTransport {
    /// Limits and trust settings; every field has a safe default.
    public struct Configuration: Sendable {
        /// How long to wait.
        public struct Timeout: Sendable {
            /// Until the TCP (and TLS) connection is up. Default 10 s.
            public var connect: Duration
            /// For the whole exchange, connection included. Default 30 s.
            public var total: Duration

            public init(connect: Duration = .seconds(10), total: Duration = .seconds(30)) {
                self.connect = connect
                self.total = total
            }
        }

        public var timeout: Timeout
        /// Responses with a larger body fail with ``HTTPTransportError/Code/tooLarge``. Default 8 MiB.
        public var maximumResponseBytes: Int
        /// A PEM bundle of trusted CAs instead of the system's; verification stays on.
        public var caBundlePath: String?
        public var userAgent: String

        public init(
            timeout: Timeout = Timeout(),
            maximumResponseBytes: Int = 8 << 20,
            caBundlePath: String? = nil,
            userAgent: String = "csm-auth/\(CSMAuthVersion.current)"
        ) {
            self.timeout = timeout
            self.maximumResponseBytes = maximumResponseBytes
            self.caBundlePath = caBundlePath
            self.userAgent = userAgent
        }
    }

    public let configuration: Configuration
    private let handles = CurlHandlePool()

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let host = try Self.checkedHost(of: request.url)
        // Checked here as well as where headers come from, so no caller can smuggle a second header in.
        for header in request.headers { try header.validate() }
        let handles = self.handles
        let configuration = self.configuration
        // A thread of its own per request, not a shared pool: a request may wait on something that
        // needs the pool itself (a test's browser fetching the login's callback page waits for the
        // login's own code exchange), and NIO's blocking pool has one thread per core.
        return try await runBlocking {
            try handles.withHandle { handle in
                try CurlExchange(handle: handle, request: request, host: host, configuration: configuration).perform()
            }
        }
    }

    /// Refuses URLs libcurl must not see: other schemes, and `http://` off this machine.
    static func checkedHost(of url: URL) throws -> String {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host(percentEncoded: false), !host.isEmpty
        else {
            throw HTTPTransportError(.unsupportedURL, host: url.host ?? "", detail: "\(url.redactingQuery) is not an http(s) URL with a host")
        }
        if scheme == "http" && !url.hasLoopbackHost {
            throw HTTPTransportError(.insecureURL, host: host, detail: "")
        }
        return host
    }
}
