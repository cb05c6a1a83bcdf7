import ArgumentParser

/// `maintenanced get health`: whether an instance is alive (`/healthz`) or ready (`/readyz`),
/// as an exit code, for a container's HEALTHCHECK or a script; by default the instance this
/// host's configuration describes, so a changed `http.port` needs no second setting.
struct GetHealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask an instance whether it is alive (/healthz) or, with --ready, ready (/readyz).",
        discussion: """
            Prints the instance's answer. Exit codes: 0 alive (ready), 1 it answered that it is \
            not (a stopping instance is not ready; a role not yet restored neither), 69 nothing \
            answered, 64 no instance to ask (a bad --server, or a configuration whose http.port             is 0 without --server), 78 bad configuration. The image's HEALTHCHECK runs it.
            """)

    @OptionGroup var instance: InstanceOptions

    @Flag(help: "Ask /readyz (every role joined its group and restored its partitions) instead of /healthz.")
    var ready = false

    func run() async throws {
        let base = try instance.baseURL()
        let path = ready ? "/readyz" : "/healthz"
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await PeerClient(timeout: 3).getBytes(base + path)
        } catch {
            throw CommandFailure(.unavailable, command: "get", "health: \(error)")
        }
        let text = String(decoding: answer.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard answer.status == 200 else { throw CommandFailure(.failure, command: "get", "\(base)\(path): HTTP \(answer.status): \(text)") }
        print(text)
    }
}
