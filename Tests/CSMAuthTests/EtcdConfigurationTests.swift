import Foundation
import TestSupport
import Testing

@testable import CSMAuth

@Suite struct EtcdConfigurationTests {
    private func configuration(_ variables: [String: String]) throws -> EtcdConfiguration {
        try EtcdConfiguration(
            variables: ["CSM_AUTH_ETCD_ENDPOINTS": "https://etcd.example:2379"].merging(variables) { $1 })
    }

    private func rejection(_ variables: [String: String]) -> CSMAuthError? {
        do {
            _ = try configuration(variables)
            return nil
        } catch {
            return error as? CSMAuthError
        }
    }

    @Test func readsEveryVariable() throws {
        let folder = try TemporaryFolder()
        let passwordFile = folder.path + "/password"
        try "s3cret\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let configuration = try configuration([
            "CSM_AUTH_ETCD_ENDPOINTS": "https://a.example:2379, http://127.0.0.1:2379",
            "CSM_AUTH_ETCD_PREFIX": "/fleet/",
            "CSM_AUTH_ETCD_CACERT": "/ca.pem", "CSM_AUTH_ETCD_CERT": "/c.pem", "CSM_AUTH_ETCD_KEY": "/k.pem",
            "CSM_AUTH_ETCD_USER": "root", "CSM_AUTH_ETCD_PASSWORD_FILE": passwordFile,
        ])
        #expect(configuration.endpoints.map(\.absoluteString) == ["https://a.example:2379", "http://127.0.0.1:2379"])
        #expect(configuration.prefix == "/fleet/")
        #expect(configuration.caBundlePath == "/ca.pem")
        #expect(configuration.clientCertificatePath == "/c.pem")
        #expect(configuration.clientKeyPath == "/k.pem")
        #expect(configuration.user == "root")
        #expect(configuration.password?.reveal() == "s3cret")
    }

    @Test func thePrefixDefaultsToCSMAuth() throws {
        #expect(try configuration([:]).prefix == "/csm-auth/")
    }

    @Test func missingEndpointsAreRejected() {
        #expect(throws: CSMAuthError.self) { try EtcdConfiguration(variables: [:]) }
        #expect(rejection(["CSM_AUTH_ETCD_ENDPOINTS": " "])?.message.contains("CSM_AUTH_ETCD_ENDPOINTS") == true)
    }

    @Test func anEmptyEndpointEntryIsRejected() {
        let error = rejection(["CSM_AUTH_ETCD_ENDPOINTS": "https://a.example:2379,,https://b.example:2379"])
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("empty entry") == true)
    }

    @Test func plainHTTPToAnotherMachineIsRejected() {
        let error = rejection(["CSM_AUTH_ETCD_ENDPOINTS": "http://etcd.example:2379"])
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("https://") == true)
    }

    @Test func anEndpointThatIsNoURLIsRejected() {
        #expect(rejection(["CSM_AUTH_ETCD_ENDPOINTS": "etcd:2379 x"])?.code == .invalidInput)
    }

    @Test func anEndpointWithAUserAndPasswordIsRejectedWithoutShowingThem() {
        let error = rejection(["CSM_AUTH_ETCD_ENDPOINTS": "https://csm:hunter2@etcd.example:2379"])
        #expect(error?.code == .invalidInput)
        #expect(error.map { "\($0)" }?.contains("hunter2") == false)
        #expect(error.map { "\($0)" }?.contains("etcd.example:2379") == true)
    }

    @Test func anEmptyEntryBesideAnEndpointWithAPasswordDoesNotShowIt() {
        let error = rejection(["CSM_AUTH_ETCD_ENDPOINTS": "https://csm:hunter2@etcd.example:2379,,"])
        #expect(error?.code == .invalidInput)
        #expect(error.map { "\($0)" }?.contains("hunter2") == false)
    }

    @Test func aPrefixWithoutLeadingSlashIsRejected() {
        #expect(rejection(["CSM_AUTH_ETCD_PREFIX": "fleet/"])?.message.contains("must start and end with '/'") == true)
    }

    @Test func aPrefixWithoutTrailingSlashIsRejected() {
        #expect(rejection(["CSM_AUTH_ETCD_PREFIX": "/fleet"])?.message.contains("must start and end with '/'") == true)
    }

    @Test func aCertificateWithoutKeyIsRejected() {
        #expect(rejection(["CSM_AUTH_ETCD_CERT": "/c.pem"])?.message.contains("CSM_AUTH_ETCD_KEY") == true)
    }

    @Test func aUserWithoutPasswordFileIsRejected() {
        #expect(rejection(["CSM_AUTH_ETCD_USER": "root"])?.message.contains("CSM_AUTH_ETCD_PASSWORD_FILE") == true)
    }

    @Test func aMissingPasswordFileIsRejected() {
        let error = rejection(["CSM_AUTH_ETCD_USER": "root", "CSM_AUTH_ETCD_PASSWORD_FILE": "/nonexistent/password"])
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("cannot read the etcd password file /nonexistent/password") == true)
    }

    @Test func anEmptyPasswordFileIsRejected() throws {
        let folder = try TemporaryFolder()
        _ = FileManager.default.createFile(atPath: folder.path + "/password", contents: Data("\n".utf8))
        let error = rejection(["CSM_AUTH_ETCD_USER": "root", "CSM_AUTH_ETCD_PASSWORD_FILE": folder.path + "/password"])
        #expect(error?.message.contains("is empty") == true)
    }
}
