import ArgumentParser

/// `maintenanced get`: ask the service where servers are and what they wait for.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show servers and clusters: state, what each role waits for, since when, until when (kubectl-like).",
        discussion: """
            Asks a running instance's status API (--server HOST:PORT or http://HOST:PORT, default \
            $MAINTENANCED_SERVER, else where the configuration's http.port listens on this host, \
            http://127.0.0.1:8080 unless changed; any instance answers for any server), or with --from-changelog \
            reads the compacted state topics directly, so it works with the service down. \
            docs/API.md describes the answers and what "stuck" means. `get health` asks \
            /healthz (--ready: /readyz) and answers with its exit code.

            Exit codes: 0 found, 1 not found or a runtime failure, 64 usage error (also a query \
            the service calls malformed), 69 the service (or, with --from-changelog, Kafka) \
            cannot be reached, 78 bad configuration.
            """,
        subcommands: [GetServersCommand.self, GetServerCommand.self, GetClustersCommand.self, GetClusterCommand.self, GetHealthCommand.self]
    )
}
