/// An OAuth 2.0 client (an "app" in Atlassian's developer console): its id and secret.
public struct ClientCredentials: Sendable, Equatable {
    public var id: String
    public var secret: Secret

    public init(id: String, secret: Secret) {
        self.id = id
        self.secret = secret
    }
}
