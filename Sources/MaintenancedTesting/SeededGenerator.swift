/// The tests' seeded random generator is the simulator's `SeededGenerator` (SplitMix64): one
/// implementation, so a seed that builds a fleet and a seed that drives a property test mean
/// the same sequence. Re-exported here so that test targets need only `MaintenancedTesting`.
@_exported import struct FleetSimulator.SeededGenerator
