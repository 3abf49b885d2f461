import Foundation
import FuzzSupport

@testable import CSMAuth

// Feeds the token endpoint's answers (success and error bodies) to the token parser, and checks
// that a token set is never out of range: an expiry from 0 to the longest lifetime, tokens and
// scopes of printable ASCII. Input: one byte choosing the status, then the body.

private let statuses = [200, 201, 204, 400, 401, 403, 404, 429, 500, 502, 503, 302]
private let sentAt = Date(timeIntervalSince1970: 1_700_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let status = statuses[Int(input.byte()) % statuses.count]
    let response = HTTPResponse(
        status: status, headers: [HTTPHeader("Content-Type", "application/json")], body: Data(input.rest()))
    do {
        let tokens = try TokenEndpoint.tokenSet(from: response, sentAt: sentAt)
        invariant((200..<300).contains(status), "a token set from HTTP \(status)")
        invariant(!tokens.accessToken.isEmpty, "an empty access token was accepted")
        invariant(!tokens.scopes.contains(""), "an empty scope")
        invariant(tokens.expiresAt.timeIntervalSince1970.isFinite, "an expiry that is not a finite date")
        // Never accept out of range: what is returned gets stored, printed and sent as it is.
        let lifetime = tokens.expiresAt.timeIntervalSince(sentAt)
        invariant(
            lifetime >= 0 && lifetime <= TokenEndpoint.longestLifetime, "an expires_in out of range: \(lifetime)")
        invariant(TokenText.isValid(tokens.accessToken.reveal()), "an access token that is not printable ASCII")
        invariant(
            tokens.refreshToken.map { TokenText.isValid($0.reveal()) } ?? true,
            "a refresh token that is not printable ASCII")
        invariant(tokens.scopes.allSatisfy(TokenText.isValid), "a scope that is not printable ASCII")
        // What once ended the process (SIGILL) for a huge expires_in: whole seconds for the cache.
        _ = Int64(tokens.expiresAt.timeIntervalSince1970.rounded(.down))
    } catch let error as OAuthError {
        invariant(isOneSafeLine(error.message), "the error is not one safe line: \(error.message.debugDescription)")
        invariant((error.oauthError?.count ?? 0) <= 64, "the OAuth error was not cut short")
        if (200..<300).contains(status) {
            invariant(error.code == .badResponse, "a 2xx answer failed as \(error.code)")
        }
    } catch {
        invariant(false, "an error that is not an OAuthError: \(error)")
    }
    return 0
}
