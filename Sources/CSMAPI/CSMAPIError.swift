import CSMAuth
import FoundationEssentials

/// An answer of the CSM API that is not a success, as the typed calls of ``CSMAPI`` report it:
/// the status, Atlassian's messages from the body, and the request id to quote to support.
public struct CSMAPIError: CategorizedError, Sendable, Equatable {
    /// The HTTP status, such as 404.
    public let status: Int
    /// The method and path of the request, such as `GET organization/1`.
    public let request: String
    /// Atlassian's messages from the body (`errorMessage`, `errorMessages`, `errors`, `message`),
    /// each made one line; empty when the body had none.
    public let messages: [String]
    /// The request's id (`X-Request-Id` or `atl-traceid`), when the answer carried one.
    public let requestID: String?
    /// The scope the login lacks, for a 401 that says the scope does not match, or for a call
    /// refused before it was sent because the login's granted scopes lack it (then ``status`` is
    /// 401 too, as Atlassian would have answered, and ``requestID`` is nil).
    public let missingScope: String?
    /// For a redirect, where it pointed: "redirect to HOST not followed".
    let redirect: String?
    /// The command hints name, as in `CSMAuthEnvironment/toolName`.
    let toolName: String
    /// The profile the hint logs in again; nil for the default profile or a fixed credential.
    let profile: String?
    /// Whether the refused credential came from `CSM_AUTH_TOKEN`, which nothing refreshes: a 401
    /// then names the variable instead of a login.
    var refusedEnvironmentToken = false
    /// For a call refused before it was sent, the login command that grants the missing scope,
    /// such as `csm-auth login --scopes csm`.
    var loginBeforeSending: String?

    /// Reads the error from an answer.
    /// - Parameters:
    ///   - response: the answer, with a status of 300 or more.
    ///   - request: the method and path, for the message.
    ///   - scope: the scope the call needs, named when the answer says the scope does not match.
    ///   - toolName: the command named in the hint.
    ///   - profile: the profile the hint logs in again; nil names none (the default profile).
    public init(
        _ response: HTTPResponse, request: String, scope: String? = nil, toolName: String = "csm-auth",
        profile: String? = nil
    ) {
        status = response.status
        self.request = request
        messages = Self.messages(in: response.body)
        requestID = response.header("X-Request-Id") ?? response.header("atl-traceid")
        missingScope = CSMClient.isScopeMismatch(response) ? (scope ?? "") : nil
        redirect = response.unfollowedRedirect
        self.toolName = toolName
        self.profile = profile
    }

    /// A call that was not sent because the login's granted scopes lack `scope`.
    /// - Parameters:
    ///   - scope: the scope the call needs.
    ///   - request: the method and path, for the message.
    ///   - login: the command that grants it, such as `csm-auth login --scopes csm`.
    init(missingScope scope: CSMScope, request: String, login: String) {
        status = 401
        self.request = request
        messages = []
        requestID = nil
        missingScope = scope.rawValue
        redirect = nil
        toolName = ""
        profile = nil
        loginBeforeSending = login
    }

    /// A 401 (not logged in, or a scope is missing) needs a login; 400 and 412 are invalid
    /// requests; every other status is a failure.
    public var category: ErrorCategory {
        switch status {
        case 401: .loginRequired
        case 400, 412: .usage
        default: .failure
        }
    }

    /// One line: the request, the status, where a redirect pointed (it is never followed) and
    /// Atlassian's messages, or what to do about a missing scope.
    public var description: String {
        if status == 401, refusedEnvironmentToken {
            return Credential.environmentTokenRefused("\(request) answered HTTP 401")
        }
        if let missingScope, let loginBeforeSending {
            return
                "the login lacks the scope \(missingScope.printableLine) that \(request.printableLine) needs, so it was not sent: log in again with `\(loginBeforeSending.printableLine)`"
        }
        if let missingScope {
            let scope = missingScope.isEmpty ? "a scope this call needs" : "the scope \(missingScope)"
            let flag = missingScope.isEmpty ? "--scope SCOPE" : "--scope \(missingScope)"
            let login = LoginCommand(toolName: toolName, profile: profile ?? ProfileName.defaultName)
            return
                "the login lacks \(scope) (\(request.printableLine) answered HTTP 401): log in again with `\(login) \(flag.printableLine)` and the scopes you use"
        }
        var line = "\(request.printableLine) answered HTTP \(status)"
        let details = (redirect.map { [$0] } ?? []) + messages
        if !details.isEmpty { line += ": " + details.joined(separator: "; ") }
        if let requestID { line += " (request id \(requestID.printableLine))" }
        return line
    }

    /// The messages of an Atlassian error body, at most ten, each one line of at most 500 Unicode
    /// scalars (not characters: one character can carry any number of combining marks).
    static func messages(in body: Data) -> [String] {
        guard let object = try? JSONDecoder().decode(ErrorBody.self, from: body) else { return [] }
        let all =
            [object.errorMessage, object.message].compactMap { $0 } + (object.errorMessages ?? [])
            + (object.errors ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        return all.prefix(10).map { String(String.UnicodeScalarView($0.printableLine.unicodeScalars.prefix(500))) }
    }

    /// The fields Atlassian's error bodies use; other shapes count as no message.
    private struct ErrorBody: Decodable {
        var errorMessage: String?
        var errorMessages: [String]?
        var errors: [String: String]?
        var message: String?

        private enum Keys: String, CodingKey { case errorMessage, errorMessages, errors, message }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            errorMessage = try? container.decodeIfPresent(String.self, forKey: .errorMessage)
            errorMessages = try? container.decodeIfPresent([String].self, forKey: .errorMessages)
            errors = try? container.decodeIfPresent([String: String].self, forKey: .errors)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
        }
    }
}
