import CSMSandbox
import Foundation
import TestSupport
import Testing

/// What a failed connection is called: the server's refusal, or this process's own shortage.
@Suite(.blocking) struct TransportFailureTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    /// With few descriptors left (a low `ulimit -n`, or a library process with many requests in
    /// flight, each on a socket of its own) libcurl cannot open a socket and says "couldn't
    /// connect"; the server is up, so "refused: is the server running?" would send the user
    /// looking in the wrong place.
    @Test(
        .disabled(
            if: ProcessInfo.processInfo.environment["CSM_AUTH_TEST_SANITIZER"] == "thread",
            "ThreadSanitizer's runtime needs descriptors of its own, and fails a CHECK without them"))
    func runningOutOfDescriptorsIsNotCalledARefusal() async throws {
        try await withSandbox { server in
            // bash, not dash: dash needs descriptors of its own (10 and up) for the redirections.
            let script =
                #"for n in 5 6 7 8 9 10 11 12 13 14 15 16; do (ulimit -n $n; "$CSM" api organization/1 2>&1 >/dev/null); done"#
            let result = try cli.shell(
                script, sandbox: server,
                environment: ["CSM_AUTH_TOKEN": "a-token", "CSM_AUTH_CLOUD_ID": server.sites[0].cloudID],
                program: "/bin/bash")
            // (Where a descriptor is left for the socket, the sandbox refuses the made-up token: that
            // line names CSM_AUTH_TOKEN, not the connection.)
            #expect(!result.stdout.contains("connection to"), "\(result.stdout)")
            #expect(!result.stdout.contains("is the server running"), "\(result.stdout)")
            // One of the limits leaves too few descriptors for the socket (otherwise this test says nothing).
            #expect(result.stdout.contains("cannot open a connection: Too many open files"), "\(result.stdout)")
        }
    }
}
