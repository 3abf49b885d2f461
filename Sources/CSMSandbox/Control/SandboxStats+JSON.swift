extension SandboxStats {
    /// The counters as the `/_sandbox/stats` body.
    var json: JSONValue {
        [
            "authorize": .number(Double(authorize)),
            "consentDecisions": .number(Double(consentDecisions)),
            "authorizationCodeGrants": .number(Double(authorizationCodeGrants)),
            "refreshGrants": .number(Double(refreshGrants)),
            "clientCredentialsGrants": .number(Double(clientCredentialsGrants)),
            "tokenErrors": .number(Double(tokenErrors)),
            "accessibleResources": .number(Double(accessibleResources)),
            "tenantInfo": .number(Double(tenantInfo)),
            "apiRequests": .number(Double(apiRequests)),
            "rateLimited": .number(Double(rateLimited)),
        ]
    }
}
