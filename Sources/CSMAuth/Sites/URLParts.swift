/// Parts of a URL given as text, without parsing it whole.
enum URLParts {
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? rest
        return authority.split(separator: ":").first.map { $0.lowercased() }
    }
}
