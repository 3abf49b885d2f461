import Foundation
import Testing

@testable import CSMAuth

/// Reading `{API_URL}/me`: what Atlassian says about who logged in goes to the settings file and
/// the terminal, so only clean, bounded values are kept.
@Suite struct AccountClientTests {
    static let accountID = "712020:0a0a0a0a-0000-4000-8000-000000000003"

    func answer(_ json: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, body: Data(json.utf8))
    }

    @Test func aMeAnswerNamesTheAccount() {
        let account = AccountClient.account(
            from: answer(
                #"{"account_id":"\#(Self.accountID)","email":"ada@example.com","name":"Ada Lovelace","picture":"x"}"#))
        #expect(account == AtlassianAccount(accountID: Self.accountID, name: "Ada Lovelace", email: "ada@example.com"))
        #expect(account?.displayText == "Ada Lovelace <ada@example.com>")
    }

    @Test func anAnswerWithoutEmailStillNamesTheAccount() {
        let account = AccountClient.account(from: answer(#"{"account_id":"\#(Self.accountID)","name":"Ada"}"#))
        #expect(account?.email == nil)
        #expect(account?.displayText == "Ada")
    }

    @Test func aNameWithControlCharactersLosesThem() {
        let account = AccountClient.account(
            from: answer(#"{"account_id":"\#(Self.accountID)","name":"Ada\u001b[31m\nauth_url = x\r"}"#))
        #expect(account?.name == "Ada[31mauth_url = x")
    }

    @Test func aRightToLeftOverrideIsRemovedFromTheName() {
        let account = AccountClient.account(
            from: answer(#"{"account_id":"\#(Self.accountID)","name":"Ada\u202Emoc.elpmaxe","email":"\u200Bada@x"}"#))
        #expect(account?.name == "Adamoc.elpmaxe")
        #expect(account?.email == "ada@x")
    }

    @Test(arguments: ["", "has space", "line\nbreak", "tab\tid", "\u{1B}[2J", String(repeating: "a", count: 257)])
    func anUnusableAccountIDNamesNoAccount(id: String) throws {
        let json = String(
            decoding: try JSONSerialization.data(withJSONObject: ["account_id": id, "name": "Ada"]), as: UTF8.self)
        #expect(AccountClient.account(from: answer(json)) == nil)
    }

    @Test func aHugeNameIsDropped() {
        let name = String(repeating: "A", count: 300)
        let account = AccountClient.account(from: answer(#"{"account_id":"\#(Self.accountID)","name":"\#(name)"}"#))
        #expect(account?.accountID == Self.accountID)
        #expect(account?.name == nil)
    }

    @Test(arguments: [401, 403, 500])
    func anErrorAnswerNamesNoAccount(status: Int) {
        #expect(AccountClient.account(from: answer(#"{"account_id":"\#(Self.accountID)"}"#, status: status)) == nil)
    }

    @Test func aBodyThatIsNotAnAccountNamesNoAccount() {
        #expect(AccountClient.account(from: answer("<html>")) == nil)
        #expect(AccountClient.account(from: answer(#"{"name":"Ada"}"#)) == nil)
        #expect(AccountClient.account(from: answer(#"{"account_id":7}"#)) == nil)
    }

    @Test func theSettingsKeepTheAccountAcrossAWriteAndARead() throws {
        var settings = ProfileSettings(cloudID: "c")
        settings.account = AtlassianAccount(accountID: Self.accountID, name: "Ada Lovelace", email: "ada@example.com")
        let read = try ProfileSettings(keyValues: Dictionary(uniqueKeysWithValues: settings.keyValues), profile: "p")
        #expect(read == settings)
        #expect(read.otherKeys.isEmpty)
    }
}
