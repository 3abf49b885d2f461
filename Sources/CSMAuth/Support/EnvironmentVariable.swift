/// A variable of an environment as csm-auth reads every one: an empty value counts as unset.
/// - Parameter read: how the environment is read (a dictionary, or `getenv` on the hot path).
func environmentVariable(_ name: String, in read: (String) -> String?) -> String? {
    guard let value = read(name), !value.isEmpty else { return nil }
    return value
}
