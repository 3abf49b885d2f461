import Foundation

/// The environment variables that `env` prints and `exec` sets for a credential.
public struct CredentialVariables: Sendable {
    /// Name/value pairs in a fixed order.
    public let pairs: [(name: String, value: String)]

    public init(_ credential: Credential) {
        var pairs = [(name: "CSM_ACCESS_TOKEN", value: credential.token.reveal())]
        if let cloudID = credential.cloudID, let base = credential.csmBaseURL {
            pairs.append((name: "CSM_CLOUD_ID", value: cloudID))
            pairs.append((name: "CSM_API_BASE_URL", value: base.absoluteString))
        }
        pairs.append((name: "CSM_AUTHORIZATION", value: credential.authorization.reveal()))
        self.pairs = pairs
    }

    /// The output formats of `csm-auth env`.
    public enum Format: String, Sendable, CaseIterable {
        case sh, fish, json, dotenv
    }

    /// `value` in POSIX shell single quotes, where nothing is special but the quote itself,
    /// which is written as `'\''`: sourcing the result can never run anything.
    static func singleQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The variables in `format`, one per line (JSON: one object).
    public func rendered(_ format: Format) -> String {
        switch format {
        case .sh:
            return pairs.map { "export \($0.name)=\(Self.singleQuoted($0.value))" }.joined(separator: "\n")
        case .fish:
            return pairs.map { pair in
                let escaped = pair.value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                return "set -gx \(pair.name) '\(escaped)';"
            }.joined(separator: "\n")
        case .dotenv:
            // Single quotes, as for sh: dotenv readers (docker compose, python-dotenv) take them
            // literally, and a shell that sources the file expands nothing inside them ($, `, \).
            return pairs.map { "\($0.name)=\(Self.singleQuoted($0.value))" }.joined(separator: "\n")
        case .json:
            let object = Dictionary(uniqueKeysWithValues: pairs.map { ($0.name, $0.value) })
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        }
    }
}
