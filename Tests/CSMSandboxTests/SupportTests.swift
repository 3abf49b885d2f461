import Foundation
import Testing

@testable import CSMSandbox

/// Small rules that do not need a server.
@Suite struct SupportTests {
    @Test(arguments: ["127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]", "LOCALHOST", "::ffff:127.0.0.1"])
    func loopbackHostsAreRecognised(host: String) {
        #expect(Loopback.isLoopback(host: host))
    }

    @Test(arguments: [
        "0.0.0.0", "10.0.0.1", "192.168.1.1", "example.com", "::", "128.0.0.1", "127.0.0", "localhost.example.com",
    ])
    func otherHostsAreNotLoopback(host: String) {
        #expect(!Loopback.isLoopback(host: host))
    }

    @Test func formDecodingHandlesPlusPercentAndRepeats() throws {
        let pairs = try #require(FormEncoding.decode("a=1+2&b=%26%3D&a=3&empty="))
        #expect(pairs.map(\.name) == ["a", "b", "a", "empty"])
        #expect(pairs.map(\.value) == ["1 2", "&=", "3", ""])
        #expect(FormEncoding.decode("bad=%zz") == nil)
    }

    @Test func htmlEscapingCoversAttributesAndText() {
        #expect(
            HTMLEscaping.escape(#"<a href="x" onclick='y'>&</a>"#)
                == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.equals("secret", "secret"))
        #expect(!ConstantTime.equals("secret", "secreT"))
        #expect(!ConstantTime.equals("secret", "secret2"))
        #expect(!ConstantTime.equals("", "x"))
    }

    @Test func jsonWritesIntegersWithoutFraction() {
        let json: JSONValue = ["expires_in": 3600, "ratio": .number(0.5)]
        #expect(String(decoding: json.serialized(), as: UTF8.self) == #"{"expires_in":3600,"ratio":0.5}"#)
    }

    @Test(arguments: [
        (DetailFieldType.date, "2024-02-29", true), (.date, "2023-02-29", false), (.date, "2024-13-01", false),
        (.number, "-3.5", true), (.number, "1e999", false), (.url, "https://x.example/a", true),
        (.url, "mailto:a@b.c", false),
        (.email, "a@b.example", true), (.email, "a@b", false), (.phone, "+44 (20) 7946-0958", true),
        (.phone, "12", false),
        (.boolean, "false", true), (.boolean, "False", false),
    ])
    func fieldTypesValidateValues(type: DetailFieldType, value: String, valid: Bool) {
        #expect((type.problem(with: [value], options: []) == nil) == valid)
    }

    @Test func configurationRefusesRemoteHostsUnlessAllowed() {
        #expect(throws: SandboxServer.Error.self) { try SandboxConfiguration(host: "0.0.0.0").validate() }
        #expect(throws: Never.self) { try SandboxConfiguration(host: "0.0.0.0", allowRemote: true).validate() }
        #expect(throws: SandboxServer.Error.self) { try SandboxConfiguration(siteCount: 0).validate() }
        #expect(throws: SandboxServer.Error.self) { try SandboxConfiguration(defaultUserEmail: "nobody@x").validate() }
    }

    @Test func routingWorksWithoutSockets() {
        var state = SandboxState(configuration: SandboxConfiguration(), baseURL: "http://127.0.0.1:1")
        let answer = state.respond(to: SandboxRequest(method: "GET", uri: "/site/acme/_edge/tenant_info"))
        #expect(answer.statusCode == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == #"{"cloudId":"11111111-1111-4111-8111-000000000001"}"#)
        let control = state.respond(to: SandboxRequest(method: "GET", uri: "/_sandbox/stats", peerIsLoopback: false))
        #expect(control.statusCode == 403)
    }

    @Test func wholeFlowWithoutSockets() throws {
        var state = SandboxState(configuration: SandboxConfiguration(autoApprove: true), baseURL: "http://127.0.0.1:1")
        let authorize = state.respond(
            to: SandboxRequest(
                method: "GET",
                uri: "/authorize?audience=api.atlassian.com&client_id=csm-sandbox-client&scope=offline_access+read%3Ame"
                    + "&redirect_uri=http%3A%2F%2Flocalhost%3A8976%2Fcallback&state=s&response_type=code&prompt=consent"
            ))
        #expect(authorize.statusCode == 302)
        let location = try #require(authorize.header("location"))
        let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
        let body =
            #"{"grant_type":"authorization_code","client_id":"csm-sandbox-client","client_secret":"csm-sandbox-secret","code":"\#(code)","redirect_uri":"http://localhost:8976/callback"}"#
        let token = state.respond(to: SandboxRequest(method: "POST", uri: "/oauth/token", body: Array(body.utf8)))
        #expect(token.statusCode == 200)
        let json = try #require(JSONValue.parse(token.body))
        #expect(json["scope"] == "offline_access read:me")
        #expect(json["refresh_token"]?.stringValue != nil)
        #expect(state.stats.authorize == 1 && state.stats.authorizationCodeGrants == 1)
    }
}
