import CSMAuth
import FoundationEssentials

/// Typed calls of the Customer Service Management REST API, on a ``CSMClient`` (which sends the
/// credential, refreshes on 401 and waits on 429/503).
///
/// ```swift
/// let api = CSMAPI(client: try CSMClient(environment: CSMAuthEnvironment()))
/// let acme = try await api.organization(id: "1")
/// try await api.setDetail(of: .organization, id: acme.id, field: "Region", values: ["EU"])
/// ```
///
/// Every call throws ``CSMAPIError`` for an answer that is not a success (400, 403, 404, 409,
/// 412 stay errors; a 401 after the client's one refresh, or one that says a scope is missing,
/// asks for a login), and the client's errors when no answer could be had. A call whose scope the
/// profile's login is known not to have (its saved granted scopes lack it) is refused before it is
/// sent, with a ``CSMAPIError`` that names the `login --scopes …` to run.
public struct CSMAPI: Sendable {
    /// The client the calls go through.
    public let client: CSMClient

    /// - Parameter client: the client the calls go through.
    public init(client: CSMClient) {
        self.client = client
    }

    // MARK: Detail-field definitions

    /// The detail fields of a kind of record (`GET /{kind}/details`); needs the Administer Jira
    /// global permission (a service desk administrator gets 403).
    public func detailFields(of kind: CSMRecordKind) async throws -> [CSMDetailField] {
        try await items(
            "GET", "\(kind.rawValue)/details", scope: kind.scopes.readDetailField)
    }

    /// Creates a detail field (`POST /{kind}/details`); needs the Administer Jira global permission
    /// (a service desk administrator gets 403). A kind has at most 50 fields.
    /// - Parameters:
    ///   - kind: the records the field belongs to.
    ///   - name: the new field's name, unique among the kind's fields.
    ///   - type: its type, with the options of a select field.
    /// - Returns: the new field.
    public func createDetailField(of kind: CSMRecordKind, name: String, type: CSMDetailFieldType) async throws
        -> CSMDetailField
    {
        try await decoded(
            "POST", "\(kind.rawValue)/details", body: try Self.json(FieldInput(name: name, type: type)),
            scope: kind.scopes.writeDetailField)
    }

    /// Renames a detail field or replaces its options (`PUT /{kind}/details/{fieldName}`); values
    /// that are no longer options are removed from records. Needs Administer Jira.
    /// - Parameters:
    ///   - kind: the records the field belongs to.
    ///   - fieldName: the field's current name.
    ///   - newName: the new name; nil keeps it.
    ///   - options: the new options of a select field; nil keeps them.
    /// - Returns: the field as it is now.
    public func updateDetailField(
        of kind: CSMRecordKind, named fieldName: String, newName: String? = nil, options: [String]? = nil
    ) async throws -> CSMDetailField {
        let body = FieldUpdate(name: newName, type: options.map { OptionsOnly(options: $0) })
        return try await decoded(
            "PUT", "\(kind.rawValue)/details/\(Self.segment(fieldName))", body: try Self.json(body),
            scope: kind.scopes.writeDetailField)
    }

    /// Deletes a detail field and its values on every record (`DELETE /{kind}/details/{fieldName}`);
    /// needs Administer Jira.
    public func deleteDetailField(of kind: CSMRecordKind, named fieldName: String) async throws {
        _ = try await checked(
            "DELETE", "\(kind.rawValue)/details/\(Self.segment(fieldName))", body: nil,
            scope: kind.scopes.deleteDetailField)
    }

    // MARK: Customers and organizations

    /// A customer with its details and organizations (`GET /customer/{customerId}`); needs a
    /// service desk agent: a customer gets 403, even for their own record.
    public func customer(id: String) async throws -> CSMRecord {
        try await decoded("GET", "customer/\(Self.segment(id))", scope: .readCustomer)
    }

    /// An organization with its details (`GET /organization/{organizationId}`); needs a service desk agent.
    public func organization(id: String) async throws -> CSMRecord {
        try await decoded("GET", "organization/\(Self.segment(id))", scope: .readOrganization)
    }

    /// Sets the values of one detail field of a customer or organization
    /// (`PUT /{kind}/{id}/details?fieldName=F`); an empty list clears it. Needs a service desk agent
    /// and the scope `write:{kind}.detail:jira-service-management` (`write:{kind}` is not enough).
    /// - Returns: the record as it is now.
    @discardableResult
    public func setDetail(of kind: CSMRecordKind, id: String, field: String, values: [String]) async throws -> CSMRecord
    {
        try await decoded(
            "PUT", "\(kind.rawValue)/\(Self.segment(id))/details?fieldName=\(Self.queryValue(field))",
            body: try Self.json(["values": values]), scope: kind.scopes.writeDetail)
    }

    // MARK: Sending

    /// One call as the typed methods describe it to the sending code.
    struct Request: Sendable {
        /// The HTTP method.
        var method: String
        /// The path under the API root, encoded, with its query.
        var path: String
        /// The JSON body, if any.
        var body: Data?
        /// The scope the call needs, named in the error when the login lacks it.
        var scope: CSMScope
        /// Whether Atlassian marks the operation experimental: it then needs `X-ExperimentalApi: opt-in`.
        var experimental: Bool = false
        /// Other headers, such as a bulk call's `Idempotency-Key`.
        var headers: [HTTPHeader] = []

        /// The headers sent: ``headers``, and the opt-in of an experimental operation.
        var allHeaders: [HTTPHeader] {
            experimental ? headers + [HTTPHeader("X-ExperimentalApi", "opt-in")] : headers
        }
    }

    /// Sends the request and decodes a successful answer as `T`.
    /// - Throws: ``CSMAPIError`` for an answer of 300 or more; `CSMAuthError` (`.unexpectedResponse`)
    ///   when a successful answer is not the expected JSON.
    func decoded<T: Decodable>(_ request: Request) async throws -> T {
        try Self.decode(try await checked(request), of: request)
    }

    /// A successful answer to `request` decoded as `T`.
    /// - Parameter expected: what the body should be, for the error: `JSON`, `list`.
    /// - Throws: `CSMAuthError` (`.unexpectedResponse`) when the body is not that.
    static func decode<T: Decodable>(_ response: HTTPResponse, of request: Request, expected: String = "JSON") throws
        -> T
    {
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            throw CSMAuthError(
                .unexpectedResponse,
                "\(request.method) \(request.path) answered HTTP \(response.status) with a body that is not the expected \(expected)"
            )
        }
    }

    /// ``decoded(_:)`` for a request given by its parts.
    func decoded<T: Decodable>(
        _ method: String, _ path: String, body: Data? = nil, scope: CSMScope, experimental: Bool = false
    ) async throws -> T {
        try await decoded(Request(method: method, path: path, body: body, scope: scope, experimental: experimental))
    }

    /// Sends the request and returns a successful answer.
    /// - Throws: ``CSMAPIError`` for an answer of 300 or more, or before sending when the login
    ///   lacks the request's scope (``requireGrantedScope(for:)``).
    func checked(_ request: Request) async throws -> HTTPResponse {
        try await requireGrantedScope(for: request)
        return try check(
            try await client.send(
                method: request.method, path: request.path, headers: request.allHeaders, body: request.body),
            of: request)
    }

    /// `response` when it is a success (2xx).
    /// - Throws: ``CSMAPIError`` for an answer of 300 or more to `request`.
    func check(_ response: HTTPResponse, of request: Request) throws -> HTTPResponse {
        guard (200..<300).contains(response.status) else {
            var profile: String?
            if case .session(let session) = client.source, session.profile != ProfileName.defaultName {
                profile = session.profile
            }
            var error = CSMAPIError(
                response, request: "\(request.method) \(request.path)", scope: request.scope.rawValue,
                toolName: client.toolName,
                profile: profile)
            if case .fixed(let credential) = client.source {
                error.refusedEnvironmentToken = credential.isEnvironmentOverride
            }
            throw error
        }
        return response
    }

    /// ``checked(_:)`` for a request given by its parts.
    func checked(_ method: String, _ path: String, body: Data?, scope: CSMScope, experimental: Bool = false)
        async throws
        -> HTTPResponse
    {
        try await checked(Request(method: method, path: path, body: body, scope: scope, experimental: experimental))
    }

    /// The items of a list answer that comes whole (`results`, or `values`), such as the field
    /// definitions or a fetch by ids; a paged list is a ``list(_:_:body:scope:experimental:)``.
    func items<T: Decodable>(
        _ method: String, _ path: String, body: Data? = nil, scope: CSMScope, experimental: Bool = false
    ) async throws -> [T] {
        let list: CSMResultList<T> = try await decoded(
            method, path, body: body, scope: scope, experimental: experimental)
        return list.items
    }

    /// The items of a paged list call; see ``CSMList``.
    func list<T: Decodable & Sendable>(
        _ method: String = "GET", _ path: String, body: Data? = nil, scope: CSMScope, experimental: Bool = false
    ) -> CSMList<T> {
        CSMList(
            api: self,
            request: Request(method: method, path: path, body: body, scope: scope, experimental: experimental))
    }

    /// `value` as a JSON body.
    static func json(_ value: some Encodable) throws -> Data {
        try JSONEncoder().encode(value)
    }

    /// `text` as one path segment: everything but unreserved characters percent-encoded, so a
    /// name with `/`, `?` or `..` stays one segment.
    /// - Throws: `CSMAuthError` (`.invalidInput`) for an empty name, whose path would be another
    ///   call's (`organization/` lists organizations instead of reading one).
    static func segment(_ text: String) throws -> String {
        guard !text.isEmpty else {
            throw CSMAuthError(.invalidInput, "an empty name or id cannot be part of an API path")
        }
        return queryValue(text)
    }

    /// `text` percent-encoded for a query value or a path segment (``QueryEncoding``: RFC 3986's
    /// unreserved characters kept), and the dots of `.` and `..` too, which are path steps, not names.
    static func queryValue(_ text: String) -> String {
        text == "." || text == ".." ? String(repeating: "%2E", count: text.count) : QueryEncoding.encode(text)
    }

    private struct FieldInput: Encodable {
        var name: String
        var type: CSMDetailFieldType
    }

    private struct OptionsOnly: Encodable {
        var options: [String]
    }

    private struct FieldUpdate: Encodable {
        var name: String?
        var type: OptionsOnly?
    }
}
