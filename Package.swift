// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "release-mirror",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "release-mirror", targets: ["release-mirror"]),
        .library(name: "ReleaseMirror", targets: ["ReleaseMirror"]),
        .library(name: "KimiRuntime", targets: ["KimiRuntime"]),
        .library(name: "KimiConformance", targets: ["KimiConformance"]),
        .executable(name: "kimi-conformance", targets: ["kimi-conformance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // libgit2 from the system (Debian: libgit2-dev): git2.h, nothing else. Supported: libgit2
        // >= 1.5.1, < 2.0 (SwiftPM cannot pass a version to pkg-config: `scripts/ensure-deps.sh
        // build` checks it, and CGitSupport's gate.h refuses any other at compile time). The fast
        // paths written for 1.5's internals switch themselves off on any other version (README,
        // Performance).
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // The package's C beside libgit2: wrappers for C-variadic calls, the fetch-negotiation ref
        // database, the timed socket stream. Warnings (-Wall -Wextra) are errors: by pragma
        // (Sources/CGitSupport/warnings.h), since SwiftPM refuses unsafeFlags in a package used as a
        // dependency.
        .target(name: "CGitSupport", dependencies: ["Clibgit2"]),
        // MirrorSystem's C (process hardening: prctl is C-variadic); no libgit2. Warnings are errors.
        .target(name: "CMirrorSystem"),
        // The process, not libgit2: the run lock, stale ref-lock removal, signal handling
        // (critical sections, safe-point exit), process hardening, the tests' pause hook.
        .target(name: "MirrorSystem", dependencies: ["CMirrorSystem"], swiftSettings: strict),
        // The only code that touches the libgit2 C API.
        .target(name: "Git", dependencies: ["Clibgit2", "CGitSupport", "MirrorSystem"], swiftSettings: strict),
        // The engine: config, planning, sync, smoke, reports, ledger, audit, publish.
        .target(
            name: "ReleaseMirror",
            dependencies: [
                "Git",
                "MirrorSystem",
                "ChildProcesses",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "release-mirror",
            dependencies: [
                "ReleaseMirror",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The one process runner (on swift-subprocess): long-lived children with a stdin writer and
        // line streams, run-to-completion with captured output, process-group kill, timeouts.
        .target(
            name: "ChildProcesses",
            dependencies: [.product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strict
        ),
        // The pinned Kimi consumer module; stands alone (no mirror engine).
        .target(name: "KimiRuntime", dependencies: ["ChildProcesses"], swiftSettings: strict),
        // The behavioural contract every AgentRuntime adapter must meet; a mirror's smoke hook runs it.
        .target(name: "KimiConformance", dependencies: ["KimiRuntime"], swiftSettings: strict),
        // Runs the conformance suite against a Kimi CLI build through a fake model server (a smoke command).
        .executableTarget(
            name: "kimi-conformance",
            dependencies: [
                "KimiConformance", "KimiRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "MirrorSystemTests", dependencies: ["MirrorSystem", "TestSupport"], swiftSettings: strict),
        // Drives the Git layer and the run lock from several processes at once in tests (racing ref
        // writes, the lock).
        .executableTarget(
            name: "git-probe", dependencies: ["Git", "MirrorSystem"], path: "Tests/GitProbe", swiftSettings: strict),
        .testTarget(
            name: "ReleaseMirrorTests",
            dependencies: ["ReleaseMirror", "Git", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KimiRuntimeTests", dependencies: ["KimiRuntime", "KimiConformance"], swiftSettings: strict),
        .testTarget(
            name: "CLITests",
            dependencies: ["TestSupport"],
            swiftSettings: strict
        ),
        
        // Crash safety, concurrency, a real smart-HTTP server, network faults, bad input, the smoke hook's reach.
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["ReleaseMirror", "Git", "TestSupport", "ChildProcesses"],
            swiftSettings: strict
        ),
        // Helpers shared by the mirror test targets: temp dirs, git CLI fixtures, process runner.
        .target(name: "TestSupport", dependencies: ["ChildProcesses"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses"], swiftSettings: strict),
    ]
)
