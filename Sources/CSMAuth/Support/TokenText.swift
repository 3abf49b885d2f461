/// The one rule for a token or an id that csm-auth prints, stores or sends in a header: printable
/// ASCII without the space (`!` to `~`), and at least one character.
///
/// It holds for `CSM_AUTH_TOKEN`, for every token and id a server answers (`access_token`,
/// `refresh_token`, `scope`), and for every token read back from a store. Anything else is
/// refused where it enters, never repaired: a CR or LF would end the `Authorization` header early
/// (`csm-auth header | curl -H @-` would send the rest as a header of its own), an escape sequence
/// would reach the terminal of whoever runs `csm-auth token`, and a space would split the header
/// value. Real tokens (JWTs, base64url, UUIDs) never hold any of these.
package enum TokenText {
    /// Whether `text` can be printed, stored and sent as a token: 1 or more bytes, each from
    /// `0x21` (`!`) to `0x7E` (`~`).
    package static func isValid(_ text: some StringProtocol) -> Bool {
        !text.utf8.isEmpty && text.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
