import ArgumentParser
import CSMAuth

extension CSMAuthCommand {
    /// `csm-auth fleet-key`: prints a new fleet key, the secret that seals what a fleet keeps in etcd.
    struct FleetKeyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fleet-key",
            abstract: "Print a new fleet key: the secret that encrypts everything a fleet keeps in etcd.",
            discussion: """
                The key is one line of base64 (32 random bytes) on standard output, and nothing else. \
                Store it where only its owner can read it, and point CSM_AUTH_FLEET_KEY_FILE at it on every \
                machine of the fleet: `(umask 077; csm-auth fleet-key > fleet.key)`, or \
                `csm-auth fleet-key > fleet.key && chmod 600 fleet.key`. csm-auth refuses a key file that \
                group or others may read or change (it must be 0600 or 0400).

                The key file holds one key per line; `#` comments and blank lines are ignored. The first key \
                seals, the keys below it only open. To rotate: put a new key on the first line, keep the old \
                one below it, run `csm-auth fleet-key --reseal` to encrypt every value again under the new \
                key, then delete the old line on every machine.
                """
        )

        @Flag(
            name: .long, help: "Encrypt every value of the fleet again under the first key of CSM_AUTH_FLEET_KEY_FILE.")
        var reseal = false

        @Flag(name: .long, help: "Explain failures in more detail.")
        var verbose = false

        func run() async throws {
            try await CommandRunner.run(verbose: verbose) { context in
                if reseal {
                    let environment = context.environment
                    let keys = try FleetKeyRing.load(variables: environment.variables)
                    let outcome = try await FleetReseal(store: try environment.fleetStore(), keys: keys).run()
                    Output.info(
                        "Sealed \(outcome.resealed) of \(outcome.checked) values again under fleet key \(keys.current.id)."
                    )
                    return
                }
                try Output.print(FleetKey.generate().revealBase64())
            }
        }
    }
}
