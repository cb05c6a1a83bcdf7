import Lifecycle

/// The status page at `/`: the fleet by state, stuck servers first with what they wait
/// for, the other waiting servers, the clusters' rollouts and the latest transitions.
/// Plain HTML rendered on the server (readable without JavaScript); a few lines of
/// script fetch the same page's content again every two seconds and swap it in.
public struct StatusPage: Sendable {
    /// Every server's view, stuck first.
    public var servers: [ServerStatusView]
    /// The clusters.
    public var clusters: [ClusterStatusView]
    /// The latest transitions, newest last.
    public var transitions: [TransitionEntry]
    /// Roles whose state could not be read in full, and why.
    public var unavailable: [StatusState: String]
    /// When the page was made.
    public var now: Instant
    /// The stuck rule's threshold in force.
    public var stuckAfter: Milliseconds

    /// A page of these views.
    public init(
        servers: [ServerStatusView], clusters: [ClusterStatusView], transitions: [TransitionEntry], unavailable: [StatusState: String],
        now: Instant, stuckAfter: Milliseconds
    ) {
        self.servers = servers
        self.clusters = clusters
        self.transitions = transitions
        self.unavailable = unavailable
        self.now = now
        self.stuckAfter = stuckAfter
    }

    /// The whole document.
    public var html: String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>maintenanced status</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2330; background: #fafbfc; }
        h1 { font-size: 1.4em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: 1.4em 0 .4em; }
        .meta { color: #5b6475; } .ok { color: #1a7f37; } .bad { color: #b42318; font-weight: 600; }
        table { border-collapse: collapse; background: #fff; margin-bottom: .5em; }
        th, td { border: 1px solid #d8dde6; padding: .25em .6em; text-align: left; vertical-align: top; }
        th { background: #eef1f6; font-weight: 600; }
        tr.stuck td { background: #fff1f0; }
        .counts { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
        .wait { margin: 0; } .reason { color: #b42318; margin: 0; }
        code { font: 12px ui-monospace, monospace; }
        td:first-child { white-space: nowrap; }
        </style>
        </head>
        <body>
        <main id="status">
        \(content)
        </main>
        <script>
        // Live: fetch the content again every 2 s and swap it in (the page works without this).
        setInterval(async () => {
          try {
            const query = new URLSearchParams(location.search); query.set("fragment", "1");
            const response = await fetch("/?" + query.toString(), { cache: "no-store" });
            if (response.ok) document.getElementById("status").innerHTML = await response.text();
          } catch (error) { /* the instance is restarting: try again next time */ }
        }, 2000);
        </script>
        </body>
        </html>

        """
    }

    /// The content of `<main>`: what the script swaps in.
    public var content: String {
        let stuck = servers.filter(\.isStuck)
        let waiting = servers.filter { !$0.isStuck && !$0.waits.isEmpty }
        var html = "<h1>maintenanced</h1>\n"
        html += "<p class=\"meta\">\(servers.count) servers · \(clusters.count) clusters · "
        html += stuck.isEmpty ? "<span class=\"ok\">none stuck</span>" : "<span class=\"bad\" id=\"stuck-count\">\(stuck.count) stuck</span>"
        html += " · as of <time>\(StatusText.time(now.millisecondsSinceEpoch))</time> · stuck: failed, a wait past its deadline, or waiting longer than \(StatusText.span(stuckAfter.value))</p>\n"
        for (role, reason) in unavailable.sorted(by: { $0.key < $1.key }) {
            html += "<p class=\"bad\">\(e(role.rawValue)) state incomplete: \(e(reason))</p>\n"
        }
        html += "<h2>Fleet by state</h2>\n<div class=\"counts\">\n"
        for (title, key) in [("status", \ServerStatusView.status), ("operational", \.operational), ("maintenance state", \.maintenanceState), ("update state", \.updateState)] {
            html += "<table><tr><th>\(title)</th><th>servers</th></tr>"
            let counts = Dictionary(grouping: servers, by: { $0[keyPath: key] }).map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
            for (state, count) in counts { html += "<tr><td>\(e(state))</td><td>\(count)</td></tr>" }
            html += "</table>\n"
        }
        html += "</div>\n"
        html += "<h2 id=\"stuck\">Stuck servers (\(stuck.count))</h2>\n"
        html += stuck.isEmpty ? "<p class=\"ok\">No server is stuck.</p>\n" : table(stuck, stuck: true)
        html += "<h2 id=\"waiting\">Waiting servers (\(waiting.count))</h2>\n"
        html += waiting.isEmpty ? "<p>No other server waits for anything.</p>\n" : table(Array(waiting.prefix(200)), stuck: false)
        html += "<h2 id=\"clusters\">Clusters (\(clusters.count))</h2>\n"
        if clusters.isEmpty {
            html += "<p>No cluster has a rollout yet.</p>\n"
        } else {
            html += "<table><tr><th>cluster</th><th>rollout</th><th>slots held / maxUnavailable</th><th>holders</th><th>queued</th></tr>\n"
            for cluster in clusters.sorted(by: { IdentifierOrder.precedes($0.id, $1.id) }) {
                let rollout = cluster.rollout
                html += "<tr data-cluster=\"\(e(cluster.id))\"><td>\(e(cluster.id))</td><td>\(e(rollout.phase.label))</td>"
                html += "<td>\(rollout.holders.count) / \(rollout.maxUnavailable)</td><td>\(e(rollout.holders.joined(separator: ", ")))</td>"
                html += "<td>\(e(rollout.queue.joined(separator: ", ")))</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "<h2 id=\"transitions\">Latest transitions</h2>\n"
        if transitions.isEmpty {
            html += "<p>None seen yet.</p>\n"
        } else {
            html += "<table><tr><th>time (newest first)</th><th>server</th><th>role</th><th>transition</th></tr>\n"
            for entry in transitions.sorted(by: { $0.time < $1.time }).reversed() {
                html += "<tr><td>\(StatusText.time(entry.time))</td><td>\(e(entry.server))</td><td>\(e(entry.role))</td><td>\(e(entry.summary))</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "<p class=\"meta\">JSON: <a href=\"/v1/servers?stuck=true\">/v1/servers?stuck=true</a> · <a href=\"/v1/servers\">/v1/servers</a> · "
        html += "<a href=\"/v1/clusters\">/v1/clusters</a> · CLI: <code>maintenanced get servers --stuck --server URL</code></p>\n"
        return html
    }

    private func table(_ views: [ServerStatusView], stuck: Bool) -> String {
        var html = "<table class=\"servers\"><tr><th>server</th><th>status</th><th>operational</th><th>maintenance</th><th>update</th>"
        html += "<th>waits for</th>\(stuck ? "<th>why stuck</th>" : "")</tr>\n"
        for view in views {
            html += "<tr class=\"\(stuck ? "stuck" : "waiting")\" data-server=\"\(e(view.id))\"><td><a href=\"/v1/servers/\(e(PercentEncoding.encode(view.id)))\">\(e(view.id))</a></td>"
            html += "<td>\(e(view.status))</td><td>\(e(view.operational))</td><td>\(e(view.maintenanceState))</td><td>\(e(view.updateState))</td><td>"
            for wait in view.waits {
                html += "<p class=\"wait\" data-role=\"\(wait.role.rawValue)\" data-step=\"\(e(wait.step))\"><b>\(wait.role.rawValue)</b>: \(e(wait.waitsFor))"
                html += " — since \(StatusText.time(wait.since.millisecondsSinceEpoch)) (\(StatusText.span(now.millisecondsSinceEpoch - wait.since.millisecondsSinceEpoch)) ago)"
                html += ", until \(StatusText.time(wait.until.millisecondsSinceEpoch)), attempt \(wait.attempt) of \(wait.attempts)</p>"
            }
            if view.waits.isEmpty { html += "—" }
            html += "</td>"
            if stuck { html += "<td>" + view.stuckReasons.map { "<p class=\"reason\">\(e($0))</p>" }.joined() + "</td>" }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    private func e(_ text: String) -> String { HTMLText.escape(text) }
}
