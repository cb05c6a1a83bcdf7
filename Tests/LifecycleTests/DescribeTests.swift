import Foundation
import Lifecycle
import Testing

/// An arrow of a mermaid state diagram, with its ends resolved to state labels.
struct MermaidArrow: Hashable, CustomStringConvertible {
    let from: String
    let to: String
    let labels: Set<String>
    var description: String { "\(from) --> \(to): \(labels.sorted().joined(separator: "|"))" }
}

/// The arrows of each `stateDiagram-v2` block in `markdown`, in order.
func mermaidDiagrams(in markdown: String) -> [[MermaidArrow]] {
    var diagrams: [[MermaidArrow]] = []
    var names: [String: String] = [:]
    var arrows: [MermaidArrow] = []
    var inside = false
    for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.hasPrefix("stateDiagram") {
            inside = true
            names = [:]
            arrows = []
        } else if inside, line.hasPrefix("```") {
            inside = false
            diagrams.append(arrows)
        } else if inside, line.hasPrefix("state \"") {
            let parts = line.dropFirst(7).components(separatedBy: "\" as ")
            if parts.count == 2 { names[parts[1].trimmingCharacters(in: .whitespaces)] = parts[0] }
        } else if inside, line.contains("-->") {
            let halves = line.components(separatedBy: "-->")
            let from = halves[0].trimmingCharacters(in: .whitespaces)
            let rest = halves[1].split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let to = rest[0]
            let labels = rest.count > 1 ? Set(rest[1].split(separator: "|").map(String.init)) : []
            arrows.append(MermaidArrow(from: names[from] ?? from, to: names[to] ?? to, labels: labels))
        }
    }
    return diagrams
}

/// The seed files beside the repository (`../shared/seeds`), or nil when that folder is absent.
func seedMarkdown() -> String? {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let seeds = repository.deletingLastPathComponent().appendingPathComponent("shared/seeds")
    let files = ["server-status-and-update-state.md", "server-maintenance.md"]
    let texts = files.compactMap { try? String(contentsOf: seeds.appendingPathComponent($0), encoding: .utf8) }
    return texts.count == files.count ? texts.joined(separator: "\n") : nil
}

/// A copy of the arrows of the seed's three state diagrams, used only when `../shared/seeds` is absent.
let seedDiagramsCopy = """
    ```mermaid
    stateDiagram-v2
    state "Unknown" as ServerUnknown
    state "Pending" as ServerPending
    state "Ready" as ServerReady
    state "Offline" as ServerOffline
    ServerUnknown --> ServerPending: create
    ServerPending --> ServerReady: configuration done
    ServerReady --> ServerPending: trigger reconfiguration
    ServerReady --> ServerOffline: reboot|shutdown|unresponsive
    ServerOffline --> ServerReady: online
    ```
    ```mermaid
    stateDiagram-v2
    state "not in maintenance" as InMaintenanceNotInMaintenance
    state "evacuating" as InMaintenanceEvacuating
    state "evacuated" as InMaintenanceEvacuated
    state "restoring" as InMaintenanceRestoring
    InMaintenanceNotInMaintenance --> InMaintenanceEvacuating: evacuation triggered
    InMaintenanceEvacuating --> InMaintenanceEvacuated: evacuation completed life cycle event received
    InMaintenanceEvacuated --> InMaintenanceRestoring: restore triggered
    InMaintenanceRestoring --> InMaintenanceNotInMaintenance: restore completed life cycle event received
    ```
    ```mermaid
    stateDiagram-v2
    state "Up to date" as UpdateReady
    state "update pending" as UpdatePending
    state "updating" as UpdateUpdating
    state if_requires_reboot <>
    state if_incus <>
    state "Evacuation pending" as UpdateNeedsEvacuation
    state "Reboot pending" as UpdateNeedsReboot
    state "Rebooting" as UpdateRebooting
    state "Evacuating" as UpdateEvacuating
    state "In maintenance (reboot pending)" as UpdateInMaintenanceRebootPending
    state "In maintenance (rebooting)" as UpdateInMaintenanceRebooting
    state "In maintenance (restore pending)" as UpdateInMaintenanceRestorePending
    state "Restoring" as UpdateRestoring
    UpdateReady --> UpdatePending: update available
    UpdatePending --> UpdateUpdating: update triggered
    UpdateUpdating --> if_requires_reboot
    if_requires_reboot --> UpdateReady: requires reboot == false
    if_requires_reboot --> if_incus: requires reboot == true
    if_incus --> UpdateNeedsEvacuation: if clusterd Incus
    if_incus --> UpdateNeedsReboot: else
    UpdateNeedsReboot --> UpdateRebooting: trigger reboot
    UpdateRebooting --> UpdateReady: self register or polling
    UpdateNeedsEvacuation --> UpdateEvacuating: evacuation triggered
    UpdateEvacuating --> UpdateInMaintenanceRebootPending: evacuation completed life cycle received
    UpdateInMaintenanceRebootPending --> UpdateInMaintenanceRebooting: trigger reboot
    UpdateInMaintenanceRebooting --> UpdateInMaintenanceRestorePending: self register or polling
    UpdateInMaintenanceRestorePending --> UpdateRestoring: restore triggered
    UpdateRestoring --> UpdateReady: restore completed life cycle event received
    ```
    """

@Suite("describe --mermaid")
struct DescribeTests {
    @Test("every transition of the seeds' three state diagrams appears in the generated diagrams")
    func seedTransitionsAppear() {
        let seeds = seedMarkdown()
        if seeds == nil { print("../shared/seeds is absent: checking against the copy of the seed arrows in DescribeTests.swift") }
        let seedDiagrams = mermaidDiagrams(in: seeds ?? seedDiagramsCopy)
        #expect(seedDiagrams.count == 3)
        #expect(seedDiagrams.map(\.count) == [5, 4, 15])
        let generated = mermaidDiagrams(in: LifecycleDiagrams.markdown)
        #expect(generated.count == LifecycleDiagrams.all.count)
        for (index, seedArrows) in seedDiagrams.enumerated() where index < generated.count {
            for arrow in seedArrows {
                let found = generated[index].contains { $0.from == arrow.from && $0.to == arrow.to && arrow.labels.isSubset(of: $0.labels) }
                #expect(found, "seed arrow \(arrow) is missing from \(LifecycleDiagrams.all[index].title)")
            }
        }
    }

    @Test("the fallback copy of the seed arrows matches the seed files", .enabled(if: seedMarkdown() != nil))
    func copyMatchesSeeds() {
        #expect(mermaidDiagrams(in: seedMarkdown() ?? "") == mermaidDiagrams(in: seedDiagramsCopy))
    }

    @Test("the generated diagrams use the seeds' state names")
    func seedStateNames() {
        let text = LifecycleDiagrams.markdown
        for name in ["Unknown", "Pending", "Ready", "Offline", "not in maintenance", "evacuating", "evacuated", "restoring",
                     "Up to date", "update pending", "updating", "Evacuation pending", "Reboot pending", "Rebooting", "Evacuating",
                     "In maintenance (reboot pending)", "In maintenance (rebooting)", "In maintenance (restore pending)", "Restoring",
                     "InMaintenance", "Complete"] {
            #expect(text.contains("state \"\(name)\" as "), "\(name)")
        }
    }

    @Test("every table arrow that is drawn appears in its diagram")
    func tablesAreDrawn() {
        let generated = mermaidDiagrams(in: LifecycleDiagrams.markdown)
        let server = PowerController.statusTable.transitions.filter { !$0.label.isEmpty }
        for arrow in server {
            #expect(generated[0].contains { $0.from == arrow.from.status.label && $0.to == arrow.to.status.label && $0.labels.contains(arrow.label) })
        }
        let power = PowerController.powerTable.transitions
        for arrow in power {
            #expect(generated[4].contains { $0.from == arrow.from.label && $0.to == arrow.to.label && $0.labels.contains(arrow.label) })
        }
    }
}
