import FoundationEssentials

/// Checks endpoint URLs: https, or http for loopback hosts only (so a local sandbox works).
package enum EndpointURL: Sendable {
    /// The URL without surrounding white space or a trailing slash, once it is acceptable: an
    /// `https://` URL with a host and no query or user (or `http://` for a loopback host).
    /// - Parameters:
    ///   - text: the URL as given (a variable, a setting).
    ///   - name: what the URL is, for the message, such as `API URL`.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) naming the setting when the URL is not acceptable.
    package static func validated(_ text: String, name: String) throws -> URL {
        var trimmed = text.trimmingWhitespace()
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
            url.query == nil, url.user == nil
        else {
            throw CSMAuthError(.invalidInput, "the \(name) '\(text)' is not a valid http(s) URL")
        }
        if scheme == "https" || (scheme == "http" && url.hasLoopbackHost) { return url }
        throw CSMAuthError(
            .invalidInput, "the \(name) '\(text)' must use https:// (http:// is allowed for loopback hosts only)")
    }
}
