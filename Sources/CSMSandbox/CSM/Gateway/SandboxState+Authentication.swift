import Foundation
import NIOHTTP1

extension SandboxState {
    /// Identifies the caller from `Authorization: Bearer …` or `Authorization: Basic …`.
    ///
    /// - Parameters:
    ///   - allowBasic: whether email and API token are accepted (the CSM API yes,
    ///     accessible-resources no: it lists the sites of an OAuth grant).
    ///   - atGateway: whether the request came through the gateway, where API tokens with scopes
    ///     work; a site's own URL refuses them, as Atlassian does.
    /// - Returns: the caller, or the 401 answer to send.
    func authenticate(_ request: SandboxRequest, allowBasic: Bool, atGateway: Bool = true)
        -> Result<APICaller, SandboxErrorResponse>
    {
        let unauthorized = SandboxErrorResponse(.gatewayError(.unauthorized, "Unauthorized"))
        guard let header = request.headers.first(name: "authorization") else { return .failure(unauthorized) }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return .failure(unauthorized) }
        let credentials = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer":
            guard let authorization = grants.authorization(forAccessToken: credentials, now: clock()) else {
                return .failure(unauthorized)
            }
            return .success(
                APICaller(
                    user: authorization.user,
                    method: .bearer(scopes: authorization.scopes, cloudIDs: authorization.cloudIDs)))
        case "basic" where allowBasic:
            guard let data = Data(base64Encoded: credentials), let decoded = String(data: data, encoding: .utf8),
                let colon = decoded.firstIndex(of: ":")
            else { return .failure(unauthorized) }
            let email = String(decoded[..<colon])
            let token = String(decoded[decoded.index(after: colon)...])
            if let user = user(email: email), ConstantTime.equals(token, user.apiToken) {
                return .success(APICaller(user: user, method: .basic))
            }
            // Every token is compared, so the answer takes as long whichever one matches.
            let scoped = scopedAPITokens.filter {
                $0.email.lowercased() == email.lowercased() && ConstantTime.equals(token, $0.token)
            }
            guard atGateway, let match = scoped.first, let owner = account(email: match.email) else {
                return .failure(unauthorized)
            }
            return .success(APICaller(user: owner, method: .scopedBasic(scopes: Set(match.scopes))))
        default:
            return .failure(unauthorized)
        }
    }
}
