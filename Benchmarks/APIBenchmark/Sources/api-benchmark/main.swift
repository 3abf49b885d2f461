// 200 sequential GETs through one CSMClient against `curl` fetching the same 200 URLs in one
// invocation (one connection), against the same running csm-sandbox, in rounds that alternate.
//
//   api-benchmark API_URL CLOUD_ID ACCESS_TOKEN [REQUESTS] [ROUNDS]

import CSMAuth
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 4, let apiURL = URL(string: arguments[1]) else {
    FileHandle.standardError.write(
        Data("usage: api-benchmark API_URL CLOUD_ID ACCESS_TOKEN [REQUESTS] [ROUNDS]\n".utf8))
    exit(64)
}
let cloudID = arguments[2]
let token = arguments[3]
let requests = arguments.count > 4 ? Int(arguments[4]) ?? 200 : 200
let rounds = arguments.count > 5 ? Int(arguments[5]) ?? 9 : 9
let path = "organization/1"

let credential = Credential(scheme: .bearer, token: Secret(token), expiresAt: nil, cloudID: cloudID, apiURL: apiURL)
let client = CSMClient(source: .fixed(credential))
let url = try CSMClient.url(for: path, credential: credential).absoluteString

/// The seconds `body` takes.
func timed(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// `requests` GETs through the one client; every answer must be 200.
func clientRound() async throws -> Double {
    try await timed {
        for _ in 0..<requests {
            let response = try await client.send(method: "GET", path: path)
            guard response.status == 200 else { throw CSMAuthError(.unexpectedResponse, "HTTP \(response.status)") }
        }
    }
}

/// One `curl` for `count` URLs: a config file names each, and curl reuses its connection.
func curlRound(_ count: Int = requests) async throws -> Double {
    let config = FileManager.default.temporaryDirectory.appending(path: "api-benchmark-\(UUID()).curlrc")
    var lines = [
        "silent", "fail", "http1.1", "header = \"Authorization: Bearer \(token)\"",
        "header = \"Accept: application/json\"",
    ]
    for _ in 0..<count { lines += ["url = \"\(url)\"", "output = \"/dev/null\""] }
    try lines.joined(separator: "\n").write(to: config, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: config) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["--config", config.path]
    return try await timed {
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CSMAuthError(.unexpectedResponse, "curl exited \(process.terminationStatus)")
        }
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

_ = try await clientRound()  // warm-up: libcurl loaded, connection open
_ = try await curlRound()
var clientTimes: [Double] = []
var curlTimes: [Double] = []
var curlOneTimes: [Double] = []
for round in 0..<rounds {
    // Alternate which goes first, so drift hits both alike.
    if round % 2 == 0 {
        clientTimes.append(try await clientRound())
        curlTimes.append(try await curlRound())
    } else {
        curlTimes.append(try await curlRound())
        clientTimes.append(try await clientRound())
    }
    curlOneTimes.append(try await curlRound(1))
}
let clientMedian = median(clientTimes)
let curlMedian = median(curlTimes)
let curlOneMedian = median(curlOneTimes)
let ratio = clientMedian / curlMedian
// curl's rounds also pay for starting curl and opening its connection, the client's do not (its
// connection is warm): compare the cost of one more request as well.
let curlMarginal = (curlMedian - curlOneMedian) / Double(max(requests - 1, 1))
let marginalRatio = (clientMedian / Double(requests)) / curlMarginal
func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
print("| \(requests) sequential GETs | median of \(rounds) | per request |")
print("|---|---|---|")
print(
    "| CSMClient (one client, one process) | \(milliseconds(clientMedian)) | \(String(format: "%.0f µs", clientMedian / Double(requests) * 1e6)) |"
)
print(
    "| curl (one invocation, one connection) | \(milliseconds(curlMedian)) | \(String(format: "%.0f µs", curlMedian / Double(requests) * 1e6)) |"
)
print("| curl with 1 URL (start-up and connection) | \(milliseconds(curlOneMedian)) | |")
print("")
print(
    "ratio CSMClient ÷ curl, whole runs: \(String(format: "%.2f", ratio)) (target ≤ 1.2)\(ratio > 1.2 ? "  OVER TARGET" : "")"
)
print(
    "ratio per request, curl's start-up taken out: \(String(format: "%.2f", marginalRatio)) (\(String(format: "%.0f", curlMarginal * 1e6)) µs for curl; for information, the target is the whole-run ratio)"
)
