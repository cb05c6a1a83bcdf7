import Events
import FleetStatus
import Lifecycle
import Testing

@Suite("Status views: what each role waits for, since when, and when a server is stuck")
struct FleetStatusTests {
    static let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    /// A server the scheduler has started a maintenance on at `start`: it waits for the power controller.
    static func scheduler() -> MaintenanceScheduler {
        var scheduler = MaintenanceScheduler(power: .on)
        let request = MaintenanceRequest(id: MaintenanceID(namespace: "ops", name: "bios"), type: "BIOSUpdate")
        _ = scheduler.handle(.maintenanceRequested(request), at: start)
        return scheduler
    }

    static func at(_ milliseconds: Int64) -> Instant { Instant(millisecondsSinceEpoch: start.millisecondsSinceEpoch + milliseconds) }

    @Test("a rejection's entry says its reason once: the reason names its kind, the code is not put before it again")
    func rejectionEntries() throws {
        func entry(_ data: JSONValue) throws -> TransitionEntry {
            try #require(TransitionEntry(
                event: CloudEvent(id: "r-1", source: "/maintenanced/scheduler", type: "dev.maintenanced.transition.rejected", subject: "server-1", time: 5, data: data),
                fallbackTime: 0))
        }
        let duplicate = try entry(["role": "scheduler", "code": "duplicate", "reason": "duplicate: maintenance default/bios"])
        #expect(duplicate.summary == "transition.rejected: duplicate: maintenance default/bios")
        #expect(duplicate.role == "scheduler" && duplicate.server == "server-1")
        #expect(try entry(["code": "not-applicable"]).summary == "transition.rejected: not-applicable")
    }

    @Test("a wait's since is its deadline minus the step's timeout, with attempt n of the policy's m")
    func waitTimes() throws {
        let settings = StatusSettings()
        let view = ServerStatusView(ServerParts(id: "server-1", scheduler: Self.scheduler()), settings: settings, now: Self.at(1000))
        let wait = try #require(view.waits.first)
        #expect(wait.role == .scheduler)
        #expect(wait.since == Self.start)
        let policy = settings.scheduler.policy(of: try #require(SchedulerPhase(rawValue: wait.step)))
        #expect(wait.until == Self.start + policy.timeout)
        #expect(wait.attempt == 1 && wait.attempts == policy.attempts)
        #expect(wait.waitsFor.contains("ops/bios"))
        #expect(!view.isStuck)
        #expect(view.operational == "maintenance" || view.operational == "available")
    }

    @Test("stuck: a wait longer than the threshold, or past its deadline; a failed update cycle; nothing else")
    func stuck() throws {
        let parts = ServerParts(id: "server-1", scheduler: Self.scheduler())
        let short = StatusSettings(stuck: StuckRule(after: .seconds(60)))
        #expect(!ServerStatusView(parts, settings: short, now: Self.at(59_000)).isStuck)
        let long = ServerStatusView(parts, settings: short, now: Self.at(61_000))
        #expect(long.isStuck)
        #expect(long.stuckReasons.first?.contains("longer than 1m00s") == true, "\(long.stuckReasons)")
        let deadline = try #require(long.waits.first?.until)
        let overdue = ServerStatusView(parts, settings: StatusSettings(), now: deadline + .seconds(31))
        #expect(overdue.stuckReasons.first?.contains("past its deadline") == true, "\(overdue.stuckReasons)")
        let idle = ServerStatusView(ServerParts(id: "server-2", power: PowerController()), settings: short, now: Self.at(86_400_000))
        #expect(!idle.isStuck && idle.waits.isEmpty && idle.status == "Unknown")
    }

    @Test("the query: known parameters parse, malformed or unknown ones are bad requests naming the parameter")
    func query() throws {
        let query = try ServerQuery(parameters: [("state", "maintenance"), ("waiting", "power"), ("stuck", "true"), ("stuckAfter", "90s"), ("limit", "5")])
        #expect(query.stuck == true && query.stuckAfter == .seconds(90) && query.limit == 5 && query.waiting == "power")
        // waiting= ignores case, as state= does, and keeps the name as the API writes it.
        #expect(try ServerQuery(parameters: [("waiting", "AwaitingApproval")]).waiting == "awaitingApproval")
        #expect(try ServerQuery(parameters: [("waiting", "SCHEDULER")]).waiting == "scheduler")
        #expect(try ServerQuery(parameters: [("waiting", "Any")]).waiting == "any")
        let bad: [[(String, String)]] = [
            [("waiting", "coffee")], [("stuck", "yes")], [("limit", "0")], [("limit", "x")], [("offset", "-1")], [("stuckAfter", "soon")],
            [("colour", "red")], [("state", "bogus")], [("state", "")], [("state", "Ready")] + [("state", "Pending")], [("limit", "5"), ("limit", "5")],
        ]
        for parameters in bad {
            let name = parameters[0].0
            #expect(throws: StatusError.self, "\(parameters)") { try ServerQuery(parameters: parameters) }
            do throws(StatusError) {
                _ = try ServerQuery(parameters: parameters)
            } catch {
                #expect(error.status == 400 && error.json["parameter"]?.stringValue == name, "\(parameters)")
            }
        }
        // A state no server can have names every one it can, by kind.
        #expect(throws: StatusError.badRequest(
            "state=bogus: expected a status (Unknown, Pending, Ready, Offline, Pending (re-configuring), Ready (updating), Offline (rebooting), "
                + "Offline (shut down), Offline (unresponsive)), a status detail (none, re-configuring, updating, rebooting, shut down, unresponsive), "
                + "an operational state (available, reserved, maintenance), a maintenance state (not in maintenance, evacuating, evacuated, restoring) "
                + "or an update state (Up to date, update pending, updating, Evacuation pending, Reboot pending, Rebooting, Evacuating, "
                + "In maintenance (reboot pending), In maintenance (rebooting), In maintenance (restore pending), Restoring, Failed); case and spaces ignored",
            parameter: "state")) { try ServerQuery(parameters: [("state", "bogus")]) }
        // Every state named there, and the states' code names, are accepted, whatever the case and spacing.
        let names = ServerStatusView.states.flatMap(\.names)
        #expect(names.count == 34)
        for state in names + names.map({ $0.uppercased() }) + ["ready(updating)", "evacuationPending", "shutDown", "upToDate", "notInMaintenance", "re configuring"] {
            #expect((try? ServerQuery(parameters: [("state", state)]))?.state == state, "\(state)")
        }
        // And each is what the filter compares with: a server with no state anywhere is in exactly these.
        let blank = ServerStatusView(ServerParts(id: "server-0"), settings: StatusSettings(), now: Self.start)
        #expect(names.filter(blank.isIn(state:)) == ["Unknown", "none", "available", "not in maintenance", "Up to date"])
        #expect(StatusText.parseSpan("1500ms") == 1500 && StatusText.parseSpan("5m") == 300_000 && StatusText.parseSpan("2h") == 7_200_000)
        #expect(StatusText.parseSpan("m") == nil && StatusText.parseSpan("-5s") == nil)
    }

    @Test("one escaping for ids in URLs: every byte but the unreserved characters is %XX, dot-segments whole; decode inverts it and refuses malformed text")
    func percentEncoding() {
        let encoded = [
            "srv%41": "srv%2541", "rack1/s#1 x": "rack1%2Fs%231%20x", "sérvér-ü": "s%C3%A9rv%C3%A9r-%C3%BC", "a?b+c&d=e": "a%3Fb%2Bc%26d%3De",
            "..": "%2E%2E", ".": "%2E", "...": "...", "node-1.rack_2~x": "node-1.rack_2~x", "tab\tline\n": "tab%09line%0A",
        ]
        for (id, escaped) in encoded {
            #expect(PercentEncoding.encode(id) == escaped, "\(id)")
            #expect(PercentEncoding.decode(escaped) == id, "\(escaped)")
        }
        // What a person types: unescaped characters are taken as they are, either case of hex digit.
        #expect(PercentEncoding.decode("srv%41") == "srvA" && PercentEncoding.decode("s%c3%a9") == "sé" && PercentEncoding.decode("a+b") == "a+b")
        for malformed in ["100%", "%4", "%zz", "%FF", "%C3"] { #expect(PercentEncoding.decode(malformed) == nil, "\(malformed)") }
    }

    @Test("the queries over a snapshot: 404 for an unknown server or cluster, stuck servers first, paged")
    func queries() async throws {
        var rollout = ClusterRollout(maxUnavailable: 1)
        _ = rollout.handle(.request(member: "server-1"), at: Self.start)
        _ = rollout.handle(.request(member: "server-2"), at: Self.start)
        let source = SnapshotStatusSource(
            settings: StatusSettings(stuck: StuckRule(after: .seconds(10))), scheduler: ["server-1": Self.scheduler(), "server-2": MaintenanceScheduler()],
            rollout: ["cluster-a": rollout])
        let queries = StatusQueries(source: source)
        await #expect(throws: StatusError.notFound("no server server-9 in scheduler.state, power.state or update.state")) {
            try await queries.server("server-9", now: Self.at(0))
        }
        await #expect(throws: StatusError.self) { try await queries.cluster("cluster-z") }
        let cluster = try await queries.cluster("cluster-a")
        #expect(cluster["holders"] == ["server-1"] && cluster["queue"] == ["server-2"])
        let stuck = await queries.servers(ServerQuery(stuck: true), now: Self.at(20_000))
        #expect(stuck["total"]?.intValue == 1)
        #expect(stuck["servers"]?.arrayValue?.first?["id"]?.stringValue == "server-1")
        #expect(stuck["servers"]?.arrayValue?.first?["waits"]?.arrayValue?.first?["attempt"]?.intValue == 1)
        let page = await queries.servers(ServerQuery(limit: 1), now: Self.at(20_000))
        #expect(page["servers"]?.arrayValue?.count == 1 && page["next"]?.intValue == 1 && page["total"]?.intValue == 2)
        let server = try await queries.server("server-1", now: Self.at(0))
        #expect(server["maintenances"]?.arrayValue?.first?["name"]?.stringValue == "bios")
        // Every part was read, though only the scheduler's holds state: each names where it came from, in a list as in one view.
        let owners: JSONValue = ["scheduler": "changelog", "power": "changelog", "update": "changelog"]
        #expect(server["owners"] == owners)
        let all = await queries.servers(ServerQuery(), now: Self.at(0))
        #expect(all["servers"]?.arrayValue?.map { $0["owners"] } == [owners, owners])
        #expect(cluster["owner"] == "changelog")
    }

    @Test("ids are listed as a person reads them: digits as numbers, then the rest by scalar, a total order")
    func identifierOrder() async {
        let names = ["server-18", "server-2", "rack10/s1", "server-002", "rack9/s12", "server-1a", "server-1", "Server-3", "server-", "rack9/s2"]
        #expect(
            names.sorted(by: IdentifierOrder.precedes)
                == ["Server-3", "rack9/s2", "rack9/s12", "rack10/s1", "server-", "server-1", "server-1a", "server-002", "server-2", "server-18"])
        // Irreflexive and asymmetric on every pair, so sorting is well defined and the same on every instance.
        for a in names {
            #expect(!IdentifierOrder.precedes(a, a))
            for b in names where a != b { #expect(IdentifierOrder.precedes(a, b) != IdentifierOrder.precedes(b, a), "\(a) \(b)") }
        }
        // The API lists servers and clusters in that order.
        var schedulers: [String: MaintenanceScheduler] = [:]
        for id in ["server-10", "server-9", "server-100"] { schedulers[id] = MaintenanceScheduler() }
        let source = SnapshotStatusSource(
            settings: StatusSettings(), scheduler: schedulers, rollout: ["c-10": ClusterRollout(maxUnavailable: 1), "c-9": ClusterRollout(maxUnavailable: 1)])
        let queries = StatusQueries(source: source)
        let listed = await queries.servers(ServerQuery(), now: Self.at(0))
        #expect(listed["servers"]?.arrayValue?.map { $0["id"]?.stringValue } == ["server-9", "server-10", "server-100"])
        let clusters = await queries.clusters()
        #expect(clusters["clusters"]?.arrayValue?.map { $0["id"]?.stringValue } == ["c-9", "c-10"])
    }

    @Test("the page lists stuck servers first with their waits, escapes what it prints, and the table shows the same waits")
    func page() async throws {
        let parts = ServerParts(id: "server-<1>", scheduler: Self.scheduler())
        let view = ServerStatusView(parts, settings: StatusSettings(stuck: StuckRule(after: .seconds(1))), now: Self.at(5000))
        let page = StatusPage(servers: [view], clusters: [], transitions: [], unavailable: [:], now: Self.at(5000), stuckAfter: .seconds(1))
        #expect(page.html.contains("data-server=\"server-&lt;1&gt;\""))
        #expect(!page.html.contains("server-<1>"))
        #expect(page.content.contains("1 stuck"))
        #expect(page.content.contains("data-step=\"\(view.waits[0].step)\""))
        #expect(page.content.contains("attempt 1 of"))
        let table = StatusTable.servers(["servers": [view.json]], now: Self.at(5000).millisecondsSinceEpoch)
        #expect(table.count == 2 && table[1].hasPrefix("server-<1>") && table[1].contains("scheduler \(view.waits[0].step) 1/"))
        #expect(table[0].contains(" EVACUATION ") && table[1].contains(" not in maintenance "), "\(table)")
    }

    @Test("the table gives a wait's since and deadline as spans from the reader's clock, which say the day as a time of day does not")
    func tableTimesAreSpans() throws {
        let wait: JSONValue = [
            "role": "scheduler", "step": "awaitingApproval", "attempt": 1, "attempts": 1,
            "since": .string(RFC3339.format(millisecondsSinceEpoch: Self.at(0).millisecondsSinceEpoch)),
            "until": .string(RFC3339.format(millisecondsSinceEpoch: Self.at(86_400_000).millisecondsSinceEpoch)),
        ]
        let answer: JSONValue = ["servers": [["id": "server-1", "status": "Ready", "operational": "reserved", "maintenanceState": "not in maintenance",
                                              "updateState": "Up to date", "stuck": false, "waits": [wait]]]]
        let table = StatusTable.servers(answer, now: Self.at(125_000).millisecondsSinceEpoch)
        #expect(table[1].hasSuffix("scheduler awaitingApproval 1/1, since 2m05s ago, deadline in 23h57m"), "\(table)")
        let overdue = StatusTable.servers(answer, now: Self.at(86_400_000 + 3_600_000).millisecondsSinceEpoch)
        #expect(overdue[1].hasSuffix("since 1d01h ago, deadline 1h00m ago"), "\(overdue)")
        let detail = StatusTable.server(["id": "server-1", "maintenanceState": "evacuating", "waits": [wait]], now: Self.at(0).millisecondsSinceEpoch)
        #expect(detail.contains("evacuation:   evacuating (maintenance state)"), "\(detail)")
        #expect(detail.contains { $0.contains("(now), until ") && $0.contains("(in 1d00h), attempt 1 of 1") }, "\(detail)")
    }
}
