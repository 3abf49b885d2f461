import ArgumentParser
import CSMAuth

@main
struct CSMAuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csm-auth",
        abstract: "Log in to Atlassian Cloud (Jira Customer Service Management) and hand out fresh tokens.",
        discussion: """
            Run `csm-auth login` once; then scripts call `csm-auth token`, `header`, `env`, `exec` or `api`.
            Exit codes: 0 success, 1 failure, 4 login required, 5 credential store unavailable, 64 usage error.
            """,
        version: CSMAuthVersion.current,
        subcommands: [Login.self, Logout.self, Status.self, Token.self, Header.self, Env.self, Exec.self, Sites.self, Refresh.self, API.self]
    )
}
