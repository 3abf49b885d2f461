import Foundation
import NIOHTTP1

extension SandboxState {
    /// `grant_type=client_credentials`: a service account's token, 60 minutes by default, no refresh token.
    ///
    /// As Atlassian: the secret is compared in constant time; a revoked or unknown credential is
    /// `401 access_denied`; a scope the credential lacks is `400 invalid_scope`.
    mutating func clientCredentialsToken(_ body: JSONValue) -> SandboxResponse {
        stats.clientCredentialsGrants += 1
        guard let id = body["client_id"]?.stringValue, let account = serviceAccounts[id],
            let secret = body["client_secret"]?.stringValue, ConstantTime.equals(secret, account.secret)
        else {
            return .json(["error": "access_denied", "error_description": "Unauthorized"], status: .unauthorized)
        }
        let requested = body["scope"]?.stringValue.map { $0.split(separator: " ").map(String.init) } ?? account.scopes
        if let missing = requested.first(where: { !account.scopes.contains($0) }) {
            return .json(
                [
                    "error": "invalid_scope",
                    "error_description": .string("The credential does not have the scope \(missing)."),
                ],
                status: .badRequest)
        }
        let tokens = grants.issueTokens(
            clientID: account.id, user: account.user, scopes: requested.filter { $0 != "offline_access" },
            cloudIDs: sites.map(\.cloudID), now: clock(), settings: settings)
        return .json(faults.tokenAnswer?.applied(to: tokens.json) ?? tokens.json)
    }

    /// Adds (or replaces) a service account credential.
    mutating func addServiceAccount(_ account: SandboxServiceAccount) {
        serviceAccounts[account.id] = account
    }

    /// Deletes a credential and revokes every token it bought. Returns whether it existed.
    @discardableResult
    mutating func revokeServiceAccount(id: String) -> Bool {
        grants.revoke(clientID: id)
        return serviceAccounts.removeValue(forKey: id) != nil
    }
}
