import FoundationEssentials

extension URL {
    /// The URL with its query and fragment replaced by `…`, for messages and logs.
    var redactingQuery: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return "<url>" }
        let hadQuery = components.query != nil
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return (components.string ?? "<url>") + (hadQuery ? "?…" : "")
    }

    /// Whether the host is a loopback address or name (127.0.0.0/8, ::1, localhost).
    var hasLoopbackHost: Bool {
        guard let host = host(percentEncoded: false)?.lowercased() else { return false }
        return LoopbackHost.isLoopback(host)
    }
}
