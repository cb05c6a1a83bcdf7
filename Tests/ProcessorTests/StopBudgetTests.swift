import Processor
import Synchronization
import Testing

/// The one deadline a graceful stop's waits share, on a clock the test moves.
@Suite("StopBudget")
struct StopBudgetTests {
    /// A clock that moves only when told.
    final class TestClock: Sendable {
        let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(by duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test("a wait takes its own bound while the budget has more left, and what is left when it has less")
    func limits() {
        let clock = TestClock()
        let budget = StopBudget(total: .seconds(25)) { clock.now }
        budget.begin()
        #expect(budget.limit(.seconds(5)) == .seconds(5))
        clock.advance(by: .seconds(22))
        #expect(budget.limit(.seconds(5)) == .seconds(3))
        #expect(budget.limit(.seconds(1)) == .seconds(1))
    }

    @Test("the first wait starts an unstarted budget; once spent, every wait gets zero")
    func spent() {
        let clock = TestClock()
        let budget = StopBudget(total: .seconds(25)) { clock.now }
        clock.advance(by: .seconds(100))
        #expect(budget.limit(.seconds(60)) == .seconds(25))
        clock.advance(by: .seconds(26))
        #expect(budget.limit(.seconds(10)) == .zero)
        #expect(budget.limit(.zero) == .zero)
    }

    @Test("beginning again does not start it over")
    func beginOnce() {
        let clock = TestClock()
        let budget = StopBudget(total: .seconds(25)) { clock.now }
        budget.begin()
        clock.advance(by: .seconds(20))
        budget.begin()
        #expect(budget.limit(.seconds(10)) == .seconds(5))
    }

    @Test("waits that each take their whole bound, one after another as a group's services stop, add up to the budget and no more")
    func waitsInTurn() {
        let clock = TestClock()
        let budget = StopBudget(total: .seconds(25)) { clock.now }
        budget.begin()
        // A role's last commit (10 s) and leave (20 s), the directory's tombstone (5 s), the producer's close (20 s).
        var took: Duration = .zero
        var limits: [Duration] = []
        for bound: Duration in [.seconds(10), .seconds(20), .seconds(5), .seconds(20)] {
            let limit = budget.limit(bound)
            limits.append(limit)
            clock.advance(by: limit)
            took += limit
        }
        #expect(limits == [.seconds(10), .seconds(15), .zero, .zero])
        #expect(took == .seconds(25))
    }
}
