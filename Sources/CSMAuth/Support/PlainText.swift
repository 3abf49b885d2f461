/// The few text operations csm-auth needs from Foundation's `NSString`, in plain Swift: the
/// library uses FoundationEssentials only, so neither CoreFoundation nor ICU is linked into the
/// `csm-auth` binary (their start-up work and size would be paid by every `csm-auth token`).
///
/// Everything works on Unicode scalars, as `NSString` does on UTF-16 units: a space followed by
/// a combining mark is one `Character`, but its space is still trimmed.
extension StringProtocol {
    /// Without leading and trailing spaces and tabs (Foundation's `CharacterSet.whitespaces`:
    /// tab and the Unicode space separators).
    package func trimmingWhitespace() -> String {
        trimming { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// Without leading and trailing white space and line breaks (`CharacterSet.whitespacesAndNewlines`).
    package func trimmingWhitespaceAndNewlines() -> String {
        trimming { scalar in
            switch scalar.value {
            case 0x09...0x0D, 0x85, 0x2028, 0x2029: true
            default: scalar.properties.generalCategory == .spaceSeparator
            }
        }
    }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else {
            return ""
        }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

/// Path arithmetic on strings, as `NSString`'s path methods do it: repeated slashes count as
/// one (`/tmp//x` is `/tmp/x`) and trailing ones are ignored.
enum PathText {
    /// The folder of `path`: `/a/b` → `/a`, `/a` → `/`, `a` → ``.
    static func folder(of path: String) -> String {
        let trimmed = normalized(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// The last component of `path`: `/a/b` → `b`.
    static func lastComponent(of path: String) -> String {
        let trimmed = normalized(path)
        guard let slash = trimmed.lastIndex(of: "/"), trimmed != "/" else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `path` with runs of slashes made one and no trailing slash (except for `/` itself).
    private static func normalized(_ path: String) -> String {
        var result = ""
        for character in path where !(character == "/" && result.hasSuffix("/")) { result.append(character) }
        while result.count > 1, result.hasSuffix("/") { result.removeLast() }
        return result
    }
}
