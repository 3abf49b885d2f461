import Foundation

/// The type of a CSM detail field, which decides which values it accepts.
enum DetailFieldType: String, Sendable, CaseIterable {
    case text = "TEXT"
    case number = "NUMBER"
    case select = "SELECT"
    case multiselect = "MULTISELECT"
    case url = "URL"
    case email = "EMAIL"
    case phone = "PHONE"
    case date = "DATE"
    case boolean = "BOOLEAN"

    /// Every type name, for error messages.
    static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Whether the type takes a fixed list of options.
    var hasOptions: Bool { self == .select || self == .multiselect }

    /// Checks a new list of values against this type.
    /// - Parameters:
    ///   - values: the values, all strings as the API sends them.
    ///   - options: the field's options (for SELECT and MULTISELECT).
    /// - Returns: `nil` when valid, else a message for the 400 answer.
    func problem(with values: [String], options: [String]) -> String? {
        if self != .multiselect, values.count > 1 {
            return "A \(rawValue) field takes at most one value."
        }
        if Set(values).count != values.count {
            return "Values may not repeat."
        }
        for value in values {
            if let problem = problem(with: value, options: options) {
                return problem
            }
        }
        return nil
    }

    private func problem(with value: String, options: [String]) -> String? {
        switch self {
        case .text:
            return value.count <= 1000 ? nil : "Text values are limited to 1000 characters."
        case .number:
            return Double(value).map { $0.isFinite } == true ? nil : "'\(value)' is not a number."
        case .select, .multiselect:
            return options.contains(value)
                ? nil : "'\(value)' is not one of the options: \(options.joined(separator: ", "))."
        case .url:
            let components = URLComponents(string: value)
            let valid =
                ["http", "https"].contains(components?.scheme?.lowercased() ?? "") && !(components?.host ?? "").isEmpty
            return valid ? nil : "'\(value)' is not an http or https URL."
        case .email:
            return EmailAddress.isPlausible(value) ? nil : "'\(value)' is not an email address."
        case .phone:
            let allowed = CharacterSet(charactersIn: "0123456789+-() .")
            let digits = value.filter(\.isNumber).count
            let valid = value.unicodeScalars.allSatisfy(allowed.contains) && (3...20).contains(digits)
            return valid ? nil : "'\(value)' is not a phone number."
        case .date:
            return Self.isISODate(value) ? nil : "'\(value)' is not a date in the form YYYY-MM-DD."
        case .boolean:
            return value == "true" || value == "false" ? nil : "'\(value)' is not true or false."
        }
    }

    private static func isISODate(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
