// The benchmark's baseline: the plainest librdkafka produce and consume loops in C.
#ifndef CKAFKA_BENCHMARK_LOOPS_H
#define CKAFKA_BENCHMARK_LOOPS_H

#include <stdint.h>

/// What one loop did and how long it took.
typedef struct {
        double seconds;     ///< From the first produce (or the assign) to the last delivery report (or message).
        int64_t messages;   ///< Messages delivered (produce) or consumed (consume).
        int64_t bytes;      ///< Value bytes delivered or consumed.
        int64_t failures;   ///< Delivery reports with an error, or consume errors.
} ckb_result;

/// Produces `count` messages of `value_size` bytes, keyed `server-<i % key_count>`, with a
/// `dr_msg_cb` that counts deliveries, then flushes. `rd_kafka_poll(rk, 0)` after each produce.
ckb_result ckb_produce(const char *bootstrap, const char *topic, int64_t count, int value_size, int key_count);

/// The same as `ckb_produce`, but delivery reports are served by a dedicated thread
/// (`rd_kafka_poll(rk, 100)` in a loop), as the Swift producer does, and the sending
/// thread waits on a condition variable while the queue is full.
ckb_result ckb_produce_dr_thread(const char *bootstrap, const char *topic, int64_t count, int value_size, int key_count);

/// Assigns partitions 0..partitions-1 of `topic` from the beginning and consumes `count`
/// messages with `rd_kafka_consumer_poll`, touching each value's length.
ckb_result ckb_consume(const char *bootstrap, const char *topic, int partitions, int64_t count);

/// The ceiling of a role: consumes `count` messages of `topics` (partitions 0..partitions-1 of each,
/// assigned from the beginning, offsets committed for `group`) and produces each one's key, value and
/// headers unchanged to `output_topic`, committing asynchronously after every `batch` messages; timed
/// from the assign to the last delivery report. `result.messages` counts consumed messages that were delivered.
ckb_result ckb_passthrough(const char *bootstrap, const char *const *topics, int topic_count, int partitions, int64_t count,
                           const char *output_topic, const char *group, int batch);

/// librdkafka's version string.
const char *ckb_librdkafka_version(void);

/// CPU time used so far by the whole process, all threads, in seconds.
double ckb_process_cpu_seconds(void);

/// Resident set size of the process in bytes (from /proc/self/statm), after `malloc_trim(0)`
/// has given freed heap memory back to the system when `trim` is non-zero.
int64_t ckb_resident_bytes(int trim);

#endif
