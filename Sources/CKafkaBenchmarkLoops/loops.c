// Filled in with the benchmark loops.
