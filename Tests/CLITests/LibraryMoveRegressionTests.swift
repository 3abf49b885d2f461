import CSMSandbox
import Foundation
import TestSupport
import Testing

/// What the command must still do now that its terminal conversation and login settings live in
/// the library (TerminalLoginInteraction, LoginSettings).
@Suite(.blocking) struct LibraryMoveRegressionTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    var sandbox: SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
    }

    /// The contract reads the client secret from `--client-secret-stdin`, the environment, the
    /// profile, or a no-echo prompt *on a terminal*: a pipe without the flag is not a secret. (It
    /// may hold something else, such as the redirected URL of a paste login.)
    @Test func pipedInputIsNotTakenForTheClientSecretWithoutTheFlag() async throws {
        try await withSandbox(sandbox) { server in
            let login = try cli.run(
                ["login", "--no-browser", "--callback-url", cli.callbackURL, "--timeout", "5"], sandbox: server,
                environment: ["CSM_AUTH_CLIENT_SECRET": nil], input: cli.clientSecret + "\n")
            #expect(login.status == 64, "\(login.stderr)")
            #expect(login.stderr.contains("no OAuth client secret"))
            #expect(!login.stderr.contains("/authorize?"))
        }
    }

    @Test func pipedInputIsNotTakenForTheServiceAccountSecretWithoutTheFlag() async throws {
        try await withSandbox(sandbox) { server in
            let login = try cli.run(
                ["login", "--client-credentials", "--site", server.sites[0].url], sandbox: server,
                environment: ["CSM_AUTH_CLIENT_SECRET": nil], input: cli.clientSecret + "\n")
            #expect(login.status == 64, "\(login.stderr)")
            #expect(login.stderr.contains("client secret"))
            #expect(server.stats.clientCredentialsGrants == 0)
            #expect(server.stats.tokenErrors == 0)
        }
    }

    /// `--basic` still reads the API token from a pipe, as the contract says.
    @Test func basicStillReadsTheAPITokenFromAPipe() async throws {
        try await withSandbox(sandbox) { server in
            let login = try cli.run(
                ["login", "--basic", "--site", server.sites[0].url, "--email", "agent@sandbox.example"],
                sandbox: server,
                input: "  sandbox-agent-token  \n")
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try cli.run(["token"], sandbox: server).stdout == "sandbox-agent-token\n")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// A profile another program logged in to its own store (`storage = custom`, written by the
    /// library) cannot be used here: every command says which profile, why, and what to do, in one
    /// line and with exit 5, and nothing of the profile is lost.
    @Test func aCustomStorageProfileIsOneClearLineThatSaysWhatToDo() throws {
        let folder = cli.folder.path + "/config"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = "[\(cli.profile)]\nauth = oauth\nstorage = custom\nclient_id = x\ncloud_id = c\n"
        try config.write(toFile: folder + "/config", atomically: true, encoding: .utf8)
        for command in [["token"], ["header"], ["status"], ["status", "--json"], ["refresh"], ["logout"]] {
            let result = try cli.run(command)
            #expect(result.status == 5, "\(command): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(command)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("profile '\(cli.profile)'"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("--storage keyring"), "\(command): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: folder + "/config", encoding: .utf8).contains("storage = custom"))
        // Following the hint must not trip over the store it leaves: the secret is asked for, not read there.
        let login = try cli.run(
            ["login", "--storage", "keyring", "--no-browser", "--timeout", "5"],
            environment: ["CSM_AUTH_CLIENT_SECRET": nil, "CSM_AUTH_CLIENT_ID": "x"])
        #expect(login.status == 64, "\(login.stderr)")
        #expect(login.stderr.contains("no OAuth client secret"))
    }

    /// Like every other line read from standard input, a request body has a bound: more than
    /// 64 MiB (as `</dev/zero` sends) is one clear line and exit 64, not a process that grows until
    /// it dies with a stack trace.
    @Test func anEndlessRequestBodyOnStandardInputIsRefused() throws {
        let result = try cli.shell(
            // One byte over the bound, not an endless stream: a regression must not eat the machine's
            // memory, and an address-space limit (`ulimit -v`) would stop the sanitizer builds from starting.
            #"head -c 67108865 /dev/zero | "$CSM" api -X POST customer/details --data @-"#,
            environment: ["CSM_AUTH_TOKEN": "a-token", "CSM_AUTH_CLOUD_ID": "11111111-1111-4111-8111-000000000001"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr == "csm-auth: the request body on standard input is larger than 64 MiB\n")
    }
}
