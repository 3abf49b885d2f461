import FoundationEssentials
import Glibc

/// What `token`, `header`, `env` and `exec` print: a credential reduced to its printed parts,
/// which ``cached(profile:variable:)`` can have at once from the kernel cache.
///
/// Getting a cached one reads a few variables with `getenv`, one kernel key and the configuration file's
/// `stat`: no store, no D-Bus, no network, no configuration parsing and no Foundation. It is
/// what makes a cached `csm-auth token` cost little more than starting a process.
public struct ImmediateCredential: Sendable {
    /// The access token (Bearer) or API token (Basic).
    public let token: Secret
    /// The whole `Authorization` header value.
    public let authorization: Secret
    public let cloudID: String?
    /// `{API_URL}/jsm/csm/cloudid/{cloudId}/api/v1`; nil without a site.
    public let csmBaseURL: String?

    /// The variables `env` prints and `exec` sets.
    public var variables: CredentialVariables {
        CredentialVariables(token: token.reveal(), authorization: authorization.reveal(), cloudID: cloudID, csmBaseURL: csmBaseURL)
    }

    /// The answer for a credential from the store or the environment.
    public init(_ credential: Credential) {
        self.init(
            token: credential.token, authorization: credential.authorization, cloudID: credential.cloudID,
            csmBaseURL: credential.csmBaseURL?.absoluteString)
    }

    init(token: Secret, authorization: Secret, cloudID: String?, csmBaseURL: String?) {
        self.token = token
        self.authorization = authorization
        self.cloudID = cloudID
        self.csmBaseURL = csmBaseURL
    }

    /// The cached credential of the profile that `profile` (`--profile`), `CSM_AUTH_PROFILE` or
    /// `default` names, in the environment that `variable` reads (by default, this process's).
    ///
    /// Nil, never an error, whenever the answer is not simply there: `CSM_AUTH_TOKEN` is set (it
    /// wins, and ``CredentialResolver`` handles it), the cache is off or empty, the token expires
    /// within a minute, `CSM_AUTH_API_URL` differs from when it was cached, or the configuration
    /// file changed. ``CredentialResolver/credential(profile:)`` then gives the answer or the error.
    public static func cached(profile: String?, variable: (String) -> String? = Self.processVariable) -> ImmediateCredential? {
        func nonEmpty(_ name: String) -> String? {
            guard let value = variable(name), !value.isEmpty else { return nil }
            return value
        }
        guard nonEmpty("CSM_AUTH_TOKEN") == nil,
            let name = try? ProfileName.validated(profile ?? nonEmpty("CSM_AUTH_PROFILE") ?? ProfileName.defaultName),
            let cache = KernelCredentialCache(profile: name, paths: CSMAuthPaths(variable: variable), setting: nonEmpty("CSM_AUTH_KERNEL_CACHE")),
            let cached = cache.lookup(), cached.isValid(minimumValidity: 60), cached.apiURLVariable == nonEmpty("CSM_AUTH_API_URL")
        else { return nil }
        return ImmediateCredential(token: cached.token, authorization: cached.authorization, cloudID: cached.cloudID, csmBaseURL: cached.csmBaseURL)
    }

    /// A variable of this process's environment.
    public static func processVariable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
