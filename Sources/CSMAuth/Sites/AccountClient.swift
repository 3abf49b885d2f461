import FoundationEssentials

/// Asks Atlassian who a token belongs to: `GET {API_URL}/me` (scope `read:me`).
struct AccountClient: Sendable {
    let transport: any HTTPTransport

    /// The account of `accessToken`; nil when the answer does not name one (no `read:me` scope,
    /// an error, a body that does not read, no answer). Never throws: knowing who logged in is a
    /// courtesy, and a login never fails for it.
    func account(apiURL: URL, accessToken: Secret) async -> AtlassianAccount? {
        let request = HTTPRequest(
            url: apiURL.appending(path: "me"),
            headers: [
                HTTPHeader("Authorization", "Bearer \(accessToken.reveal())"),
                HTTPHeader("Accept", "application/json"),
            ])
        guard let response = try? await transport.send(request) else { return nil }
        return Self.account(from: response)
    }

    /// Reads a `/me` answer (`{"account_id","email","name",…}`); nil unless it is a 200 with a
    /// usable `account_id`.
    ///
    /// The values end up in the settings file and on the terminal: an id that is not printable
    /// ASCII without spaces refuses the whole answer, and the name and email lose every control
    /// or formatting character (line breaks, escapes, right-to-left overrides), are trimmed, and
    /// are dropped when empty or longer than ``maximumLength``.
    static func account(from response: HTTPResponse) -> AtlassianAccount? {
        struct Me: Decodable {
            let accountID: String
            let name: String?
            let email: String?

            enum CodingKeys: String, CodingKey {
                case accountID = "account_id"
                case name, email
            }
        }
        guard response.status == 200, let me = try? JSONDecoder().decode(Me.self, from: response.body),
            (1...maximumLength).contains(me.accountID.utf8.count),
            me.accountID.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else { return nil }
        return AtlassianAccount(accountID: me.accountID, name: displayable(me.name), email: displayable(me.email))
    }

    /// The longest id, name or email kept, in UTF-8 bytes.
    static let maximumLength = 256

    /// `text` without control, formatting or separator characters, trimmed; nil when nothing
    /// is left or it is too long.
    static func displayable(_ text: String?) -> String? {
        guard let text else { return nil }
        let kept = String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { scalar in
                    switch scalar.properties.generalCategory {
                    case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse,
                        .unassigned:
                        false
                    default: true
                    }
                })
        ).trimmingWhitespace()
        guard !kept.isEmpty, kept.utf8.count <= maximumLength else { return nil }
        return kept
    }
}
