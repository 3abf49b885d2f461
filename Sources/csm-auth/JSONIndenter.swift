import FoundationEssentials

/// Indents a JSON document for reading on a terminal (`api` prints bodies as they came when
/// piped). It re-spaces the document's own bytes instead of decoding and encoding it, so key
/// order, number spelling and string escapes stay exactly as the server sent them.
enum JSONIndenter {
    /// The indented document, or nil when `data` is not JSON.
    static func indented(_ data: Data) -> Data? {
        guard (try? JSONDecoder().decode(AnyJSON.self, from: data)) != nil else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(data.count * 2)
        var depth = 0
        var inString = false
        var escaped = false
        var previous: UInt8 = 0
        func newline() {
            output.append(UInt8(ascii: "\n"))
            output += Array(repeating: UInt8(ascii: " "), count: depth * 2)
        }
        for byte in data {
            if inString {
                output.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                previous = byte
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "\""):
                inString = true
                output.append(byte)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                output.append(byte)
                newline()
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if previous == UInt8(ascii: "{") || previous == UInt8(ascii: "[") {
                    // An empty container: `{}` or `[]`, not an empty indented line.
                    output.removeLast(depth * 2 + 3)
                } else {
                    newline()
                }
                output.append(byte)
            case UInt8(ascii: ","):
                output.append(byte)
                newline()
            case UInt8(ascii: ":"):
                output += Array(" : ".utf8)
            default:
                output.append(byte)
            }
            previous = byte
        }
        return Data(output)
    }

    /// Any JSON value: decoding it is the validity check.
    private struct AnyJSON: Decodable {
        init(from decoder: any Decoder) throws {
            if var array = try? decoder.unkeyedContainer() {
                while !array.isAtEnd { _ = try array.decode(AnyJSON.self) }
            } else if let object = try? decoder.container(keyedBy: AnyKey.self) {
                for key in object.allKeys { _ = try object.decode(AnyJSON.self, forKey: key) }
            } else {
                let value = try decoder.singleValueContainer()
                if value.decodeNil() { return }
                if (try? value.decode(Bool.self)) != nil { return }
                if (try? value.decode(Double.self)) != nil { return }
                _ = try value.decode(String.self)
            }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
