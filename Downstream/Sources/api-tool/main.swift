// A tool that calls the CSM API: it imports CSMAPI for the typed calls, and CSMAuth for the login.
// `api-tool ORGANIZATION_ID [PROFILE]` prints the organization's name.
import CSMAPI
import CSMAuth
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let id = arguments.first else {
    FileHandle.standardError.write(Data("usage: api-tool ORGANIZATION_ID [PROFILE]\n".utf8))
    exit(64)
}
do {
    let environment = CSMAuthEnvironment(toolName: "api-tool")
    let api = CSMAPI(client: try CSMClient(profile: arguments.dropFirst().first, environment: environment))
    print(try await api.organization(id: id).name)
} catch let error as any CategorizedError {
    FileHandle.standardError.write(Data("api-tool: \(error)\n".utf8))
    exit(error.category == .usage ? 64 : error.category == .loginRequired ? 4 : 1)
}
