import Allocator
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("The allocator: jemalloc serves malloc in a binary that links the Allocator target")
struct MemoryAllocatorTests {
    @Test("malloc is jemalloc's: a large allocation shows in its statistics, and leaves them when freed")
    func mallocIsJemalloc() throws {
        let allocator = MemoryAllocator.current
        #expect(allocator.isJemalloc, "malloc resolves to \(allocator)")
        #expect(allocator.version?.hasPrefix("5.") == true)
        // The statistics are the whole process's, and other tests allocate and free meanwhile:
        // a block far larger than their noise, counted whether or not its pages are touched.
        let size = 256 << 20
        let before = try #require(MemoryAllocator.allocatedBytes())
        let block = try #require(malloc(size))
        let during = try #require(MemoryAllocator.allocatedBytes())
        free(block)
        let after = try #require(MemoryAllocator.allocatedBytes())
        #expect(during - before > size / 2)
        #expect(during - after > size / 2)
    }
}
