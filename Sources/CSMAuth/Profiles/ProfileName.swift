/// Checks profile names, which become parts of file names and keyring attributes.
package enum ProfileName {
    /// The profile used when none is named.
    package static let defaultName = "default"

    /// Returns `name` when it is a valid profile name: 1–64 letters, digits, `.`, `_` or `-`,
    /// starting with a letter or digit (so it can never climb out of a folder).
    /// - Throws: ``CSMAuthError`` with code `.usage` otherwise.
    package static func validated(_ name: String) throws -> String {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard allowed, (1...64).contains(name.utf8.count), let first = name.first, first.isLetter || first.isNumber
        else {
            throw CSMAuthError(
                .invalidInput, "invalid profile name '\(name)': use 1-64 letters, digits, '.', '_' or '-'")
        }
        return name
    }
}
