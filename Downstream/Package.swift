// swift-tools-version: 6.0
import PackageDescription

// A package outside csm-auth that depends on it by path, as another team's tool would, and
// uses only its public API: it logs in against CSMSandbox, gets tokens and calls the CSM API.
// Its tools are the ways to depend on csm-auth: token-tool imports CSMAuth alone (it only needs
// a token), api-tool imports CSMAPI too (it calls the typed CSM API), and my-tool is the quick
// start of docs/library.md, its main.swift copied from there (scripts/test-quickstart checks).
// `scripts/test-downstream` builds and runs it (CI does, after the main suite).
let package = Package(
    name: "csm-auth-downstream",
    dependencies: [
        // Named, so the package is found whatever the clone's folder is called.
        .package(name: "csm-auth", path: "..")
    ],
    targets: [
        .executableTarget(name: "token-tool", dependencies: [.product(name: "CSMAuth", package: "csm-auth")]),
        .executableTarget(
            name: "api-tool",
            dependencies: [
                .product(name: "CSMAuth", package: "csm-auth"),
                .product(name: "CSMAPI", package: "csm-auth"),
            ]
        ),
        .executableTarget(
            name: "my-tool",
            dependencies: [
                .product(name: "CSMAuth", package: "csm-auth"),
                .product(name: "CSMAPI", package: "csm-auth"),
            ]
        ),
        .testTarget(
            name: "DownstreamTests",
            dependencies: [
                .product(name: "CSMAuth", package: "csm-auth"),
                .product(name: "CSMAPI", package: "csm-auth"),
                .product(name: "CSMSandbox", package: "csm-auth"),
            ]
        ),
    ]
)
