/// Comparison of secrets whose duration does not depend on where they differ.
enum ConstantTime {
    /// Whether `lhs` equals `rhs`, comparing every byte of the longer one.
    ///
    /// A sandbox has public secrets, but it is also the example other projects copy from.
    static func equals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }
}
