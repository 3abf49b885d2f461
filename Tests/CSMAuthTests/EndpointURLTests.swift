import Testing

@testable import CSMAuth

/// The hot path's check of an endpoint URL (``EndpointURL/isPlainlyAcceptable(_:)``) applies the
/// settings' rule without Foundation, and accepts nothing the settings' check refuses.
struct EndpointURLTests {
    static let accepted = [
        "https://api.atlassian.com", "https://api.atlassian.com/", "https://api.example.net:8443/prefix/",
        "https://my_host.example", "http://localhost", "http://LOCALHOST:8080/x", "http://127.0.0.1:9",
        "http://127.255.0.1", "http://[::1]:8080", "HTTPS://API.EXAMPLE.NET",
        "https://api.example.net/jsm/csm/cloudid/11111111-2222-3333-4444-555555555555/api/v1",
    ]

    static let refused = [
        "", "api.example.net", "https://", "https:///path", "https://:443", "ftp://127.0.0.1", "file:///etc/passwd",
        "http://evil.example", "http://127.0.0.1.evil.example", "http://128.0.0.1", "http://[::2]",
        "http://user@127.0.0.1", "https://evil.example@127.0.0.1", "https://a:b@api.example.net",
        "https://api.example.net?x=1", "https://api.example.net/#x", "https://api.example.net\\@evil",
        "https://api.example.net/a\\b", "https://%61pi.example.net", "https://api.example.net:", "https://a:123456",
        "https://api.example.net:8o", " https://api.example.net", "https://api.example.net ", "https://api\u{0}.net",
        "https://api.exámple.net", "https://api.example.net/\u{202E}", "https://[::1", "https://[]", "https://[g::1]",
        "http://localhost.", "https//api.example.net",
    ]

    @Test(arguments: accepted)
    func acceptsWhatTheSettingsAccept(_ url: String) throws {
        #expect(EndpointURL.isPlainlyAcceptable(url))
        _ = try EndpointURL.validated(url, name: "API URL")
    }

    @Test(arguments: refused)
    func refusesAnythingElse(_ url: String) {
        #expect(!EndpointURL.isPlainlyAcceptable(url))
    }

    /// The one rule both checks apply.
    @Test func httpOnlyForLoopbackHosts() {
        #expect(EndpointURL.allows(scheme: "https", host: "api.example.net"))
        #expect(EndpointURL.allows(scheme: "http", host: "127.0.0.1"))
        #expect(!EndpointURL.allows(scheme: "http", host: "api.example.net"))
        #expect(!EndpointURL.allows(scheme: "ftp", host: "127.0.0.1"))
    }
}
