import FoundationEssentials

/// One HTTP header. Values of credential-bearing headers are redacted when printed.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible {
    /// The field name, as given (compared case-insensitively where it matters).
    public var name: String
    /// The field value; a credential for `Authorization` and the like.
    public var value: String

    /// A header; it is checked only when it is sent (`validate()`).
    /// - Parameters:
    ///   - name: the field name, such as `Accept`.
    ///   - value: the field value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Headers whose values are credentials and must never be printed.
    static let sensitiveNames: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]

    /// `Name: value`, with the value of `Authorization`, `Proxy-Authorization`, `Cookie` and
    /// `Set-Cookie` shown as `<redacted>`.
    public var description: String {
        Self.sensitiveNames.contains(name.lowercased()) ? "\(name): <redacted>" : "\(name): \(value)"
    }

    /// Whether `name` is an HTTP field name: one or more token characters (RFC 9110, 5.6.2).
    package static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
    }

    /// Whether `value` can be sent as a field value: no control character but the tab. A CR or LF
    /// would end the header early and let the rest be read as another header (header injection).
    package static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }
    }

    /// Throws unless the name and value can be sent as they are.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) naming the header, never its value (it may be a credential).
    package func validate() throws {
        guard Self.isValidName(name) else {
            throw CSMAuthError(.invalidInput, "the header name '\(name)' is not a valid HTTP field name")
        }
        guard Self.isValidValue(value) else {
            throw CSMAuthError(
                .invalidInput,
                "the value of the header '\(name)' contains a control character (a line break?); it was not sent")
        }
    }
}
