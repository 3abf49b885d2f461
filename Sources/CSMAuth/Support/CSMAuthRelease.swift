/// Facts about this release of csm-auth.
///
/// (Not `CSMAuthVersion`: the compiler leaves a type named after its module plus "Version" out
/// of the symbol graph, so it would be missing from the documentation.)
public enum CSMAuthRelease: Sendable {
    /// The version, such as `0.1.0`, shown by `csm-auth --version` and in the `User-Agent` header.
    public static let version = "0.1.0"
}
