import NIOHTTP1

extension SandboxState {
    /// `GET /oauth/token/accessible-resources`: the sites of the token's grant.
    ///
    /// Each site is listed twice, once per product (Jira Service Management and Jira), with the same
    /// id, name and url but different scopes, as Atlassian does: clients must merge entries by id.
    mutating func accessibleResources(_ request: SandboxRequest) -> SandboxResponse {
        stats.accessibleResources += 1
        let caller: APICaller
        switch authenticate(request, allowBasic: false) {
        case .success(let value): caller = value
        case .failure(let failure): return failure.response
        }
        guard case .bearer(let scopes, let cloudIDs) = caller.method else {
            return .gatewayError(.unauthorized, "Unauthorized")
        }
        let sorted = scopes.sorted()
        let serviceManagementScopes = sorted.filter { $0.hasSuffix(":jira-service-management") }
        let platformScopes = sorted.filter { !$0.hasSuffix(":jira-service-management") && $0 != "offline_access" }
        var entries: [JSONValue] = []
        for cloudID in cloudIDs {
            guard let site = sites.first(where: { $0.cloudID == cloudID }) else { continue }
            for productScopes in [serviceManagementScopes, platformScopes] {
                entries.append([
                    "id": .string(site.cloudID),
                    "name": .string(site.name),
                    "url": .string(site.url),
                    "scopes": .array(productScopes.map(JSONValue.string)),
                    "avatarUrl": .string("\(site.url)/avatar.png"),
                ])
            }
        }
        return .json(.array(entries))
    }

    /// `GET /_edge/tenant_info` (first site) and `GET /site/SLUG/_edge/tenant_info`: the cloudId, no auth.
    mutating func tenantInfo(slug: String?) -> SandboxResponse {
        stats.tenantInfo += 1
        guard let site = slug.map({ slug in sites.first { $0.slug == slug } }) ?? sites.first else {
            return .gatewayError(.notFound, "Not Found")
        }
        return .json(["cloudId": .string(site.cloudID)])
    }

    /// `GET /site/SLUG/rest/api/3/myself`: the caller's account, for Basic auth with an unscoped
    /// API token as on a real site; a token with scopes answers 401 here, as at Atlassian.
    mutating func myself(_ request: SandboxRequest, slug: String) -> SandboxResponse {
        stats.apiRequests += 1
        guard sites.contains(where: { $0.slug == slug }) else { return .gatewayError(.notFound, "Not Found") }
        switch authenticate(request, allowBasic: true, atGateway: false) {
        case .failure(let failure):
            return failure.response
        case .success(let caller):
            return Self.account(caller)
        }
    }

    /// `GET /ex/jira/{cloudId}/rest/api/3/myself`: the same account through the gateway, for an
    /// OAuth token of the site (scope `read:jira-user`) or an API token, scoped (with
    /// `read:jira-user`) or not; the check `csm-auth login --basic` makes before saving a token.
    mutating func gatewayMyself(_ request: SandboxRequest, cloudID: String) -> SandboxResponse {
        stats.apiRequests += 1
        guard sites.contains(where: { $0.cloudID == cloudID }) else { return .gatewayError(.notFound, "Not Found") }
        switch authenticate(request, allowBasic: true) {
        case .failure(let failure):
            return failure.response
        case .success(let caller):
            guard caller.mayUse(cloudID: cloudID) else { return .gatewayError(.unauthorized, "Unauthorized") }
            guard caller.has(scope: "read:jira-user") else {
                return .gatewayError(.unauthorized, "Unauthorized; scope does not match")
            }
            return Self.account(caller)
        }
    }

    /// The Jira platform's account object for `myself`.
    private static func account(_ caller: APICaller) -> SandboxResponse {
        .json([
            "accountId": .string(caller.user.accountID), "emailAddress": .string(caller.user.email),
            "displayName": .string(caller.user.displayName), "active": true,
        ])
    }

    /// `GET /site/SLUG`: a tiny page naming the site, so a site URL opened in a browser shows something.
    func sitePage(slug: String) -> SandboxResponse {
        guard let site = sites.first(where: { $0.slug == slug }) else {
            return .gatewayError(.notFound, "Not Found")
        }
        let e = HTMLEscaping.escape
        return .html(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>\(e(site.name))</title></head>"
                + "<body><h1>\(e(site.name))</h1><p>cloudId <code>\(e(site.cloudID))</code></p></body></html>")
    }

    /// `GET /me`: the current user's profile (scope `read:me`), as `api.atlassian.com/me` answers:
    /// `account_id`, `email`, `name`, `nickname`, `picture`, `account_type` (`atlassian`, or
    /// `app` for a service account) and `account_status`. No token is 401; a token without
    /// `read:me` is 401 "scope does not match".
    mutating func me(_ request: SandboxRequest) -> SandboxResponse {
        stats.apiRequests += 1
        let caller: APICaller
        switch authenticate(request, allowBasic: true) {
        case .success(let value): caller = value
        case .failure(let failure): return failure.response
        }
        guard caller.has(scope: "read:me") else {
            return .gatewayError(.unauthorized, "Unauthorized; scope does not match")
        }
        let user = caller.user
        let isServiceAccount = user.email.hasSuffix("@serviceaccount.atlassian.com")
        return .json([
            "account_id": .string(user.accountID),
            "email": .string(user.email),
            "name": .string(user.displayName),
            "nickname": .string(String(user.displayName.split(separator: " ").first ?? "")),
            "picture": .string("https://avatar-management.sandbox.example/\(user.accountID)/128"),
            "account_type": .string(isServiceAccount ? "app" : "atlassian"),
            "account_status": "active",
        ])
    }
}
