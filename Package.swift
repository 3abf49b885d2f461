// swift-tools-version: 6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "csm-auth",
    products: [
        .library(name: "CSMAuth", targets: ["CSMAuth"]),
        .library(name: "CSMAPI", targets: ["CSMAPI"]),
        .library(name: "CSMSandbox", targets: ["CSMSandbox"]),
        .executable(name: "csm-auth", targets: ["csm-auth"]),
        .executable(name: "csm-sandbox", targets: ["csm-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        // AES-GCM for the values a fleet keeps in etcd (only the fleet store uses it).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
    ],
    targets: [
        // libcurl and libsecret are loaded with dlopen on first use (see their headers), so a
        // token served from the kernel cache maps neither; nothing links them.
        .target(name: "CCurl"),
        .target(name: "CLibSecret"),
        .target(name: "CKernelKeyring"),
        .target(name: "CSpawn"),
        // Netlink sock_diag: who owns the client end of a connection to the login listener.
        .target(name: "CSocketDiag"),
        .target(name: "CTerminal"),
        .target(
            name: "CSMAuth",
            dependencies: [
                "CCurl",
                "CLibSecret",
                "CKernelKeyring",
                "CSocketDiag",
                "CSpawn",
                "CTerminal",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The typed CSM REST API on top of CSMAuth's credentials and transport: a tool that only
        // needs a token imports CSMAuth alone.
        .target(
            name: "CSMAPI",
            dependencies: [
                "CSMAuth",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CSMSandbox",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "csm-auth",
            dependencies: [
                "CSMAuth",
                "CSMAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "CSpawn",
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "csm-sandbox",
            dependencies: [
                "CSMSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The examples of docs/library.md and the DocC articles, built with everything else so
        // they cannot rot (scripts/check-examples ties each snippet to its source here).
        .executableTarget(
            name: "csm-auth-example",
            dependencies: ["CSMAuth", "CSMAPI", .product(name: "Logging", package: "swift-log")],
            path: "Examples",
            swiftSettings: strictSettings
        ),
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CSMAuthTests",
            dependencies: [
                "CSMAuth", "CSMAPI", "CSMSandbox", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CSMSandboxTests",
            dependencies: ["CSMSandbox", "TestSupport"],
            swiftSettings: strictSettings
        ),
        // A test helper: runs a command with keyctl refused, as a container's seccomp profile does.
        .executableTarget(name: "keyless", path: "Tests/KeylessExec"),
        .testTarget(
            name: "CLIUnitTests",
            dependencies: ["csm-auth"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["CSMAuth", "CSMSandbox", "TestSupport", "CKernelKeyring"],
            swiftSettings: strictSettings
        ),
    ]
)
