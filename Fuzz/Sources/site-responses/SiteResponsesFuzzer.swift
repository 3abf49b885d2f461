import Foundation
import FuzzSupport

@testable import CSMAuth

// Feeds the site discovery answers to their parsers. Input: one byte choosing the parser (even:
// `accessible-resources`, odd: `tenant_info`), one choosing the status, then the body.

private let statuses = [200, 200, 200, 401, 403, 404, 500]
private let siteURL = URL(string: "https://acme.atlassian.net")!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let tenantInfo = input.byte() % 2 == 1
    let status = statuses[Int(input.byte()) % statuses.count]
    let response = HTTPResponse(status: status, body: Data(input.rest()))
    if tenantInfo {
        do {
            let cloudID = try SitesClient.cloudID(from: response, siteURL: siteURL)
            invariant(status == 200, "a cloudId from HTTP \(status)")
            invariant(!cloudID.isEmpty, "an empty cloudId was accepted")
        } catch let error as CSMAuthError {
            invariant(isOneSafeLine(error.message), "the error is not one safe line: \(error.message.debugDescription)")
        } catch {
            invariant(false, "an error that is not a CSMAuthError: \(error)")
        }
        return 0
    }
    do {
        let sites = try SitesClient.resources(from: response)
        invariant(status == 200, "sites from HTTP \(status)")
        let ids = sites.map { $0.id.lowercased() }
        invariant(Set(ids).count == ids.count, "two sites with one cloudId after merging")
        for site in sites {
            invariant(Set(site.scopes).count == site.scopes.count, "a merged site lists a scope twice")
            _ = site.host
        }
        _ = try? SiteDirectory.match("acme", in: sites)
    } catch let error as CSMAuthError {
        invariant(isOneSafeLine(error.message), "the error is not one safe line: \(error.message.debugDescription)")
    } catch {
        invariant(false, "an error that is not a CSMAuthError: \(error)")
    }
    return 0
}
