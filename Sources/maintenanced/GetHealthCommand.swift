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
            answered, 78 bad configuration. The image's HEALTHCHECK runs it.
            """)

    @OptionGroup var options: GetOptions

    @Flag(help: "Ask /readyz (every role joined its group and restored its partitions) instead of /healthz.")
    var ready = false

    func validate() throws {
        if options.fromChangelog { throw ValidationError("health is an instance's: --from-changelog does not apply") }
        if options.output != .table { throw ValidationError("health prints the instance's answer as it comes: -o does not apply") }
    }

    func run() async throws {
        let base = try options.baseURL()
        let path = ready ? "/readyz" : "/healthz"
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await PeerClient(timeout: 3).getBytes(base + path)
        } catch {
            throw options.failure(.unavailable, "health: \(error)")
        }
        let text = String(decoding: answer.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard answer.status == 200 else { throw options.failure(.failure, "\(base)\(path): HTTP \(answer.status): \(text)") }
        print(text)
    }
}
