/// Why a benchmark run is not valid.
enum BenchmarkFailure: Error {
    case countMismatch(String)
}
