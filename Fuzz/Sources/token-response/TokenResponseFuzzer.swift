import Foundation
import FuzzSupport

@testable import CSMAuth

// Feeds the token endpoint's answers (success and error bodies) to the token parser.
// Input: one byte choosing the status, then the body.

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
