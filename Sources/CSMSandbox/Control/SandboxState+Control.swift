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
            case .success(let merged): faults = merged
            case .failure(let failure): return failure.response
            }
            return .json(faults.json)
        case (.POST, ["faults", "reset"]):
            faults = .none
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
        ]
    }

    private mutating func updateSettings(_ body: [UInt8]) -> SandboxResponse {
        guard let json = JSONValue.parse(body), case .object(let members) = json else {
            return .gatewayError(.badRequest, "The body must be a JSON object.")
        }
        var updated = settings
        let paths: [String: WritableKeyPath<OAuthSettings, TimeInterval>] = [
            "accessTokenLifetime": \.accessTokenLifetime,
            "reuseInterval": \.reuseInterval,
            "refreshTokenInactivity": \.refreshTokenInactivity,
            "authorizationCodeLifetime": \.authorizationCodeLifetime,
        ]
        for (name, value) in members {
            guard let path = paths[name] else {
                return .gatewayError(.badRequest, "Unknown setting \(name).")
            }
            guard let seconds = value.numberValue, seconds.isFinite, seconds >= 0 else {
                return .gatewayError(.badRequest, "\(name) must be a non-negative number of seconds.")
            }
            updated[keyPath: path] = seconds
        }
        settings = updated
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
        grants.issueTokens(clientID: client.id, user: user, scopes: scopes, cloudIDs: cloudIDs, now: clock(), settings: settings)
    }

    private var infoJSON: JSONValue {
        [
            "sites": .array(sites.map {
                ["id": .string($0.cloudID), "name": .string($0.name), "url": .string($0.url), "slug": .string($0.slug)]
            }),
            "users": .array(users.map {
                ["email": .string($0.email), "displayName": .string($0.displayName), "accountId": .string($0.accountID), "role": .string($0.role.rawValue)]
            }),
            "clients": .array(clients.map { ["id": .string($0.id), "redirectUris": .array($0.redirectURIs.map(JSONValue.string))] }),
            "autoApprove": .bool(autoApprove),
        ]
    }
}

extension SandboxStats {
    /// The counters as the `/_sandbox/stats` body.
    var json: JSONValue {
        [
            "authorize": .number(Double(authorize)),
            "consentDecisions": .number(Double(consentDecisions)),
            "authorizationCodeGrants": .number(Double(authorizationCodeGrants)),
            "refreshGrants": .number(Double(refreshGrants)),
            "tokenErrors": .number(Double(tokenErrors)),
            "accessibleResources": .number(Double(accessibleResources)),
            "tenantInfo": .number(Double(tenantInfo)),
            "apiRequests": .number(Double(apiRequests)),
        ]
    }
}

extension SandboxFaults {
    /// The faults as the `/_sandbox/faults` body.
    var json: JSONValue {
        func counted(_ fault: CountedFault?) -> JSONValue {
            fault.map { ["count": .number(Double($0.count)), "retryAfter": .number(Double($0.retryAfter))] } ?? .null
        }
        return [
            "tokenEndpoint": .string(tokenEndpoint.rawValue),
            "rateLimit": counted(rateLimit),
            "serviceUnavailable": counted(serviceUnavailable),
            "delayMilliseconds": .number((delay * 1000).rounded()),
        ]
    }

    /// These faults with the members present in `json` replaced (absent members are kept).
    func merging(_ json: JSONValue) -> Result<SandboxFaults, SandboxErrorResponse> {
        func invalid(_ message: String) -> Result<SandboxFaults, SandboxErrorResponse> {
            .failure(SandboxErrorResponse(.gatewayError(.badRequest, message)))
        }
        func counted(_ value: JSONValue, _ name: String) -> Result<CountedFault?, SandboxErrorResponse> {
            if value == .null { return .success(nil) }
            guard let count = value["count"]?.numberValue, count >= 0, count.rounded() == count else {
                return .failure(SandboxErrorResponse(.gatewayError(.badRequest, "\(name).count must be a non-negative integer.")))
            }
            let retryAfter = value["retryAfter"]?.numberValue ?? 1
            guard retryAfter >= 0, retryAfter.rounded() == retryAfter else {
                return .failure(SandboxErrorResponse(.gatewayError(.badRequest, "\(name).retryAfter must be whole seconds.")))
            }
            return .success(count == 0 ? nil : CountedFault(count: Int(count), retryAfter: Int(retryAfter)))
        }
        var merged = self
        guard let members = json.objectValue else { return invalid("The body must be a JSON object.") }
        for (name, value) in members {
            switch name {
            case "tokenEndpoint":
                guard let raw = value.stringValue, let fault = TokenEndpointFault(rawValue: raw) else {
                    return invalid("tokenEndpoint must be \"none\", \"500\" or \"html\".")
                }
                merged.tokenEndpoint = fault
            case "rateLimit":
                switch counted(value, name) {
                case .success(let fault): merged.rateLimit = fault
                case .failure(let failure): return .failure(failure)
                }
            case "serviceUnavailable":
                switch counted(value, name) {
                case .success(let fault): merged.serviceUnavailable = fault
                case .failure(let failure): return .failure(failure)
                }
            case "delayMilliseconds":
                guard let milliseconds = value.numberValue, milliseconds >= 0, milliseconds <= 600_000 else {
                    return invalid("delayMilliseconds must be between 0 and 600000.")
                }
                merged.delay = milliseconds / 1000
            default:
                return invalid("Unknown fault \(name).")
            }
        }
        return .success(merged)
    }
}
