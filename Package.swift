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
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
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
            dependencies: ["Lifecycle", "Events"]
        ),

        // MARK: Event contracts (issue 4)

        /// CloudEvents on Kafka: envelope, JSON, deterministic ids, dead letters.
        .target(name: "Events"),
        .testTarget(name: "EventsTests", dependencies: ["Events"]),
        /// The wire contracts: every event type, its topic and schema, and its mapping to the lifecycle core.
        .target(name: "Contracts", dependencies: ["Events", "Lifecycle"]),
        .testTarget(name: "ContractsTests", dependencies: ["Contracts", "Events", "Topics", "Lifecycle"]),

        // MARK: Processor runtime (issue 5)

        /// Runs the roles on Kafka: intake (decode, dead letters), state, changelogs, ticks.
        .target(
            name: "Processor",
            dependencies: ["Kafka", "Events", "Contracts", "Lifecycle", .product(name: "Logging", package: "swift-log")]
        ),

        .testTarget(
            name: "ProcessorTests",
            dependencies: ["Processor", "Kafka", "KafkaTopics", "Events", "Contracts", "Lifecycle"]
        ),

        // MARK: The executable

        .executableTarget(
            name: "maintenanced",
            dependencies: [
                "Events",
                "Contracts",
                "Processor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                "Lifecycle",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: - Kafka client (Sources/Kafka, Tests/KafkaTests, the kafka-benchmark)
// Kept in its own section so that other parts of the package can be merged
// without touching it. The executable gains its `broker` and `kafka` commands
// through the dependency added below.

package.products.append(.executable(name: "kafka-benchmark", targets: ["kafka-benchmark"]))
package.targets.append(contentsOf: [
    /// Tiny C wrappers for librdkafka calls Swift cannot make (variadic functions).
    .target(name: "CKafkaShims", dependencies: ["CRdKafka"]),
    /// The Swift Kafka client: producer, consumer, admin and the embedded mock cluster.
    .target(
        name: "Kafka",
        dependencies: [
            "CRdKafka",
            "CKafkaShims",
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    .testTarget(name: "KafkaTests", dependencies: ["Kafka"]),
    /// Multi-process tests that spawn the built `maintenanced` executable.
    .testTarget(name: "MaintenancedTests", dependencies: ["maintenanced", "Kafka", "Events", "Contracts", "Processor"]),
    /// Raw librdkafka produce and consume loops in C: the benchmark's baseline.
    .target(name: "CKafkaBenchmarkLoops", dependencies: ["CRdKafka"]),
    .executableTarget(
        name: "kafka-benchmark",
        dependencies: [
            "Kafka",
            "CKafkaBenchmarkLoops",
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
])
for target in package.targets where target.name == "maintenanced" {
    target.dependencies.append("Kafka")
}

// MARK: - YAML and topic declarations (Sources/YAML, Sources/Topics, topics/)
// Kept in its own section so that other parts of the package merge without
// touching it. The executable gains its `topics` command through the
// dependency added below.

package.targets.append(contentsOf: [
    /// YAML parsing (libyaml events into a node tree with marks) and a strict `Decoder`.
    .target(name: "YAML", dependencies: ["CYAML"]),
    .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
    /// The topic declarations under topics/: their model, strict loading and
    /// validation of the whole set, and applying them to a cluster.
    .target(name: "Topics", dependencies: ["YAML"]),
    .testTarget(name: "TopicsTests", dependencies: ["Topics", "YAML"]),
    /// The topic declarations applied to Kafka: through the admin client on a
    /// real cluster, directly in the embedded mock cluster (which serves no CreateTopics).
    .target(
        name: "KafkaTopics",
        dependencies: ["Topics", "Kafka", .product(name: "Logging", package: "swift-log")]
    ),
    .testTarget(name: "KafkaTopicsTests", dependencies: ["KafkaTopics", "Topics", "Kafka"]),
])
for target in package.targets where target.name == "maintenanced" {
    target.dependencies.append(contentsOf: ["Topics", "KafkaTopics"])
}
for target in package.targets where target.name == "MaintenancedTests" {
    target.dependencies.append("KafkaTopics")
}

// MARK: - Operations (issue 7): configuration, logging, HTTP observability
// Kept in its own section so that other parts of the package merge without
// touching it. The executable gains its `config` command through the
// dependency added below; the runtime (issue 5) depends on these targets.

package.dependencies.append(contentsOf: [
    .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
])
package.targets.append(contentsOf: [
    /// Log output of the service: JSON lines off a terminal, readable text on one.
    .target(name: "ServiceLogging", dependencies: [.product(name: "Logging", package: "swift-log")]),
    .testTarget(name: "ServiceLoggingTests", dependencies: ["ServiceLogging"]),
    /// The service configuration: one strict YAML file, environment overrides, validation.
    /// (Not named `Configuration`: Hummingbird brings swift-configuration, whose target has that name.)
    .target(
        name: "MaintenancedConfiguration",
        dependencies: ["YAML", "Kafka", "ServiceLogging", .product(name: "Logging", package: "swift-log")]
    ),
    .testTarget(name: "MaintenancedConfigurationTests", dependencies: ["MaintenancedConfiguration", "YAML"]),
    /// The HTTP side of the service: /healthz, /readyz, /metrics, and the metrics the runtime records.
    .target(
        name: "Observability",
        dependencies: [
            "MaintenancedConfiguration",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]
    ),
    .testTarget(
        name: "ObservabilityTests",
        dependencies: [
            "Observability",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]
    ),
])
for target in package.targets where target.name == "maintenanced" {
    target.dependencies.append(contentsOf: [
        "MaintenancedConfiguration", "ServiceLogging", "Observability",
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ])
}
// The runtime logs with the service's field names (server_id, event_id).
for target in package.targets where target.name == "Processor" {
    target.dependencies.append("ServiceLogging")
}

// MARK: - Fleet simulator (issues 5 and 6)
// The outside world played through Kafka: the end-to-end tests, the demo and the
// benchmarks drive maintenanced with it.

package.targets.append(contentsOf: [
    /// Simulated servers, BMCs, Incus, operators and claim owners; a view of the fleet from `server.transitions`.
    .target(
        name: "FleetSimulator",
        dependencies: ["Kafka", "Events", "Contracts", "Processor", .product(name: "Logging", package: "swift-log")]
    ),
    .testTarget(name: "FleetSimulatorTests", dependencies: ["FleetSimulator", "Events", "Contracts"]),
])
for target in package.targets where target.name == "maintenanced" || target.name == "MaintenancedTests" {
    target.dependencies.append("FleetSimulator")
}

// MARK: - Reliability (issue 9): the fuzz harness of the decoders
// Kept in its own section so that other parts of the package merge without
// touching it. Built normally it replays a corpus (no sanitizer needed);
// scripts/fuzz builds it again with -sanitize=fuzzer -DFUZZING in .build/fuzz.

package.targets.append(
    /// `maintenanced-fuzz <cloudevent|config|topic>`: libFuzzer harness (or corpus replay) of the decoders.
    .executableTarget(
        name: "maintenanced-fuzz",
        dependencies: ["Events", "Contracts", "YAML", "Topics", "MaintenancedConfiguration"]
    )
)

// MARK: - Service benchmarks (issue 8): the roles against raw librdkafka and a Python baseline
// Kept in its own section so that other parts of the package merge without touching it.

package.products.append(.executable(name: "maintenanced-benchmark", targets: ["maintenanced-benchmark"]))
package.targets.append(contentsOf: [
    /// The role benchmarks: generated fleet input, throughput, latency, restore and memory.
    .target(
        name: "ServiceBenchmarks",
        dependencies: [
            "Processor", "Contracts", "Events", "Lifecycle", "Kafka", "KafkaTopics", "Topics", "CKafkaBenchmarkLoops",
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    .executableTarget(name: "maintenanced-benchmark", dependencies: ["ServiceBenchmarks"]),
    .testTarget(name: "ServiceBenchmarksTests", dependencies: ["ServiceBenchmarks", "Contracts", "Processor"]),
])

// MARK: - Status API (issue 20): where each server is and what it waits for
// Kept in its own section so that other parts of the package merge without touching it.
// The views are pure (no Kafka, no HTTP); the HTTP routes are in Observability, the
// instance directory, the changelog reader and `get` in the executable.

package.targets.append(contentsOf: [
    /// The status views: the three roles' states of a server as status, waits and stuck
    /// reasons; clusters; the filter of the API; the status page; the CLI's tables.
    .target(name: "FleetStatus", dependencies: ["Lifecycle", "Events"]),
    .testTarget(name: "FleetStatusTests", dependencies: ["FleetStatus", "Lifecycle", "Events"]),
])
for target in package.targets where ["Observability", "maintenanced", "ObservabilityTests", "MaintenancedTests"].contains(target.name) {
    target.dependencies.append("FleetStatus")
}
for target in package.targets where ["Observability", "ObservabilityTests"].contains(target.name) {
    target.dependencies.append(contentsOf: ["Events", "Lifecycle"])
}
