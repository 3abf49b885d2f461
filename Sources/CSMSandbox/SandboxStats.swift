/// Counters of the requests the sandbox answered, by kind, so a test can assert "exactly one refresh".
///
/// Every request of a kind counts, whatever its answer: a refused refresh is still a refresh attempt
/// (and also counts in ``tokenErrors``). Tokens minted through the Swift API
/// (``SandboxServer/issueTokens(for:clientID:scopes:cloudIDs:)``) and requests to the `/_sandbox/`
/// control endpoints count nowhere.
///
/// Read them with ``SandboxServer/stats`` (or `GET /_sandbox/stats`, whose JSON members have the
/// same names) and zero them with ``SandboxServer/resetStats()``. The type is `Equatable`, so a
/// test can also compare with ``init()`` to check that nothing happened:
///
/// ```swift
/// sandbox.resetStats()
/// _ = try await session.credential()          // a valid token in the cache
/// #expect(sandbox.stats == SandboxStats())    // no request reached the sandbox
/// ```
public struct SandboxStats: Sendable, Hashable, Codable {
    /// `GET /authorize` requests, valid or not.
    public var authorize = 0
    /// `POST /authorize/decision` submissions of the consent form, Accept or Deny.
    public var consentDecisions = 0
    /// `POST /oauth/token` requests with `grant_type=authorization_code`: code exchanges.
    public var authorizationCodeGrants = 0
    /// `POST /oauth/token` requests with `grant_type=refresh_token`: refreshes.
    public var refreshGrants = 0
    /// `POST /oauth/token` requests with `grant_type=client_credentials`: service accounts' tokens.
    public var clientCredentialsGrants = 0
    /// Token endpoint answers that were errors: any status of 400 or more, injected faults
    /// included (a connection dropped by ``SandboxFaults/TokenEndpointFault/dropAfterRefresh`` is
    /// no answer and does not count).
    public var tokenErrors = 0
    /// `GET /oauth/token/accessible-resources` requests.
    public var accessibleResources = 0
    /// `GET …/_edge/tenant_info` requests.
    public var tenantInfo = 0
    /// Requests to the API: the CSM API under `/jsm/csm/cloudid/…`, `/me` and the sites'
    /// `/rest/api/3/myself`, whatever their answer.
    public var apiRequests = 0
    /// API answers that were 429 Too Many Requests (``SandboxFaults/rateLimit``); they count in
    /// ``apiRequests`` too.
    public var rateLimited = 0

    /// Creates counters that are all zero, as a sandbox starts.
    public init() {}
}
