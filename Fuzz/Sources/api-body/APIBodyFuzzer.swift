@testable import CSMAuth
import Foundation
import FuzzSupport

// Feeds API and token endpoint answers to what reads them outside the token parse: the paging
// link of a CSM answer, and the error mapping of the token endpoint with any status code.
// Input: one byte choosing the reader (even: paging, odd: error), two bytes of status, the body.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let mode = input.byte()
    let status = input.int16()
    let body = Data(input.rest())
    if mode % 2 == 0 {
        guard let path = CSMClient.nextPagePath(from: body) else { return 0 }
        invariant(path.hasPrefix("/api/"), "a next page outside /api/: \(path.debugDescription)")
        // The client puts the path after its own API root: it must stay a path on that host.
        let url = URL(string: "https://api.example/jsm/csm/cloudid/c" + path)
        invariant(url?.host == "api.example", "the next page is not a usable path: \(path.debugDescription)")
        // It is the link's own text from `/api/` on: nothing decoded (a `%2F` or `%3F` would change the path).
        let link = ((try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["_links"] as? [String: Any])?["next"] as? String
        invariant(link?.contains(path) == true, "the next page \(path.debugDescription) is not part of the link \(link.debugDescription)")
        return 0
    }
    let contentType = mode & 2 == 0 ? [HTTPHeader("Content-Type", "application/json; charset=utf-8")] : []
    let error = TokenEndpoint.error(from: HTTPResponse(status: status, headers: contentType, body: body))
    invariant(isOneSafeLine(error.message), "the error is not one safe line: \(error.message.debugDescription)")
    invariant((error.oauthError?.count ?? 0) <= 64, "the OAuth error was not cut short")
    if error.oauthError == "invalid_grant" { invariant(error.code == .invalidGrant, "invalid_grant mapped to \(error.code)") }
    if status == 401, error.oauthError != "invalid_grant" { invariant(error.code == .invalidClient, "401 mapped to \(error.code)") }
    return 0
}
