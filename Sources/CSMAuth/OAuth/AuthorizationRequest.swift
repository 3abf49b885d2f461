import FoundationEssentials
import Glibc

/// The authorization URL of one login, and the unguessable `state` that binds its callback to it.
struct AuthorizationRequest: Sendable {
    /// The scope that makes Atlassian issue a refresh token; always requested.
    static let offlineAccess = "offline_access"

    let authURL: URL
    let clientID: String
    let scopes: [String]
    let redirectURI: String
    let state: String

    /// - Parameter state: leave nil for a fresh random state (256 bits).
    init(authURL: URL, clientID: String, scopes: [String], redirectURI: String, state: String? = nil) {
        self.authURL = authURL
        self.clientID = clientID
        self.scopes = Self.withOfflineAccess(scopes)
        self.redirectURI = redirectURI
        self.state = state ?? RandomToken.make()
    }

    /// `scopes` without duplicates, `offline_access` added when missing.
    static func withOfflineAccess(_ scopes: [String]) -> [String] {
        var seen = Set<String>()
        return (scopes + [offlineAccess]).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// `{AUTH_URL}/authorize?audience=api.atlassian.com&client_id=…&scope=…&redirect_uri=…&state=…&response_type=code&prompt=consent`.
    var url: URL {
        let query: [(String, String)] = [
            ("audience", "api.atlassian.com"), ("client_id", clientID), ("scope", scopes.joined(separator: " ")),
            ("redirect_uri", redirectURI), ("state", state), ("response_type", "code"), ("prompt", "consent"),
        ]
        let encoded = query.map { "\($0)=\(QueryEncoding.encode($1))" }.joined(separator: "&")
        return URL(string: authURL.appending(path: "authorize").absoluteString + "?" + encoded) ?? authURL
    }
}

/// Percent-encoding for query values: everything but RFC 3986's unreserved characters is encoded,
/// so no server can read '+' as a space or split a value at '&'.
enum QueryEncoding {
    static func encode(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Unguessable tokens for `state`.
enum RandomToken {
    /// 32 random bytes from the system's CSPRNG, base64url without padding.
    static func make(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }
}
