import CSMAuth
import FoundationEssentials

/// Where an API path given to ``CSMClient`` leads on the gateway: the CSM API of the credential's
/// site, or any Atlassian product the gateway serves (`/ex/jira/{cloudId}/…`, `/jsm/…`).
///
/// - A path starting with `/ex/` or `/jsm/` is taken from the gateway's root, `{API_URL}`, so the
///   same credential reaches the Jira platform and Jira Service Management APIs.
/// - A full URL is accepted only when it lies under `{API_URL}` (the same scheme, host, port and
///   path prefix, and no user name); the part after `{API_URL}` is then a root path.
/// - Any other path is a CSM path, relative to `{API_URL}/jsm/csm/cloudid/{cloudId}`, with
///   `/api/v1/` put in front unless it starts with `/api/`.
///
/// `{cloudId}` is replaced by the credential's cloudId wherever it appears.
public enum GatewayPath {
    /// The gateway path of a Jira platform or Jira Service Management REST path on the
    /// credential's site: `/ex/jira/{cloudId}/` followed by `path`.
    /// - Parameter path: the product path, such as `rest/api/3/myself` (a leading `/` is dropped).
    /// - Returns: a path ``CSMClient/send(method:path:headers:body:)`` takes, such as
    ///   `/ex/jira/{cloudId}/rest/api/3/myself`.
    public static func jira(_ path: String) -> String {
        "/ex/jira/{cloudId}/" + path.trimmingPrefix("/")
    }

    /// Whether `path` is taken from the gateway's root rather than the CSM API's.
    /// - Parameter path: an API path as ``CSMClient/url(for:credential:toolName:)`` takes it.
    public static func isRootPath(_ path: String) -> Bool {
        path.hasPrefix("/ex/") || path.hasPrefix("/jsm/")
    }

    /// Whether `text` is a full URL (`scheme://` or `//host`), in any case.
    static func isFullURL(_ text: String) -> Bool {
        let lowercased = text.lowercased()
        return lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://") || lowercased.hasPrefix("//")
    }

    /// The part of a full URL after `apiURL`, as a root path with its query; nil when the URL does
    /// not lie under `apiURL` (another scheme, host, port or path prefix, or a user name).
    static func rootPath(ofFullURL text: String, under apiURL: URL) -> String? {
        guard let url = URL(string: text, encodingInvalidCharacters: false),
            let scheme = url.scheme?.lowercased(), scheme == apiURL.scheme?.lowercased(),
            let host = url.host(percentEncoded: true)?.lowercased(),
            host == apiURL.host(percentEncoded: true)?.lowercased(),
            url.user == nil, url.password == nil, url.fragment == nil,
            effectivePort(of: url) == effectivePort(of: apiURL)
        else { return nil }
        var base = apiURL.path(percentEncoded: true)
        while base.hasSuffix("/") { base.removeLast() }
        let path = url.path(percentEncoded: true)
        guard path.hasPrefix(base + "/") else { return nil }
        let rest = String(path.dropFirst(base.count))
        return rest + (url.query(percentEncoded: true).map { "?" + $0 } ?? "")
    }

    /// The port a URL connects to: its own, or its scheme's default.
    private static func effectivePort(of url: URL) -> Int? {
        if let port = url.port { return port }
        switch url.scheme?.lowercased() {
        case "https": return 443
        case "http": return 80
        default: return nil
        }
    }

    /// `{API_URL}` as text without a trailing `/`, for a root path to follow.
    static func root(of apiURL: URL) -> String {
        var text = apiURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
