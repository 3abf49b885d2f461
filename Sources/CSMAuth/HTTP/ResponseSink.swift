import CCurl
import FoundationEssentials

/// Collects a response's headers and body while libcurl delivers them.
final class ResponseSink {
    let limit: Int
    private(set) var body = Data()
    private(set) var headers: [HTTPHeader] = []
    private(set) var exceededLimit = false

    init(limit: Int) {
        self.limit = limit
    }

    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingWhitespaceAndNewlines()
        if line.hasPrefix("HTTP/") {
            // A new status line (after "100 Continue", say) starts a new header block.
            headers.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingWhitespace()
            let value = String(line[line.index(after: colon)...]).trimmingWhitespace()
            headers.append(HTTPHeader(name, value))
        }
    }
}
