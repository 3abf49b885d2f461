import FoundationEssentials
import Logging

/// An authorization code on its way to the token endpoint, and the listener whose browser page
/// waits for the outcome (nil in paste mode).
struct BrowserAuthorization: Sendable {
    let code: Secret
    let redirectURI: String
    let receiver: LoopbackReceiver?
}
