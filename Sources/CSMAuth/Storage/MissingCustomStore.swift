/// The store of ``StorageKind/custom`` profiles in a program that supplies none: every use fails,
/// saying that another program keeps the profile's secrets and how to log in here instead.
struct MissingCustomStore: CredentialStore {
    /// The command named in the hint (``CSMAuthEnvironment/toolName``).
    var toolName = CSMAuthEnvironment.programName

    var kind: StorageKind { .custom }

    private func unavailable(_ profile: String?) -> CredentialStoreError {
        let subject = profile.map { "profile '\($0)' keeps" } ?? "the profile keeps"
        return CredentialStoreError(
            .unavailable,
            "\(subject) its secrets in the store of the program that logged it in (storage = custom), which \(toolName.printableLine) cannot open: "
                + "use that program, or log in again here with `\(toolName.printableLine) login\(profile.map { $0 == ProfileName.defaultName ? "" : " --profile \($0)" } ?? "") --storage keyring`"
        )
    }

    func probe() async throws { throw unavailable(nil) }

    func load(profile: String) async throws -> StoredCredentials? { throw unavailable(profile) }

    func save(_ credentials: StoredCredentials, profile: String, label: String) async throws {
        throw unavailable(profile)
    }

    func delete(profile: String) async throws -> Bool { throw unavailable(profile) }
}
