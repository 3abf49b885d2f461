import CSMAuth

extension CSMAPI {
    /// Refuses `request` before it is sent when the login is known not to have its scope, so the
    /// call costs no request (and no rate-limit budget) and the error names the login that fixes it.
    ///
    /// Only a profile's login whose granted scopes are saved is checked (a 3LO login, or a service
    /// account that saved its scopes); an API token (Basic auth), `CSM_AUTH_TOKEN` and any other
    /// fixed credential have no scope list, so their calls go out and Atlassian decides.
    /// - Throws: ``CSMAPIError`` (status 401, ``CSMAPIError/missingScope`` set) when the scope is
    ///   not granted; `CSMAuthError` (`.invalidConfiguration`) when the settings cannot be read.
    func requireGrantedScope(for request: Request) async throws {
        guard case .session(let session) = client.source, let (auth, granted) = try session.grantedScopes(),
            Self.isSurelyMissing(request.scope, from: granted)
        else { return }
        let command = LoginCommand(
            toolName: client.toolName, profile: session.profile, auth: auth == .oauth ? nil : auth)
        let flags = CSMScopeSet.loginFlags(adding: [request.scope], keeping: granted)
        throw CSMAPIError(
            missingScope: request.scope, request: "\(request.method) \(request.path)", login: "\(command) \(flags)")
    }

    /// Whether `granted` surely lacks `scope`. Atlassian also takes granular scopes (three parts,
    /// `read:request:jira-service-management`) for the Jira platform's and JSM's classic ones
    /// (two parts, `read:servicedesk-request`); a grant holding granular scopes this library does
    /// not know (the CSM API's are all known) may hold a classic call's under another name, so
    /// that call is left to Atlassian.
    static func isSurelyMissing(_ scope: CSMScope, from granted: [String]) -> Bool {
        guard !granted.contains(scope.rawValue) else { return false }
        let isClassic = scope.rawValue.split(separator: ":").count == 2
        guard isClassic else { return true }
        let known = Set(CSMScopeSet.all.flatMap(\.scopes).map(\.rawValue))
        return !granted.contains { $0.split(separator: ":").count == 3 && !known.contains($0) }
    }
}
