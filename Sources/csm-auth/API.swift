import ArgumentParser
import CSMAPI
import CSMAuth
import FoundationEssentials
import Glibc

extension CSMAuthCommand {
    struct API: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "api",
            abstract:
                "Call the CSM REST API (or Jira and JSM through the gateway) with the profile's credential and print the response body.",
            discussion: """
                PATH is relative to {API_URL}/jsm/csm/cloudid/{cloudId}; without a leading /api/ it gets /api/v1/ \
                (csm-auth api organization/1 is csm-auth api /api/v1/organization/1). A PATH starting with /ex/ or \
                /jsm/ is taken from {API_URL} itself, for the Jira platform and JSM APIs \
                (csm-auth api '/ex/jira/{cloudId}/rest/api/3/myself'); {cloudId} is replaced. A full URL is \
                accepted only under {API_URL}. On HTTP status 300 or more the \
                body still goes to stdout, a summary to stderr, and the exit code is 1; a redirect is never \
                followed. A 401 refreshes once and retries (not when -H gives your own Authorization, which \
                replaces the profile's). 429 and 503 wait as Retry-After or X-RateLimit-Reset asks (at most 3 \
                times); a wait longer than CSM_AUTH_MAX_RETRY_WAIT (default 60 s) fails at once, naming it. A 429 \
                with neither header is retried after a random, growing wait.
                """)

        @OptionGroup var options: ProfileOptions

        @Option(name: [.customShort("X"), .long], help: "The HTTP method (default GET, or POST with --data).")
        var method: String?

        @Argument(
            help: "The API path, e.g. organization/1, /api/v1/customer/details or /ex/jira/{cloudId}/rest/api/3/myself."
        )
        var path: String

        @Option(name: [.customShort("d"), .long], help: "The request body: text, @FILE, or @- for standard input.")
        var data: String?

        @Option(
            name: [.customShort("H"), .customLong("header")],
            help: "An extra header 'Name: value'; repeatable; replaces csm-auth's own of that name.")
        var headers: [String] = []

        @Flag(name: .long, help: "Print the status line and response headers before the body.")
        var include = false

        @Flag(
            name: .long,
            help:
                "Fetch every page of a paged answer (cursor, start, startAt, page, Jira's total/isLast or `_links.next`), printing each page on its own line."
        )
        var paginate = false

        func validate() throws {
            for header in headers {
                // The argument is never echoed: it may well be an Authorization header.
                guard let parsed = Self.parseHeader(header) else {
                    throw ValidationError("-H expects 'Name: value' (one argument has no colon or no name)")
                }
                guard HTTPHeader.isValidName(parsed.name) else {
                    throw ValidationError("-H: a header name may hold letters, digits and !#$%&'*+-.^_`|~ only")
                }
                guard HTTPHeader.isValidValue(parsed.value) else {
                    throw ValidationError("-H: a header value may not contain control characters (a line break?)")
                }
            }
            if let method, method.isEmpty || !method.allSatisfy({ $0.isLetter }) {
                throw ValidationError("-X expects an HTTP method such as GET or PUT")
            }
        }

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                let maximumWait = try CSMClient.maximumRetryDelay(in: context.environment)
                let source = try context.resolver.source(profile: options.profile)
                var client = CSMClient(source: source, transport: context.transport, maximumRetryDelay: maximumWait) {
                    notice in
                    let tenths = notice.delay.wholeMilliseconds / 100
                    let why =
                        switch notice.reason {
                        case .retryAfter: "as Retry-After asks"
                        case .rateLimitReset: "as X-RateLimit-Reset asks"
                        case .backoff: "before trying again"
                        }
                    Output.info(
                        "HTTP \(notice.status): waiting \(tenths / 10).\(tenths % 10) s \(why) (retry \(notice.attempt) of 3)"
                    )
                }
                client.toolName = context.environment.toolName
                client.logger = context.logger
                let body = try data.map(Self.body)
                let method = (method ?? (body == nil ? "GET" : "POST")).uppercased()
                let extra = headers.compactMap(Self.parseHeader)
                var failed = false
                let pages = client.pages(
                    method: method, path: path, headers: extra, body: body, followingNextPages: paginate)
                // A 401 to a CSM_AUTH_TOKEN is named: that token is never refreshed.
                let overridden =
                    if case .fixed(let credential) = source { credential.isEnvironmentOverride } else { false }
                do {
                    for try await page in pages {
                        failed =
                            try printed(page.response, of: "\(method) \(page.path)", overridden: overridden) || failed
                    }
                } catch let refusal as CSMRateLimitError {
                    // The answer's body goes to stdout as any error's does; the reason is the one line.
                    try printed(refusal.response, of: refusal.request, summary: false)
                    throw refusal
                }
                if failed { throw ExitCode(1) }
            }
        }

        /// Prints an answer as asked (`--include`), and with `summary` the one line of an unsuccessful
        /// status (`overridden`: the credential was `CSM_AUTH_TOKEN`'s); whether it was one.
        @discardableResult
        func printed(
            _ response: HTTPResponse, of request: String, summary: Bool = true, overridden: Bool = false
        ) throws -> Bool {
            if include {
                try Output.print(
                    "HTTP \(response.status)\n"
                        + response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + "\n")
            }
            try Output.write(Self.presented(response.body, pretty: isatty(STDOUT_FILENO) == 1))
            // A newline ends the body, so a summary on stderr or the next page starts a line of its own.
            if response.body.last.map({ $0 != UInt8(ascii: "\n") }) ?? false {
                try Output.write([UInt8(ascii: "\n")])
            }
            // Any answer from 300 up fails but a 304, the answer to the caller's own conditional
            // request. A redirect is never followed (it would take the credential along), and
            // the caller learns where it pointed.
            guard response.status >= 300, response.status != 304 else { return false }
            guard summary else { return true }
            let line = "\(request) answered HTTP \(response.status)"
            if response.status == 401, overridden {
                Output.error(Credential.environmentTokenRefused(line))
            } else {
                Output.error(response.unfollowedRedirect.map { line + ": " + $0 } ?? line)
            }
            return true
        }

        /// The body as printed: on a terminal, JSON is indented for reading; piped, it stays byte for byte.
        static func presented(_ body: Data, pretty: Bool) -> Data {
            guard pretty, let indented = JSONIndenter.indented(body) else { return body }
            return indented
        }

        /// `Name: value` as a header; nil without a colon or a name.
        static func parseHeader(_ line: String) -> HTTPHeader? {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].trimmingWhitespace()
            guard !name.isEmpty else { return nil }
            return HTTPHeader(name, line[line.index(after: colon)...].trimmingWhitespace())
        }

        static func body(_ argument: String) throws -> Data {
            if argument == "@-" { return try StandardInput.readAll() }
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
