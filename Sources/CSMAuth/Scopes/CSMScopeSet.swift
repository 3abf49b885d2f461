/// A named set of scopes that `login --scopes NAME,…` asks for in one word, and that `status`
/// reports as covered when every one of its scopes is granted.
///
/// The sets follow the families of ``CSMScope`` and what ATLASSIAN.md says the gateway's Jira
/// and JSM APIs need; ``all`` lists them from the broadest CSM set to the narrowest extra.
package struct CSMScopeSet: Sendable, Hashable {
    /// The name on the command line, such as `csm-read`.
    package let name: String
    /// The scopes the set stands for, in the order the authorization URL lists them.
    package let scopes: [CSMScope]

    /// Every scope a typed CSM call uses: the customer, organization, product and entitlement,
    /// help-centre, request and task families (``CSMScope/defaultLogin`` without `read:me`).
    package static let csm = CSMScopeSet(
        name: "csm",
        scopes: CSMScope.customers + CSMScope.organizations + CSMScope.productsAndEntitlements
            + CSMScope.helpCentersRequestsAndTasks)
    /// The reading half of ``csm``: every `read:` scope of its families.
    package static let csmRead = CSMScopeSet(
        name: "csm-read", scopes: csm.scopes.filter { $0.rawValue.hasPrefix("read:") })
    /// Reading the Jira platform: issues and projects, and users (`myself`).
    package static let jiraRead = CSMScopeSet(name: "jira-read", scopes: [.readJiraWork, .readJiraUser])
    /// Reading and writing the Jira platform: ``jiraRead`` and `write:jira-work`.
    package static let jiraWrite = CSMScopeSet(name: "jira-write", scopes: [.writeJiraWork] + jiraRead.scopes)
    /// Jira Service Management: service desks, request types and requests, read and written, and
    /// a service desk's customers and organizations.
    package static let jsm = CSMScopeSet(
        name: "jsm", scopes: [.readServiceDeskRequest, .writeServiceDeskRequest, .manageServiceDeskCustomer])
    /// Who is logged in (`{API_URL}/me`).
    package static let me = CSMScopeSet(name: "me", scopes: [.readMe])

    /// Every set, in the order help texts and `status` list them.
    package static let all: [CSMScopeSet] = [csm, csmRead, jiraRead, jiraWrite, jsm, me]

    /// The set called `name` (exact, lower case), or nil.
    package static func named(_ name: String) -> CSMScopeSet? {
        all.first { $0.name == name }
    }

    /// The scopes of the sets that `arguments` name: each argument a comma-separated list of set
    /// names (`--scopes csm,jira-read --scopes jsm`), in order, each scope once.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for a name that is no set, listing the sets.
    package static func scopes(named arguments: [String]) throws -> [String] {
        var seen = Set<String>()
        var scopes: [String] = []
        for argument in arguments {
            for piece in argument.split(separator: ",", omittingEmptySubsequences: false) {
                let name = String(piece.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
                guard let set = named(name) else {
                    throw CSMAuthError(
                        .invalidInput,
                        "unknown scope set '\(name.printableLine)': the sets are \(all.map(\.name).joined(separator: ", "))"
                    )
                }
                for scope in set.scopes where seen.insert(scope.rawValue).inserted { scopes.append(scope.rawValue) }
            }
        }
        return scopes
    }

    /// Whether every scope of the set is among `granted`.
    package func isCovered(by granted: Set<String>) -> Bool {
        scopes.allSatisfy { granted.contains($0.rawValue) }
    }

    /// Whether every scope of the set is also one of `other`'s.
    package func isPart(of other: CSMScopeSet) -> Bool {
        isCovered(by: Set(other.scopes.map(\.rawValue)))
    }

    /// The sets whose scopes are all among `granted`, in ``all``'s order.
    package static func covered(by granted: some Sequence<String>) -> [CSMScopeSet] {
        let granted = Set(granted)
        return all.filter { $0.isCovered(by: granted) }
    }

    /// What to log in with so that `missing` is granted without losing what `granted` covers: for
    /// each missing scope the smallest set holding it, plus the sets `granted` already covers,
    /// without a set that another of them contains; a scope no set holds is left over (for `--scope`).
    /// - Returns: the sets in ``all``'s order, and the scopes no set holds.
    package static func login(adding missing: [CSMScope], keeping granted: some Sequence<String>)
        -> (sets: [CSMScopeSet], scopes: [CSMScope])
    {
        var chosen = covered(by: granted)
        var leftover: [CSMScope] = []
        for scope in missing {
            let holding = all.filter { $0.scopes.contains(scope) }
            guard let smallest = holding.min(by: { $0.scopes.count < $1.scopes.count }) else {
                if !leftover.contains(scope) { leftover.append(scope) }
                continue
            }
            if !chosen.contains(smallest) { chosen.append(smallest) }
        }
        let kept = chosen.filter { set in !chosen.contains { $0 != set && set.isPart(of: $0) } }
        return (all.filter(kept.contains), leftover)
    }

    /// The `--scopes …` (and `--scope …`) flags of ``login(adding:keeping:)``, such as
    /// `--scopes csm,me`.
    package static func loginFlags(adding missing: [CSMScope], keeping granted: some Sequence<String>) -> String {
        let (sets, scopes) = login(adding: missing, keeping: granted)
        var flags: [String] = []
        if !sets.isEmpty { flags.append("--scopes " + sets.map(\.name).joined(separator: ",")) }
        flags += scopes.map { "--scope \($0.rawValue.printableLine)" }
        return flags.joined(separator: " ")
    }
}
