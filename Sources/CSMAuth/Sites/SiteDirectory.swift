import FoundationEssentials

/// The sites of one grant: merging Atlassian's per-product entries and matching what a user typed.
enum SiteDirectory {
    /// Merges entries with the same cloudId (Atlassian lists a site once per product), keeping the
    /// first entry's order, name and URL and the union of the scopes.
    static func merged(_ resources: [AccessibleResource]) -> [AccessibleResource] {
        var merged: [AccessibleResource] = []
        for resource in resources {
            if let index = merged.firstIndex(where: { $0.id.lowercased() == resource.id.lowercased() }) {
                for scope in resource.scopes where !merged[index].scopes.contains(scope) {
                    merged[index].scopes.append(scope)
                }
            } else {
                // A union has each scope once, even when one entry lists a scope twice.
                var first = resource
                first.scopes = resource.scopes.reduce(into: []) { scopes, scope in
                    if !scopes.contains(scope) { scopes.append(scope) }
                }
                merged.append(first)
            }
        }
        return merged
    }

    /// The site that `query` names: by cloudId, URL, host or name, case-insensitively.
    /// - Throws: ``CSMAuthError`` (`.failure`) listing the sites when none or several match.
    static func match(_ query: String, in sites: [AccessibleResource]) throws -> AccessibleResource {
        let wanted = normalized(query)
        let matches = sites.filter { site in
            [site.id, site.url, site.host ?? "", site.name].contains { normalized($0) == wanted }
        }
        if matches.count == 1 { return matches[0] }
        let available = sites.map { "\($0.name) (\($0.url))" }.joined(separator: ", ")
        if matches.isEmpty {
            throw CSMAuthError(
                .siteNotFound,
                "no site matches '\(query)'; this login can use: \(available.isEmpty ? "none" : available)")
        }
        throw CSMAuthError(.siteAmbiguous, "'\(query)' matches several sites; use the cloudId or URL: \(available)")
    }

    private static func normalized(_ text: String) -> String {
        var value = text.trimmingWhitespace().lowercased()
        while value.hasSuffix("/") { value.removeLast() }
        return value
    }
}
