import FoundationEssentials
import NIOConcurrencyHelpers

/// A small client of etcd's v3 JSON gateway over libcurl: keys and values, compare-and-swap
/// transactions, and leases — what a fleet's store and its refresh lock need.
///
/// Each request goes to the endpoint that answered last (every client of the same endpoints in
/// this process shares it, so a stopped member costs a command one timeout, not one per store it
/// opens), then to the others in turn: a connection that fails, an HTTP 5xx, or a member without
/// a leader (or whose leader changed, or that timed out) moves on to the next. When none serves, ``EtcdUnavailableError`` names each.
/// Requests are short (1 s to connect, 5 s in all by default), so a cluster that is down is known
/// within seconds. With a user, the client takes a token from `/v3/auth/authenticate` and sends it
/// in the `Authorization` header, taking a new one once when etcd says it is no longer valid.
package final class EtcdClient: Sendable {
    /// The cluster and how to reach it.
    package let configuration: EtcdConfiguration
    private let transport: CurlTransport
    private let state = NIOLockedValueBox(State())

    /// The index of the endpoint that answered last, per endpoint list, for every client of this process.
    private static let preferredEndpoints = NIOLockedValueBox<[[URL]: Int]>([:])

    private struct State {
        /// The token of ``EtcdConfiguration/user``, once taken.
        var token: Secret?
    }

    /// A client of the cluster `configuration` names.
    /// - Parameters:
    ///   - configuration: the endpoints, TLS files and user.
    ///   - connectTimeout: the longest wait for one endpoint's connection; default 1 s.
    ///   - requestTimeout: the longest wait for one endpoint's answer; default 5 s.
    package init(
        configuration: EtcdConfiguration, connectTimeout: Duration = .seconds(1),
        requestTimeout: Duration = .seconds(5)
    ) {
        self.configuration = configuration
        transport = CurlTransport(
            configuration: CurlTransport.Configuration(
                timeout: .init(connect: connectTimeout, total: requestTimeout),
                caBundlePath: configuration.caBundlePath,
                clientCertificatePath: configuration.clientCertificatePath,
                clientKeyPath: configuration.clientKeyPath))
    }

    // MARK: Keys

    /// The entry of `key`, nil when there is none.
    package func get(_ key: String) async throws -> EtcdEntry? {
        let request = EtcdWire.RangeRequest(key: EtcdWire.encode(key.utf8))
        let response: EtcdWire.RangeResponse = try await call("/v3/kv/range", request)
        return try response.kvs?.first.map(Self.entry)
    }

    /// Every entry whose key starts with `prefix`, in key order.
    /// - Parameters:
    ///   - prefix: the start of the keys.
    ///   - limit: at most this many entries; 0 for all.
    package func entries(withPrefix prefix: String, limit: Int64 = 0) async throws -> [EtcdEntry] {
        let request = EtcdWire.RangeRequest(
            key: EtcdWire.encode(prefix.utf8),
            rangeEnd: EtcdWire.encode(EtcdWire.rangeEnd(ofPrefix: Array(prefix.utf8))),
            limit: limit > 0 ? EtcdWire.Int64Text(limit) : nil)
        let response: EtcdWire.RangeResponse = try await call("/v3/kv/range", request)
        return try (response.kvs ?? []).map(Self.entry)
    }

    /// Sets `key` to `value`, attached to `lease` when it is not 0.
    package func put(_ key: String, _ value: [UInt8], lease: Int64 = 0) async throws {
        let _: EtcdWire.ErrorBody = try await call("/v3/kv/put", Self.putRequest(key, value, lease: lease))
    }

    /// Sets `key` to `value` only when its mod revision is `modRevision` (0: only when the key is absent).
    /// - Returns: whether the value was written; false when the key changed meanwhile.
    package func put(_ key: String, _ value: [UInt8], ifModRevision modRevision: Int64) async throws -> Bool {
        try await transaction(
            if: EtcdWire.Compare(key: EtcdWire.encode(key.utf8), target: "MOD", modRevision: .init(modRevision)),
            then: EtcdWire.RequestOp(requestPut: Self.putRequest(key, value, lease: 0)))
    }

    /// Creates `key` with `value` (attached to `lease` when it is not 0) only when it does not exist.
    /// - Returns: whether the key was created; false when it existed.
    package func create(_ key: String, _ value: [UInt8], lease: Int64 = 0) async throws -> Bool {
        try await transaction(
            if: EtcdWire.Compare(key: EtcdWire.encode(key.utf8), target: "CREATE", createRevision: .init(0)),
            then: EtcdWire.RequestOp(requestPut: Self.putRequest(key, value, lease: lease)))
    }

    /// Removes `key`. Returns whether it existed.
    @discardableResult
    package func delete(_ key: String) async throws -> Bool {
        let request = EtcdWire.DeleteRangeRequest(key: EtcdWire.encode(key.utf8))
        let response: EtcdWire.DeleteRangeResponse = try await call("/v3/kv/deleterange", request)
        return (response.deleted?.value ?? 0) > 0
    }

    /// Removes `key` only when its mod revision is `modRevision`.
    /// - Returns: whether it was removed; false when it changed meanwhile or is absent.
    package func delete(_ key: String, ifModRevision modRevision: Int64) async throws -> Bool {
        guard modRevision > 0 else { return false }
        return try await transaction(
            if: EtcdWire.Compare(key: EtcdWire.encode(key.utf8), target: "MOD", modRevision: .init(modRevision)),
            then: EtcdWire.RequestOp(requestDeleteRange: .init(key: EtcdWire.encode(key.utf8))))
    }

    /// Removes every key that starts with `prefix`. Returns how many there were.
    @discardableResult
    package func deletePrefix(_ prefix: String) async throws -> Int {
        let request = EtcdWire.DeleteRangeRequest(
            key: EtcdWire.encode(prefix.utf8),
            rangeEnd: EtcdWire.encode(EtcdWire.rangeEnd(ofPrefix: Array(prefix.utf8))))
        let response: EtcdWire.DeleteRangeResponse = try await call("/v3/kv/deleterange", request)
        return Int(response.deleted?.value ?? 0)
    }

    // MARK: Leases

    /// A new lease that expires `seconds` after it is granted (keys attached to it go with it).
    /// - Returns: the lease's id.
    package func grantLease(seconds: Int64) async throws -> Int64 {
        let response: EtcdWire.LeaseGrantResponse = try await call(
            "/v3/lease/grant", EtcdWire.LeaseGrantRequest(ttl: .init(seconds)))
        guard let id = response.id?.value, id != 0, (response.error ?? "").isEmpty else {
            throw CredentialStoreError(
                .unavailable, "etcd granted no lease: \((response.error ?? "no lease id in the answer").printableLine)")
        }
        return id
    }

    /// Ends `lease` now, removing the keys attached to it. A lease that is already gone is no error.
    package func revokeLease(_ lease: Int64) async throws {
        do {
            let _: EtcdWire.ErrorBody = try await call(
                "/v3/lease/revoke", EtcdWire.LeaseRevokeRequest(id: .init(lease)))
        } catch let error as CredentialStoreError where error.message.contains("requested lease not found") {
            return
        }
    }

    // MARK: Requests

    private func transaction(if compare: EtcdWire.Compare, then operation: EtcdWire.RequestOp) async throws -> Bool {
        let request = EtcdWire.TxnRequest(compare: [compare], success: [operation])
        let response: EtcdWire.TxnResponse = try await call("/v3/kv/txn", request)
        return response.succeeded ?? false
    }

    private static func putRequest(_ key: String, _ value: [UInt8], lease: Int64) -> EtcdWire.PutRequest {
        EtcdWire.PutRequest(
            key: EtcdWire.encode(key.utf8), value: EtcdWire.encode(value), lease: lease == 0 ? nil : .init(lease))
    }

    private static func entry(_ keyValue: EtcdWire.KeyValue) throws -> EtcdEntry {
        guard let key = EtcdWire.decode(keyValue.key), let value = EtcdWire.decode(keyValue.value) else {
            throw CredentialStoreError(.unavailable, "etcd answered a key or value that is not base64")
        }
        return EtcdEntry(
            key: String(decoding: key, as: UTF8.self), value: value,
            createRevision: keyValue.createRevision?.value ?? 0, modRevision: keyValue.modRevision?.value ?? 0,
            lease: keyValue.lease?.value ?? 0)
    }

    /// Posts `request` to `path`, trying the endpoints in turn, and decodes the answer.
    private func call<Response: Decodable>(_ path: String, _ request: some Encodable) async throws -> Response {
        let body = try JSONEncoder().encode(request)
        let data = try await post(path, body: body)
        do {
            return try JSONDecoder().decode(Response.self, from: data)
        } catch {
            throw CredentialStoreError(.unavailable, "etcd answered \(path) with something that is not its JSON")
        }
    }

    /// The body of the first endpoint's successful answer.
    private func post(_ path: String, body: Data) async throws -> Data {
        let endpoints = configuration.endpoints
        let start = Self.preferredEndpoints.withLockedValue { $0[endpoints] ?? 0 }
        var attempts: [EtcdUnavailableError.Attempt] = []
        for step in 0..<endpoints.count {
            let index = (start + step) % endpoints.count
            do {
                let data = try await post(path, body: body, to: endpoints[index])
                Self.preferredEndpoints.withLockedValue { $0[endpoints] = index }
                return data
            } catch let failure as EndpointFailure {
                attempts.append(.init(endpoint: endpoints[index].absoluteString, reason: failure.reason))
            }
        }
        throw EtcdUnavailableError(attempts: attempts)
    }

    /// One endpoint's answer, authenticating first (and once more on a stale token) when a user is set.
    /// - Throws: ``EndpointFailure`` when the next endpoint should be tried, ``CredentialStoreError``
    ///   when etcd refused the request itself.
    private func post(_ path: String, body: Data, to endpoint: URL) async throws -> Data {
        var retriedAuthentication = false
        while true {
            var headers = [HTTPHeader("Content-Type", "application/json")]
            if configuration.user != nil {
                headers.append(HTTPHeader("Authorization", try await token(at: endpoint).reveal()))
            }
            let response = try await send(path, body: body, headers: headers, to: endpoint)
            if response.status == 200 { return response.body }
            let refusal = Self.refusal(in: response)
            if configuration.user != nil, !retriedAuthentication, refusal.lowercased().contains("auth token") {
                retriedAuthentication = true
                state.withLockedValue { $0.token = nil }
                continue
            }
            if response.status >= 500 || Self.isTransient(refusal) {
                throw EndpointFailure(reason: refusal)
            }
            throw CredentialStoreError(
                .unavailable, "etcd at \(endpoint.absoluteString) refused \(path): \(refusal)")
        }
    }

    /// The user's token, taken from `endpoint` when there is none yet.
    private func token(at endpoint: URL) async throws -> Secret {
        if let token = state.withLockedValue({ $0.token }) { return token }
        let request = EtcdWire.AuthenticateRequest(
            name: configuration.user ?? "", password: configuration.password?.reveal() ?? "")
        let response = try await send(
            "/v3/auth/authenticate", body: try JSONEncoder().encode(request),
            headers: [HTTPHeader("Content-Type", "application/json")], to: endpoint)
        if response.status != 200 {
            let refusal = Self.refusal(in: response)
            if response.status >= 500 || Self.isTransient(refusal) { throw EndpointFailure(reason: refusal) }
            throw CredentialStoreError(
                .unavailable,
                "etcd at \(endpoint.absoluteString) refused the user '\((configuration.user ?? "").printableLine)': \(refusal); check CSM_AUTH_ETCD_USER and CSM_AUTH_ETCD_PASSWORD_FILE"
            )
        }
        guard let text = try? JSONDecoder().decode(EtcdWire.AuthenticateResponse.self, from: response.body).token,
            !text.isEmpty, HTTPHeader.isValidValue(text)
        else {
            throw CredentialStoreError(
                .unavailable, "etcd at \(endpoint.absoluteString) gave no usable token for the user")
        }
        let token = Secret(text)
        state.withLockedValue { $0.token = token }
        return token
    }

    /// The response of one exchange with one endpoint.
    /// - Throws: ``EndpointFailure`` when no response arrives.
    private func send(_ path: String, body: Data, headers: [HTTPHeader], to endpoint: URL) async throws
        -> HTTPResponse
    {
        let request = HTTPRequest(method: "POST", url: endpoint.appending(path: path), headers: headers, body: body)
        do {
            return try await transport.send(request)
        } catch let error as HTTPTransportError {
            throw EndpointFailure(reason: Self.reason(for: error))
        }
    }

    /// A short reason for a transport error, for ``EtcdUnavailableError``.
    private static func reason(for error: HTTPTransportError) -> String {
        switch error.code {
        case .connectionRefused: "connection refused"
        case .timeout: "timed out"
        case .dnsFailure: "host not found"
        case .tls: "TLS failure: \(error.detail)"
        case .tooLarge: "an answer larger than \(error.detail)"
        default: error.detail
        }
    }

    /// What etcd's error body says (its gRPC message), or the HTTP status.
    private static func refusal(in response: HTTPResponse) -> String {
        let error = try? JSONDecoder().decode(EtcdWire.ErrorBody.self, from: response.body)
        let message = error?.error ?? error?.message ?? "HTTP \(response.status)"
        return message.printableLine
    }

    /// Whether etcd's message says this member cannot serve now, while another may.
    private static func isTransient(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return [
            "no leader", "leader changed", "timed out", "timeout", "not capable", "too many requests", "unavailable",
        ]
        .contains { lowered.contains($0) }
    }

    /// An endpoint that did not serve: the next is tried.
    private struct EndpointFailure: Error {
        var reason: String
    }
}
