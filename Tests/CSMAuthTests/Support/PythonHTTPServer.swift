import Foundation
import TestSupport

/// Python's http.server on a free loopback port: a server nobody here wrote, for transport tests.
///
/// `/echo` answers the request as JSON; `/big?n=N` sends N bytes with a Content-Length,
/// `/stream?n=N` sends N bytes without one; `/slow` waits 3 s; `/together?n=N` answers 200 once N
/// such requests are waiting at the same time (504 if that has not happened within 60 s);
/// `/connections` counts the TCP connections accepted so far; `/status/N` answers status N.
final class PythonHTTPServer {
    let port: Int
    private let process: Process

    private static let script = #"""
        import http.server, json, sys, threading, time
        from urllib.parse import urlparse, parse_qs
        lock = threading.Lock()
        state = {"connections": 0}
        barriers = {}
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def setup(self):
                super().setup()
                with lock:
                    state["connections"] += 1
            def log_message(self, *args):
                pass
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlparse(self.path)
                query = parse_qs(url.query)
                status, headers, payload = 200, {"Content-Type": "application/json", "X-Test": "yes"}, b""
                if url.path == "/big":
                    payload = b"x" * int(query["n"][0])
                elif url.path == "/stream":
                    self.send_response(200)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for _ in range(int(query["n"][0]) // 1024):
                        self.wfile.write(b"y" * 1024)
                    self.close_connection = True
                    return
                elif url.path == "/slow":
                    time.sleep(3)
                    payload = b"late"
                elif url.path == "/together":
                    n = int(query["n"][0])
                    with lock:
                        barrier = barriers.setdefault(n, threading.Barrier(n, timeout=60))
                    try:
                        barrier.wait()
                        payload = b"together"
                    except threading.BrokenBarrierError:
                        status, payload = 504, b"alone"
                elif url.path == "/connections":
                    payload = json.dumps({"connections": state["connections"]}).encode()
                elif url.path.startswith("/status/"):
                    status = int(url.path.split("/")[2])
                    payload = b'{"error":"teapot"}'
                else:
                    payload = json.dumps({"method": self.command, "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body.decode()}).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = answer
        class Server(http.server.ThreadingHTTPServer):
            request_queue_size = 64
        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.interpreter())
        process.arguments = ["-c", Self.script]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first,
            first != UInt8(ascii: "\n")
        {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw CocoaError(
                .featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "python3 http.server did not start"])
        }
        self.port = port
    }

    /// The real python3 binary, not a wrapper script (pyenv's shims fork, and a signal to the
    /// wrapper would leave the server running).
    private static func interpreter() throws -> String {
        let result = try ChildProcess.run("python3", ["-c", "import sys; print(sys.executable)"])
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !path.isEmpty else {
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "python3 is not installed"])
        }
        return path
    }

    func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    deinit {
        // SIGKILL and no wait: Foundation reaps the child itself, and waiting on a
        // cooperative thread here has been seen to stall the whole test run.
        kill(process.processIdentifier, SIGKILL)
    }
}
