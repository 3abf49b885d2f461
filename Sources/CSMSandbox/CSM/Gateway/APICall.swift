import NIOHTTP1

/// One request to the CSM API once the gateway has let it through: the site, the path under
/// `/api/v1/` and who is calling.
struct APICall: Sendable {
    /// The request as received.
    var request: SandboxRequest
    /// The site's cloudId.
    var cloudID: String
    /// The path segments after `/api/v1/`, decoded.
    var path: [String]
    /// Who is calling.
    var caller: APICaller

    /// The path's segments after the first `count`.
    func rest(after count: Int) -> ArraySlice<String> {
        path.dropFirst(count)
    }

    /// The value of the query parameter `name`, if given.
    func query(_ name: String) -> String? {
        request.queryItems?.first { $0.name == name }?.value
    }

    /// Whether the request carries `X-ExperimentalApi: opt-in`.
    var optedIn: Bool {
        request.headers["X-ExperimentalApi"].contains { $0.lowercased() == "opt-in" }
    }
}
