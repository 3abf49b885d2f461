import Testing

@testable import CSMAuth

@Suite struct SecretTests {
    let secret = Secret("hunter2-very-secret")

    @Test func descriptionIsRedacted() {
        #expect(secret.description == "<redacted>")
        #expect(!secret.debugDescription.contains("hunter2"))
    }

    @Test func interpolationIsRedacted() {
        let text = "token=\(secret) debug=\(String(reflecting: secret))"
        #expect(!text.contains("hunter2"))
    }

    @Test func dumpIsRedacted() {
        var output = ""
        dump(secret, to: &output)
        dump(StoredCredentials(accessToken: secret, refreshToken: secret), to: &output)
        #expect(!output.isEmpty)
        #expect(!output.contains("hunter2"))
    }

    @Test func revealReturnsTheValue() {
        #expect(secret.reveal() == "hunter2-very-secret")
    }

    @Test func equalityComparesValues() {
        #expect(secret == Secret("hunter2-very-secret"))
        #expect(secret != Secret("hunter2-very-secreT"))
        #expect(secret != Secret("hunter2"))
    }

    @Test func constantTimeComparisonHandlesLengthsAndBytes() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(constantTimeEquals([], []))
    }
}
