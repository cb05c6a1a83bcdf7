// swift-tools-version:6.1
import PackageDescription

// maintenanced: a Kafka-driven service that tracks a fleet of physical servers
// and drives maintenance, power operations and rolling OS updates on them.
// Layout (DESIGN.md §6): one folder per target under Sources/, a test target per
// source target under Tests/.

let package = Package(
    name: "maintenanced",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "maintenanced", targets: ["maintenanced"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // MARK: C bindings (system libraries from Debian's -dev packages)

        /// librdkafka, with its mock cluster header, through a shim header.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        /// libyaml's event parser.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        // MARK: Lifecycle core (pure state machines: no dependencies, no I/O, no clock)

        /// The three roles' per-server state machines, the cluster rollout and their
        /// transition tables; time comes in with every input.
        .target(
            name: "Lifecycle",
            dependencies: []
        ),
        .testTarget(
            name: "LifecycleTests",
            dependencies: ["Lifecycle"]
        ),

        // MARK: The executable

        .executableTarget(
            name: "maintenanced",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                "Lifecycle",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
