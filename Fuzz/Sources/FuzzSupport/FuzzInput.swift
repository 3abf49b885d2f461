/// The bytes libFuzzer hands to one run, read from the front.
public struct FuzzInput {
    private var bytes: ArraySlice<UInt8>

    /// Copies the `count` bytes at `start`.
    public init(_ start: UnsafePointer<UInt8>?, _ count: Int) {
        bytes = ArraySlice(UnsafeBufferPointer(start: start, count: count))
    }

    /// Every byte of an input, for fuzzers that read it whole.
    public static func bytes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: start, count: count))
    }

    /// Takes the next byte; 0 when none are left.
    public mutating func byte() -> UInt8 {
        bytes.popFirst() ?? 0
    }

    /// Takes the next two bytes as a signed 16-bit number, big-endian.
    public mutating func int16() -> Int {
        Int(Int16(bitPattern: UInt16(byte()) << 8 | UInt16(byte())))
    }

    /// Takes every byte left.
    public mutating func rest() -> [UInt8] {
        defer { bytes = [] }
        return Array(bytes)
    }
}
