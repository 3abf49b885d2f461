/// The command that logs a profile in again, spelled for the tool the person is using.
///
/// Every "log in again" hint of CSMAuth is built here, so a third-party tool's users are told to
/// run *its* login (set ``CSMAuthEnvironment/toolName``), with the flags the kind of login needs:
/// `csm-auth login --basic --profile work --site SITE_URL --email EMAIL`.
public struct LoginCommand: Sendable, Hashable, CustomStringConvertible {
    /// The command that logs in, such as `csm-auth` (the `login` subcommand is added).
    public var toolName: String
    /// The profile to log in again.
    public var profile: String
    /// The kind of login the profile had; nil for a plain OAuth login.
    public var auth: ProfileSettings.AuthKind?

    /// - Parameters:
    ///   - toolName: the command that logs in (its `login` subcommand is named).
    ///   - profile: the profile; `default` adds no `--profile` flag.
    ///   - auth: the kind of login; nil or `.oauth` for the browser login.
    public init(toolName: String, profile: String, auth: ProfileSettings.AuthKind? = nil) {
        self.toolName = toolName
        self.profile = profile
        self.auth = auth
    }

    /// The command line, such as `csm-auth login --profile work`, on one line: control characters
    /// in the tool or profile name are shown as spaces.
    public var description: String {
        let toolName = toolName.printableLine
        let profileFlag = profile == ProfileName.defaultName ? "" : " --profile \(profile.printableLine)"
        switch auth {
        case .basic: return "\(toolName) login --basic\(profileFlag) --site SITE_URL --email EMAIL"
        case .clientCredentials: return "\(toolName) login --client-credentials\(profileFlag) --site SITE_URL"
        case .oauth, nil: return "\(toolName) login\(profileFlag)"
        }
    }
}
