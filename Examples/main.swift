// A tool of your own that logs in and calls the CSM API with CSMAuth: the examples of
// docs/library.md and of the DocC articles, compiled on every build so that they cannot rot
// (scripts/check-examples checks that each snippet there is copied from here).
//
//   swift run csm-auth-example login [PROFILE]     a 3LO login on the terminal, named "csm-auth-example"
//   swift run csm-auth-example token [PROFILE]     prints a valid access token
//   swift run csm-auth-example products            prints every product (a typed list)
//   swift run csm-auth-example product-pages       prints every page of the product list as it came
//   swift run csm-auth-example status              whether each profile is logged in
//   swift run csm-auth-example raise-request       raises a JSM request for a customer found by the CSM API

import CSMAuth
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let profile = arguments.count > 1 ? arguments[1] : nil
do {
    switch arguments.first {
    case "login": try await logIn(profile: profile)
    case "token": try await printToken(profile: profile)
    case "products": try await printProducts()
    case "product-pages": try await printProductPages()
    case "status": try await printStatus()
    case "raise-request": try await raiseRequestForCustomer()
    default: print("usage: csm-auth-example login|token|products|product-pages|status|raise-request [PROFILE]")
    }
} catch {
    // Every error, not only the libraries': one that escaped would end the program with a crash report.
    FileHandle.standardError.write(Data("\(CSMAuthEnvironment.programName): \(error)\n".utf8))
    exit((error as? any CategorizedError).map(exitCode(for:)) ?? 1)
}
