import Testing

@testable import CSMAuth

/// `login --scopes NAME,…`: the named sets, what they expand to, what a login covers, and which
/// sets to log in with when a call's scope is missing.
@Suite struct CSMScopeSetTests {
    @Test func theCSMSetIsEveryScopeOfTheTypedCSMCalls() {
        let families =
            CSMScope.customers + CSMScope.organizations + CSMScope.productsAndEntitlements
            + CSMScope.helpCentersRequestsAndTasks
        #expect(CSMScopeSet.csm.scopes == families)
        #expect(Set(CSMScopeSet.csm.scopes) == Set(CSMScope.defaultLogin).subtracting([.readMe]))
    }

    @Test func theReadOnlyCSMSetHasOnlyTheReadScopesOfTheCSMSet() {
        let read = CSMScopeSet.csmRead.scopes
        #expect(read.contains(.readCustomer) && read.contains(.readTask) && read.contains(.readEntitlement))
        #expect(read.allSatisfy { $0.rawValue.hasPrefix("read:") && CSMScopeSet.csm.scopes.contains($0) })
        #expect(read.count == CSMScopeSet.csm.scopes.filter { $0.rawValue.hasPrefix("read:") }.count)
    }

    @Test func setNamesSeparatedByCommasExpandToTheirScopesInOrderEachOnce() throws {
        let scopes = try CSMScopeSet.scopes(named: ["csm,jira-read", "jsm", "csm-read"])
        let expected =
            CSMScopeSet.csm.scopes.map(\.rawValue) + [
                "read:jira-work", "read:jira-user", "read:servicedesk-request", "write:servicedesk-request",
                "manage:servicedesk-customer",
            ]
        #expect(scopes == expected)
    }

    @Test func theJiraWriteSetIncludesJiraRead() throws {
        #expect(
            Set(try CSMScopeSet.scopes(named: ["jira-write"]))
                == ["write:jira-work", "read:jira-work", "read:jira-user"])
        #expect(try CSMScopeSet.scopes(named: ["me"]) == ["read:me"])
    }

    @Test func anUnknownSetNameIsInvalidInputListingTheSets() {
        let error = #expect(throws: CSMAuthError.self) { try CSMScopeSet.scopes(named: ["csm,jira"]) }
        #expect(error?.code == .invalidInput)
        #expect(
            error?.description
                == "unknown scope set 'jira': the sets are csm, csm-read, jira-read, jira-write, jsm, me")
    }

    @Test func setsAndSingleScopesCombineEachScopeOnce() throws {
        let scopes = try LoginSettings.requestedScopes(
            sets: ["jira-read"], flags: ["read:jira-user", "read:customer:jira-service-management"])
        #expect(scopes == ["read:jira-work", "read:jira-user", "read:customer:jira-service-management"])
        #expect(try LoginSettings.requestedScopes(sets: [], flags: []).isEmpty)
    }

    @Test func aSetIsCoveredOnlyWhenEveryScopeOfItIsGranted() {
        let granted = CSMScopeSet.csmRead.scopes.map(\.rawValue) + ["read:jira-work", "read:me", "offline_access"]
        #expect(CSMScopeSet.covered(by: granted).map(\.name) == ["csm-read", "me"])
        let everything = CSMScopeSet.all.flatMap(\.scopes).map(\.rawValue)
        #expect(CSMScopeSet.covered(by: everything).map(\.name) == CSMScopeSet.all.map(\.name))
    }

    @Test func aMissingScopeIsGrantedByItsSmallestSetKeepingWhatTheLoginCovers() {
        let readOnly = CSMScopeSet.csmRead.scopes.map(\.rawValue) + ["read:me"]
        #expect(CSMScopeSet.loginFlags(adding: [.writeCustomer], keeping: readOnly) == "--scopes csm,me")
        #expect(CSMScopeSet.loginFlags(adding: [.readCustomer], keeping: []) == "--scopes csm-read")
        #expect(
            CSMScopeSet.loginFlags(adding: [.writeJiraWork], keeping: ["read:jira-work", "read:jira-user"])
                == "--scopes jira-write")
        #expect(
            CSMScopeSet.loginFlags(adding: [CSMScope(rawValue: "read:x")], keeping: ["read:me"])
                == "--scopes me --scope read:x")
    }
}
