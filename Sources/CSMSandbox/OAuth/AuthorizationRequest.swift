/// A checked `GET /authorize` request: every parameter Atlassian requires, validated as Atlassian does.
struct AuthorizationRequest: Sendable {
    /// Why an authorization request was refused: an OAuth error code and a sentence for the error page.
    struct Rejection: Swift.Error, Equatable {
        /// The OAuth error code (`invalid_request`, `unauthorized_client`, …).
        var error: String
        /// What was wrong, for a person.
        var description: String
    }

    /// The only audience the CSM API accepts.
    static let audience = "api.atlassian.com"

    /// The registered client.
    var client: SandboxClient
    /// The redirect URI, equal to one of the client's.
    var redirectURI: String
    /// The requested scopes, without repeats, in request order.
    var scopes: [String]
    /// The client's `state`, echoed on the redirect.
    var state: String

    /// Validates query parameters.
    ///
    /// The client and its redirect URI are checked first: until both are known to be right, nothing
    /// may be sent to the redirect URI (an open redirector otherwise), so every failure is an error page.
    /// - Parameters:
    ///   - items: the decoded query parameters.
    ///   - clients: the registered apps.
    /// - Throws: ``Rejection`` naming the first parameter that is wrong.
    init(items: [(name: String, value: String)], clients: [SandboxClient]) throws(Rejection) {
        var parameters: [String: String] = [:]
        for item in items {
            // A repeated parameter is ambiguous (which one did the user consent to?), so it is refused.
            guard parameters[item.name] == nil else {
                throw Rejection(error: "invalid_request", description: "The parameter \(item.name) is repeated.")
            }
            parameters[item.name] = item.value
        }

        guard let clientID = parameters["client_id"], !clientID.isEmpty else {
            throw Rejection(error: "invalid_request", description: "The client_id parameter is missing.")
        }
        guard let client = clients.first(where: { $0.id == clientID }) else {
            throw Rejection(error: "invalid_client", description: "The app with this client_id does not exist.")
        }
        guard let redirectURI = parameters["redirect_uri"], !redirectURI.isEmpty else {
            throw Rejection(error: "invalid_request", description: "The redirect_uri parameter is missing.")
        }
        // Exact match on purpose: Atlassian compares the whole callback URL, port and path included,
        // so "localhost" and "127.0.0.1", or a trailing slash, are different URLs.
        guard client.redirectURIs.contains(redirectURI) else {
            throw Rejection(error: "unauthorized_client", description: "redirect_uri is not registered for this app.")
        }
        guard parameters["audience"] == Self.audience else {
            throw Rejection(
                error: "invalid_request",
                description: parameters["audience"] == nil
                    ? "The audience parameter is missing." : "The audience must be \(Self.audience).")
        }
        guard let responseType = parameters["response_type"] else {
            throw Rejection(error: "invalid_request", description: "The response_type parameter is missing.")
        }
        guard responseType == "code" else {
            throw Rejection(
                error: "unsupported_response_type",
                description: "Only response_type=code is supported (the authorization code grant).")
        }
        let requested = (parameters["scope"] ?? "").split(separator: " ").map(String.init)
        guard !requested.isEmpty else {
            throw Rejection(error: "invalid_scope", description: "The scope parameter is missing or empty.")
        }
        // offline_access is not a scope of the developer console: every 3LO app may ask for it.
        if let unknown = requested.first(where: { $0 != "offline_access" && !client.scopes.contains($0) }) {
            throw Rejection(error: "invalid_scope", description: "The scope \(unknown) is not added to this app.")
        }
        guard let state = parameters["state"], !state.isEmpty else {
            throw Rejection(error: "invalid_request", description: "The state parameter is missing.")
        }
        guard parameters["prompt"] == "consent" else {
            throw Rejection(
                error: "invalid_request",
                description: parameters["prompt"] == nil
                    ? "The prompt parameter is missing." : "The prompt parameter must be consent.")
        }

        var seen = Set<String>()
        self.client = client
        self.redirectURI = redirectURI
        self.scopes = requested.filter { seen.insert($0).inserted }
        self.state = state
    }

    /// `redirectURI` with `parameters` added to its query.
    static func redirect(_ redirectURI: String, adding parameters: [(String, String)]) -> String {
        let separator = redirectURI.contains("?") ? "&" : "?"
        return redirectURI + separator + FormEncoding.encode(parameters)
    }
}
