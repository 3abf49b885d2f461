import Foundation

/// Waits for a file that another process writes, checking every 100 ms: true once something
/// exists at `path`, false if nothing does when `timeout` has passed.
///
/// A writer should create the file by renaming it into place once written, so that its
/// existence means its whole content is there.
public func waitForFile(atPath path: String, timeout: Duration = .seconds(30)) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !FileManager.default.fileExists(atPath: path) {
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: .milliseconds(100))
    }
    return true
}
