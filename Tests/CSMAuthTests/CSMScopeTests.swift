import CSMAuth
import CSMSandbox
import Testing

/// The scopes csm-auth names: one constant each, grouped in families that add up to the default login.
@Suite struct CSMScopeTests {
    let families = [
        CSMScope.customers, CSMScope.organizations, CSMScope.productsAndEntitlements,
        CSMScope.helpCentersRequestsAndTasks,
    ]

    @Test func theDefaultLoginIsEveryFamilyOnce() {
        let defaults = CSMScope.defaultLogin
        #expect(Set(defaults).count == defaults.count)
        #expect(Set(defaults) == Set(families.joined()).union([CSMScope.readMe]))
        #expect(families.joined().count == Set(families.joined()).count)
    }

    @Test func noTwoConstantsShareAName() {
        let all = [CSMScope.offlineAccess, CSMScope.readMe] + families.joined()
        #expect(Set(all.map(\.rawValue)).count == all.count)
    }

    @Test func everyCSMScopeIsGranularServiceManagement() {
        for scope in CSMScope.defaultLogin where scope != .readMe {
            #expect(scope.rawValue.hasSuffix(":jira-service-management"), "\(scope)")
            #expect(["read", "write", "delete"].contains(scope.rawValue.split(separator: ":").first ?? ""), "\(scope)")
        }
    }

    @Test func loginsAskForTheDefaultSetByName() {
        #expect(LoginSettings.defaultScopes == CSMScope.defaultLogin.map(\.rawValue))
    }

    /// The sandbox's default app stands in for an app registered with every CSM scope: a default
    /// login must never ask it for a scope it does not have.
    @Test func theSandboxAppGrantsEveryDefaultScope() {
        let granted = Set(SandboxClient.defaultScopes)
        for scope in CSMScope.defaultLogin + [.offlineAccess] {
            #expect(granted.contains(scope.rawValue), "\(scope)")
        }
    }
}
