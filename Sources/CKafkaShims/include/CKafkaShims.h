// Wrappers for librdkafka functions that Swift cannot call directly (C variadics).
// The header uses plain C types only, so it does not redeclare librdkafka's types
// next to the CRdKafka module.
#ifndef CKAFKA_SHIMS_H
#define CKAFKA_SHIMS_H

#include <stdint.h>

/// Pushes one (error, round-trip time) pair onto a mock broker's error stack for
/// the given API key: `rd_kafka_mock_broker_push_request_error_rtts` with one pair.
/// `mcluster` is an `rd_kafka_mock_cluster_t *`; returns an `rd_kafka_resp_err_t`.
int ckafka_mock_broker_push_request_error_rtt(void *mcluster, int32_t broker_id,
                                              int16_t api_key, int error_code,
                                              int rtt_ms);

/// Names the calling thread (at most 15 bytes are kept), for debuggers and `top -H`.
void ckafka_set_thread_name(const char *name);

/// Sets TCP_NODELAY on this process's listening sockets bound to one of `ports`,
/// so the connections they accept inherit it (Linux). librdkafka 2.0.2's mock
/// broker writes each response in pieces without it, and Nagle's algorithm then
/// holds the last piece until the client's delayed ACK: ~40 ms per request.
/// Returns how many sockets were changed, or -1 if /proc/self/fd is unreadable.
int ckafka_set_nodelay_on_listeners(const uint16_t *ports, int count);

/// Whether a listener could bind 127.0.0.1:`port` now (SO_REUSEADDR, as a listener sets it):
/// 1 if so, 0 if another socket holds it. Probes with a socket it closes at once.
int ckafka_loopback_port_is_free(uint16_t port);

/// Sets the calling thread's timer slack (Linux `PR_SET_TIMERSLACK`) to `nanoseconds` and
/// returns the one it had; threads it creates from then on inherit it. Elsewhere a no-op
/// that returns 0.
unsigned long ckafka_swap_timer_slack(unsigned long nanoseconds);

/// The calling thread's timer slack in nanoseconds (Linux); elsewhere 0.
unsigned long ckafka_timer_slack(void);

#endif
