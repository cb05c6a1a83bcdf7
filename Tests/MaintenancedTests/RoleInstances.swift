import MaintenancedTesting
import Synchronization

/// The `maintenanced run --role …` processes of a fleet run. They are started,
/// killed and stopped through here, so that at the end each one's exit can be
/// judged against what was done to it: one killed by the run ends by SIGKILL, any
/// other must exit 0 on SIGTERM — anything else is a crash, and a SIGTERM not
/// obeyed within the time allowed is a hang.
final class RoleInstances: Sendable {
    static let roles = ["scheduler", "power", "update"]

    /// What the run did to an instance.
    enum Stop: Sendable {
        case killed
        case terminated
    }

    /// How one instance ended.
    struct Ending: Sendable {
        var name: String
        var role: String
        /// Whether it was started during the run as an extra (a storm's joiner).
        var extra: Bool
        var stop: Stop?
        /// The exit status, or the signal's number when `bySignal`; nil if it did not end.
        var status: Int32?
        var bySignal: Bool
        /// The tail of its standard error.
        var errors: String
        /// How many times it was assigned partitions (its rebalances that gave it work).
        var assignments: Int
        /// How many of its restores read changelog partitions from the state directory's snapshots.
        var snapshotRestores: Int

        /// An instance the run did not kill that ended other than by exiting 0.
        var isCrash: Bool { stop != .killed && status != nil && (bySignal || status != 0) }
        /// An instance that did not stop on SIGTERM within the time allowed.
        var isHang: Bool { status == nil }
        /// An instance killed by the run that did not end by SIGKILL.
        var isUnexpectedKillEnding: Bool { stop == .killed && status != nil && !(bySignal && status == 9) }

        var summary: String {
            let how = status.map { bySignal ? "signal \($0)" : "exit \($0)" } ?? "still running"
            return "\(name) (\(stop.map { "\($0)" } ?? "not stopped by the run")): \(how)"
        }
    }

    private struct Member {
        let child: ChildProcess
        let role: String
        let extra: Bool
        var stop: Stop?
    }

    private struct State {
        var members: [Member] = []
        var started: [String: Int] = [:]
        /// Instances that did not stop on SIGTERM in time.
        var hung: Set<String> = []
    }

    private let arguments: [String]
    private let children: Shared<[ChildProcess]>
    private let state = Mutex(State())

    /// `arguments` follow `run --role <role>` for every instance; every child is also added to `children`.
    init(arguments: [String], children: Shared<[ChildProcess]>) {
        self.arguments = arguments
        self.children = children
    }

    /// Starts an instance of `role`, named `<role>-<n>` (n counting from 1 per role).
    @discardableResult
    func start(_ role: String, extra: Bool = false) throws -> ChildProcess {
        let number = state.withLock { state in
            state.started[role, default: 0] += 1
            return state.started[role, default: 0]
        }
        let child = try ChildProcess("\(role)-\(number)", ["run", "--role", role] + arguments)
        children.update { $0.append(child) }
        state.withLock { $0.members.append(Member(child: child, role: role, extra: extra)) }
        return child
    }

    /// Every instance started so far.
    var all: [ChildProcess] { state.withLock { $0.members.map(\.child) } }

    /// The instances of `role` the run has not stopped, oldest first; only the
    /// extras with `extras`.
    func live(_ role: String? = nil, extras: Bool = false) -> [ChildProcess] {
        state.withLock { state in
            state.members.filter { $0.stop == nil && (role == nil || $0.role == role) && (!extras || $0.extra) }.map(\.child)
        }
    }

    /// The role `child` was started for.
    func role(of child: ChildProcess) -> String {
        state.withLock { state in state.members.first { $0.child === child }?.role ?? "?" }
    }

    private func mark(_ child: ChildProcess, _ stop: Stop) {
        state.withLock { state in
            if let index = state.members.firstIndex(where: { $0.child === child }) { state.members[index].stop = stop }
        }
    }

    /// SIGKILL, then waits for the process to be gone.
    func kill(_ child: ChildProcess) async throws {
        mark(child, .killed)
        child.kill()
        _ = try await child.exitStatus()
    }

    /// SIGTERM, then waits up to `timeout` for the exit; returns the status, or nil
    /// when it did not stop in time (it is then killed, and its ending says "still running").
    @discardableResult
    func terminate(_ child: ChildProcess, timeout: Duration = .seconds(60)) async -> Int32? {
        mark(child, .terminated)
        await Self.awaitStarted([child])
        child.terminate()
        do {
            return try await child.exitStatus(timeout: timeout)
        } catch is CancellationError {
            // The run ended while this leave was under way: `stopAll` waits for its exit like
            // the others'. (It used to count as a hang and be killed: a soak's false hang.)
            return nil
        } catch {
            state.withLock { _ = $0.hung.insert(child.name) }
            child.kill()
            _ = try? await child.exitStatus()
            return nil
        }
    }

    /// Waits, up to 30 s, until each of `children` has written its first line or ended. `run`
    /// traps SIGTERM before anything else it does, logging included; a SIGTERM before that
    /// meets the kernel's default action (an end by signal, seen once in a soak with an
    /// instance started 30 ms before the round ended): the moment between a process's exec and
    /// its first instruction, which no program closes, not a crash of it.
    private static func awaitStarted(_ children: [ChildProcess]) async {
        for child in children {
            try? await waitUntil("\(child.name) has started", timeout: .seconds(30)) { !child.isRunning || !child.standardError.isEmpty }
        }
    }

    /// Stops every instance still running (SIGTERM, all at once) and returns how every instance ended.
    func stopAll(timeout: Duration = .seconds(60)) async -> [Ending] {
        let (running, leaving) = state.withLock { state in
            (state.members.filter { $0.child.isRunning && $0.stop == nil }.map(\.child),
             state.members.filter { $0.child.isRunning && $0.stop == .terminated }.map(\.child))
        }
        for child in running { mark(child, .terminated) }
        await Self.awaitStarted(running)
        for child in running { child.terminate() }
        // Those told to leave before (a leave under way when the run ended) are waited for too.
        for child in running + leaving {
            do {
                _ = try await child.exitStatus(timeout: timeout)
            } catch {
                state.withLock { _ = $0.hung.insert(child.name) }
                child.kill()
                _ = try? await child.exitStatus()
            }
        }
        let (members, hung) = state.withLock { ($0.members, $0.hung) }
        return members.map { member in
            let child = member.child
            let status = hung.contains(child.name) ? nil : child.status
            return Ending(
                name: child.name, role: member.role, extra: member.extra, stop: member.stop, status: status,
                bySignal: status != nil && child.endedBySignal, errors: child.standardErrorForReport(),
                assignments: child.standardError.components(separatedBy: "partitions assigned").count - 1,
                snapshotRestores: child.standardError.components(separatedBy: "changelog partitions from snapshots").count - 1)
        }
    }
}
