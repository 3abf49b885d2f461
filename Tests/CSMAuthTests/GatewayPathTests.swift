import Foundation
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// How ``CSMClient/url(for:credential:toolName:)`` resolves CSM paths, gateway paths and full URLs.
@Suite struct GatewayPathTests {
    func credential(apiURL: String = "https://api.atlassian.com", cloudID: String? = "cloud-1") -> Credential {
        Credential(
            scheme: .bearer, token: Secret("t"), expiresAt: nil, cloudID: cloudID, apiURL: URL(string: apiURL)!)
    }

    func url(_ path: String, apiURL: String = "https://api.atlassian.com", cloudID: String? = "cloud-1") throws
        -> String
    {
        try CSMClient.url(for: path, credential: credential(apiURL: apiURL, cloudID: cloudID)).absoluteString
    }

    @Test func aJiraPathIsResolvedFromTheGatewaysRootWithTheCloudIDReplaced() throws {
        #expect(
            try url("/ex/jira/{cloudId}/rest/api/3/myself")
                == "https://api.atlassian.com/ex/jira/cloud-1/rest/api/3/myself")
    }

    @Test func aJSMPathIsResolvedFromTheGatewaysRoot() throws {
        #expect(
            try url("/jsm/csm/cloudid/{cloudId}/api/v1/organization/1?x=1", apiURL: "http://127.0.0.1:8080/gw")
                == "http://127.0.0.1:8080/gw/jsm/csm/cloudid/cloud-1/api/v1/organization/1?x=1")
    }

    @Test func aCloudIDPlaceholderInACSMPathIsReplaced() throws {
        #expect(
            try url("organization?site={cloudId}")
                == "https://api.atlassian.com/jsm/csm/cloudid/cloud-1/api/v1/organization?site=cloud-1")
    }

    @Test func aGatewayPathWithoutAPlaceholderNeedsNoSite() throws {
        #expect(
            try url("/ex/jira/abc/rest/api/3/myself", cloudID: nil)
                == "https://api.atlassian.com/ex/jira/abc/rest/api/3/myself")
    }

    @Test func aFullURLUnderTheAPIURLIsAccepted() throws {
        #expect(
            try url("https://API.atlassian.com:443/ex/jira/{cloudId}/rest/servicedeskapi/servicedesk?start=2")
                == "https://api.atlassian.com/ex/jira/cloud-1/rest/servicedeskapi/servicedesk?start=2")
        #expect(
            try url("http://127.0.0.1:8080/gw/ex/jira/c/rest/api/3/myself", apiURL: "http://127.0.0.1:8080/gw")
                == "http://127.0.0.1:8080/gw/ex/jira/c/rest/api/3/myself")
    }

    @Test func aFullURLOutsideTheAPIURLIsRefused() {
        let refused = [
            "https://evil.example/ex/jira/x", "http://api.atlassian.com/ex/jira/x",
            "https://api.atlassian.com:8443/ex/jira/x", "https://api.atlassian.com.evil.example/ex/jira/x",
            "https://api.atlassian.com@evil.example/ex/jira/x", "https://user@api.atlassian.com/ex/jira/x",
            "//evil.example/x",
        ]
        for text in refused {
            let error = #expect(throws: CSMAuthError.self, "\(text)") { try url(text) }
            #expect(error?.code == .invalidInput)
            #expect(error?.message.contains("evil") == false, "\(text)")
        }
        let outsidePrefix = #expect(throws: CSMAuthError.self) {
            try url("http://127.0.0.1:8080/other/ex/jira/x", apiURL: "http://127.0.0.1:8080/gw")
        }
        #expect(outsidePrefix?.code == .invalidInput)
        let siblingPrefix = #expect(throws: CSMAuthError.self) {
            try url("http://127.0.0.1:8080/gwx/ex/jira/x", apiURL: "http://127.0.0.1:8080/gw")
        }
        #expect(siblingPrefix?.code == .invalidInput)
    }

    @Test func aDotSegmentInAGatewayPathIsRefused() {
        for text in ["/ex/jira/{cloudId}/../../me", "https://api.atlassian.com/ex/%2e%2e/x"] {
            let error = #expect(throws: CSMAuthError.self, "\(text)") { try url(text) }
            #expect(error?.code == .invalidInput)
        }
    }
}
