/// The sandbox's one rule for what counts as an email address: accounts, request reporters and
/// EMAIL detail values are all checked with it.
enum EmailAddress {
    /// Whether `text` has the shape of an email address: at most 254 characters, one `@` with
    /// something before it and a dot after it, and no whitespace.
    static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return text.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace })
    }
}
