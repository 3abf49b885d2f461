import Foundation
import TestSupport

/// A small HTTP server on loopback that shows what `csm-auth api` sent: every answer is JSON
/// with the `Authorization` headers the request carried, and a path ending in `/moved` is
/// answered `302 Found` with the `Location` that its `to` query names (none without one); one
/// ending in `/unmodified` asked with `If-None-Match` is answered `304 Not Modified`.
/// Python's http.server, so nobody here wrote the peer.
final class EchoingServer: @unchecked Sendable {
    let port: Int
    private let process = Process()

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init() throws {
        port = try freeLoopbackPort()
        let script = """
            import http.server, json, sys, urllib.parse
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    url = urllib.parse.urlsplit(self.path)
                    if url.path.endswith("/unmodified") and self.headers.get("If-None-Match"):
                        self.send_response(304)
                        self.send_header("ETag", self.headers.get("If-None-Match"))
                        self.end_headers()
                        return
                    body = json.dumps({"authorization": self.headers.get_all("Authorization") or []}).encode()
                    moved = url.path.endswith("/moved")
                    self.send_response(302 if moved else 200)
                    location = urllib.parse.parse_qs(url.query).get("to")
                    if moved and location:
                        self.send_header("Location", location[0])
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            server = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
            print("ready", flush=True)
            server.serve_forever()
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, String(port)]
        let ready = Pipe()
        process.standardOutput = ready
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        _ = ready.fileHandleForReading.availableData
    }

    /// The environment that makes `csm-auth api` call this server with the token `token`.
    func environment(token: String = "profile-token") -> [String: String?] {
        ["CSM_AUTH_TOKEN": token, "CSM_AUTH_CLOUD_ID": "c1", "CSM_AUTH_API_URL": baseURL]
    }

    deinit {
        // SIGKILL: a child started from a test thread inherits its blocked signals, SIGTERM included.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
