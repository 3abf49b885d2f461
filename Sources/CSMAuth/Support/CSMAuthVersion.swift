/// The version of csm-auth, shown by `csm-auth --version` and in the User-Agent.
public enum CSMAuthVersion {
    /// The version, such as `0.1.0`.
    public static let current = "0.1.0"
}
