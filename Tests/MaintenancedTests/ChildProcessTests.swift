import Foundation
import MaintenancedTesting
import Testing

/// The test processes' `ChildProcess`: children started at the same time hold none of each
/// other's pipes, so a closed standard input or an ended child is seen at once.
@Suite("child processes of the tests", .timeLimit(.minutes(1)))
struct ChildProcessTests {
    /// Lists what each of the shell's descriptors is (`0 pipe:[123]`, one line each).
    static let listDescriptors = #"for f in /proc/$$/fd/*; do echo "${f##*/} $(readlink "$f")"; done"#

    @Test("children started at the same time hold none of each other's pipes")
    func noInheritedPipes() async throws {
        let listings = try await withThrowingTaskGroup(of: [Int: String].self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let (status, output, _) = try await ChildProcess.run(
                        ["-c", Self.listDescriptors], executable: URL(fileURLWithPath: "/bin/sh"), timeout: .seconds(20))
                    #expect(status == 0)
                    var descriptors: [Int: String] = [:]
                    for line in output.split(separator: "\n") {
                        let fields = line.split(separator: " ", maxSplits: 1)
                        if fields.count == 2, let number = Int(fields[0]) { descriptors[number] = String(fields[1]) }
                    }
                    return descriptors
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(listings.count == 16)
        // Each child's standard input, output and error are pipes of its own; no other
        // descriptor of any child is one of them.
        let own = listings.map { listing in Set((0...2).compactMap { listing[$0] }) }
        for listing in own { #expect(listing.count == 3 && listing.allSatisfy { $0.hasPrefix("pipe:") }, "\(listing)") }
        let everyChildsPipes = own.reduce(into: Set<String>()) { $0.formUnion($1) }
        for listing in listings {
            let inherited = listing.filter { $0.key > 2 && everyChildsPipes.contains($0.value) }
            #expect(inherited.isEmpty, "a child holds another child's pipes: \(inherited)")
        }
    }

    @Test("a child reading its standard input ends once the test closes it, while other children run")
    func closedInputIsSeen() async throws {
        let others = try (0..<4).map { _ in try ChildProcess("sleep", ["30"], executable: URL(fileURLWithPath: "/bin/sleep")) }
        defer { for other in others { other.kill() } }
        let reader = try ChildProcess("cat", [], executable: URL(fileURLWithPath: "/bin/cat"))
        try reader.closeInput()
        #expect(try await reader.exitStatus(timeout: .seconds(10), stop: reader.kill) == 0)
    }

    @Test("the output of children that write and end at once is read to its end")
    func outputReadToItsEnd() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<16 {
                group.addTask {
                    let child = try ChildProcess(
                        "sh", ["-c", "echo \(number); echo é >&2"], executable: URL(fileURLWithPath: "/bin/sh"), input: "")
                    #expect(try await child.exitStatus(timeout: .seconds(20)) == 0)
                    // exitStatus waits up to 2 s after the end for the pipes' end: it came (with
                    // readabilityHandler, it was sometimes missed and the pipes looked open).
                    #expect(child.outputEnded)
                    #expect(child.standardOutput == "\(number)\n")
                    #expect(child.standardError == "é\n")
                }
            }
            try await group.waitForAll()
        }
    }
}
