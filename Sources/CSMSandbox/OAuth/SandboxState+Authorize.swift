import Foundation
import NIOHTTP1

extension SandboxState {
    /// `GET /authorize`: validates the request, then shows the consent page or, under auto-approve,
    /// redirects at once with a code for the default user.
    mutating func authorize(_ request: SandboxRequest) -> SandboxResponse {
        stats.authorize += 1
        guard let items = request.queryItems else {
            return .html(
                ConsentPage.error("invalid_request", description: "The query string is malformed."), status: .badRequest
            )
        }
        let authorization: AuthorizationRequest
        do throws(AuthorizationRequest.Rejection) {
            authorization = try AuthorizationRequest(items: items, clients: clients)
        } catch {
            return .html(ConsentPage.error(error.error, description: error.description), status: .badRequest)
        }
        let now = clock()
        if autoApprove {
            return approve(authorization, user: defaultUser, chosenSite: nil, now: now)
        }
        pendingConsents = pendingConsents.filter { $0.value.expiresAt > now }
        let consentID = RandomToken.make(byteCount: 18)
        pendingConsents[consentID] = PendingConsent(
            request: authorization, expiresAt: now.addingTimeInterval(Self.consentLifetime))
        return .html(
            ConsentPage.render(
                consentID: consentID, request: authorization, sites: sites, users: users, defaultUser: defaultUser))
    }

    /// `POST /authorize/decision`: the consent form's Accept or Deny.
    ///
    /// The form carries only the id of a pending request; the client, redirect URI, scopes and state
    /// come from the server's memory, so an edited form cannot redirect anywhere unregistered.
    mutating func decide(_ request: SandboxRequest) -> SandboxResponse {
        stats.consentDecisions += 1
        func failure(_ description: String) -> SandboxResponse {
            .html(ConsentPage.error("invalid_request", description: description), status: .badRequest)
        }
        guard let text = String(bytes: request.body, encoding: .utf8), let fields = FormEncoding.decode(text) else {
            return failure("The form could not be read.")
        }
        let form = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let now = clock()
        guard let consentID = form["consent"], let pending = pendingConsents[consentID], pending.expiresAt > now else {
            return failure("This consent page has expired or was already answered. Start the login again.")
        }
        pendingConsents[consentID] = nil
        switch form["decision"] {
        case "accept":
            guard let user = user(email: form["user"] ?? defaultUser.email) else {
                return failure("Unknown user.")
            }
            let chosen = form["site"].flatMap { slug in sites.first { $0.slug == slug || $0.cloudID == slug } }
            if form["site"] != nil, chosen == nil {
                return failure("Unknown site.")
            }
            return approve(pending.request, user: user, chosenSite: chosen, now: now)
        case "deny":
            return .redirect(
                to: AuthorizationRequest.redirect(
                    pending.request.redirectURI,
                    adding: [
                        ("error", "access_denied"),
                        ("error_description", "The user denied access to the app."),
                        ("state", pending.request.state),
                    ]))
        default:
            return failure("The decision must be accept or deny.")
        }
    }

    /// Issues a code and answers the redirect that carries it.
    private mutating func approve(
        _ authorization: AuthorizationRequest, user: SandboxUser, chosenSite: SandboxSite?, now: Date
    ) -> SandboxResponse {
        // The sandbox user can reach every site; the chosen one is listed first, as the site just consented to.
        var cloudIDs = sites.map(\.cloudID)
        if let chosenSite {
            cloudIDs.removeAll { $0 == chosenSite.cloudID }
            cloudIDs.insert(chosenSite.cloudID, at: 0)
        }
        let code = grants.issueCode(
            clientID: authorization.client.id, redirectURI: authorization.redirectURI, user: user,
            scopes: authorization.scopes, cloudIDs: cloudIDs, now: now, settings: settings)
        return .redirect(
            to: AuthorizationRequest.redirect(
                authorization.redirectURI, adding: [("code", code), ("state", authorization.state)]))
    }
}
