import CCurl
import FoundationEssentials
import NIOConcurrencyHelpers

/// An ``HTTPTransport`` on libcurl.
///
/// TLS peer and host verification are always on; plain `http://` is allowed for loopback
/// hosts only. Each request runs on a worker thread (kept for reuse, never fewer than the
/// requests in flight), never on Swift's cooperative pool,
/// so any number of requests can wait at once. Easy handles are kept between requests, so
/// sequential requests to one server reuse its connection.
///
/// A request does not observe task cancellation: a cancelled caller still waits for the
/// exchange to end (at most ``Configuration/Timeout/total``) and gets its response.
public struct CurlTransport: HTTPTransport {
    /// Limits and trust settings; every field has a safe default.
    public struct Configuration: Sendable {
        /// How long to wait.
        public struct Timeout: Sendable {
            /// Until the TCP (and TLS) connection is up. Default 10 s.
            public var connect: Duration
            /// For the whole exchange, connection included. Default 30 s.
            public var total: Duration

            /// - Parameters:
            ///   - connect: the longest wait for the connection (TCP and TLS); default 10 s.
            ///   - total: the longest wait for the whole exchange; default 30 s.
            public init(connect: Duration = .seconds(10), total: Duration = .seconds(30)) {
                self.connect = connect
                self.total = total
            }
        }

        /// How long to wait for the connection and for the whole exchange (10 s and 30 s by default).
        public var timeout: Timeout
        /// Responses with a larger body fail with ``HTTPTransportError/Code/tooLarge``. Default 8 MiB.
        public var maximumResponseBytes: Int
        /// A PEM bundle of trusted CAs instead of the system's; verification stays on.
        public var caBundlePath: String?
        /// A PEM client certificate to present in the TLS handshake (mutual TLS), such as an etcd
        /// cluster's `--client-cert-auth` asks for; nil presents none.
        public var clientCertificatePath: String?
        /// The PEM private key of ``clientCertificatePath`` (unencrypted).
        public var clientKeyPath: String?
        /// The `User-Agent` header sent with every request. Default `csm-auth/VERSION` (`CSMAuthRelease.version`).
        public var userAgent: String

        /// - Parameters:
        ///   - timeout: how long to wait; 10 s to connect, 30 s in all by default.
        ///   - maximumResponseBytes: the largest response body accepted; default 8 MiB.
        ///   - caBundlePath: a PEM bundle of trusted CAs instead of the system's; nil for the system's.
        ///   - userAgent: the `User-Agent` header; `csm-auth/VERSION` by default.
        ///   - clientCertificatePath: a PEM client certificate for mutual TLS; nil for none.
        ///   - clientKeyPath: the certificate's PEM private key; nil for none.
        public init(
            timeout: Timeout = Timeout(),
            maximumResponseBytes: Int = 8 << 20,
            caBundlePath: String? = nil,
            userAgent: String = "csm-auth/\(CSMAuthRelease.version)",
            clientCertificatePath: String? = nil,
            clientKeyPath: String? = nil
        ) {
            self.timeout = timeout
            self.maximumResponseBytes = maximumResponseBytes
            self.caBundlePath = caBundlePath
            self.userAgent = userAgent
            self.clientCertificatePath = clientCertificatePath
            self.clientKeyPath = clientKeyPath
        }
    }

    /// The limits and trust settings every request of this transport uses.
    public let configuration: Configuration
    private let handles = CurlHandlePool()

    /// A transport with these limits. It keeps its own idle libcurl handles (shared by its copies),
    /// so reuse one transport to reuse connections.
    /// - Parameter configuration: timeouts, size limit, CA bundle and User-Agent; safe defaults.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Sends `request` with libcurl and returns the whole response, whatever its status.
    ///
    /// Redirects are not followed: a 3xx answer is returned as it is.
    /// - Parameter request: an `http(s)` URL (`http://` for loopback hosts only) and headers that
    ///   pass `HTTPHeader/validate()`.
    /// - Returns: the status, the headers of the last header block, and the whole body.
    /// - Throws: ``HTTPTransportError`` when no response arrives (`.insecureURL`, `.unsupportedURL`,
    ///   `.dnsFailure`, `.connectionRefused`, `.timeout`, `.tls`, `.tooLarge`, `.missingLibrary`,
    ///   `.other`); ``CSMAuthError`` (`.invalidInput`) when a header's name or value cannot be sent.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let host = try Self.checkedHost(of: request.url)
        // Checked here as well as where headers come from, so no caller can smuggle a second header in.
        for header in request.headers { try header.validate() }
        let handles = self.handles
        let configuration = self.configuration
        // Not NIO's blocking pool (one thread per core): a request may wait on something that needs
        // the pool itself (a test's browser fetching the login's callback page waits for the login's
        // own code exchange). BlockingWorkers never has fewer threads than jobs waiting.
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
            throw HTTPTransportError(
                .unsupportedURL, host: url.host ?? "", detail: "\(url.redactingQuery) is not an http(s) URL with a host"
            )
        }
        if scheme == "http" && !url.hasLoopbackHost {
            throw HTTPTransportError(.insecureURL, host: host, detail: "")
        }
        return host
    }
}
