import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// The kernel cache against another local user, and against settings that changed behind its
/// back, through the built binary.
///
/// The other user is `nobody` (65534), reached with `setpriv` from a shell whose session keyring
/// links this user's persistent keyring, as `su` or `setpriv` can leave it: in that session
/// `nobody` possesses the persistent keyring, so it can add keys to it and unlink ours. What it
/// must never get is a token (a key it owns that csm-auth writes into), or csm-auth's trust (a
/// key it planted that csm-auth reads).
@Suite(.blocking) struct KernelCacheOwnershipTests {
    let cli: CLIHarness

    static let noKeyring: [String: String?] = ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"]
    /// The shell prelude of every attack: a session of its own that links the persistent keyring
    /// (`$P`), and `$NOBODY` to run a command as the other user in it.
    static let sharedSession = #"""
        set -u
        keyctl new_session >/dev/null || exit 90
        P=$(keyctl get_persistent @s) || exit 91
        NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
        # The other user drops our key, if there is one, and plants its own under our key's name.
        plant() {
            for old in $(keyctl search "$P" user "$DESC" 2>/dev/null); do $NOBODY keyctl unlink "$old" "$P" >/dev/null; done
            N=$($NOBODY keyctl padd user "$DESC" "$P" < "$PLANTED") || exit 92
            $NOBODY keyctl setperm "$N" "$PERM" || exit 93
        }
        """#

    /// Becoming another user needs root (CI runs as root; `setpriv` and `keyctl` come with
    /// util-linux and scripts/setup's keyutils).
    static var canSwitchUsers: Bool { geteuid() == 0 }

    init() throws {
        cli = try CLIHarness()
    }

    func sandbox() -> SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, accessTokenLifetime: 3600)
    }

    func login(_ server: SandboxServer) throws {
        let login = try cli.browserLogin(server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    /// The description of this harness's key: the configuration folder by its real path.
    func keyDescription() throws -> String {
        let folder = try #require(realpath(cli.folder.path + "/config", nil))
        defer { free(folder) }
        return "csm-auth:\(cli.profile):\(String(cString: folder))"
    }

    /// This user's key of this harness, as `/proc/keys` shows it.
    func cachedKey() throws -> KernelKeyLine? {
        let description = try keyDescription()
        return try KernelKeyLine.all().first { $0.description.hasPrefix(description + ":") }
    }

    /// Writes the payload the other user plants, and returns the variables the attack script reads.
    func attack(payload: String, permissions: String) throws -> [String: String?] {
        let planted = cli.folder.path + "/planted"
        // The shell opens it for `keyctl padd` (as this user): the other user needs no access.
        try payload.write(toFile: planted, atomically: true, encoding: .utf8)
        return ["DESC": try keyDescription(), "PLANTED": planted, "PERM": permissions]
    }

    // MARK: - Another user's key is never written into

    @Test(
        .enabled(if: canSwitchUsers, "planting a key as another user (setpriv) needs root"),
        arguments: [
            // Writable by its possessor, invisible to the search: the issue's repro.
            "0x043f0000",
            // Everything to its possessor: found by the search as well.
            "0x3f3f0000",
        ])
    func aKeyAnotherUserPlantedNeverReceivesTheToken(permissions: String) async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let expected = try cli.run(["token"], sandbox: server)
            try #require(expected.status == 0, "\(expected.stderr)")
            let token = expected.stdout.trimmingCharacters(in: .newlines)
            let result = try cli.shell(
                Self.sharedSession + #"""

                    plant
                    "$CSM" token >"$OUT" || echo "token failed: $?"
                    echo "stolen: $($NOBODY keyctl pipe "$N" 2>&1)"
                    echo "cached: $(keyctl rdescribe "$(keyctl search "$P" user "$DESC")" 2>&1)"
                    $NOBODY keyctl invalidate "$N" 2>/dev/null
                    exit 0
                    """#,
                sandbox: server,
                environment: try attack(payload: "x", permissions: permissions).merging([
                    "OUT": cli.folder.path + "/token.out"
                ]) { $1 })
            #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
            #expect(!result.stdout.contains("token failed"), "\(result.stdout) \(result.stderr)")
            #expect(try String(contentsOfFile: cli.folder.path + "/token.out", encoding: .utf8) == token + "\n")
            #expect(!result.stdout.contains(token), "the other user read the token: \(result.stdout)")
            // The victim's own key took the name back: ours, with our permissions.
            #expect(
                result.stdout.contains("cached: user;\(geteuid());\(getegid());003f0000;\(try keyDescription())"),
                "\(result.stdout)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    // MARK: - Another user's key is never read

    /// The payload the other user plants: our entry as it was (its stamp included, so that only
    /// the owner check can refuse it), with its own token and an API URL of its choosing that
    /// passes the URL check (loopback http), so that `env` would point `CSM_API_BASE_URL` there.
    func plantedPayload() throws -> (payload: String, attacker: String) {
        let key = try #require(try cachedKey(), "no cached key to copy the stamp from")
        let read = try ChildProcess.run("keyctl", ["pipe", String(key.id)])
        try #require(read.status == 0, "\(read.stderr)")
        let attacker = "http://127.0.0.1:9"
        var lines: [String] = []
        var cloud = ""
        for line in read.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("cloud=") { cloud = String(line.dropFirst(6)) }
            if line.hasPrefix("token=") || line.hasPrefix("authorization=") || line.hasPrefix("api=")
                || line.hasPrefix("apienv=") || line.hasPrefix("base=")
            {
                continue
            }
            lines.append(line)
        }
        try #require(!cloud.isEmpty, "the entry has no site: \(read.stdout)")
        lines += [
            "token=planted-token", "authorization=Bearer planted-token", "api=\(attacker)",
            "base=\(attacker)/jsm/csm/cloudid/\(cloud)/api/v1",
        ]
        return (lines.joined(separator: "\n") + "\n", attacker)
    }

    @Test(.enabled(if: canSwitchUsers, "planting a key as another user (setpriv) needs root"))
    func aKeyAnotherUserPlantedIsNotUsed() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            try #require(try cli.run(["token"], sandbox: server).status == 0)
            let (payload, attacker) = try plantedPayload()
            // Without CSM_AUTH_API_URL, as a user's shell runs it: the entry's API URL is the one used.
            var environment = try attack(payload: payload, permissions: "0x0b3f0000")
            environment["CSM_AUTH_API_URL"] = .some(nil)
            let result = try cli.shell(
                Self.sharedSession + #"""

                    plant
                    echo "== verbose"
                    "$CSM" --verbose env 2>&1
                    plant
                    echo "== env"
                    "$CSM" env 2>&1
                    plant
                    echo "== token"
                    "$CSM" token 2>&1
                    $NOBODY keyctl invalidate "$N" 2>/dev/null
                    exit 0
                    """#,
                sandbox: server, environment: environment)
            #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
            #expect(!result.stdout.contains(attacker), "the planted API URL was used: \(result.stdout)")
            #expect(!result.stdout.contains("planted-token"), "the planted token was used: \(result.stdout)")
            // The API URL the login saved in the settings, which the store's path reads.
            let base = "CSM_API_BASE_URL='\(server.baseURL)/jsm/csm/cloudid/"
            #expect(result.stdout.components(separatedBy: base).count == 3, "\(result.stdout)")
            // --verbose says so in one line, which names the owner and holds no secret.
            let notes = result.stdout.split(separator: "\n").filter { $0.contains("kernel cache:") }
            #expect(notes.count == 1, "\(result.stdout)")
            #expect(notes.first?.contains("belongs to uid 65534") == true, "\(notes)")
            #expect(notes.first?.contains("not using it") == true, "\(notes)")
            let token = try cli.run(["token"], sandbox: server).stdout.trimmingCharacters(in: .newlines)
            #expect(!notes.contains { $0.contains(token) })
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    // MARK: - Settings that changed behind the cache's back

    var configFolder: String { cli.folder.path + "/config" }
    var configFile: String { configFolder + "/config" }

    @Test(arguments: ["file", "folder"])
    func settingsOthersCanWriteStopEveryCommandEvenOnACacheHit(_ what: String) async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            try #require(try cli.run(["token"], sandbox: server).status == 0)
            try #require(try cli.run(["token"], sandbox: server, environment: Self.noKeyring).status == 0)
            // The folder's mode is not the file's inode: only a check of the folder itself sees it.
            if what == "file" { chmod(configFile, 0o620) } else { chmod(configFolder, 0o770) }
            server.resetStats()
            for arguments in [["token"], ["api", "organization/1"], ["--verbose", "header"]] {
                let result = try cli.run(arguments, sandbox: server)
                #expect(result.status == 1, "\(arguments): \(result.stdout) \(result.stderr)")
                #expect(result.stderr.contains("refusing to use the "), "\(arguments): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
            }
            #expect(server.stats == SandboxStats(), "the sandbox was contacted")
            chmod(configFile, 0o600)
            chmod(configFolder, 0o700)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func anEditInPlaceWhoseModificationTimeWasPutBackIsNoticed() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            try #require(try cli.run(["token"], sandbox: server).status == 0)
            try #require(try cli.run(["token"], sandbox: server, environment: Self.noKeyring).status == 0)
            // Same size, same inode, same modification time: only the inode's change time differs.
            let edit = try cli.shell(
                #"""
                touch -r "$CONFIG" "$REFERENCE" &&
                printf 'X' | dd of="$CONFIG" bs=1 seek=1 conv=notrunc status=none &&
                touch -r "$REFERENCE" "$CONFIG" && head -c 12 "$CONFIG"
                """#,
                environment: ["CONFIG": configFile, "REFERENCE": cli.folder.path + "/reference"])
            try #require(edit.status == 0 && edit.stdout.hasPrefix("#X"), "\(edit.stdout) \(edit.stderr)")
            let afterEdit = try cli.run(["token"], sandbox: server, environment: Self.noKeyring)
            #expect(afterEdit.status == 5, "an edited configuration must be read again: \(afterEdit.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// Every file and folder under `folders`, for "nothing was created" checks.
    func entries(under folders: [String]) -> Set<String> {
        var found: Set<String> = []
        for folder in folders {
            found.insert(folder + (FileManager.default.fileExists(atPath: folder) ? "" : " (missing)"))
            let enumerator = FileManager.default.enumerator(atPath: folder)
            while let relative = enumerator?.nextObject() as? String { found.insert(folder + "/" + relative) }
        }
        return found
    }

    @Test func aProfileThatDoesNotExistLeavesNoLockFileBehind() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let lockFolder = CSMAuthPaths(environment: cli.environment(sandbox: server)).lockFolder
            let folders = [cli.folder.path, lockFolder]
            let before = entries(under: folders)
            let nosuch = "nosuch-\(UUID().uuidString.prefix(8).lowercased())"
            for arguments in [["token", "--profile", nosuch], ["--verbose", "token", "--profile", nosuch]] {
                let result = try cli.run(arguments, sandbox: server)
                #expect(result.status == 4, "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains("profile '\(nosuch)' is not logged in"), "\(result.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: "\(lockFolder)/\(nosuch).lock"))
            #expect(entries(under: folders) == before)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }
}
