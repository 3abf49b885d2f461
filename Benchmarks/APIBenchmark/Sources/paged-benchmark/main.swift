// Iterates every customer of a search by detail field through the typed paged list (CSMList),
// against a csm-sandbox with generated customers, and reports the process's peak resident set
// size at checkpoints: bounded memory means the peak stops growing once the first pages are
// through, however many customers follow.
//
//   paged-benchmark API_URL CLOUD_ID ACCESS_TOKEN [MINIMUM_CUSTOMERS]

import CSMAuth
import Foundation
import Glibc

let arguments = CommandLine.arguments
guard arguments.count >= 4, let apiURL = URL(string: arguments[1]) else {
    FileHandle.standardError.write(
        Data("usage: paged-benchmark API_URL CLOUD_ID ACCESS_TOKEN [MINIMUM_CUSTOMERS]\n".utf8))
    exit(64)
}
let minimum = arguments.count > 4 ? Int(arguments[4]) ?? 10_000 : 10_000

/// The peak resident set size of this process so far, in KiB.
func peakKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

let credential = Credential(
    scheme: .bearer, token: Secret(arguments[3]), expiresAt: nil, cloudID: arguments[2], apiURL: apiURL)
let api = CSMAPI(client: CSMClient(source: .fixed(credential)))
// One warm-up call, so the peak before iterating includes libcurl and the first connection.
_ = try await api.customer(id: "qm:synthetic-000001")
let before = peakKiB()
let started = ContinuousClock.now
var count = 0
var checkpoints: [(Int, Int)] = []
var nextCheckpoint = 1_000
for try await customer in try api.searchCustomers(matching: [CSMDetailMatch(name: "Region", value: "EU")]) {
    precondition(!customer.id.isEmpty)
    count += 1
    if count == nextCheckpoint {
        checkpoints.append((count, peakKiB()))
        nextCheckpoint *= count < 5_000 ? 5 : 2
    }
}
let elapsed = ContinuousClock.now - started
checkpoints.append((count, peakKiB()))
guard count >= minimum else {
    FileHandle.standardError.write(
        Data(
            "paged-benchmark: only \(count) customers matched; start the sandbox with more --synthetic-customers\n".utf8
        ))
    exit(1)
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("| customers iterated | peak RSS |")
print("|---|---|")
print("| 0 (after one call) | \(before / 1024) MiB |")
for (items, kib) in checkpoints {
    print("| \(items) | \(kib / 1024) MiB (+\(String(format: "%.1f", Double(kib - before) / 1024)) MiB) |")
}
print("")
let firstGrowth = Double((checkpoints.first?.1 ?? before) - before) / 1024
let lastGrowth = Double(checkpoints.last!.1 - before) / 1024
print(
    "\(count) customers in \(String(format: "%.2f", seconds)) s; peak RSS grew \(String(format: "%.1f", firstGrowth)) MiB over the first 1,000 and \(String(format: "%.1f", lastGrowth)) MiB over all of them"
)
