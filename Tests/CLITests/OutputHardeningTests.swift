import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Standard streams that cannot be written, and usage errors: one line, the right exit code, no trap,
/// no pasted secret repeated and no invisible character left unescaped.
@Suite(.blocking) struct OutputHardeningTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    /// Neither a trap (exit 132/134) nor a backtrace: at most one line on stderr.
    func expectNoCrash(_ result: ChildProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            ![132, 133, 134, 139].contains(result.status), "crashed: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count <= 1, "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func tokenToAFullDeviceFailsWithOneLine() throws {
        let result = try cli.shell(#""$CSM" token >/dev/full"#, environment: ["CSM_AUTH_TOKEN": "a-token"])
        expectNoCrash(result)
        #expect(result.status == 1)
        #expect(result.stderr == "csm-auth: cannot write to standard output: No space left on device\n")
    }

    @Test func tokenToAClosedStandardOutputFailsWithOneLine() throws {
        let result = try cli.shell(#""$CSM" token >&-"#, environment: ["CSM_AUTH_TOKEN": "a-token"])
        expectNoCrash(result)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write to standard output"))
    }

    @Test func closedStandardOutputNeverReceivesTheTokenThroughAnotherFile() throws {
        // With fd 1 closed, the first file opened would get number 1; the token must not land in it.
        let result = try cli.shell(
            #""$CSM" token >&- ; cat "$CSM_AUTH_CONFIG_DIR"/* 2>/dev/null"#,
            environment: ["CSM_AUTH_TOKEN": "a-token-to-keep"])
        #expect(!result.stdout.contains("a-token-to-keep"))
    }

    @Test func tokenIntoAClosedPipeExitsAsSIGPIPEWould() throws {
        // 100 kB cannot fit in a 64 KiB pipe, so the write meets a reader that has gone.
        let result = try cli.shell(
            #""$CSM" token | true; echo "${PIPESTATUS[0]}""#,
            environment: ["CSM_AUTH_TOKEN": String(repeating: "t", count: 100_000)],
            program: "/bin/bash")
        expectNoCrash(result)
        #expect(result.stdout == "141\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func statusJSONToAClosedStandardOutputFailsWithOneLine() throws {
        let result = try cli.shell(#""$CSM" status --json >&-"#)
        expectNoCrash(result)
        #expect(result.status == 1)
    }

    @Test func failingCommandWithClosedStandardErrorExitsWithItsCode() throws {
        let result = try cli.shell(#""$CSM" token 2>&-"#)
        expectNoCrash(result)
        #expect(result.status == 4)
    }

    @Test func apiBodyToAFullDeviceFailsWithOneLine() async throws {
        try await withSandbox(SandboxConfiguration(autoApprove: true)) { server in
            let result = try cli.shell(
                #""$CSM" api /api/v1/customer/nosuch >/dev/full"#, sandbox: server,
                environment: ["CSM_AUTH_TOKEN": "not-a-valid-token", "CSM_AUTH_CLOUD_ID": "cloud"])
            expectNoCrash(result)
            #expect(result.status == 1)
            #expect(result.stderr.contains("cannot write to standard output"))
        }
    }

    @Test func helpToAFullDeviceFailsWithOneLine() throws {
        let result = try cli.shell(#""$CSM" --help >/dev/full"#)
        expectNoCrash(result)
        #expect(result.status == 1)
    }

    @Test func unknownOptionIsOneUsageLine() throws {
        let result = try cli.run(["token", "--nope"])
        #expect(result.status == 64)
        #expect(result.stderr == "csm-auth: Unknown option '--nope' (see `csm-auth token --help`)\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownSubcommandIsOneUsageLine() throws {
        let result = try cli.run(["tokn"])
        #expect(result.status == 64)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func profileNameWithALineBreakIsEscapedInOneLine() throws {
        let result = try cli.run(["token", "--profile", "evil\nInjected: line\u{1B}[31m"])
        #expect(result.status == 64)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains(#"evil\nInjected: line\u{1B}[31m"#))
        #expect(!result.stderr.contains("\u{1B}"))
    }

    @Test func longUnexpectedArgumentIsNotRepeated() throws {
        let result = try cli.run([
            "login", "--basic", "--site", "https://a.example", "--email", "a@b.example", "s3cr3t-token-that-was-pasted",
        ])
        #expect(result.status == 64)
        #expect(!result.stderr.contains("s3cr3t"))
    }

    @Test func badHeaderNameIsNotRepeated() throws {
        let result = try cli.run(
            ["api", "x", "-H", "Authorization Bearer s3cr3t:x"],
            environment: ["CSM_AUTH_TOKEN": "t", "CSM_AUTH_CLOUD_ID": "c1"])
        #expect(result.status == 64)
        #expect(!result.stderr.contains("s3cr3t"))
    }

    @Test func invisibleLineAndDirectionCharactersAreEscaped() throws {
        let result = try cli.run(["token", "--profile", "a\u{2028}b\u{202E}c"])
        #expect(result.status == 64)
        #expect(result.stderr.contains(#"a\u{2028}b\u{202E}c"#))
    }
}
