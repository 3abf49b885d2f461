import FoundationEssentials

/// Finds sites and their cloudIds: `accessible-resources` with a token, `tenant_info` without one.
struct SitesClient: Sendable {
    let transport: any HTTPTransport

    /// `GET {API_URL}/oauth/token/accessible-resources`, merged by cloudId.
    func accessibleResources(apiURL: URL, accessToken: Secret) async throws -> [AccessibleResource] {
        let response = try await transport.send(
            HTTPRequest(
                url: apiURL.appending(path: "oauth/token/accessible-resources"),
                headers: [
                    HTTPHeader("Authorization", "Bearer \(accessToken.reveal())"),
                    HTTPHeader("Accept", "application/json"),
                ]))
        return try Self.resources(from: response)
    }

    /// Reads an `accessible-resources` answer: its sites, merged by cloudId.
    ///
    /// Pure (no I/O), so the parse of these untrusted bytes can be tested and fuzzed alone.
    /// - Parameter response: the whole answer.
    /// - Returns: the sites, one per cloudId.
    /// - Throws: ``CSMAuthError``: `.loginRequired` for 401, `.failure` for another status or a body
    ///   that is not a JSON list of sites.
    static func resources(from response: HTTPResponse) throws -> [AccessibleResource] {
        if response.status == 401 {
            throw CSMAuthError(.tokenRefused, "the API refused the access token when listing sites (HTTP 401)")
        }
        guard response.status == 200 else {
            throw CSMAuthError(.unexpectedResponse, "listing the accessible sites failed with HTTP \(response.status)")
        }
        guard let resources = try? JSONDecoder().decode([AccessibleResource].self, from: response.body) else {
            throw CSMAuthError(
                .unexpectedResponse, "the accessible-resources answer is not the expected JSON list of sites")
        }
        // A cloudId becomes a segment of every API path: a site whose id is not one is left out.
        return SiteDirectory.merged(resources.filter { CloudID.isValid($0.id) })
    }

    /// The cloudId of a site from `{SITE_URL}/_edge/tenant_info`, which needs no credentials.
    func cloudID(siteURL: URL) async throws -> String {
        let response = try await transport.send(
            HTTPRequest(
                url: siteURL.appending(path: "_edge/tenant_info"), headers: [HTTPHeader("Accept", "application/json")]))
        return try Self.cloudID(from: response, siteURL: siteURL)
    }

    /// Reads a `tenant_info` answer: the site's cloudId.
    ///
    /// Pure (no I/O), so the parse of these untrusted bytes can be tested and fuzzed alone.
    /// - Parameters:
    ///   - response: the whole answer.
    ///   - siteURL: the site asked, only named in errors.
    /// - Returns: the cloudId, never empty.
    /// - Throws: ``CSMAuthError`` `.failure` for a status other than 200 or a body without a cloudId.
    static func cloudID(from response: HTTPResponse, siteURL: URL) throws -> String {
        guard response.status == 200 else {
            throw CSMAuthError(
                .unexpectedResponse,
                "\(siteURL.redactingQuery) answered HTTP \(response.status) for its tenant info: is it an Atlassian site URL?"
            )
        }
        struct TenantInfo: Decodable { let cloudId: String }
        guard let info = try? JSONDecoder().decode(TenantInfo.self, from: response.body), !info.cloudId.isEmpty else {
            throw CSMAuthError(
                .unexpectedResponse,
                "\(siteURL.redactingQuery) did not answer with a cloudId: is it an Atlassian site URL?")
        }
        // It becomes a segment of every API path: anything but an id could move requests elsewhere.
        guard CloudID.isValid(info.cloudId) else {
            throw CSMAuthError(
                .unexpectedResponse,
                "\(siteURL.redactingQuery) answered a cloudId that is not an id; refusing to use it")
        }
        return info.cloudId
    }
}
