import Foundation

/// A finished HTTP exchange as curl saw it.
struct HTTPResult: Sendable {
    var status: Int
    /// Header values by lowercased name (the last one wins).
    var headers: [String: String]
    var body: String

    /// The body parsed as a JSON object.
    func jsonObject() throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(body.utf8))
        guard let object = value as? [String: Any] else { throw CurlError(message: "not a JSON object: \(body)") }
        return object
    }

    /// The body parsed as a JSON array of objects.
    func jsonArray() throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(body.utf8))
        guard let array = value as? [[String: Any]] else { throw CurlError(message: "not a JSON array: \(body)") }
        return array
    }

    /// The query parameters of the `Location` header.
    var locationQuery: [String: String] {
        guard let location = headers["location"], let items = URLComponents(string: location)?.queryItems else {
            return [:]
        }
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }
}

struct CurlError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A test HTTP client: the real curl binary, so requests cross real loopback sockets through a
/// client nobody here wrote. One process per request keeps it simple and independent.
enum Curl {
    static let path = "/usr/bin/curl"

    /// Sends one request and returns what came back. Redirects are not followed.
    static func request(_ url: String, headers: [String: String] = [:]) async throws -> HTTPResult {
        try await request("GET", url, headers: headers, bodyData: nil)
    }

    /// Sends one request with `method` and an optional text body.
    static func request(
        _ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil
    ) async throws -> HTTPResult {
        try await request(method, url, headers: headers, bodyData: body.map { Data($0.utf8) })
    }

    /// Sends a JSON body.
    static func postJSON(_ url: String, _ object: [String: Any], headers: [String: String] = [:]) async throws
        -> HTTPResult
    {
        let data = try JSONSerialization.data(withJSONObject: object)
        var headers = headers
        headers["Content-Type"] = "application/json"
        return try await request("POST", url, headers: headers, bodyData: data)
    }

    /// Sends a JSON body with PUT.
    static func putJSON(_ url: String, _ object: [String: Any], headers: [String: String] = [:]) async throws
        -> HTTPResult
    {
        let data = try JSONSerialization.data(withJSONObject: object)
        var headers = headers
        headers["Content-Type"] = "application/json"
        return try await request("PUT", url, headers: headers, bodyData: data)
    }

    static func request(
        _ method: String, _ url: String, headers: [String: String], bodyData: Data?
    ) async throws -> HTTPResult {
        var arguments = ["-sS", "-i", "--http1.1", "--max-time", "20", "-X", method, "-H", "Expect:"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            arguments += ["-H", "\(name): \(value)"]
        }
        var bodyFile: URL?
        if let bodyData {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "csm-sandbox-test-\(UUID().uuidString)")
            try bodyData.write(to: file)
            bodyFile = file
            arguments += ["--data-binary", "@\(file.path)"]
        }
        arguments.append(url)
        defer {
            if let bodyFile { try? FileManager.default.removeItem(at: bodyFile) }
        }
        let output = try await run(arguments)
        return try parse(output)
    }

    private static func run(_ arguments: [String]) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: path)
                process.arguments = arguments
                let stdout = Pipe()
                let stderr = Pipe()
                process.standardOutput = stdout
                process.standardError = stderr
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let output = stdout.fileHandleForReading.readDataToEndOfFile()
                let errors = stderr.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                if process.terminationStatus != 0 {
                    let message = String(decoding: errors, as: UTF8.self)
                    continuation.resume(
                        throwing: CurlError(message: "curl exited \(process.terminationStatus): \(message)"))
                } else {
                    continuation.resume(returning: output)
                }
            }
        }
    }

    private static func parse(_ output: Data) throws -> HTTPResult {
        let text = String(decoding: output, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw CurlError(message: "no header block in: \(text)") }
        let headerLines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = headerLines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw CurlError(message: "bad status line: \(headerLines[0])")
        }
        var headers: [String: String] = [:]
        for line in headerLines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return HTTPResult(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
