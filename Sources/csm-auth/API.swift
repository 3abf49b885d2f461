import ArgumentParser
import CSMAuth
import Foundation

extension CSMAuthCommand {
    struct API: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "api",
            abstract: "Call the CSM REST API with the profile's credential and print the response body.",
            discussion: """
                PATH is relative to {API_URL}/jsm/csm/cloudid/{cloudId}; without a leading /api/ it gets /api/v1/ \
                (csm-auth api organization/1 is csm-auth api /api/v1/organization/1). On HTTP status 400 or more the \
                body still goes to stdout, a summary to stderr, and the exit code is 1. A 401 refreshes once and \
                retries; 429 and 503 wait for Retry-After (at most 3 times).
                """)

        @OptionGroup var options: ProfileOptions

        @Option(name: [.customShort("X"), .long], help: "The HTTP method (default GET, or POST with --data).")
        var method: String?

        @Argument(help: "The API path, e.g. organization/1 or /api/v1/customer/details.")
        var path: String

        @Option(name: .long, help: "The request body: text, @FILE, or @- for standard input.")
        var data: String?

        @Option(name: [.customShort("H"), .customLong("header")], help: "An extra header 'Name: value'; repeatable.")
        var headers: [String] = []

        @Flag(name: .long, help: "Print the status line and response headers before the body.")
        var include = false

        @Flag(name: .long, help: "Follow `_links.next` of paged answers, printing each page on its own line.")
        var paginate = false

        func validate() throws {
            for header in headers where Self.parseHeader(header) == nil {
                throw ValidationError("-H expects 'Name: value', got '\(header)'")
            }
            if let method, method.isEmpty || !method.allSatisfy({ $0.isLetter }) {
                throw ValidationError("-X expects an HTTP method such as GET or PUT")
            }
        }

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                let source: CSMClient.CredentialSource
                if let fixed = try Credential.fromEnvironment(context.environment) {
                    source = .fixed(fixed)
                } else {
                    source = .session(try context.session(profileFlag: options.profile))
                }
                let client = CSMClient(source: source, transport: context.transport)
                let body = try data.map(Self.body)
                let method = (method ?? (body == nil ? "GET" : "POST")).uppercased()
                let extra = headers.compactMap(Self.parseHeader)
                var nextPath: String? = path
                var failed = false
                while let current = nextPath {
                    let response = try await client.send(method: method, path: current, headers: extra, body: body)
                    if include {
                        Output.print("HTTP \(response.status)\n" + response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + "\n")
                    }
                    FileHandle.standardOutput.write(response.body)
                    if response.status >= 400 {
                        Output.error("\(method) \(current) answered HTTP \(response.status)")
                        failed = true
                        break
                    }
                    nextPath = paginate ? CSMClient.nextPagePath(from: response.body) : nil
                    if nextPath != nil { Output.print("") }
                }
                if failed { throw ExitCode(1) }
            }
        }

        /// `Name: value` as a header; nil without a colon or a name.
        static func parseHeader(_ line: String) -> HTTPHeader? {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { return nil }
            return HTTPHeader(name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }

        static func body(_ argument: String) throws -> Data {
            if argument == "@-" { return FileHandle.standardInput.readDataToEndOfFile() }
            if argument.hasPrefix("@") {
                guard let data = FileManager.default.contents(atPath: String(argument.dropFirst())) else {
                    throw ValidationError("cannot read the file \(argument.dropFirst())")
                }
                return data
            }
            return Data(argument.utf8)
        }
    }
}
