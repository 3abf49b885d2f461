import CSMAuth
import FoundationEssentials
import Glibc

/// "expires in 42 min", "expired 3 h ago": how far a moment is from now, in the largest unit that fits.
enum RelativeTime {
    static func describe(_ date: Date, now: Date = Date()) -> String {
        // Saturating, and `magnitude` rather than `abs`: neither traps on a date from far outside.
        let seconds = Int64(saturating: date.timeIntervalSince(now).rounded())
        let magnitude = seconds.magnitude
        let amount: String
        switch magnitude {
        case ..<60: amount = "\(magnitude) s"
        case ..<3600: amount = "\(magnitude / 60) min"
        case ..<(2 * 86400): amount = "\(magnitude / 3600) h \(magnitude % 3600 / 60) min"
        default: amount = "\(magnitude / 86400) days"
        }
        return seconds >= 0 ? "expires in \(amount)" : "expired \(amount) ago"
    }
}
