import FoundationEssentials

/// The environment variables that `env` prints and `exec` sets for a credential.
public struct CredentialVariables: Sendable {
    /// Name/value pairs in a fixed order.
    public let pairs: [(name: String, value: String)]

    /// The variables of `credential`: its token, header value, and cloudId and CSM base URL when it has a valid site.
    public init(_ credential: Credential) {
        self.init(
            token: credential.token.reveal(), authorization: credential.authorization.reveal(),
            cloudID: credential.cloudID,
            csmBaseURL: credential.csmBaseURL?.absoluteString)
    }

    /// The variables from their values; the cloudId and base URL only when there are both.
    /// - Parameters:
    ///   - token: `CSM_ACCESS_TOKEN`, the access token or API token.
    ///   - authorization: `CSM_AUTHORIZATION`, the whole `Authorization` header value.
    ///   - cloudID: `CSM_CLOUD_ID`, the site's cloudId.
    ///   - csmBaseURL: `CSM_API_BASE_URL`, `{API_URL}/jsm/csm/cloudid/{cloudId}/api/v1`.
    package init(token: String, authorization: String, cloudID: String?, csmBaseURL: String?) {
        var pairs = [(name: "CSM_ACCESS_TOKEN", value: token)]
        if let cloudID, let csmBaseURL {
            pairs.append((name: "CSM_CLOUD_ID", value: cloudID))
            pairs.append((name: "CSM_API_BASE_URL", value: csmBaseURL))
        }
        pairs.append((name: "CSM_AUTHORIZATION", value: authorization))
        self.pairs = pairs
    }

    /// Variables of ours that `exec`'s command does not get: the OAuth client secret is for
    /// `login` only, and a command has no use for it. (`CSM_AUTH_TOKEN` is kept: whoever set it
    /// handed it on on purpose, and a `csm-auth` the command runs uses it.)
    package static let withheldFromCommands: Set<String> = ["CSM_AUTH_CLIENT_SECRET"]

    /// The environment of the command `exec` starts: `inherited` (`NAME=value` entries) without
    /// ``withheldFromCommands`` and without the variables these pairs set, then these pairs.
    package func commandEnvironment(inheriting inherited: [String]) -> [String] {
        let replaced = Set(pairs.map(\.name))
        let kept = inherited.filter { entry in
            let name = String(entry.prefix { $0 != "=" })
            return !replaced.contains(name) && !Self.withheldFromCommands.contains(name)
        }
        return kept + pairs.map { "\($0.name)=\($0.value)" }
    }

    /// The output formats of `csm-auth env`.
    package enum Format: String, Sendable, CaseIterable {
        /// `sh` is `export NAME='value'` lines, `fish` is `set -gx NAME 'value';` lines, `json` is one
        /// object with sorted keys, and `dotenv` is `NAME='value'` lines.
        case sh, fish, json, dotenv
    }

    /// `value` in POSIX shell single quotes, where nothing is special but the quote itself,
    /// which is written as `'\''`: sourcing the result can never run anything.
    static func singleQuoted(_ value: String) -> String {
        "'" + escaping(value, ["'": "'\\''"]) + "'"
    }

    /// `value` with each scalar in `replacements` replaced. Scalars, not characters: a quote
    /// followed by a combining mark is one `Character` but still a quote to the shell.
    /// (Plain Swift, not Foundation: `env` is on the hot path.)
    static func escaping(_ value: String, _ replacements: KeyValuePairs<Unicode.Scalar, String>) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            if let replacement = replacements.first(where: { $0.key == scalar })?.value {
                result += replacement
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The variables in `format`, one per line (JSON: one object).
    package func rendered(_ format: Format) -> String {
        switch format {
        case .sh:
            return pairs.map { "export \($0.name)=\(Self.singleQuoted($0.value))" }.joined(separator: "\n")
        case .fish:
            return pairs.map { pair in
                let escaped = Self.escaping(pair.value, ["\\": "\\\\", "'": "\\'"])
                return "set -gx \(pair.name) '\(escaped)';"
            }.joined(separator: "\n")
        case .dotenv:
            // Single quotes, as for sh: dotenv readers (docker compose, python-dotenv) take them
            // literally, and a shell that sources the file expands nothing inside them ($, `, \).
            return pairs.map { "\($0.name)=\(Self.singleQuoted($0.value))" }.joined(separator: "\n")
        case .json:
            let object = Dictionary(uniqueKeysWithValues: pairs.map { ($0.name, $0.value) })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            let data = (try? encoder.encode(object)) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        }
    }
}
