import CSMAPI
import CSMAuth
import Foundation

// MARK: Jira and JSM through the same login

/// Raises a JSM request for the first customer whose `Region` is `EU`, found through the CSM API:
/// the same login calls both (contrib/examples/raise-request-for-customer.sh in Swift).
func raiseRequestForCustomer() async throws {
    let api = CSMAPI(client: try CSMClient(environment: CSMAuthEnvironment()))
    var found: CSMRecord?
    for try await customer in try api.searchCustomers(matching: [CSMDetailMatch(name: "Region", value: "EU")]) {
        found = customer
        break
    }
    guard let customer = found else {
        print("no customer in the EU")
        return
    }
    guard let desk = try await api.serviceDesks().collect().first,
        let type = try await api.requestTypes(serviceDeskID: desk.id).collect().first
    else {
        print("no service desk with a request type")
        return
    }
    try await api.addCustomers([customer.id], toServiceDesk: desk.id)
    let request = try await api.createCustomerRequest(
        serviceDeskID: desk.id, requestTypeID: type.id, summary: "Renewal call",
        description: "Raised for \(customer.name) by the CRM sync.", onBehalfOf: customer.id)
    print(request.issueKey, request.status ?? "")
    for try await open in api.customerRequests(serviceDeskID: desk.id) {
        print(open.issueKey, open.value(of: "summary") ?? "")
    }
    let me = try await api.myself()
    print("raised by", me.displayName ?? me.accountID)
}

/// Any other Jira or JSM path through the gateway, with the same credential and retries.
func printJiraPath() async throws {
    let client = try CSMClient(environment: CSMAuthEnvironment())
    let response = try await client.send(method: "GET", path: GatewayPath.jira("rest/api/3/serverInfo"))
    print(response.status, String(decoding: response.body, as: UTF8.self))
}
