// swift-tools-version:6.1
import PackageDescription

// maintenanced: a Kafka-driven service that tracks a fleet of physical servers and
// drives maintenance, power operations and rolling OS updates on them.
//
// Read top to bottom, this file is the architecture (docs/ARCHITECTURE.md): C
// bindings, then libraries that know nothing of servers, then the pure lifecycle
// core, the event contracts, the runtime, the simulated world, the executable and
// the tools. A target depends only on its own layer or the ones above it in this
// file; `ArchitectureTests` fails when a source file imports a later layer. One
// folder per target under Sources/, a test target per source target under Tests/;
// test targets may also use MaintenancedTesting, the helpers they share (layer 8).

let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

let package = Package(
    name: "maintenanced",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "maintenanced", targets: ["maintenanced"]),
        .executable(name: "kafka-benchmark", targets: ["kafka-benchmark"]),
        .executable(name: "maintenanced-benchmark", targets: ["maintenanced-benchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // MARK: 1. C bindings (system libraries from Debian's -dev packages)

        /// librdkafka, with its mock cluster header, through a shim header.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        /// libyaml's event parser.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        /// jemalloc's control interface; linking it makes jemalloc the process's malloc.
        .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"])]),
        /// Tiny C wrappers for librdkafka calls Swift cannot make (variadic functions).
        .target(name: "CKafkaShims", dependencies: ["CRdKafka"]),
        /// Raw librdkafka produce and consume loops in C: the benchmarks' baseline.
        .target(name: "CKafkaBenchmarkLoops", dependencies: ["CRdKafka"]),

        // MARK: 2. Libraries (know nothing of servers or maintenance)

        /// JSON string literals with the one escaping rule that events, logs and configuration share.
        .target(name: "JSON"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        /// A Kafka message's headers packed in one buffer: what the client and the events share.
        .target(name: "Headers"),
        .testTarget(name: "HeadersTests", dependencies: ["Headers"]),
        /// The Swift Kafka client: producer, group consumer, admin and the embedded mock cluster.
        .target(name: "Kafka", dependencies: ["CRdKafka", "CKafkaShims", "Headers", logging]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "CKafkaShims", "MaintenancedTesting"]),
        /// YAML parsing (libyaml events into a node tree with marks) and a strict `Decoder`.
        .target(name: "YAML", dependencies: ["CYAML", "JSON"]),
        /// Which allocator serves malloc; the executables depend on it to run on jemalloc.
        .target(name: "Allocator", dependencies: ["CJemalloc"]),
        .testTarget(name: "AllocatorTests", dependencies: ["Allocator"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        /// CloudEvents on Kafka: envelope, strict JSON, deterministic ids, dead letters, the partitioner.
        .target(name: "Events", dependencies: ["JSON", "Headers"]),
        .testTarget(name: "EventsTests", dependencies: ["Events", "MaintenancedTesting"]),
        /// Log output of the service: JSON lines off a terminal, readable text on one.
        .target(name: "ServiceLogging", dependencies: ["JSON", logging]),
        .testTarget(name: "ServiceLoggingTests", dependencies: ["ServiceLogging"]),

        // MARK: 3. Lifecycle core (pure state machines: no dependencies, no I/O, no clock)

        /// The three roles' per-server state machines, the cluster rollout and their
        /// transition tables; time comes in with every input.
        .target(name: "Lifecycle"),
        .testTarget(name: "LifecycleTests", dependencies: ["Lifecycle", "Contracts", "Events", "MaintenancedTesting"]),

        // MARK: 4. Contracts (the wire and the declarations)

        /// Every event type, its topic and schema, and its mapping to the lifecycle core.
        .target(name: "Contracts", dependencies: ["JSON", "Events", "Lifecycle"]),
        .testTarget(name: "ContractsTests", dependencies: ["Contracts", "Events", "Topics", "Lifecycle", "MaintenancedTesting"]),
        /// The topic declarations under topics/: their model, strict loading and validation.
        .target(name: "Topics", dependencies: ["YAML"]),
        .testTarget(name: "TopicsTests", dependencies: ["Topics", "YAML"]),
        /// The status views (pure): the three roles' states of a server as status, waits and
        /// stuck reasons; clusters; the API's filter; the status page; the CLI's tables.
        .target(name: "FleetStatus", dependencies: ["Lifecycle", "Events"]),
        .testTarget(name: "FleetStatusTests", dependencies: ["FleetStatus", "Lifecycle", "Events"]),

        // MARK: 5. Runtime (the roles on Kafka, configured and observed)

        /// The topic declarations applied to Kafka: through the admin client on a real
        /// cluster, directly in the embedded mock cluster (which serves no CreateTopics).
        .target(name: "KafkaTopics", dependencies: ["Topics", "Kafka", logging]),
        .testTarget(name: "KafkaTopicsTests", dependencies: ["KafkaTopics", "Topics", "Kafka"]),
        /// The service configuration: one strict YAML file, environment overrides, validation.
        /// (Not named `Configuration`: Hummingbird brings swift-configuration, whose target has that name.)
        .target(name: "MaintenancedConfiguration", dependencies: ["JSON", "YAML", "Kafka", "ServiceLogging", "Lifecycle", logging]),
        .testTarget(name: "MaintenancedConfigurationTests", dependencies: ["MaintenancedConfiguration", "YAML", "Lifecycle", "MaintenancedTesting"]),
        /// A client of the service: sends catalogued events as CloudEvents, and the wall clock.
        /// The CLI, the simulator, the tests and the runtime share it.
        .target(name: "MaintenancedClient", dependencies: ["Kafka", "Events", "Contracts", logging]),
        /// Runs the roles on Kafka: the sequencer, the fold of each role's log, changelogs and restore.
        .target(
            name: "Processor",
            dependencies: [
                "Kafka", "Events", "Contracts", "Lifecycle", "ServiceLogging", "MaintenancedClient", logging,
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "ProcessorTests", dependencies: ["Processor", "MaintenancedClient", "Kafka", "KafkaTopics", "Events", "Contracts", "Lifecycle", "MaintenancedTesting"]),
        /// The HTTP side of the service: /healthz, /readyz, /metrics, the status page and /v1/ API, and the metrics the runtime records.
        .target(
            name: "Observability",
            dependencies: [
                "MaintenancedConfiguration", "FleetStatus", "Events", "Lifecycle",
                logging,
                .product(name: "Hummingbird", package: "hummingbird"),
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
                "Observability", "FleetStatus", "Events", "Lifecycle", "MaintenancedTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: 6. The simulated world (a Kafka client of the service like any other)

        /// Simulated servers, BMCs, Incus, operators and claim owners; a view of the fleet from `server.transitions`.
        .target(name: "FleetSimulator", dependencies: ["Kafka", "Events", "Contracts", "MaintenancedClient", logging]),
        .testTarget(name: "FleetSimulatorTests", dependencies: ["FleetSimulator", "Events", "Contracts"]),

        // MARK: 7. The executable

        /// `maintenanced`: run, demo, broker, topics, request, events, describe, config, kafka, get.
        .executableTarget(
            name: "maintenanced",
            dependencies: [
                "Kafka", "YAML", "Events", "ServiceLogging", "Lifecycle", "Contracts", "Topics", "KafkaTopics",
                "MaintenancedConfiguration", "MaintenancedClient", "Processor", "Observability", "FleetStatus", "FleetSimulator", "Allocator", logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        /// Multi-process tests that spawn the built `maintenanced` executable.
        .testTarget(
            name: "MaintenancedTests",
            dependencies: ["maintenanced", "Kafka", "Events", "Lifecycle", "Contracts", "KafkaTopics", "MaintenancedClient", "Processor", "FleetStatus", "FleetSimulator", "MaintenancedTesting", "Observability"]
        ),

        // MARK: 8. Tools (benchmarks, fuzzing and testing)

        /// The Kafka client against raw librdkafka in C.
        .executableTarget(
            name: "kafka-benchmark",
            dependencies: ["Kafka", "CKafkaBenchmarkLoops", logging, .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        /// The role benchmarks: generated fleet input, throughput, latency, restore, memory and the service at rest.
        .target(
            name: "ServiceBenchmarks",
            dependencies: [
                "CKafkaBenchmarkLoops", "Kafka", "Events", "Lifecycle", "Contracts", "Topics", "KafkaTopics", "Processor", "Allocator", "MaintenancedTesting", logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ServiceBenchmarksTests",
            dependencies: ["ServiceBenchmarks", "Lifecycle", "Contracts", "Processor", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "maintenanced-benchmark", dependencies: ["ServiceBenchmarks"]),
        /// `maintenanced-fuzz <cloudevent|config|topic>`: libFuzzer harness (or corpus replay) of the decoders;
        /// scripts/fuzz builds it again with -sanitize=fuzzer -DFUZZING in .build/fuzz.
        .executableTarget(name: "maintenanced-fuzz", dependencies: ["Events", "Contracts", "YAML", "Topics", "MaintenancedConfiguration"]),
        /// What the test targets (and the service benchmark, for its child processes) share, like
        /// HummingbirdTesting: the seeded generator, child processes waited for without blocking a
        /// thread, `waitUntil`, the repository's files and an embedded cluster with the declared topics.
        .target(name: "MaintenancedTesting", dependencies: ["Kafka", "KafkaTopics", "FleetSimulator", "Contracts", "Events", logging]),
    ],
    swiftLanguageModes: [.v6]
)
