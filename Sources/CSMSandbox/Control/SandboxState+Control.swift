import Foundation
import NIOHTTP1

extension SandboxState {
    /// Requests under `/_sandbox/`: counters, faults, settings and revocation for tests.
    ///
    /// They need no credentials, so they answer only peers on a loopback address (the sandbox may
    /// be bound elsewhere with `allowRemote`, and then strangers must not steer it).
    mutating func respondToControl(_ request: SandboxRequest, segments: [String]) -> SandboxResponse {
        guard request.peerIsLoopback else {
            return .gatewayError(.forbidden, "Control endpoints answer loopback clients only.")
        }
        switch (request.method, segments) {
        case (.GET, ["stats"]):
            return .json(stats.json)
        case (.POST, ["stats", "reset"]):
            stats = SandboxStats()
            return .json(stats.json)
        case (.GET, ["faults"]):
            return .json(faults.json)
        case (.POST, ["faults"]):
            guard let body = JSONValue.parse(request.body), case .object = body else {
                return .gatewayError(.badRequest, "The body must be a JSON object.")
            }
            switch faults.merging(body) {
            case .success(let merged):
                faults = merged
                // A new rate-limit fault starts afresh, without the wait of the one it replaces.
                if body["rateLimit"] != nil { rateLimitedUntil = nil }
            case .failure(let failure): return failure.response
            }
            return .json(faults.json)
        case (.POST, ["faults", "reset"]):
            faults = .none
            rateLimitedUntil = nil
            return .json(faults.json)
        case (.POST, ["revoke"]):
            grants.revokeAll()
            pendingConsents.removeAll()
            return .json(["revoked": true])
        case (.GET, ["settings"]):
            return .json(settingsJSON)
        case (.POST, ["settings"]):
            return updateSettings(request.body)
        case (.POST, ["tokens"]):
            return mintTokens(request.body)
        case (.GET, ["info"]):
            return .json(infoJSON)
        case (.POST, ["service-accounts"]):
            guard let json = JSONValue.parse(request.body), let id = json["id"]?.stringValue,
                let secret = json["secret"]?.stringValue,
                !id.isEmpty, !secret.isEmpty
            else {
                return .gatewayError(
                    .badRequest,
                    "The body must be {\"id\": \"…\", \"secret\": \"…\"} with optional \"role\" and \"scopes\".")
            }
            guard SandboxServiceAccount.isValidID(id) else {
                return .gatewayError(
                    .badRequest, "A service account id is 1-128 printable ASCII characters without spaces.")
            }
            var account = SandboxServiceAccount(id: id, secret: secret)
            if let role = json["role"]?.stringValue {
                guard let parsed = SandboxUser.Role(rawValue: role) else {
                    return .gatewayError(.badRequest, "Unknown role \(role).")
                }
                account.role = parsed
            }
            if case .array(let scopes)? = json["scopes"] { account.scopes = scopes.compactMap(\.stringValue) }
            addServiceAccount(account)
            return .json(["id": .string(id), "role": .string(account.role.rawValue)], status: .created)
        case (.POST, ["api-tokens"]):
            guard let json = JSONValue.parse(request.body), let email = json["email"]?.stringValue else {
                return .gatewayError(.badRequest, "The body must be {\"email\": \"…\"} with optional \"scopes\".")
            }
            var scopes = SandboxScopedAPIToken.defaultScopes
            if case .array(let given)? = json["scopes"] { scopes = given.compactMap(\.stringValue) }
            guard let token = createScopedAPIToken(email: email, scopes: scopes) else {
                return .gatewayError(.notFound, "No user or service account has that email.")
            }
            return .json(["email": .string(email), "token": .string(token)], status: .created)
        case (.DELETE, let path) where path.count == 2 && path[0] == "service-accounts":
            guard revokeServiceAccount(id: path[1]) else { return .gatewayError(.notFound, "No such service account.") }
            return .empty(status: .noContent)
        default:
            return .gatewayError(.notFound, "Not Found")
        }
    }

    private var settingsJSON: JSONValue {
        [
            "accessTokenLifetime": .number(settings.accessTokenLifetime),
            "reuseInterval": .number(settings.reuseInterval),
            "refreshTokenInactivity": .number(settings.refreshTokenInactivity),
            "authorizationCodeLifetime": .number(settings.authorizationCodeLifetime),
            "pageSize": .number(Double(apiSettings.pageSize)),
            "bulkTaskDelay": .number(apiSettings.bulkTaskDelay),
        ]
    }

    private mutating func updateSettings(_ body: [UInt8]) -> SandboxResponse {
        guard let json = JSONValue.parse(body), case .object(let members) = json else {
            return .gatewayError(.badRequest, "The body must be a JSON object.")
        }
        var updated = settings
        var updatedAPI = apiSettings
        let paths: [String: WritableKeyPath<OAuthSettings, TimeInterval>] = [
            "accessTokenLifetime": \.accessTokenLifetime,
            "reuseInterval": \.reuseInterval,
            "refreshTokenInactivity": \.refreshTokenInactivity,
            "authorizationCodeLifetime": \.authorizationCodeLifetime,
        ]
        for (name, value) in members {
            if name == "pageSize" {
                guard let size = value.numberValue, size.rounded() == size,
                    (1...Double(APISettings.maximumPageSize)).contains(size)
                else {
                    return .gatewayError(
                        .badRequest, "pageSize must be a whole number from 1 to \(APISettings.maximumPageSize).")
                }
                updatedAPI.pageSize = Int(size)
                continue
            }
            if name == "bulkTaskDelay" {
                guard let seconds = value.numberValue, seconds.isFinite, seconds >= 0 else {
                    return .gatewayError(.badRequest, "bulkTaskDelay must be a non-negative number of seconds.")
                }
                updatedAPI.bulkTaskDelay = seconds
                continue
            }
            guard let path = paths[name] else {
                return .gatewayError(.badRequest, "Unknown setting \(name).")
            }
            guard let seconds = value.numberValue, seconds.isFinite, seconds >= 0 else {
                return .gatewayError(.badRequest, "\(name) must be a non-negative number of seconds.")
            }
            updated[keyPath: path] = seconds
        }
        settings = updated
        apiSettings = updatedAPI
        return .json(settingsJSON)
    }

    private mutating func mintTokens(_ body: [UInt8]) -> SandboxResponse {
        guard let json = JSONValue.parse(body), case .object = json else {
            return .gatewayError(.badRequest, "The body must be a JSON object.")
        }
        let email = json["user"]?.stringValue ?? defaultUser.email
        guard let user = user(email: email) else {
            return .gatewayError(.badRequest, "Unknown user \(email).")
        }
        let clientID = json["clientId"]?.stringValue ?? clients[0].id
        guard let client = client(id: clientID) else {
            return .gatewayError(.badRequest, "Unknown client \(clientID).")
        }
        let scopes = json["scope"]?.stringValue.map { $0.split(separator: " ").map(String.init) } ?? client.scopes
        return .json(issueTokens(client: client, user: user, scopes: scopes, cloudIDs: sites.map(\.cloudID)).json)
    }

    /// Mints a token pair for `user` without the browser flow (the Swift API and `/_sandbox/tokens`).
    mutating func issueTokens(
        client: SandboxClient, user: SandboxUser, scopes: [String], cloudIDs: [String]
    ) -> SandboxTokenResponse {
        grants.issueTokens(
            clientID: client.id, user: user, scopes: scopes, cloudIDs: cloudIDs, now: clock(), settings: settings)
    }

    private var infoJSON: JSONValue {
        [
            "sites": .array(
                sites.map {
                    [
                        "id": .string($0.cloudID), "name": .string($0.name), "url": .string($0.url),
                        "slug": .string($0.slug),
                    ]
                }),
            "users": .array(
                users.map {
                    [
                        "email": .string($0.email), "displayName": .string($0.displayName),
                        "accountId": .string($0.accountID), "role": .string($0.role.rawValue),
                    ]
                }),
            "clients": .array(
                clients.map { ["id": .string($0.id), "redirectUris": .array($0.redirectURIs.map(JSONValue.string))] }),
            // Every kind of credential is named, secrets never: a CI job started with
            // `--service-account` finds its account here, as a login finds its client and users.
            "serviceAccounts": .array(
                serviceAccounts.values.sorted { $0.id < $1.id }.map {
                    [
                        "id": .string($0.id), "role": .string($0.role.rawValue),
                        "scopes": .array($0.scopes.map(JSONValue.string)),
                    ]
                }),
            "autoApprove": .bool(autoApprove),
        ]
    }
}
