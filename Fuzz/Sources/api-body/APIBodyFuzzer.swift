import Foundation
import FuzzSupport

@testable import CSMAuth

// Feeds API and token endpoint answers to what reads them outside the token parse: the paging
// link of a CSM answer, the next page in the other paging styles (cursor, start, startAt, page),
// and the error mapping of the token endpoint with any status code.
// Input: one byte choosing the reader (0 mod 4: the link, 2 mod 4: every style after a current
// path, odd: error), two bytes of status, the body.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let mode = input.byte()
    let status = input.int16()
    let body = Data(input.rest())
    if mode % 4 == 2 {
        let current = "product?limit=2&x=%2F"
        guard let path = CSMClient.nextPagePath(from: body, after: current) else { return 0 }
        invariant(path != current, "the next page is the page itself: \(path.debugDescription)")
        if !path.hasPrefix("/api/") {
            // A cursor, offset or page set in the current path: the same path, its other items kept as they were.
            invariant(
                path.hasPrefix("product?limit=2&x=%2F&"),
                "the next page left the current path: \(path.debugDescription)")
            let added = path.dropFirst("product?limit=2&x=%2F&".count)
            invariant(
                !added.contains("&") && !added.contains("#") && !added.contains("/"),
                "a set value was not encoded: \(path.debugDescription)")
        }
        let url = URL(string: "https://api.example/jsm/csm/cloudid/c/api/v1/" + path)
        invariant(url?.host == "api.example", "the next page is not a usable path: \(path.debugDescription)")
        return 0
    }
    if mode % 2 == 0 {
        guard let path = CSMClient.nextPagePath(from: body) else { return 0 }
        invariant(path.hasPrefix("/api/"), "a next page outside /api/: \(path.debugDescription)")
        // The client puts the path after its own API root: it must stay a path on that host.
        let url = URL(string: "https://api.example/jsm/csm/cloudid/c" + path)
        invariant(url?.host == "api.example", "the next page is not a usable path: \(path.debugDescription)")
        // It is the link's own text from `/api/` on: nothing decoded (a `%2F` or `%3F` would change the path).
        // Read with JSONDecoder, as the client reads it: JSONSerialization refuses some bodies it
        // takes (a raw control character inside another string), which is no fault of the path.
        struct Links: Decodable {
            struct Next: Decodable { var next: String? }
            var _links: Next?
        }
        let link = (try? JSONDecoder().decode(Links.self, from: body))?._links?.next
        invariant(
            link?.contains(path) == true,
            "the next page \(path.debugDescription) is not part of the link \(link.debugDescription)")
        return 0
    }
    let contentType = mode & 2 == 0 ? [HTTPHeader("Content-Type", "application/json; charset=utf-8")] : []
    let error = TokenEndpoint.error(from: HTTPResponse(status: status, headers: contentType, body: body))
    invariant(isOneSafeLine(error.message), "the error is not one safe line: \(error.message.debugDescription)")
    invariant((error.oauthError?.count ?? 0) <= 64, "the OAuth error was not cut short")
    if error.oauthError == "invalid_grant" {
        invariant(error.code == .invalidGrant, "invalid_grant mapped to \(error.code)")
    }
    if status == 401, error.oauthError != "invalid_grant" {
        invariant(error.code == .invalidClient, "401 mapped to \(error.code)")
    }
    return 0
}
