import FoundationEssentials

/// One entry of the ``KernelCredentialCache``: what `token`, `header`, `env` and `exec` print,
/// and nothing that could mint a new token.
///
/// Besides the token it keeps what was worked out from it when it was cached (the whole
/// `Authorization` value, the CSM base URL) and what that depended on (the profile's API URL
/// setting, `CSM_AUTH_API_URL`), so a cached answer needs no URL parsing and no Foundation.
///
/// The payload is a few `name=value` lines after a version line; values never contain a line
/// break or a NUL (an entry that would is not cached), and a payload that does not parse
/// exactly is ignored, never trusted in part. Parsing uses no dictionary and no Foundation: it
/// is on the hot path, where every generic type the runtime has to look up costs.
struct KernelCachedCredential: Sendable, Equatable {
    static let versionLine = "csm-auth-kernel-cache 2"

    var scheme: Credential.Scheme
    var token: Secret
    /// `Bearer TOKEN` or `Basic base64(email:token)`.
    var authorization: Secret
    /// Seconds since 1970; nil for an API token, which does not expire.
    var expiresAt: Int64?
    var cloudID: String?
    /// The profile's own API URL setting (nil: Atlassian's).
    var apiURLSetting: String?
    /// `CSM_AUTH_API_URL` when the entry was made (nil: not set); ``csmBaseURL`` follows from it.
    var apiURLVariable: String?
    /// `{API_URL}/jsm/csm/cloudid/{cloudId}/api/v1`, as ``Credential/csmBaseURL`` wrote it.
    var csmBaseURL: String?
    /// The configuration file this entry was made from.
    var configStamp: ConfigStamp

    init(
        scheme: Credential.Scheme, token: Secret, authorization: Secret, expiresAt: Int64?, cloudID: String?,
        apiURLSetting: String?, apiURLVariable: String?, csmBaseURL: String?,
        configStamp: ConfigStamp = ConfigStamp(text: "")
    ) {
        self.scheme = scheme
        self.token = token
        self.authorization = authorization
        self.expiresAt = expiresAt
        self.cloudID = cloudID
        self.apiURLSetting = apiURLSetting
        self.apiURLVariable = apiURLVariable
        self.csmBaseURL = csmBaseURL
        self.configStamp = configStamp
    }

    /// The latest expiry an entry may name, in seconds since 1970: the end of the year 9999, as
    /// for a stored document (`StoredCredentials.validDates`).
    static let latestExpiry: Int64 = 253_402_300_799

    /// The entry for a credential just read or refreshed with these settings in `environment`.
    init(_ credential: Credential, settings: ProfileSettings, environment: CSMAuthEnvironment) {
        self.init(
            scheme: credential.scheme, token: credential.token, authorization: credential.authorization,
            expiresAt: credential.expiresAt.map { Int64(saturating: $0.timeIntervalSince1970.rounded(.down)) },
            cloudID: settings.cloudID, apiURLSetting: settings.apiURL,
            apiURLVariable: environment.value("CSM_AUTH_API_URL"),
            csmBaseURL: credential.csmBaseURL?.absoluteString)
    }

    /// Whether the token stays valid for more than `minimumValidity` seconds after `now`.
    func isValid(minimumValidity: Int64, now: Int64 = KernelClock.now()) -> Bool {
        guard let expiresAt else { return true }
        return expiresAt - now > minimumValidity
    }

    /// The credential, with the environment's overrides (`CSM_AUTH_API_URL`) applied as for a stored one.
    func credential(environment: CSMAuthEnvironment) throws -> Credential {
        try credential(apiURLVariable: environment.value("CSM_AUTH_API_URL"))
    }

    /// The credential for the API URL that `CSM_AUTH_API_URL` (`apiURLVariable`, nil when not
    /// set) or else the profile's setting names, as ``CSMAuthEnvironment/apiURL(_:)`` picks it.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) when that URL is not acceptable.
    func credential(apiURLVariable: String?) throws -> Credential {
        let apiURL = try EndpointURL.validated(
            apiURLVariable ?? apiURLSetting ?? CSMAuthEnvironment.defaultAPIURL, name: "API URL")
        let expiry = expiresAt.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        return Credential(
            scheme: scheme, token: token, authorization: authorization, expiresAt: expiry, cloudID: cloudID,
            apiURL: apiURL)
    }

    /// The payload bytes, or nil when a value cannot be written safely.
    func payload() -> [UInt8]? {
        var bytes = Array((Self.versionLine + "\n").utf8)
        func field(_ name: String, _ value: String?) -> Bool {
            guard let value else { return true }
            guard !value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else { return false }
            bytes += Array("\(name)=\(value)\n".utf8)
            return true
        }
        let written = [
            field("scheme", scheme.rawValue), field("token", token.reveal()),
            field("authorization", authorization.reveal()),
            field("expires", expiresAt.map { String($0) }), field("cloud", cloudID), field("api", apiURLSetting),
            field("apienv", apiURLVariable), field("base", csmBaseURL), field("stamp", configStamp.text),
        ]
        return written.allSatisfy { $0 } ? bytes : nil
    }

    /// No control or invisible characters (``Unicode/Scalar/isControlOrInvisible``: C0, DEL, C1,
    /// bidi controls such as U+202E, zero-width characters, U+FEFF…): the value is printed to
    /// terminals and sent in headers.
    private static func isPrintable(_ value: String) -> Bool {
        !value.unicodeScalars.contains { $0.isControlOrInvisible }
    }

    /// `{API_URL}/jsm/csm/cloudid/{cloudId}/api/v1` as the writer's ``Credential/csmBaseURL``
    /// spells it for a plain API URL; an entry whose base URL is spelled any other way (or
    /// points anywhere else) is not used, and the answer comes from the store instead.
    static func expectedBaseURL(_ apiURL: String?, cloudID: String) -> String {
        var root = Substring(apiURL ?? CSMAuthEnvironment.defaultAPIURL)
        while root.hasSuffix("/") { root = root.dropLast() }
        return "\(root)/jsm/csm/cloudid/\(cloudID)/api/v1"
    }

    /// Parses a payload written by ``payload()``; nil for anything else (a field twice, an
    /// unknown field, a missing one, a control or invisible character, a header value or base URL
    /// that does not follow from the other fields, a URL that the settings could not name).
    /// Another process of the same user can write that key.
    init?(payload: [UInt8]) {
        guard let text = String(validating: payload, as: UTF8.self), text.hasSuffix("\n") else { return nil }
        var lines = text.utf8.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let version = lines.first, String(Substring(version)) == Self.versionLine else { return nil }
        lines.removeFirst()
        var scheme: Credential.Scheme?
        var token: String?
        var authorization: String?
        var expires: String?
        var stamp: String?
        var cloudID: String?
        var apiURLSetting: String?
        var apiURLVariable: String?
        var csmBaseURL: String?
        for line in lines {
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let name = String(Substring(line[..<equals]))
            let value = String(Substring(line[line.index(after: equals)...]))
            func set(_ slot: inout String?) -> Bool {
                guard slot == nil else { return false }
                slot = value
                return true
            }
            let fresh: Bool
            switch name {
            case "scheme":
                fresh = scheme == nil
                scheme = Credential.Scheme(rawValue: value)
                if scheme == nil { return nil }
            case "token": fresh = set(&token)
            case "authorization": fresh = set(&authorization)
            case "expires": fresh = set(&expires)
            case "cloud": fresh = set(&cloudID)
            case "api": fresh = set(&apiURLSetting)
            case "apienv": fresh = set(&apiURLVariable)
            case "base": fresh = set(&csmBaseURL)
            case "stamp": fresh = set(&stamp)
            default: return nil
            }
            guard fresh else { return nil }
        }
        guard let scheme, let token, TokenText.isValid(token), let authorization, let stamp else { return nil }
        // Exactly what the writer writes: printable values, the header value made of the token,
        // an expiry in digits, and a base URL that follows from the API URL and the cloudId.
        let values = [token, authorization, expires, cloudID, apiURLSetting, apiURLVariable, csmBaseURL, stamp]
            .compactMap { $0 }
        guard values.allSatisfy(Self.isPrintable) else { return nil }
        switch scheme {
        case .bearer: guard authorization == "Bearer " + token else { return nil }
        case .basic: guard authorization.hasPrefix("Basic "), authorization.count > 6 else { return nil }
        }
        var expiresAt: Int64? = nil
        if let expires {
            guard !expires.isEmpty, expires.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let seconds = Int64(expires), seconds <= Self.latestExpiry
            else { return nil }
            expiresAt = seconds
        }
        guard scheme == .basic || expiresAt != nil, cloudID.map(CloudID.isValid) ?? true else { return nil }
        if let csmBaseURL {
            guard let cloudID, csmBaseURL == Self.expectedBaseURL(apiURLVariable ?? apiURLSetting, cloudID: cloudID)
            else { return nil }
        }
        // Every URL passes the rule the settings' URLs pass (EndpointURL: https, or http to a
        // loopback host), read strictly and without Foundation: the token is sent there.
        guard
            [apiURLSetting, apiURLVariable, csmBaseURL].allSatisfy({ $0.map(EndpointURL.isPlainlyAcceptable) ?? true })
        else { return nil }
        self.init(
            scheme: scheme, token: Secret(token), authorization: Secret(authorization), expiresAt: expiresAt,
            cloudID: cloudID,
            apiURLSetting: apiURLSetting, apiURLVariable: apiURLVariable, csmBaseURL: csmBaseURL,
            configStamp: ConfigStamp(text: stamp))
    }
}
