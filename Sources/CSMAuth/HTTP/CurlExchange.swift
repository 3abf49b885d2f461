import CCurl
import FoundationEssentials

/// One request/response on one libcurl easy handle. Blocks: run it off the cooperative pool.
struct CurlExchange {
    let handle: UnsafeMutableRawPointer
    let request: HTTPRequest
    let host: String
    let configuration: CurlTransport.Configuration

    func perform() throws -> HTTPResponse {
        let sink = ResponseSink(limit: configuration.maximumResponseBytes)
        let unmanagedSink = Unmanaged.passRetained(sink)
        defer { unmanagedSink.release() }

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { ccurl_slist_free_all(headerList) }
        // libcurl would otherwise wait for "100 Continue" before sending larger bodies.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            headerList = ccurl_slist_append(headerList, line)
        }

        try set(CURLOPT_URL, request.url.absoluteString)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 0)
        // Security rule: certificate checks are never switched off.
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle = configuration.caBundlePath { try set(CURLOPT_CAINFO, caBundle) }
        if let certificate = configuration.clientCertificatePath { try set(CURLOPT_SSLCERT, certificate) }
        if let key = configuration.clientKeyPath { try set(CURLOPT_SSLKEY, key) }
        try set(CURLOPT_CONNECTTIMEOUT_MS, configuration.timeout.connect.millisecondsRoundedUp)
        try set(CURLOPT_TIMEOUT_MS, configuration.timeout.total.millisecondsRoundedUp)
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        try check(
            ccurl_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maximumResponseBytes)))
        try setMethodAndBody()
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList)))
        try check(
            ccurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
                return sink.appendBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
            })
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, unmanagedSink.toOpaque()))
        try check(
            ccurl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
                sink.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
                return size * count
            })
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, unmanagedSink.toOpaque()))

        let result = ccurl_easy_perform(handle)
        // What the last system call said, before anything else can change it.
        let systemError = SystemError.lastCall
        if result != CURLE_OK {
            throw transportError(for: result, sink: sink, systemError: systemError)
        }
        var status = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    private func setMethodAndBody() throws {
        let method = request.method.uppercased()
        if let body = request.body {
            try check(ccurl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            try body.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS copies, so the Data may go away before the transfer runs.
                let base = bytes.isEmpty ? nil : UnsafeMutableRawPointer(mutating: bytes.baseAddress)
                try check(
                    ccurl_easy_setopt_pointer(
                        handle, CURLOPT_COPYPOSTFIELDS,
                        base ?? UnsafeMutableRawPointer(mutating: ("" as StaticString).utf8Start)))
            }
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, method) }
        } else if method == "GET" {
            try set(CURLOPT_HTTPGET, 1)
        } else if method == "HEAD" {
            try set(CURLOPT_NOBODY, 1)
        } else {
            try set(CURLOPT_CUSTOMREQUEST, method)
        }
    }

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(ccurl_easy_setopt_long(handle, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws {
        try check(ccurl_easy_setopt_string(handle, option, value))
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw HTTPTransportError(
                .other, host: host, detail: "libcurl refused an option: \(Self.message(for: code))")
        }
    }

    private func transportError(
        for code: CURLcode, sink: ResponseSink, systemError: SystemError
    ) -> HTTPTransportError {
        let limit = "\(configuration.maximumResponseBytes) bytes"
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST:
            return HTTPTransportError(.dnsFailure, host: host, detail: Self.message(for: code))
        case CURLE_COULDNT_CONNECT:
            // libcurl says "couldn't connect" also when this process could not open a socket (too
            // many open files, say). Then no connect was tried (CURLINFO_OS_ERRNO stays 0) and errno
            // says why: that is no refusal by the server, and must not read as one.
            var connectError = 0
            _ = ccurl_easy_getinfo_long(handle, CURLINFO_OS_ERRNO, &connectError)
            let shortages: [SystemError] = [.tooManyOpenFiles, .tooManyOpenFilesInSystem, .noBufferSpace, .outOfMemory]
            if connectError == 0, shortages.contains(systemError) {
                return HTTPTransportError(
                    .other, host: host, detail: "cannot open a connection: \(systemError.message)")
            }
            return HTTPTransportError(.connectionRefused, host: host, detail: Self.message(for: code))
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPTransportError(
                .timeout, host: host, detail: "no complete answer within \(configuration.timeout.total)")
        case CURLE_FILESIZE_EXCEEDED: return HTTPTransportError(.tooLarge, host: host, detail: limit)
        case CURLE_WRITE_ERROR where sink.exceededLimit: return HTTPTransportError(.tooLarge, host: host, detail: limit)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS:
            return HTTPTransportError(.tls, host: host, detail: Self.message(for: code))
        default: return HTTPTransportError(.other, host: host, detail: Self.message(for: code))
        }
    }

    private static func message(for code: CURLcode) -> String {
        ccurl_easy_strerror(code).map { String(cString: $0) } ?? "libcurl error \(code.rawValue)"
    }
}
