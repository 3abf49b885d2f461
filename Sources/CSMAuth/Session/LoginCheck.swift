import FoundationEssentials

/// Asks Atlassian whether a login works, with one authenticated request: what `status --check`
/// and `doctor` report, whatever the local state says.
///
/// The request is the cheapest one every login may make: `accessible-resources` for an OAuth
/// token (3LO or `CSM_AUTH_TOKEN`; it needs no scope), the gateway's
/// `/ex/jira/{cloudId}/rest/api/3/myself` for an API token (where scoped and unscoped tokens both
/// work). A 401 to a 3LO token gets one refresh and one more try, as `api` does; a service account
/// mints a new token instead, which is the question itself.
package struct LoginCheck: Sendable {
    /// What Atlassian said; the raw values are the JSON of `status --check` (`check`).
    package enum Outcome: String, Sendable, Encodable {
        /// Atlassian accepted the login.
        case ok
        /// Atlassian refused it (or nothing is stored to ask with): a login is needed.
        case refused
        /// No answer, or an answer that says nothing about the login (5xx, 429).
        case unreachable
    }

    /// The outcome, one line on it, and the server's clock.
    package struct Result: Sendable {
        /// What Atlassian said.
        package var outcome: Outcome
        /// One line: what was asked and answered, and for a refusal the command that fixes it.
        package var detail: String
        /// The `Date` header of the answer, when there was one.
        package var serverDate: Date?
    }

    /// The variables, folders and stores the login is read from.
    package let environment: CSMAuthEnvironment
    /// The HTTP client of the check and of a refresh.
    package let transport: any HTTPTransport

    /// - Parameters:
    ///   - environment: where the profile is read from.
    ///   - transport: the HTTP client.
    package init(environment: CSMAuthEnvironment, transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    /// `{API_URL}/ex/jira/{cloudId}/rest/api/3/myself`: the Jira platform's "who am I" through the gateway.
    package static func gatewayMyselfURL(apiURL: URL, cloudID: String) -> URL {
        apiURL.appending(path: "ex/jira/\(cloudID)/rest/api/3/myself")
    }

    /// Checks the token of `CSM_AUTH_TOKEN`, which is never refreshed.
    /// - Parameter credential: the credential of ``Credential/fromEnvironment(_:)``.
    package func run(environmentToken credential: Credential) async -> Result {
        do {
            let request = try probe(credential)
            let response = try await transport.send(request)
            if response.status == 401 {
                return Result(
                    outcome: .refused,
                    detail: Credential.environmentTokenRefused("accessible-resources answered HTTP 401"),
                    serverDate: Self.date(of: response))
            }
            return verdict(response, to: request, fix: nil)
        } catch {
            return Result(outcome: .unreachable, detail: Self.line(error), serverDate: nil)
        }
    }

    /// Checks a profile's login.
    /// - Parameter profile: the profile's name, validated.
    /// - Throws: the store's error (a locked keyring) and a usage error (an invalid profile name
    ///   or endpoint URL): they say nothing about the login. Every other failure is a ``Result``.
    package func run(profile: String) async throws -> Result {
        let session = AuthSession(profile: profile, environment: environment, transport: transport)
        let settings = try await Profiles(environment: environment).resolvedSettings(profile)
        let fix = LoginCommand(
            toolName: environment.toolName, profile: profile, auth: settings?.auth == .oauth ? nil : settings?.auth)
        do {
            guard let settings else {
                throw CSMAuthError(.notLoggedIn, "profile '\(profile)' is not logged in", fix: fix)
            }
            if settings.auth == .clientCredentials {
                _ = try await session.refresh()
                return Result(
                    outcome: .ok, detail: "Atlassian issued a new token for the service account", serverDate: nil)
            }
            var credential = try await session.credential()
            var request = try probe(credential)
            var response = try await transport.send(request)
            if response.status == 401, credential.scheme == .bearer {
                // The token may have died before its expiry (a revoked grant): refresh once, as `api` does.
                credential = try await session.refresh()
                request = try probe(credential)
                response = try await transport.send(request)
            }
            return verdict(response, to: request, fix: fix)
        } catch let error as any CategorizedError {
            switch error.category {
            case .loginRequired: return Result(outcome: .refused, detail: Self.line(error), serverDate: nil)
            case .storeUnavailable, .usage: throw error
            case .failure: return Result(outcome: .unreachable, detail: Self.line(error), serverDate: nil)
            }
        } catch {
            return Result(outcome: .unreachable, detail: Self.line(error), serverDate: nil)
        }
    }

    /// The one request the check makes with `credential`.
    private func probe(_ credential: Credential) throws -> HTTPRequest {
        let url: URL
        if credential.scheme == .basic {
            guard let cloudID = credential.cloudID, CloudID.isValid(cloudID) else {
                throw CSMAuthError(.unexpectedResponse, "the profile has no site to check the API token at")
            }
            url = Self.gatewayMyselfURL(apiURL: credential.apiURL, cloudID: cloudID)
        } else {
            url = credential.apiURL.appending(path: "oauth/token/accessible-resources")
        }
        return HTTPRequest(
            url: url,
            headers: [
                HTTPHeader("Authorization", credential.authorization.reveal()),
                HTTPHeader("Accept", "application/json"),
            ])
    }

    private func verdict(_ response: HTTPResponse, to request: HTTPRequest, fix: LoginCommand?) -> Result {
        let what = "GET \(request.url.path()) answered HTTP \(response.status)"
        let date = Self.date(of: response)
        switch response.status {
        // 403, or a 401 for a missing scope: the login was accepted, only this call is not allowed to it.
        case 200..<300, 403,
            401 where response.isScopeMismatch:
            return Result(outcome: .ok, detail: "Atlassian accepts the login (\(what))", serverDate: date)
        case 401:
            let run = fix.map { ": run `\($0)`" } ?? ""
            return Result(outcome: .refused, detail: "Atlassian refused the login (\(what))\(run)", serverDate: date)
        default:
            return Result(
                outcome: .unreachable, detail: "Atlassian did not confirm the login (\(what))", serverDate: date)
        }
    }

    /// `status` with the answer of ``run(environmentToken:)`` or ``run(profile:)`` added: a
    /// refusal also makes it not logged in, with the refusal as its problem.
    /// - Throws: the errors of ``run(profile:)``.
    package func checked(_ status: ProfileStatus) async throws -> ProfileStatus {
        let result: Result
        if status.overriddenBy != nil, let credential = try Credential.fromEnvironment(environment) {
            result = await run(environmentToken: credential)
        } else {
            result = try await run(profile: status.profile)
        }
        var checked = status
        checked.check = result.outcome
        checked.checkDetail = result.detail
        if result.outcome == .refused {
            checked.loggedIn = false
            checked.problem = result.detail
        }
        return checked
    }

    /// The `Date` header (RFC 9110's IMF-fixdate), nil when absent or not one.
    package static func date(of response: HTTPResponse) -> Date? {
        guard let value = response.header("Date") else { return nil }
        return HTTPDate.parse(value)
    }

    private static func line(_ error: any Error) -> String {
        String(describing: error).printableLine
    }
}
