import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Hostile input that reaches a header, a path, a child process or a shell, or that never ends: each is
/// refused or made inert.
@Suite(.blocking) struct InputHardeningTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    let fixed: [String: String?] = ["CSM_AUTH_TOKEN": "a-token", "CSM_AUTH_CLOUD_ID": "cloud-1"]

    var credentialsFile: String { cli.folder.path + "/data/csm-auth/credentials/\(cli.profile).json" }

    @Test func headerValueWithALineBreakIsAUsageError() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let result = try cli.run(
                ["api", "-H", "X-A: b\r\nX-Injected: yes", "/api/v1/customer"], sandbox: server, environment: fixed)
            #expect(result.status == 64)
            #expect(result.stderr.contains("control character"))
            #expect(server.stats.apiRequests == 0)
        }
    }

    @Test func headerNameWithASpaceIsAUsageError() throws {
        let result = try cli.run(["api", "-H", "X A: b", "/api/v1/customer"], environment: fixed)
        #expect(result.status == 64)
    }

    @Test func headerWithoutAColonIsRefusedWithoutEchoingIt() throws {
        let result = try cli.run(
            ["api", "-H", "Authorization Bearer very-secret-value", "/api/v1/customer"], environment: fixed)
        #expect(result.status == 64)
        #expect(!result.stderr.contains("very-secret-value"))
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

    @Test func tokenVariableWithALineBreakIsAUsageError() throws {
        for command in [["token"], ["header"], ["api", "/api/v1/customer"]] {
            let result = try cli.run(
                command, environment: ["CSM_AUTH_TOKEN": "abc\r\nX-Injected: yes", "CSM_AUTH_CLOUD_ID": "cloud-1"])
            #expect(result.status == 64, "\(command)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func cloudIDVariableWithPathCharactersIsAUsageError() throws {
        let result = try cli.run(
            ["api", "/api/v1/customer"], environment: ["CSM_AUTH_TOKEN": "a-token", "CSM_AUTH_CLOUD_ID": "../../admin"])
        #expect(result.status == 64)
    }

    @Test func cloudIDFromTheServerThatIsNotAnIDIsRefused() throws {
        let server = try HostileServer(cloudID: "../../../../evil/x?y#")
        let login = try cli.run(
            ["login", "--basic", "--storage", "file", "--site", server.baseURL + "/site", "--email", "a@example.com"],
            environment: ["CSM_AUTH_API_URL": server.baseURL], input: "a-token\n")
        #expect(login.status == 1, "\(login.stderr)")
        #expect(login.stderr.contains("not an id"))
        #expect(!FileManager.default.fileExists(atPath: credentialsFile))
    }

    @Test func pathWithDotDotSegmentsIsAUsageError() throws {
        let result = try cli.run(["api", "/api/../../../oauth/token/accessible-resources"], environment: fixed)
        #expect(result.status == 64)
        #expect(result.stderr.contains("'..' segment"))
    }

    @Test func pathWithPercentEncodedDotSegmentsIsAUsageError() throws {
        let result = try cli.run(["api", "/api/%2e%2E/%2E%2e/x"], environment: fixed)
        #expect(result.status == 64)
    }

    @Test func fullURLWithAnUpperCaseSchemeIsAUsageError() throws {
        for url in ["HTTP://evil.example/x", "HttpS://evil.example/x", "//evil.example/x"] {
            let result = try cli.run(["api", url], environment: fixed)
            #expect(result.status == 64, "\(url)")
            #expect(result.stderr.contains("not a full URL"), "\(url)")
        }
    }

    @Test func sourcingEveryShellFormatRunsNothing() throws {
        // No spaces (a token cannot hold one), but every shell expansion there is.
        let hostile = #"`touch${IFS}$MARK.1`$(touch${IFS}$MARK.2)${MARK}\"'$'"#
        let mark = cli.folder.path + "/pwned"
        for format in ["sh", "dotenv"] {
            // Write the output to a file and source it, as `set -a; . .env` users do.
            let output = try cli.shell(
                #"out=$("$CSM" env --format "# + format
                    + #") || exit 9; printf '%s\n' "$out" > "$MARK.env"; set -a; . "$MARK.env"; printf '%s' "$CSM_ACCESS_TOKEN""#,
                environment: ["CSM_AUTH_TOKEN": hostile, "MARK": mark])
            #expect(output.status == 0, "\(format): \(output.stderr)")
            #expect(output.stdout == hostile, "\(format)")
            #expect(!FileManager.default.fileExists(atPath: mark + ".1"), "\(format)")
            #expect(!FileManager.default.fileExists(atPath: mark + ".2"), "\(format)")
        }
    }
}
