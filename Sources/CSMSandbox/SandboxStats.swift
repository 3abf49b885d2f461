/// Counters of the requests the sandbox answered, by kind, so a test can assert "exactly one refresh".
///
/// Every request of a kind counts, whatever its answer: a refused refresh is still a refresh attempt
/// (and also counts in ``tokenErrors``).
public struct SandboxStats: Sendable, Hashable, Codable {
    /// `GET /authorize` requests.
    public var authorize = 0
    /// `POST /authorize/decision` submissions of the consent form.
    public var consentDecisions = 0
    /// Token requests with `grant_type=authorization_code`.
    public var authorizationCodeGrants = 0
    /// Token requests with `grant_type=refresh_token`.
    public var refreshGrants = 0
    /// Token requests with `grant_type=client_credentials` (service accounts).
    public var clientCredentialsGrants = 0
    /// Token endpoint answers that were errors (any status ≥ 400, injected faults included).
    public var tokenErrors = 0
    /// `GET /oauth/token/accessible-resources` requests.
    public var accessibleResources = 0
    /// `GET …/_edge/tenant_info` requests.
    public var tenantInfo = 0
    /// Requests under `/jsm/csm/cloudid/…` and `/me`.
    public var apiRequests = 0

    /// All counters at zero.
    public init() {}
}
