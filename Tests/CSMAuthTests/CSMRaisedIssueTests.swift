import Foundation
import Testing

@testable import CSMAPI

/// Reading the answer of `POST helpcenter/{id}/issue/{key}/raise`, whose member Atlassian does not name.
struct CSMRaisedIssueTests {
    @Test(arguments: [
        #""https://acme.atlassian.net/help/2/CSM-3""#, #"{"link":"https://acme.atlassian.net/help/2/CSM-3"}"#,
        #"{"url":"https://acme.atlassian.net/help/2/CSM-3"}"#, #"{"href":"https://acme.atlassian.net/help/2/CSM-3"}"#,
    ])
    func aRaisedIssueIsReadFromEveryShapeOfLink(_ json: String) throws {
        let raised = try JSONDecoder().decode(CSMRaisedIssue.self, from: Data(json.utf8))
        #expect(raised == CSMRaisedIssue(link: "https://acme.atlassian.net/help/2/CSM-3"))
    }

    @Test func aRaiseAnswerWithoutALinkIsNotRead() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CSMRaisedIssue.self, from: Data(#"{"issueKey":"CSM-3"}"#.utf8))
        }
    }
}
