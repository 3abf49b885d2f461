import CSMAuth
import FoundationEssentials
import Glibc
import Logging

/// Calls the CSM REST API, and through the gateway the Jira platform and JSM (``GatewayPath``),
/// with a profile's credential: resolves paths, refreshes once on 401, and waits out 429/503
/// answers as their `Retry-After` says, a bounded number of times.
public struct CSMClient: Sendable {
    /// Where credentials come from; the name it had before it moved to CSMAuth.
    public typealias CredentialSource = CSMAuth.CredentialSource

    /// Where each request's credential comes from.
    public let source: CredentialSource
    /// The HTTP client.
    public let transport: any HTTPTransport
    /// How many answers are waited out (429/503 as the server asks, 5xx to idempotent requests
    /// with a doubling wait) before the last one is returned. Default 3.
    public var maximumRetries: Int
    /// The longest wait accepted from a 429 or 503 (`Retry-After` or `X-RateLimit-Reset`), and the
    /// longest backoff. A longer wait asked for is never shortened: the call fails at once with
    /// ``CSMRateLimitError``. Default 60 s; ``init(profile:environment:transport:logger:)`` reads
    /// `CSM_AUTH_MAX_RETRY_WAIT` (``maximumRetryDelay(in:)``).
    public var maximumRetryDelay: Duration
    /// The gate the requests pass, shared with the process's other calls to the same site; nil
    /// (the default) uses ``RateLimitGate/shared(apiOrigin:cloudID:)``. See ``RateLimitGate``.
    public var rateLimitGate: RateLimitGate?
    /// The pace of the requests through the gate while Atlassian says the budget is nearly spent
    /// (`X-RateLimit-NearLimit: true`): one per this interval. Default 1 s; zero does not slow down.
    public var nearLimitSpacing: Duration = .seconds(1)
    /// Receives warnings, such as a list that may be incomplete (``CSMResponsePages``). Silent by default.
    public var logger: Logger = .silent
    /// Told before each wait for a 429 or 503 answer: the status, the wait, and which retry follows (1-based).
    public var willRetry: (@Sendable (RetryNotice) -> Void)?
    /// The command hints name ("run `csm-auth sites --select SITE`"): the session's
    /// `CSMAuthEnvironment/toolName`, or the running program's name
    /// (`CSMAuthEnvironment.programName`) for a fixed credential unless set.
    public var toolName: String
    let sleep: @Sendable (Duration) async throws -> Void
    /// The clock `X-RateLimit-Reset` is compared with.
    var now: @Sendable () -> Date = { Date() }

    /// - Parameters:
    ///   - source: where credentials come from.
    ///   - transport: the HTTP client.
    ///   - maximumRetries: how many 429, 503 and other 5xx answers are waited out.
    ///   - maximumRetryDelay: the longest single wait.
    ///   - willRetry: told before each wait.
    ///   - sleep: how a wait is spent (tests pass one that records it).
    public init(
        source: CredentialSource, transport: any HTTPTransport = CurlTransport(), maximumRetries: Int = 3,
        maximumRetryDelay: Duration = .seconds(60),
        willRetry: (@Sendable (RetryNotice) -> Void)? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.source = source
        self.transport = transport
        self.maximumRetries = maximumRetries
        self.maximumRetryDelay = maximumRetryDelay
        self.willRetry = willRetry
        self.sleep = sleep
        if case .session(let session) = source {
            toolName = session.environment.toolName
        } else {
            toolName = CSMAuthEnvironment.programName
        }
    }

    /// A client for the credential commands use: `CSM_AUTH_TOKEN` (with `CSM_AUTH_CLOUD_ID`) when
    /// set, else the profile `profile` names (nil: `CSM_AUTH_PROFILE` or `default`), refreshed as needed.
    /// - Parameters:
    ///   - profile: the profile (`--profile`); nil for `CSM_AUTH_PROFILE` or `default`.
    ///   - environment: the variables, folders and stores to resolve with.
    ///   - transport: the HTTP client of the requests and the refreshes.
    ///   - logger: receives refresh events and the client's warnings (``logger``).
    /// - Throws: `CSMAuthError` (`.invalidInput`) for an invalid profile name or an invalid
    ///   `CSM_AUTH_TOKEN`, `CSM_AUTH_CLOUD_ID`, `CSM_AUTH_API_URL` or `CSM_AUTH_MAX_RETRY_WAIT`.
    public init(
        profile: String? = nil, environment: CSMAuthEnvironment, transport: any HTTPTransport = CurlTransport(),
        logger: Logger = .silent
    ) throws {
        let source = try CredentialResolver(environment: environment, transport: transport, logger: logger).source(
            profile: profile)
        self.init(source: source, transport: transport, maximumRetryDelay: try Self.maximumRetryDelay(in: environment))
        toolName = environment.toolName
        self.logger = logger
    }

    /// `CSM_AUTH_MAX_RETRY_WAIT`: the longest wait (seconds, 0 to 86400, fractions allowed) a 429 or
    /// 503 may ask for; 60 s when unset or empty.
    /// - Throws: `CSMAuthError` (`.invalidInput`) for any other value.
    public static func maximumRetryDelay(in environment: CSMAuthEnvironment) throws -> Duration {
        guard let text = environment.variables["CSM_AUTH_MAX_RETRY_WAIT"], !text.isEmpty else { return .seconds(60) }
        guard text.utf8.count <= 32, let seconds = Double(text.trimmingWhitespace()), seconds.isFinite,
            (0...86_400).contains(seconds)
        else {
            throw CSMAuthError(
                .invalidInput,
                "CSM_AUTH_MAX_RETRY_WAIT must be a number of seconds from 0 to 86400, not '\(text.printableLine)'")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// The URL of `path` for a credential, as ``GatewayPath`` describes: a path starting with
    /// `/ex/` or `/jsm/` from `{API_URL}`; a full URL only under `{API_URL}`; any other path
    /// relative to `{API_URL}/jsm/csm/cloudid/{cloudId}`, with `/api/v1/` put in front of paths
    /// that do not start with `/api/`. `{cloudId}` is replaced everywhere.
    /// - Parameters:
    ///   - path: an API path such as `/api/v1/organization/1`, `organization/1` or
    ///     `/ex/jira/{cloudId}/rest/api/3/myself`, or a full URL under `{API_URL}`; its query is kept.
    ///   - credential: the credential whose API URL and cloudId the path is resolved against.
    ///   - toolName: the command named in the hint when no site is selected.
    /// - Throws: `CSMAuthError` (`.noSiteSelected`) without a cloudId when the path needs one
    ///   (naming `CSM_AUTH_CLOUD_ID` for a `CSM_AUTH_TOKEN` credential), (`.invalidConfiguration`)
    ///   for a cloudId that is not an id, (`.invalidInput`) for a full URL outside `{API_URL}`, a
    ///   dot segment or an invalid path.
    public static func url(for path: String, credential: Credential, toolName: String = CSMAuthEnvironment.programName)
        throws -> URL
    {
        if let cloudID = credential.cloudID, !CloudID.isValid(cloudID) {
            throw CSMAuthError(
                .invalidConfiguration,
                "the profile's cloudId is not an id: run `\(toolName.printableLine) sites --select SITE` or log in again"
            )
        }
        func siteCloudID() throws -> String {
            guard let cloudID = credential.cloudID else {
                if credential.isEnvironmentOverride {
                    // No profile is used, so no `sites --select` can help: the site comes with the token.
                    throw CSMAuthError(
                        .noSiteSelected,
                        "CSM_AUTH_TOKEN is set but CSM_AUTH_CLOUD_ID is not: set CSM_AUTH_CLOUD_ID to the site's cloudId"
                    )
                }
                throw CSMAuthError(
                    .noSiteSelected,
                    "no site is selected: run `\(toolName.printableLine) sites --select SITE` (or set CSM_AUTH_CLOUD_ID)"
                )
            }
            return cloudID
        }
        var relative = path
        if relative.contains("{cloudId}") { relative = relative.replacing("{cloudId}", with: try siteCloudID()) }
        var rootPath: String?
        if GatewayPath.isFullURL(relative) {
            // Never echoed: a URL may carry a secret in its query or user part.
            guard let under = GatewayPath.rootPath(ofFullURL: relative, under: credential.apiURL) else {
                throw CSMAuthError(
                    .invalidInput,
                    "a full URL is accepted only under the API gateway \(GatewayPath.root(of: credential.apiURL)) (CSM_AUTH_API_URL): give a path such as /api/v1/organization/1, not a full URL elsewhere"
                )
            }
            rootPath = under
        } else if GatewayPath.isRootPath(relative) {
            rootPath = relative
        }
        if hasDotSegment(rootPath ?? relative) {
            throw CSMAuthError(
                .invalidInput,
                "the API path '\(path)' has a '.' or '..' segment, which could leave the API it names: write the path without it"
            )
        }
        if let rootPath {
            guard let url = URL(string: GatewayPath.root(of: credential.apiURL) + rootPath) else {
                throw CSMAuthError(.invalidInput, "'\(path)' is not a valid API path")
            }
            return url
        }
        _ = try siteCloudID()
        guard let root = credential.csmRootURL else {
            throw CSMAuthError(.invalidInput, "'\(path)' is not a valid API path")
        }
        if !relative.hasPrefix("/") { relative = "/" + relative }
        if !relative.hasPrefix("/api/") { relative = "/api/v1" + relative }
        guard let url = URL(string: root.absoluteString + relative) else {
            throw CSMAuthError(.invalidInput, "'\(path)' is not a valid API path")
        }
        return url
    }

    /// Whether the path part (before `?` or `#`) has a `.` or `..` segment, percent-encoded ones
    /// included: libcurl and gateways resolve them, so `/api/../../x` would reach outside the root.
    static func hasDotSegment(_ path: String) -> Bool {
        let pathPart = path.prefix { $0 != "?" && $0 != "#" }
        return pathPart.split(separator: "/", omittingEmptySubsequences: false).contains { segment in
            let decoded = segment.lowercased().replacing("%2e", with: ".")
            return decoded == "." || decoded == ".."
        }
    }

    /// Sends one API request and returns the final response, whatever its status.
    ///
    /// The request carries the credential's `Authorization`, `Accept: application/json`, and
    /// `Content-Type: application/json` when there is a body; a header of `headers` with one of
    /// these names (compared case-insensitively) is sent instead of it, never beside it.
    /// A 401 to a session's Bearer token refreshes it once and sends again, unless the answer says
    /// the token lacks a scope (``isScopeMismatch(_:)``: a refresh would not add it) or the
    /// `Authorization` was the caller's own (the profile's token was not even sent). A 429 or 503
    /// is waited out as its `Retry-After` (seconds) or `X-RateLimit-Reset` (ISO 8601, with or
    /// without seconds) asks, whole, when that is at most ``maximumRetryDelay``; a longer wait fails
    /// at once (``CSMRateLimitError``), without a retry. Such a wait closes the site's
    /// ``RateLimitGate``, so the process's other calls wait with it. A 429 that names no wait is
    /// retried after an exponential backoff with full jitter, and another 5xx to an idempotent
    /// method (GET, HEAD, PUT, DELETE, OPTIONS) after a doubling wait from 0.5 s; at most
    /// ``maximumRetries`` waits in all. After an answer with `X-RateLimit-NearLimit: true`, the
    /// requests through the gate are paced (``nearLimitSpacing``).
    /// - Parameters:
    ///   - method: the method, such as `GET`.
    ///   - path: the API path, resolved as ``url(for:credential:toolName:)`` does.
    ///   - headers: more headers, sent after the ones above, replacing those of the same name.
    ///   - body: the body; nil sends none.
    /// - Returns: the last response; a 401 after the refresh, or a 429 or 503 after the last retry,
    ///   is returned, not thrown.
    /// - Throws: ``CSMRateLimitError`` for a wait longer than ``maximumRetryDelay``; the errors of
    ///   ``url(for:credential:toolName:)``, of
    ///   `AuthSession/credential(minimumValidity:)` and `AuthSession/refresh()` (a failed refresh
    ///   after a 401 is thrown), of the transport (`HTTPTransportError`; `CSMAuthError`
    ///   (`.invalidInput`) for a header that cannot be sent), a `CSMAuthError` of category
    ///   `.failure` for a credential whose token cannot be sent (a line break in it), and
    ///   `CancellationError` from a wait.
    public func send(method: String, path: String, headers: [HTTPHeader] = [], body: Data? = nil) async throws
        -> HTTPResponse
    {
        var credential = try await currentCredential()
        let given = Set(headers.map { $0.name.lowercased() })
        // The caller's own Authorization is sent instead of the credential's, never beside it.
        let ownAuthorization = given.contains("authorization")
        var refreshed = false
        var retries = 0
        var waitedUntil: ContinuousClock.Instant?
        while true {
            try Self.checkSendable(credential)
            var defaults = [
                HTTPHeader("Authorization", credential.authorization.reveal()),
                HTTPHeader("Accept", "application/json"),
            ]
            if body != nil { defaults.append(HTTPHeader("Content-Type", "application/json")) }
            let url = try Self.url(for: path, credential: credential, toolName: toolName)
            let request = HTTPRequest(
                method: method, url: url,
                headers: defaults.filter { !given.contains($0.name.lowercased()) } + headers,
                body: body)
            let gate = gate(for: url, credential: credential)
            let pause = await gate.waitBeforeSending(waitedUntil: waitedUntil, spacing: nearLimitSpacing)
            if pause > .zero { try await sleep(pause) }
            waitedUntil = nil
            let response = try await transport.send(request)
            if response.status != 429, response.status != 503 {
                // A refusal's own wait covers it; the pace is for answers that still went through.
                await gate.observe(nearLimit: RateLimitHeaders(response).nearLimit, spacing: nearLimitSpacing)
            }
            // A 401 to the caller's own Authorization says nothing about the profile's token:
            // refreshing would rotate it for nothing, and the retry would send the same header.
            if response.status == 401, !refreshed, !ownAuthorization, case .session(let session) = source,
                credential.scheme == .bearer, !Self.isScopeMismatch(response)
            {
                // The token may have died before its expiry (a revoked family): refresh once, then give up.
                // A missing scope is not cured by a refresh, which would only rotate the token for nothing.
                refreshed = true
                credential = try await session.refresh()
                continue
            }
            switch retryPlan(for: response, method: method, attempt: retries + 1) {
            case .refuse(let wait):
                // Retrying before the wait is over earns the same or a longer wait: never shorten it.
                throw CSMRateLimitError(
                    request: "\(method) \(path)", response: response, requestedWait: wait,
                    maximumWait: maximumRetryDelay)
            case .wait(let delay, let reason, let closesGate) where retries < maximumRetries:
                retries += 1
                if closesGate { waitedUntil = await gate.close(for: delay) }
                willRetry?(RetryNotice(status: response.status, delay: delay, attempt: retries, reason: reason))
                try await sleep(delay)
            case .wait, nil:
                return response
            }
        }
    }

    /// The gate of the request's site: ``rateLimitGate``, else the process's for the URL's origin
    /// and the credential's cloudId.
    private func gate(for url: URL, credential: Credential) -> RateLimitGate {
        if let rateLimitGate { return rateLimitGate }
        let origin = "\(url.scheme ?? "")://\(url.host(percentEncoded: true) ?? "")" + (url.port.map { ":\($0)" } ?? "")
        return RateLimitGate.shared(apiOrigin: origin, cloudID: credential.cloudID)
    }

    /// Refuses a credential whose header cannot be sent as it is. Such a token was not typed by
    /// the caller (`CSM_AUTH_TOKEN` and `-H` are checked where they are read) but handed over by a
    /// store or a program: a bad credential (a failure, exit 1), not a usage error.
    static func checkSendable(_ credential: Credential) throws {
        guard TokenText.isValid(credential.token.reveal()), HTTPHeader.isValidValue(credential.authorization.reveal())
        else {
            throw CSMAuthError(
                .unusableCredential,
                "the credential's token contains a space, a control character or a character beyond ASCII; it was not sent"
            )
        }
    }

    private func currentCredential() async throws -> Credential {
        switch source {
        case .session(let session): try await session.credential()
        case .fixed(let credential): credential
        }
    }
}
