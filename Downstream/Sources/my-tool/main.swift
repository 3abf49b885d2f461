// my-tool: `my-tool login` logs in to Atlassian; `my-tool` lists the customers whose Region is EU.
import CSMAPI
import CSMAuth
import Foundation

// Named after this program: its errors say "run `my-tool login`", not `csm-auth login`.
let environment = CSMAuthEnvironment()
do {
    if CommandLine.arguments.dropFirst().first == "login" {
        let terminal = TerminalLoginInteraction()  // asks for what is missing, opens the browser
        let login = try LoginSettings(environment: environment, profile: nil, storage: nil)
        let request = try await login.oauthRequest(interaction: terminal)
        let outcome = try await LoginFlow(environment: environment).run(request, interaction: terminal)
        print("Logged in to \(outcome.site?.url ?? "Atlassian; no site chosen yet")")
    } else {
        let api = CSMAPI(client: try CSMClient(environment: environment))
        // The CSM API has no "list every customer" call: a search by detail value lists the
        // customers that match, one page at a time.
        let europe = [CSMDetailMatch(name: "Region", value: "EU")]
        for try await customer in try api.searchCustomers(matching: europe) {
            print(customer.id, customer.name)
        }
    }
} catch {
    // One line, e.g. "my-tool: profile 'default' is not logged in: run `my-tool login`".
    FileHandle.standardError.write(Data("\(environment.toolName): \(error)\n".utf8))
    exit(1)
}
