import FoundationEssentials

/// A callback URL checked for the loopback listener: `http`, a loopback host, a port and a path.
///
/// It decides which addresses to bind (never a wildcard): `localhost` means 127.0.0.1 and ::1,
/// an IPv4 loopback literal means that address only, `[::1]` means ::1 only.
struct LoopbackCallbackURL: Sendable, Equatable {
    /// Which loopback addresses the host stands for.
    enum Addresses: Sendable, Equatable {
        /// `localhost`: 127.0.0.1, and ::1 where the machine has it. Browsers may resolve
        /// `localhost` to either, so both must reach us.
        case localhost
        /// An IPv4 loopback literal such as `127.0.0.1`.
        case ipv4(String)
        /// `[::1]`.
        case ipv6Loopback
    }

    /// The URL as given, for messages and as the redirect URI when its port is not 0.
    let url: URL
    /// The host as written in the URL (brackets removed).
    let host: String
    let addresses: Addresses
    /// The port asked for; 0 lets the system pick one.
    let port: Int
    /// The path, percent-encoded as in the URL; requests must match it exactly.
    let path: String

    /// Checks `url`.
    /// - Throws: ``LoopbackReceiverError`` `.unsupportedCallbackURL` or `.nonLoopbackHost`.
    init(_ url: URL) throws {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw LoopbackReceiverError.unsupportedCallbackURL("\(url.redactingQuery) is not a URL")
        }
        guard components.scheme?.lowercased() == "http" else {
            throw LoopbackReceiverError.unsupportedCallbackURL(
                "the listener speaks plain http:// on a loopback address, e.g. http://localhost:8976/callback")
        }
        guard var host = url.host(percentEncoded: false), !host.isEmpty else {
            throw LoopbackReceiverError.unsupportedCallbackURL("\(url.redactingQuery) has no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard LoopbackHost.isLoopback(host) else {
            throw LoopbackReceiverError.nonLoopbackHost(host.contains(":") ? "[\(host)]" : host)
        }
        let port = components.port ?? 80
        guard (0...65535).contains(port) else {
            throw LoopbackReceiverError.unsupportedCallbackURL("port \(port) is out of range")
        }
        guard !components.percentEncodedPath.isEmpty else {
            throw LoopbackReceiverError.unsupportedCallbackURL(
                "\(url.redactingQuery) has no path; add one, e.g. http://localhost:8976/callback")
        }
        guard components.user == nil, components.password == nil, components.fragment == nil else {
            throw LoopbackReceiverError.unsupportedCallbackURL("a callback URL has no user, password or #fragment")
        }

        let lowered = host.lowercased()
        self.url = url
        self.host = host
        self.port = port
        self.path = components.percentEncodedPath
        if lowered == "localhost" {
            addresses = .localhost
        } else if lowered.contains(":") {
            addresses = .ipv6Loopback  // LoopbackHost accepts no IPv6 literal but ::1
        } else {
            addresses = .ipv4(lowered)
        }
    }

    /// The URL to send as `redirect_uri`: the URL exactly as given (the authorization server
    /// compares it with the registered one character by character), with `boundPort` put in
    /// only when the URL asked for port 0.
    func redirectURI(boundPort: Int) -> String {
        guard port == 0, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return url.absoluteString
        }
        components.port = boundPort
        return components.string ?? url.absoluteString
    }
}
