import FoundationEssentials
import Glibc

/// A ready-to-use credential: what goes into the `Authorization` header, and where the CSM API is.
public struct Credential: Sendable {
    public enum Scheme: String, Sendable {
        case bearer = "Bearer"
        case basic = "Basic"
    }

    public let scheme: Scheme
    /// The access token (Bearer) or API token (Basic).
    public let token: Secret
    /// The whole header value: `Bearer TOKEN` or `Basic base64(email:token)`.
    public let authorization: Secret
    public let expiresAt: Date?
    public let cloudID: String?
    public let apiURL: URL

    public init(scheme: Scheme, token: Secret, email: String? = nil, expiresAt: Date?, cloudID: String?, apiURL: URL) {
        self.scheme = scheme
        self.token = token
        switch scheme {
        case .bearer: authorization = Secret("Bearer \(token.reveal())")
        case .basic: authorization = Secret("Basic " + Data("\(email ?? ""):\(token.reveal())".utf8).base64EncodedString())
        }
        self.expiresAt = expiresAt
        self.cloudID = cloudID
        self.apiURL = apiURL
    }

    /// A credential whose header value was worked out before (the kernel cache keeps it).
    init(scheme: Scheme, token: Secret, authorization: Secret, expiresAt: Date?, cloudID: String?, apiURL: URL) {
        self.scheme = scheme
        self.token = token
        self.authorization = authorization
        self.expiresAt = expiresAt
        self.cloudID = cloudID
        self.apiURL = apiURL
    }

    /// `{API_URL}/jsm/csm/cloudid/{cloudId}`, the root that `api` paths are resolved against.
    /// Nil without a cloudId, or with one that is not an id (it could move the path elsewhere).
    public var csmRootURL: URL? {
        cloudID.flatMap { CloudID.isValid($0) ? apiURL.appending(path: "jsm/csm/cloudid/\($0)") : nil }
    }

    /// `{API_URL}/jsm/csm/cloudid/{cloudId}/api/v1`.
    public var csmBaseURL: URL? {
        csmRootURL?.appending(path: "api/v1")
    }
}

extension Credential {
    /// The credential that `CSM_AUTH_TOKEN` (with `CSM_AUTH_CLOUD_ID`) supplies, which bypasses every
    /// store — for CI jobs that are handed a token. Nil when the variable is not set.
    public static func fromEnvironment(_ environment: CSMAuthEnvironment) throws -> Credential? {
        guard let token = environment.value("CSM_AUTH_TOKEN") else { return nil }
        guard HTTPHeader.isValidValue(token), !token.contains(" ") else {
            throw CSMAuthError(.invalidInput, "CSM_AUTH_TOKEN contains a space or a control character (a line break?): it cannot be sent in a header")
        }
        let cloudID = environment.value("CSM_AUTH_CLOUD_ID")
        if let cloudID, !CloudID.isValid(cloudID) {
            throw CSMAuthError(.invalidInput, "CSM_AUTH_CLOUD_ID must be a cloudId (letters, digits and '-'), not '\(cloudID)'")
        }
        return Credential(scheme: .bearer, token: Secret(token), expiresAt: nil, cloudID: cloudID, apiURL: try environment.apiURL(nil))
    }
}
