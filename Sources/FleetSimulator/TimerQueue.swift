/// Reactions waiting for their time, earliest first (a binary min-heap; ties keep
/// insertion order, so a server's events scheduled for the same time go out in order).
struct TimerQueue: Sendable {
    struct Entry: Sendable {
        var due: Int64
        var order: Int
        var reaction: Reaction
    }

    private var heap: [Entry] = []
    private var counter = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// When the earliest entry is due.
    var nextDue: Int64? { heap.first?.due }

    mutating func insert(_ reaction: Reaction, due: Int64) {
        counter += 1
        heap.append(Entry(due: due, order: counter, reaction: reaction))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns every entry due at `now`, in order.
    mutating func popDue(at now: Int64) -> [Reaction] {
        var due: [Reaction] = []
        while let first = heap.first, first.due <= now {
            due.append(first.reaction)
            let last = heap.removeLast()
            guard !heap.isEmpty else { break }
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, Self.precedes(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, Self.precedes(heap[right], heap[smallest]) { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return due
    }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.due != b.due ? a.due < b.due : a.order < b.order
    }
}
