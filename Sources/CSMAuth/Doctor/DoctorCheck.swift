/// One line of `csm-auth doctor`: what was checked, how it went, and what to do when it did not.
/// Never holds a secret.
package struct DoctorCheck: Sendable, Equatable, Encodable {
    /// How a check went.
    package enum Status: String, Sendable, Encodable {
        /// It works.
        case pass
        /// It works, but something may bite later (clock skew, a scope missing for some calls,
        /// no kernel cache); a warning does not fail `doctor`.
        case warn
        /// It does not work; `doctor` exits 1.
        case fail

        /// ✓, ! or ✗.
        package var marker: String {
            switch self {
            case .pass: "✓"
            case .warn: "!"
            case .fail: "✗"
            }
        }
    }

    /// The check's stable name (JSON `name`), such as `store` or `login`.
    package var name: String
    /// The check's name for people, such as "credential store".
    package var title: String
    /// How it went.
    package var status: Status
    /// One line: what was found.
    package var detail: String
    /// One line: what to do; nil when there is nothing to do.
    package var fix: String?

    /// - Parameters:
    ///   - name: the stable name.
    ///   - title: the name for people.
    ///   - status: how it went.
    ///   - detail: what was found.
    ///   - fix: what to do, if anything.
    package init(_ name: String, _ title: String, _ status: Status, _ detail: String, fix: String? = nil) {
        self.name = name
        self.title = title
        self.status = status
        self.detail = detail.printableLine
        self.fix = fix?.printableLine
    }

    /// Whether it did not fail (a warning passes).
    package var ok: Bool { status != .fail }

    private enum CodingKeys: String, CodingKey { case name, status, ok, detail, fix }

    /// `{"name","status","ok","detail","fix"}`, `fix` null when there is nothing to do.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encode(ok, forKey: .ok)
        try container.encode(detail, forKey: .detail)
        try container.encode(fix, forKey: .fix)
    }
}
