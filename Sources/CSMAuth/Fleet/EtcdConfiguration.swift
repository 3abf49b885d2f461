import FoundationEssentials

/// Where a fleet's etcd cluster is and how to reach it, from the `CSM_AUTH_ETCD_*` variables.
package struct EtcdConfiguration: Sendable {
    /// The cluster's client URLs, tried in turn (`CSM_AUTH_ETCD_ENDPOINTS`, comma-separated):
    /// `https://`, or `http://` for loopback hosts only.
    package var endpoints: [URL]
    /// The prefix of every key csm-auth keeps (`CSM_AUTH_ETCD_PREFIX`); it starts and ends with `/`.
    package var prefix: String
    /// A PEM bundle of the CAs that sign the members' certificates (`CSM_AUTH_ETCD_CACERT`).
    package var caBundlePath: String?
    /// The PEM client certificate for a cluster with `--client-cert-auth` (`CSM_AUTH_ETCD_CERT`).
    package var clientCertificatePath: String?
    /// The certificate's PEM private key (`CSM_AUTH_ETCD_KEY`).
    package var clientKeyPath: String?
    /// The etcd user for a cluster with authentication on (`CSM_AUTH_ETCD_USER`).
    package var user: String?
    /// The user's password, read from `CSM_AUTH_ETCD_PASSWORD_FILE`.
    package var password: Secret?

    /// The prefix when `CSM_AUTH_ETCD_PREFIX` is not set.
    package static let defaultPrefix = "/csm-auth/"

    /// The largest password file read: a password is a line.
    static let maximumPasswordFileSize = 4096

    /// A configuration as it is, without checks (tests, programs that build one themselves).
    /// - Parameters:
    ///   - endpoints: the client URLs, tried in turn.
    ///   - prefix: the prefix of every key; default ``defaultPrefix``.
    ///   - caBundlePath: the CA bundle for `https://` endpoints; nil for the system's.
    ///   - clientCertificatePath: a client certificate for mutual TLS.
    ///   - clientKeyPath: the certificate's private key.
    ///   - user: the etcd user, when the cluster has authentication on.
    ///   - password: the user's password.
    package init(
        endpoints: [URL], prefix: String = defaultPrefix, caBundlePath: String? = nil,
        clientCertificatePath: String? = nil, clientKeyPath: String? = nil, user: String? = nil,
        password: Secret? = nil
    ) {
        self.endpoints = endpoints
        self.prefix = prefix
        self.caBundlePath = caBundlePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.user = user
        self.password = password
    }

    /// Reads the `CSM_AUTH_ETCD_*` variables (empty ones count as unset).
    /// - Parameter variables: the process environment.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`), one line naming the variable, when no endpoint
    ///   is given, an endpoint is not an acceptable URL, the prefix does not start and end with
    ///   `/`, a certificate comes without its key (or the reverse), a user without a password
    ///   file (or the reverse), or the password file cannot be read or is empty.
    package init(variables: [String: String]) throws {
        func value(_ name: String) -> String? {
            guard let text = variables[name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        guard let endpointList = value("CSM_AUTH_ETCD_ENDPOINTS") else {
            throw CSMAuthError(
                .invalidInput, "CSM_AUTH_ETCD_ENDPOINTS is not set: give the etcd client URLs, comma-separated")
        }
        var endpoints: [URL] = []
        for item in endpointList.split(separator: ",", omittingEmptySubsequences: false) {
            let text = item.trimmingWhitespace()
            guard !text.isEmpty else {
                let shown = EndpointURL.redacted(endpointList).printableLine
                throw CSMAuthError(.invalidInput, "CSM_AUTH_ETCD_ENDPOINTS '\(shown)' has an empty entry")
            }
            endpoints.append(try EndpointURL.validated(text, name: "etcd endpoint (CSM_AUTH_ETCD_ENDPOINTS)"))
        }
        let prefix = value("CSM_AUTH_ETCD_PREFIX") ?? Self.defaultPrefix
        guard prefix.count >= 2, prefix.hasPrefix("/"), prefix.hasSuffix("/"),
            !prefix.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false })
        else {
            throw CSMAuthError(
                .invalidInput, "CSM_AUTH_ETCD_PREFIX '\(prefix.printableLine)' must start and end with '/'")
        }
        let certificate = value("CSM_AUTH_ETCD_CERT")
        let key = value("CSM_AUTH_ETCD_KEY")
        if (certificate == nil) != (key == nil) {
            throw CSMAuthError(
                .invalidInput, "CSM_AUTH_ETCD_CERT and CSM_AUTH_ETCD_KEY go together: set both or neither")
        }
        let user = value("CSM_AUTH_ETCD_USER")
        let passwordFile = value("CSM_AUTH_ETCD_PASSWORD_FILE")
        if (user == nil) != (passwordFile == nil) {
            throw CSMAuthError(
                .invalidInput,
                "CSM_AUTH_ETCD_USER and CSM_AUTH_ETCD_PASSWORD_FILE go together: set both or neither")
        }
        self.init(
            endpoints: endpoints, prefix: prefix, caBundlePath: value("CSM_AUTH_ETCD_CACERT"),
            clientCertificatePath: certificate, clientKeyPath: key, user: user,
            password: try passwordFile.map(Self.readPassword))
    }

    /// The first line of the password file, without its line end.
    static func readPassword(from path: String) throws -> Secret {
        let bytes: [UInt8]
        do throws(SystemError) {
            let file = try FileDescriptor.open(path, .readOnly, [.closeOnExec, .nonBlocking])
            defer { file.close() }
            bytes = try file.readToEnd(limit: maximumPasswordFileSize + 1)
        } catch {
            throw CSMAuthError(
                .invalidInput,
                "cannot read the etcd password file \(path) (CSM_AUTH_ETCD_PASSWORD_FILE): \(error.message)")
        }
        guard bytes.count <= maximumPasswordFileSize else {
            throw CSMAuthError(
                .invalidInput,
                "the etcd password file \(path) (CSM_AUTH_ETCD_PASSWORD_FILE) is not a password: too large")
        }
        let line =
            String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !line.isEmpty else {
            throw CSMAuthError(.invalidInput, "the etcd password file \(path) (CSM_AUTH_ETCD_PASSWORD_FILE) is empty")
        }
        return Secret(line)
    }
}
