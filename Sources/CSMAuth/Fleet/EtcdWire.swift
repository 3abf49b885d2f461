import FoundationEssentials

/// The JSON bodies of etcd's v3 gateway (grpc-gateway): keys and values in base64, int64 fields
/// as JSON strings, and fields at their zero value left out of answers.
enum EtcdWire {
    /// An int64 as the gateway writes it (a JSON string), also read from a JSON number.
    struct Int64Text: Codable, Sendable {
        var value: Int64

        init(_ value: Int64) {
            self.value = value
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self), let value = Int64(text) {
                self.value = value
            } else {
                self.value = try container.decode(Int64.self)
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(String(value))
        }
    }

    /// `mvccpb.KeyValue`.
    struct KeyValue: Decodable {
        var key: String?
        var value: String?
        var createRevision: Int64Text?
        var modRevision: Int64Text?
        var lease: Int64Text?

        enum CodingKeys: String, CodingKey {
            case key, value, lease
            case createRevision = "create_revision"
            case modRevision = "mod_revision"
        }
    }

    /// `RangeRequest`.
    struct RangeRequest: Encodable {
        var key: String
        var rangeEnd: String?
        var limit: Int64Text?
        var keysOnly: Bool?

        enum CodingKeys: String, CodingKey {
            case key, limit
            case rangeEnd = "range_end"
            case keysOnly = "keys_only"
        }
    }

    /// `RangeResponse`.
    struct RangeResponse: Decodable {
        var kvs: [KeyValue]?
    }

    /// `PutRequest`.
    struct PutRequest: Encodable {
        var key: String
        var value: String
        var lease: Int64Text?
    }

    /// `DeleteRangeRequest`.
    struct DeleteRangeRequest: Encodable {
        var key: String
        var rangeEnd: String?

        enum CodingKeys: String, CodingKey {
            case key
            case rangeEnd = "range_end"
        }
    }

    /// `DeleteRangeResponse`.
    struct DeleteRangeResponse: Decodable {
        var deleted: Int64Text?
    }

    /// `Compare`: one key's create or mod revision equal to a number.
    struct Compare: Encodable {
        var key: String
        var target: String
        var result = "EQUAL"
        var createRevision: Int64Text?
        var modRevision: Int64Text?

        enum CodingKeys: String, CodingKey {
            case key, target, result
            case createRevision = "create_revision"
            case modRevision = "mod_revision"
        }
    }

    /// `RequestOp`: a put or a delete inside a transaction.
    struct RequestOp: Encodable {
        var requestPut: PutRequest?
        var requestDeleteRange: DeleteRangeRequest?

        enum CodingKeys: String, CodingKey {
            case requestPut = "request_put"
            case requestDeleteRange = "request_delete_range"
        }
    }

    /// `TxnRequest`.
    struct TxnRequest: Encodable {
        var compare: [Compare]
        var success: [RequestOp]
        var failure: [RequestOp] = []
    }

    /// `TxnResponse`.
    struct TxnResponse: Decodable {
        var succeeded: Bool?
    }

    /// `LeaseGrantRequest`.
    struct LeaseGrantRequest: Encodable {
        var ttl: Int64Text
        var id = Int64Text(0)

        enum CodingKeys: String, CodingKey {
            case ttl = "TTL"
            case id = "ID"
        }
    }

    /// `LeaseGrantResponse`.
    struct LeaseGrantResponse: Decodable {
        var id: Int64Text?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case id = "ID"
            case error
        }
    }

    /// `LeaseRevokeRequest`.
    struct LeaseRevokeRequest: Encodable {
        var id: Int64Text

        enum CodingKeys: String, CodingKey {
            case id = "ID"
        }
    }

    /// `AuthenticateRequest`.
    struct AuthenticateRequest: Encodable {
        var name: String
        var password: String
    }

    /// `AuthenticateResponse`.
    struct AuthenticateResponse: Decodable {
        var token: String?
    }

    /// The gateway's error body: a gRPC status.
    struct ErrorBody: Decodable {
        var error: String?
        var message: String?
        var code: Int?
    }

    /// Base64 of a key's or value's bytes.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    /// The bytes of a base64 field; nil when it is not base64.
    static func decode(_ text: String?) -> [UInt8]? {
        guard let text else { return [] }
        return Data(base64Encoded: text).map { [UInt8]($0) }
    }

    /// The `range_end` that makes a range cover every key starting with `prefix`: the prefix with
    /// its last byte below 0xFF incremented (and what follows it dropped); `\0` (every key) when
    /// there is none.
    static func rangeEnd(ofPrefix prefix: [UInt8]) -> [UInt8] {
        var end = prefix
        while let last = end.last {
            if last < 0xFF {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return [0]
    }
}
