import FoundationEssentials
import Glibc

/// One HTTP header. Values of credential-bearing headers are redacted when printed.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Headers whose values are credentials and must never be printed.
    static let sensitiveNames: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]

    public var description: String {
        Self.sensitiveNames.contains(name.lowercased()) ? "\(name): <redacted>" : "\(name): \(value)"
    }

    /// Whether `name` is an HTTP field name: one or more token characters (RFC 9110, 5.6.2).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Whether `value` can be sent as a field value: no control character but the tab. A CR or LF
    /// would end the header early and let the rest be read as another header (header injection).
    public static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }
    }

    /// Throws unless the name and value can be sent as they are.
    /// - Throws: ``CSMAuthError`` (`.usage`) naming the header, never its value (it may be a credential).
    public func validate() throws {
        guard Self.isValidName(name) else {
            throw CSMAuthError(.invalidInput, "the header name '\(name)' is not a valid HTTP field name")
        }
        guard Self.isValidValue(value) else {
            throw CSMAuthError(.invalidInput, "the value of the header '\(name)' contains a control character (a line break?); it was not sent")
        }
    }
}

/// An HTTP request: method, absolute URL, headers and an optional body.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    public var method: String
    public var url: URL
    public var headers: [HTTPHeader]
    public var body: Data?

    public init(method: String = "GET", url: URL, headers: [HTTPHeader] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Method and URL without its query, which may carry codes or state.
    public var description: String {
        "\(method) \(url.redactingQuery)"
    }
}

/// An HTTP response: status, headers and the whole body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: Data

    public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

extension URL {
    /// The URL with its query and fragment replaced by `…`, for messages and logs.
    var redactingQuery: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return "<url>" }
        let hadQuery = components.query != nil
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return (components.string ?? "<url>") + (hadQuery ? "?…" : "")
    }

    /// Whether the host is a loopback address or name (127.0.0.0/8, ::1, localhost).
    var hasLoopbackHost: Bool {
        guard let host = host(percentEncoded: false)?.lowercased() else { return false }
        return LoopbackHost.isLoopback(host)
    }
}

/// Decides whether a host name or address literal stays on this machine.
public enum LoopbackHost {
    /// True for `localhost`, 127.0.0.0/8 literals and `::1` (with or without brackets).
    public static func isLoopback(_ rawHost: String) -> Bool {
        var host = rawHost.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part).map { String($0) == part } ?? false }
    }
}
