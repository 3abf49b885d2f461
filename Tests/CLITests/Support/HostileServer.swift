import Foundation
import TestSupport

/// A small HTTP server on loopback that answers as a hostile or broken Atlassian would: a
/// tenant_info `cloudId` of the test's choosing, 200 to every Basic check, and API pages whose
/// `next` link points back at themselves, or full pages with no paging marker at all. Python's http.server, so nobody here wrote the peer.
final class HostileServer: @unchecked Sendable {
    let port: Int
    private let process = Process()

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(cloudID: String) throws {
        port = try freeLoopbackPort()
        let script = """
            import http.server, json, sys
            cloud_id = sys.argv[2]
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path.endswith("/_edge/tenant_info"):
                        body = {"cloudId": cloud_id}
                    elif "/loop" in self.path:
                        body = {"isLastPage": False, "values": [1], "_links": {"next": "http://127.0.0.1:%s/jsm/csm/cloudid/c1/api/v1/loop?start=1" % sys.argv[1]}}
                    elif "/unmarked" in self.path:
                        body = {"results": [{"id": "1"}, {"id": "2"}], "limit": 2}
                    else:
                        body = {"accountId": "x"}
                    data = json.dumps(body).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                def log_message(self, *args):
                    pass
            server = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
            print("ready", flush=True)
            server.serve_forever()
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, String(port), cloudID]
        let ready = Pipe()
        process.standardOutput = ready
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        _ = ready.fileHandleForReading.availableData
    }

    deinit {
        // SIGKILL: a child started from a test thread inherits its blocked signals, SIGTERM included.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
