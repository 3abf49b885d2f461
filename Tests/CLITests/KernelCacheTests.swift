import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// The kernel-keyring cache of the access credential, end to end: the built binary, the real
/// persistent keyring of this user (seen through `/proc/keys` and `keyctl`), the sandbox and
/// the real Secret Service. A call "served from the cache" is proved by making the Secret
/// Service unreachable for it: it still succeeds, where the store would fail with exit 5.
@Suite(.blocking) struct KernelCacheTests {
    let cli: CLIHarness

    /// A D-Bus address nothing listens on: any use of the Secret Service fails.
    static let noKeyring: [String: String?] = ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"]

    init() throws {
        cli = try CLIHarness()
    }

    func sandbox(lifetime: TimeInterval = 3600) -> SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, accessTokenLifetime: lifetime)
    }

    func login(_ server: SandboxServer) throws {
        let login = try cli.browserLogin(server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    func token(_ server: SandboxServer, environment: [String: String?] = [:]) throws -> ChildProcess.Result {
        try cli.run(["token"], sandbox: server, environment: environment)
    }

    /// This harness's key, as `/proc/keys` lists it (the test runs as the same user). The key
    /// names the configuration folder by its real path.
    func cachedKey() throws -> KernelKeyLine? {
        let folder = try #require(realpath(cli.folder.path + "/config", nil))
        defer { free(folder) }
        return try KernelKeyLine.all().first {
            $0.description.hasPrefix("csm-auth:\(cli.profile):\(String(cString: folder)):")
        }
    }

    @Test func tokenIsCachedForThisUserOnlyAndServedWithoutTheStore() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let first = try token(server)
            try #require(first.status == 0, "\(first.stderr)")
            let key = try #require(try cachedKey())
            #expect(key.type == "user")
            #expect(key.permissions == "003f0000", "the owner: everything; anyone else, possessor included: nothing")
            let cached = try token(server, environment: Self.noKeyring)
            #expect(cached.status == 0, "\(cached.stderr)")
            #expect(cached.stdout == first.stdout)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func cachedKeyTimesOutAtTheTokensExpiry() async throws {
        // 50 s: inside the one-minute refresh margin, so every token call refreshes and caches
        // the new token, and /proc/keys shows the timeout to the second.
        try await withSandbox(sandbox(lifetime: 50)) { server in
            try login(server)
            let result = try token(server)
            try #require(result.status == 0, "\(result.stderr)")
            let key = try #require(try cachedKey())
            let seconds = try #require(key.timeoutSeconds, "timeout column: \(key.timeout)")
            #expect((40...50).contains(seconds), "timeout \(key.timeout) for a token that lives 50 s")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aFreshSessionKeyringStillReadsTheCachedToken() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let first = try token(server)
            try #require(first.status == 0, "\(first.stderr)")
            // `keyctl new_session` gives the shell a new, empty session keyring, as a new login or an SSH session has.
            let fresh = try cli.shell(
                #"keyctl new_session >/dev/null && exec "$CSM" token"#, sandbox: server, environment: Self.noKeyring)
            #expect(fresh.status == 0, "\(fresh.stderr)")
            #expect(fresh.stdout == first.stdout)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test(.enabled(if: geteuid() == 0, "switching to another user needs root"))
    func anotherUserCannotReadTheCachedToken() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let first = try token(server)
            try #require(first.status == 0, "\(first.stderr)")
            let key = try #require(try cachedKey())
            let token = first.stdout.trimmingCharacters(in: .newlines)
            let asNobody = try ChildProcess.run(
                "setpriv",
                ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "keyctl", "print", String(key.id, radix: 10)])
            #expect(asNobody.status != 0)
            #expect(!asNobody.stdout.contains(token) && !asNobody.stderr.contains(token))
            // Even from a session that links the persistent keyring (so the key is possessed), as
            // `su` or `setpriv` leave it: possession gives no rights.
            let possessing = try cli.shell(
                #"keyctl new_session >/dev/null && keyctl get_persistent @s >/dev/null && exec setpriv --reuid=nobody --regid=nogroup --clear-groups keyctl print "$KEY""#,
                sandbox: server, environment: ["KEY": String(key.id, radix: 10)])
            #expect(possessing.status != 0, "\(possessing.stdout)")
            #expect(!possessing.stdout.contains(token) && !possessing.stderr.contains(token))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func logoutDropsTheCachedToken() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            try #require(try token(server).status == 0)
            #expect(try cachedKey() != nil)
            let logout = try cli.run(["logout"], sandbox: server)
            #expect(logout.status == 0, "\(logout.stderr)")
            #expect(try cachedKey() == nil)
            #expect(try token(server, environment: Self.noKeyring).status == 4, "no login left, not a cached token")
        }
    }

    @Test func selectingASiteDropsTheCachedToken() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            try #require(try token(server).status == 0)
            #expect(try cachedKey() != nil)
            let select = try cli.run(["sites", "--select", server.sites[0].url], sandbox: server)
            #expect(select.status == 0, "\(select.stderr)")
            #expect(try cachedKey() == nil)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func loginReplacesTheCachedTokenWithTheNewOne() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let first = try token(server, environment: Self.noKeyring)
            #expect(first.status == 0, "the first token after a login is already cached: \(first.stderr)")
            try login(server)
            let second = try token(server, environment: Self.noKeyring)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout != first.stdout, "the new login's token, not the old one")
            #expect(second.stdout.trimmingCharacters(in: .newlines) == (try storedAccessToken()))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    func storedAccessToken() throws -> String? {
        let lookup = try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile])
        let document = try JSONSerialization.jsonObject(with: Data(lookup.stdout.utf8)) as? [String: Any]
        return document?["accessToken"] as? String
    }

    @Test func forcedRefreshReplacesTheCachedToken() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let before = try token(server)
            try #require(before.status == 0)
            let refresh = try cli.run(["refresh"], sandbox: server)
            try #require(refresh.status == 0, "\(refresh.stderr)")
            let after = try token(server, environment: Self.noKeyring)
            #expect(after.status == 0, "\(after.stderr)")
            #expect(after.stdout != before.stdout)
            #expect(server.stats.refreshGrants == 1)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func revokedLoginDropsTheCachedToken() async throws {
        try await withSandbox(sandbox(lifetime: 50)) { server in
            try login(server)
            try #require(try token(server).status == 0)
            #expect(try cachedKey() != nil)
            server.revokeAllGrants()
            let revoked = try token(server)
            #expect(revoked.status == 4, "\(revoked.stderr)")
            #expect(try cachedKey() == nil)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func kernelCacheZeroCachesNothingAndReadsTheStore() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let off: [String: String?] = ["CSM_AUTH_KERNEL_CACHE": "0"]
            try #require(
                try cli.run(["sites", "--select", server.sites[0].url], sandbox: server, environment: off).status == 0)
            #expect(try cachedKey() == nil)
            try #require(try token(server, environment: off).status == 0)
            #expect(try cachedKey() == nil)
            try #require(try token(server).status == 0)
            #expect(try cachedKey() != nil)
            let fromStore = try token(server, environment: off.merging(Self.noKeyring) { $1 })
            #expect(fromStore.status == 5, "with the cache off the keyring is read: \(fromStore.stderr)")
            // Off for one command, a change still drops what other commands cached.
            let refresh = try cli.run(["refresh"], sandbox: server, environment: off)
            #expect(refresh.status == 0, "\(refresh.stderr)")
            #expect(try cachedKey() == nil)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func editedConfigurationIsNotServedFromTheCache() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            try #require(try token(server).status == 0)
            let config = cli.folder.path + "/config/config"
            let handle = try #require(FileHandle(forWritingAtPath: config))
            handle.seekToEndOfFile()
            handle.write(Data("# edited by hand\n".utf8))
            try handle.close()
            let afterEdit = try token(server, environment: Self.noKeyring)
            #expect(afterEdit.status == 5, "an edited configuration must be read again: \(afterEdit.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func anotherAPIURLVariableIsNotAnsweredFromTheCache() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            try #require(try token(server).status == 0)
            let other = "http://127.0.0.1:9"
            let env = try cli.run(["env"], sandbox: server, environment: ["CSM_AUTH_API_URL": other])
            #expect(env.status == 0, "\(env.stderr)")
            #expect(env.stdout.contains("CSM_API_BASE_URL='\(other)/jsm/csm/cloudid/"))
            let back = try cli.run(["env"], sandbox: server)
            #expect(back.stdout.contains("CSM_API_BASE_URL='\(server.baseURL)/jsm/csm/cloudid/"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func environmentTokenWinsOverTheCache() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            try #require(try token(server).status == 0)
            let fixed = try token(server, environment: ["CSM_AUTH_TOKEN": "fixed-token-from-ci"])
            #expect(fixed.stdout == "fixed-token-from-ci\n")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func statusSaysWhetherTheTokenIsCached() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            func cached() throws -> Bool? {
                let status = try cli.run(["status", "--json"], sandbox: server)
                let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
                return object?["accessTokenCached"] as? Bool
            }
            #expect(try cached() == true, "a login caches its token")
            try #require(try cli.run(["sites", "--select", server.sites[0].url], sandbox: server).status == 0)
            #expect(try cached() == false)
            try #require(try token(server).status == 0)
            #expect(try cached() == true)
            let human = try cli.run(["status"], sandbox: server)
            #expect(human.stdout.contains("kernel cache: holds the token"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func waitersGoOnAsSoonAsTheLockIsLetGo() async throws {
        // The test holds the profile's lock, as a process reading the store would, while 16
        // processes need a refresh; then it lets go without caching anything. One waiter takes
        // the lock and refreshes once; the others read its token from the cache. (That waiting
        // leaves no lock behind is pinned down in ProfileLockTests.)
        try await withSandbox(sandbox(lifetime: 30)) { server in
            try login(server)
            let lockFolder = CSMAuthPaths(environment: cli.environment(sandbox: server)).lockFolder
            let lock = open("\(lockFolder)/\(cli.profile).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            try #require(lock >= 0 && flock(lock, LOCK_EX) == 0)
            server.updateSettings(accessTokenLifetime: 3600)
            server.resetStats()
            let release = Task {
                try await Task.sleep(for: .seconds(1))
                close(lock)
            }
            let results = try await cli.storm(16, ["token"], sandbox: server)
            try await release.value
            #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
            #expect(Set(results.map(\.stdout)).count == 1)
            #expect(server.stats.refreshGrants == 1)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func settingsChangedDuringARefreshMakeTheCachedTokenStale() async throws {
        try await withSandbox(sandbox(lifetime: 30)) { server in
            try login(server)
            server.setFaults(SandboxFaults(delay: 2))
            // The refresh takes 2 s; the settings change meanwhile (as a logout elsewhere would),
            // once the refresh holds the profile's lock (it reads the settings right after).
            let lock = CSMAuthPaths(environment: cli.environment(sandbox: server)).lockFolder + "/\(cli.profile).lock"
            let result = try cli.shell(
                #""$CSM" token >/dev/null & i=0; while [ $i -lt 600 ] && flock -n "$LOCK" true 2>/dev/null; do sleep 0.05; i=$((i+1)); done; "#
                    + #"sleep 0.3; printf '# changed\n' >> "$CSM_AUTH_CONFIG_DIR/config"; wait; "#
                    + #"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus "$CSM" token; echo "rc=$?""#,
                sandbox: server, environment: ["LOCK": lock])
            #expect(
                result.stdout.hasSuffix("rc=5\n"),
                "a token cached from settings read before the change was served: \(result.stdout) \(result.stderr)")
            server.setFaults(SandboxFaults())
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func anotherSpellingOfTheConfigFolderFindsTheSameKey() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let slashed: [String: String?] = ["CSM_AUTH_CONFIG_DIR": cli.folder.path + "//config/"]
            try #require(try token(server, environment: slashed).status == 0)
            let refresh = try cli.run(["refresh"], sandbox: server)
            try #require(refresh.status == 0, "\(refresh.stderr)")
            let plain = try token(server, environment: Self.noKeyring)
            let other = try token(server, environment: slashed.merging(Self.noKeyring) { $1 })
            #expect(plain.status == 0 && other.status == 0, "\(plain.stderr) \(other.stderr)")
            #expect(other.stdout == plain.stdout, "the refresh's token under both spellings")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test(arguments: [ENOSYS, EPERM, EACCES])
    func whereTheKernelRefusesKeysTheStoreIsReadInstead(_ refusal: Int32) async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let expected = try token(server)
            try #require(expected.status == 0)
            // In a container whose seccomp profile refuses keyctl: no cache, no error, the same token.
            let keyless = CLIHarness.binaryFolder + "/keyless"
            let refused = try cli.shell(
                #""$KEYLESS" "$REFUSAL" "$CSM" token"#, sandbox: server,
                environment: [
                    "KEYLESS": keyless, "REFUSAL": String(refusal),
                ])
            #expect(refused.status == 0, "\(refused.stderr)")
            #expect(refused.stdout == expected.stdout)
            #expect(refused.stderr.isEmpty)
            let status = try cli.shell(
                #""$KEYLESS" "$REFUSAL" "$CSM" status --json"#, sandbox: server,
                environment: [
                    "KEYLESS": keyless, "REFUSAL": String(refusal),
                ])
            #expect(status.stdout.contains(#""accessTokenCached" : false"#), "\(status.stdout)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func headerEnvAndExecAreServedFromTheCache() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let expected = try token(server).stdout.trimmingCharacters(in: .newlines)
            let header = try cli.run(["header"], sandbox: server, environment: Self.noKeyring)
            #expect(header.stdout == "Authorization: Bearer \(expected)\n", "\(header.stderr)")
            let env = try cli.run(["env", "--format", "dotenv"], sandbox: server, environment: Self.noKeyring)
            #expect(env.stdout.contains("CSM_ACCESS_TOKEN='\(expected)'"), "\(env.stderr)")
            let exec = try cli.run(
                ["--profile", cli.profile, "exec", "--", "sh", "-c", #"printf %s "$CSM_ACCESS_TOKEN""#],
                environment: Self.noKeyring)
            #expect(exec.stdout == expected, "\(exec.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }
}
