// swift-tools-version:5.4
import PackageDescription

// Coverage-guided fuzzers (libFuzzer) for the parsers of untrusted bytes in CSMAuth.
//
// A package of its own, so the main build and CI never compile them. Build and run them with
// `scripts/fuzz` (docs/development.md, "Fuzzing"): it passes `-sanitize=fuzzer` and
// `-enable-testing` to every Swift module, so the library is instrumented too and
// `@testable import CSMAuth` reaches the internal parsers.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM links every Swift executable with
// `main` aliased to `<module>_main`, which clashes with the `main` of libFuzzer's runtime.
// The library itself is still built in Swift 6 mode by its own manifest.

/// One executable per parser; each defines `LLVMFuzzerTestOneInput` and libFuzzer supplies `main`.
let fuzzers: [(name: String, dependencies: [Target.Dependency])] = [
    (
        "callback-request",
        [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    ("pasted-url", []),
    ("token-response", []),
    ("site-responses", []),
    ("config-file", []),
    ("stored-credentials", []),
    ("api-body", []),
    ("kernel-cache-payload", []),
]

let package = Package(
    name: "csm-auth-fuzz",
    dependencies: [
        // Named, so the package is found whatever the clone's folder is called.
        .package(name: "csm-auth", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .target(name: "FuzzSupport")
    ]
        + fuzzers.map { fuzzer in
            .executableTarget(
                name: fuzzer.name,
                dependencies: [.product(name: "CSMAuth", package: "csm-auth"), "FuzzSupport"] + fuzzer.dependencies,
                // No `main`: libFuzzer's runtime provides it and calls LLVMFuzzerTestOneInput.
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]
            )
        }
)
