/// An OAuth 2.0 client (an "app" in Atlassian's developer console): its id and secret.
public struct ClientCredentials: Sendable, Equatable {
    /// The client id, as the developer console shows it.
    public var id: String
    /// The client secret.
    public var secret: Secret

    /// - Parameters:
    ///   - id: the client id.
    ///   - secret: the client secret.
    public init(id: String, secret: Secret) {
        self.id = id
        self.secret = secret
    }
}
