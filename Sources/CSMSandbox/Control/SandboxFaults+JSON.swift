import Foundation
import NIOHTTP1

extension SandboxFaults {
    /// The faults as the `/_sandbox/faults` body.
    var json: JSONValue {
        func counted(_ fault: CountedFault?) -> JSONValue {
            fault.map { ["count": .number(Double($0.count)), "retryAfter": .number(Double($0.retryAfter))] } ?? .null
        }
        return [
            "tokenEndpoint": .string(tokenEndpoint.rawValue),
            "tokenAnswer": tokenAnswer.map { JSONValue.object($0.members) } ?? .null,
            "rateLimit": rateLimit.map {
                [
                    "count": .number(Double($0.count)), "retryAfter": .number(Double($0.retryAfter)),
                    "reason": .string($0.reason), "bare": .bool($0.bare),
                ]
            } ?? .null,
            "nearLimit": .bool(nearLimit),
            "serviceUnavailable": counted(serviceUnavailable),
            "delayMilliseconds": .number((delay * 1000).rounded()),
        ]
    }

    /// These faults with the members present in `json` replaced (absent members are kept).
    func merging(_ json: JSONValue) -> Result<SandboxFaults, SandboxErrorResponse> {
        func invalid(_ message: String) -> Result<SandboxFaults, SandboxErrorResponse> {
            .failure(SandboxErrorResponse(.gatewayError(.badRequest, message)))
        }
        func counted(_ value: JSONValue, _ name: String) -> Result<CountedFault?, SandboxErrorResponse> {
            if value == .null { return .success(nil) }
            guard let count = value["count"]?.numberValue, count >= 0, count <= 1_000_000, count.rounded() == count
            else {
                return .failure(
                    SandboxErrorResponse(.gatewayError(.badRequest, "\(name).count must be a non-negative integer.")))
            }
            let retryAfter = value["retryAfter"]?.numberValue ?? 1
            guard retryAfter >= 0, retryAfter <= 86_400, retryAfter.rounded() == retryAfter else {
                return .failure(
                    SandboxErrorResponse(
                        .gatewayError(.badRequest, "\(name).retryAfter must be whole seconds from 0 to 86400.")))
            }
            return .success(count == 0 ? nil : CountedFault(count: Int(count), retryAfter: Int(retryAfter)))
        }
        var merged = self
        guard let members = json.objectValue else { return invalid("The body must be a JSON object.") }
        for (name, value) in members {
            switch name {
            case "tokenEndpoint":
                guard let raw = value.stringValue, let fault = TokenEndpointFault(rawValue: raw) else {
                    return invalid("tokenEndpoint must be \"none\", \"500\", \"html\" or \"drop-after-refresh\".")
                }
                merged.tokenEndpoint = fault
            case "tokenAnswer":
                if value == .null {
                    merged.tokenAnswer = nil
                    continue
                }
                guard let override = TokenAnswerOverride(value) else {
                    return invalid(
                        "tokenAnswer must be null or an object of access_token, refresh_token, token_type, scope (strings) and expires_in (a number)."
                    )
                }
                merged.tokenAnswer = override
            case "rateLimit":
                switch counted(value, name) {
                case .success(let fault):
                    merged.rateLimit = fault.map { RateLimitFault(count: $0.count, retryAfter: $0.retryAfter) }
                case .failure(let failure): return .failure(failure)
                }
                if merged.rateLimit != nil {
                    if let reason = value["reason"] {
                        guard let text = reason.stringValue, (1...100).contains(text.count),
                            text.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline })
                        else { return invalid("rateLimit.reason must be 1 to 100 printable ASCII characters.") }
                        merged.rateLimit?.reason = text
                    }
                    if let bare = value["bare"] {
                        guard case .bool(let flag) = bare else {
                            return invalid("rateLimit.bare must be true or false.")
                        }
                        merged.rateLimit?.bare = flag
                    }
                }
            case "nearLimit":
                guard case .bool(let flag) = value else { return invalid("nearLimit must be true or false.") }
                merged.nearLimit = flag
            case "serviceUnavailable":
                switch counted(value, name) {
                case .success(let fault): merged.serviceUnavailable = fault
                case .failure(let failure): return .failure(failure)
                }
            case "delayMilliseconds":
                guard let milliseconds = value.numberValue, milliseconds >= 0, milliseconds <= 600_000 else {
                    return invalid("delayMilliseconds must be between 0 and 600000.")
                }
                merged.delay = milliseconds / 1000
            default:
                return invalid("Unknown fault \(name).")
            }
        }
        return .success(merged)
    }
}

extension SandboxFaults.TokenAnswerOverride {
    /// The members it sets, as they go into a token answer.
    var members: [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        if let accessToken { members["access_token"] = .string(accessToken) }
        if let refreshToken { members["refresh_token"] = .string(refreshToken) }
        if let expiresIn { members["expires_in"] = .number(expiresIn) }
        if let tokenType { members["token_type"] = .string(tokenType) }
        if let scope { members["scope"] = .string(scope) }
        return members
    }

    /// Reads the `tokenAnswer` member of `POST /_sandbox/faults`; nil when it is not an object of
    /// the known members with the right types.
    init?(_ json: JSONValue) {
        guard let members = json.objectValue else { return nil }
        self.init()
        for (name, value) in members {
            switch (name, value) {
            case ("access_token", .string(let text)): accessToken = text
            case ("refresh_token", .string(let text)): refreshToken = text
            case ("token_type", .string(let text)): tokenType = text
            case ("scope", .string(let text)): scope = text
            case ("expires_in", .number(let seconds)): expiresIn = seconds
            default: return nil
            }
        }
    }

    /// `answer` (a token answer's JSON object) with these members put in.
    func applied(to answer: JSONValue) -> JSONValue {
        guard case .object(var object) = answer else { return answer }
        object.merge(members) { _, new in new }
        return .object(object)
    }
}
