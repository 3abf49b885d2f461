// A tool that needs only a token: it imports CSMAuth alone, never the CSM API client.
// `token-tool [PROFILE]` prints the profile's Authorization header value, refreshed as needed.
import CSMAuth
import Foundation

let profile = CommandLine.arguments.dropFirst().first
do {
    let resolver = CredentialResolver(environment: CSMAuthEnvironment(toolName: "token-tool"))
    let credential = try await resolver.credential(profile: profile)
    print(credential.authorization.reveal())
} catch let error as any CategorizedError {
    FileHandle.standardError.write(Data("token-tool: \(error)\n".utf8))
    exit(error.category == .usage ? 64 : error.category == .loginRequired ? 4 : 1)
}
