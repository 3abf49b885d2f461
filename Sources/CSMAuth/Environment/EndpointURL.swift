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
            throw CSMAuthError(.invalidInput, "the \(name) '\(redacted(text))' is not a valid http(s) URL")
        }
        if allows(scheme: scheme, host: url.host(percentEncoded: false) ?? "") { return url }
        throw CSMAuthError(
            .invalidInput,
            "the \(name) '\(redacted(text))' must use https:// (http:// is allowed for loopback hosts only)")
    }

    /// `text` with the user information of each URL in it (`user:password@`) shown as `…@`, for
    /// messages: a password written into an endpoint URL is not echoed to a terminal or a log.
    package static func redacted(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let schemeEnd = rest.firstRange(of: "://") {
            result += rest[..<schemeEnd.upperBound]
            rest = rest[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex { "/,?# \t".contains($0) } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                result += "…"
                rest = rest[at...]
            }
        }
        return result + rest
    }

    /// The rule of every endpoint: `https`, or `http` for a loopback host (127.0.0.0/8, ::1,
    /// `localhost`). `scheme` in lowercase.
    static func allows(scheme: String, host: String) -> Bool {
        scheme == "https" || (scheme == "http" && LoopbackHost.isLoopback(host))
    }

    /// Whether `text` is an endpoint URL that ``validated(_:name:)`` accepts, decided without
    /// Foundation for the hot path (a kernel-cache entry's API and base URLs). It applies the same
    /// rule (``allows(scheme:host:)``) to a strict reading that takes only
    /// `scheme://host[:port][/path]`, so that it can never see another host than a URL parser
    /// would: no user info, query, fragment, percent sign in the host or backslash, and no
    /// white space, control or non-ASCII character anywhere. Anything else is false, also when a
    /// URL parser would accept it; the caller then takes the way that uses ``validated(_:name:)``.
    package static func isPlainlyAcceptable(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        // Printable ASCII only, and nothing that starts a query or a fragment.
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") })
        else { return false }
        // The scheme: letters, then `://`.
        var index = 0
        while index < bytes.count, isLetter(bytes[index]) { index += 1 }
        let schemeEnd = index
        guard schemeEnd > 0, bytes.count >= index + 3, bytes[index] == UInt8(ascii: ":"),
            bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/")
        else { return false }
        index += 3
        // The host: a name, or an IPv6 literal in brackets; no user info, no percent sign.
        let hostStart = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "[") {
            index += 1
            while index < bytes.count,
                isHexDigit(bytes[index]) || bytes[index] == UInt8(ascii: ":")
                    || bytes[index] == UInt8(ascii: ".")
            {
                index += 1
            }
            guard index > hostStart + 1, index < bytes.count, bytes[index] == UInt8(ascii: "]") else { return false }
            index += 1
        } else {
            while index < bytes.count,
                isLetter(bytes[index]) || isDigit(bytes[index])
                    || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "-")
                    || bytes[index] == UInt8(ascii: "_")
            {
                index += 1
            }
            guard index > hostStart else { return false }
        }
        let hostEnd = index
        // The port: one to five digits.
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            let portStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard (1...5).contains(index - portStart) else { return false }
        }
        // Then the end, or a path (no backslash, which some parsers read as a slash).
        guard index == bytes.count || bytes[index] == UInt8(ascii: "/"),
            !bytes[index...].contains(UInt8(ascii: "\\"))
        else { return false }
        let scheme = String(decoding: bytes[0..<schemeEnd], as: UTF8.self).lowercased()
        return allows(scheme: scheme, host: String(decoding: bytes[hostStart..<hostEnd], as: UTF8.self))
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
}
