// swift-tools-version: 6.0
import PackageDescription

// The API client's benchmarks (Benchmarks/api-benchmark and Benchmarks/paged-benchmark run them): a package of its own, so the
// main build and CI never compile it.
let package = Package(
    name: "csm-auth-api-benchmark",
    dependencies: [
        // Named, so the package is found whatever the clone's folder is called.
        .package(name: "csm-auth", path: "../..")
    ],
    targets: [
        .executableTarget(name: "api-benchmark", dependencies: [.product(name: "CSMAuth", package: "csm-auth")]),
        .executableTarget(name: "paged-benchmark", dependencies: [.product(name: "CSMAuth", package: "csm-auth")]),
    ]
)
