#include "CKafkaBenchmarkLoops.h"

#include <librdkafka/rdkafka.h>
#include <malloc.h>
#include <unistd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
        int64_t delivered;
        int64_t bytes;
        int64_t failures;
} delivery_counts;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
        delivery_counts *counts = opaque;
        (void)rk;
        if (message->err) {
                counts->failures++;
        } else {
                counts->delivered++;
                counts->bytes += (int64_t)message->len;
        }
}

/// A producer on `bootstrap` whose delivery reports are counted into `counts`; NULL, with
/// `errstr` filled in, when librdkafka cannot make it.
static rd_kafka_t *new_counting_producer(const char *bootstrap, delivery_counts *counts, char *errstr, size_t errstr_size) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, errstr, errstr_size);
        rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
        rd_kafka_conf_set_opaque(conf, counts);
        return rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, errstr_size);
}

/// A consumer in `group` on `bootstrap` that neither commits nor stores offsets by itself
/// and serves its poll from the consumer queue; NULL, with `errstr` filled in, when
/// librdkafka cannot make it.
static rd_kafka_t *new_manual_consumer(const char *bootstrap, const char *group, char *errstr, size_t errstr_size) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, errstr, errstr_size);
        rd_kafka_conf_set(conf, "group.id", group, errstr, errstr_size);
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, errstr_size);
        rd_kafka_conf_set(conf, "enable.auto.offset.store", "false", errstr, errstr_size);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, errstr_size);
        if (rk) {
                rd_kafka_poll_set_consumer(rk);
        }
        return rk;
}

/// Partitions 0..<`partitions` of each of `topics`, from their beginning (the caller destroys the list).
static rd_kafka_topic_partition_list_t *from_beginning(const char *const *topics, int topic_count, int partitions) {
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(topic_count * partitions);
        for (int t = 0; t < topic_count; t++) {
                for (int p = 0; p < partitions; p++) {
                        rd_kafka_topic_partition_list_add(list, topics[t], p)->offset = RD_KAFKA_OFFSET_BEGINNING;
                }
        }
        return list;
}

/// The next message of `rk` within 100 ms; NULL when none came or it was an error, which
/// is counted in `failures` unless it only says that a partition was read to its end.
static rd_kafka_message_t *next_message(rd_kafka_t *rk, int64_t *failures) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(rk, 100);
        if (message && message->err) {
                if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                        (*failures)++;
                }
                rd_kafka_message_destroy(message);
                return NULL;
        }
        return message;
}

/// Enqueues message `i`: key `server-<i % key_count>`, the given value, copied by librdkafka.
static rd_kafka_resp_err_t produce_one(rd_kafka_t *rk, const char *topic, int64_t i, int key_count, char *value,
                                       int value_size) {
        char key[32];
        int key_len = snprintf(key, sizeof(key), "server-%d", (int)(i % key_count));
        return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(key, (size_t)key_len),
                                 RD_KAFKA_V_VALUE(value, (size_t)value_size), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                 RD_KAFKA_V_END);
}

ckb_result ckb_produce(const char *bootstrap, const char *topic, int64_t count, int value_size, int key_count) {
        ckb_result result = {0};
        delivery_counts counts = {0};
        char errstr[512];
        rd_kafka_t *rk = new_counting_producer(bootstrap, &counts, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "ckb_produce: %s\n", errstr);
                result.failures = 1;
                return result;
        }
        char *value = malloc((size_t)value_size);
        memset(value, 'a', (size_t)value_size);

        double start = now_seconds();
        for (int64_t i = 0; i < count; i++) {
                rd_kafka_resp_err_t err;
                while ((err = produce_one(rk, topic, i, key_count, value, value_size)) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                        rd_kafka_poll(rk, 10);
                }
                if (err) {
                        counts.failures++;
                }
                rd_kafka_poll(rk, 0);
        }
        rd_kafka_flush(rk, 120000);
        result.seconds = now_seconds() - start;
        result.messages = counts.delivered;
        result.bytes = counts.bytes;
        result.failures = counts.failures;
        free(value);
        rd_kafka_destroy(rk);
        return result;
}

typedef struct {
        delivery_counts counts;
        pthread_mutex_t lock;
        pthread_cond_t progress;
        rd_kafka_t *rk;
        volatile int stop;
} dr_thread_state;

static void on_delivery_locked(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
        dr_thread_state *state = opaque;
        (void)rk;
        pthread_mutex_lock(&state->lock);
        if (message->err) {
                state->counts.failures++;
        } else {
                state->counts.delivered++;
                state->counts.bytes += (int64_t)message->len;
        }
        pthread_cond_signal(&state->progress);
        pthread_mutex_unlock(&state->lock);
}

static void *serve_delivery_reports(void *argument) {
        dr_thread_state *state = argument;
        while (!state->stop) {
                rd_kafka_poll(state->rk, 100);
        }
        rd_kafka_poll(state->rk, 0);
        return NULL;
}

ckb_result ckb_produce_dr_thread(const char *bootstrap, const char *topic, int64_t count, int value_size, int key_count) {
        ckb_result result = {0};
        dr_thread_state state;
        memset(&state, 0, sizeof(state));
        pthread_mutex_init(&state.lock, NULL);
        pthread_cond_init(&state.progress, NULL);
        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, errstr, sizeof(errstr));
        rd_kafka_conf_set_dr_msg_cb(conf, on_delivery_locked);
        rd_kafka_conf_set_opaque(conf, &state);
        state.rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!state.rk) {
                fprintf(stderr, "ckb_produce_dr_thread: %s\n", errstr);
                result.failures = 1;
                return result;
        }
        pthread_t poller;
        pthread_create(&poller, NULL, serve_delivery_reports, &state);
        char *value = malloc((size_t)value_size);
        memset(value, 'a', (size_t)value_size);

        double start = now_seconds();
        for (int64_t i = 0; i < count; i++) {
                rd_kafka_resp_err_t err;
                while ((err = produce_one(state.rk, topic, i, key_count, value, value_size)) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                        pthread_mutex_lock(&state.lock);
                        int64_t seen = state.counts.delivered + state.counts.failures;
                        while (state.counts.delivered + state.counts.failures == seen) {
                                pthread_cond_wait(&state.progress, &state.lock);
                        }
                        pthread_mutex_unlock(&state.lock);
                }
                if (err) {
                        state.counts.failures++;
                }
        }
        pthread_mutex_lock(&state.lock);
        while (state.counts.delivered + state.counts.failures < count) {
                pthread_cond_wait(&state.progress, &state.lock);
        }
        pthread_mutex_unlock(&state.lock);
        result.seconds = now_seconds() - start;
        state.stop = 1;
        pthread_join(poller, NULL);
        result.messages = state.counts.delivered;
        result.bytes = state.counts.bytes;
        result.failures = state.counts.failures;
        free(value);
        rd_kafka_destroy(state.rk);
        pthread_cond_destroy(&state.progress);
        pthread_mutex_destroy(&state.lock);
        return result;
}

ckb_result ckb_consume(const char *bootstrap, const char *topic, int partitions, int64_t count) {
        ckb_result result = {0};
        char errstr[512];
        char group[64];
        snprintf(group, sizeof(group), "ckb-%ld-%d", (long)time(NULL), rand());
        rd_kafka_t *rk = new_manual_consumer(bootstrap, group, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "ckb_consume: %s\n", errstr);
                result.failures = 1;
                return result;
        }
        rd_kafka_topic_partition_list_t *list = from_beginning(&topic, 1, partitions);
        double start = now_seconds();
        rd_kafka_assign(rk, list);
        rd_kafka_topic_partition_list_destroy(list);
        double deadline = start + 120;
        while (result.messages < count && now_seconds() < deadline) {
                rd_kafka_message_t *message = next_message(rk, &result.failures);
                if (!message) {
                        continue;
                }
                result.messages++;
                result.bytes += (int64_t)message->len;
                rd_kafka_message_destroy(message);
        }
        result.seconds = now_seconds() - start;
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
        return result;
}

ckb_result ckb_passthrough(const char *bootstrap, const char *const *topics, int topic_count, int partitions, int64_t count,
                           const char *output_topic, const char *group, int batch) {
        ckb_result result = {0};
        delivery_counts counts = {0};
        char errstr[512];
        rd_kafka_t *producer = new_counting_producer(bootstrap, &counts, errstr, sizeof(errstr));
        rd_kafka_t *consumer = new_manual_consumer(bootstrap, group, errstr, sizeof(errstr));
        if (!producer || !consumer) {
                fprintf(stderr, "ckb_passthrough: %s\n", errstr);
                result.failures = 1;
                return result;
        }
        rd_kafka_topic_partition_list_t *list = from_beginning(topics, topic_count, partitions);
        double start = now_seconds();
        rd_kafka_assign(consumer, list);
        rd_kafka_topic_partition_list_destroy(list);
        double deadline = start + 300;
        int64_t consumed = 0;
        int since_commit = 0;
        while (consumed < count && now_seconds() < deadline) {
                rd_kafka_message_t *message = next_message(consumer, &result.failures);
                if (!message) {
                        continue;
                }
                rd_kafka_headers_t *headers = NULL;
                if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
                        headers = rd_kafka_headers_copy(headers);
                } else {
                        headers = NULL;
                }
                rd_kafka_resp_err_t err;
                while ((err = rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(output_topic),
                                                RD_KAFKA_V_KEY(message->key, message->key_len),
                                                RD_KAFKA_V_VALUE(message->payload, message->len),
                                                RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                                RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                        rd_kafka_poll(producer, 10);
                }
                if (err) {
                        if (headers) {
                                rd_kafka_headers_destroy(headers);
                        }
                        result.failures++;
                }
                rd_kafka_poll(producer, 0);
                rd_kafka_offset_store(message->rkt, message->partition, message->offset);
                consumed++;
                if (++since_commit >= batch) {
                        rd_kafka_commit(consumer, NULL, 1);
                        since_commit = 0;
                }
                rd_kafka_message_destroy(message);
        }
        rd_kafka_flush(producer, 120000);
        rd_kafka_commit(consumer, NULL, 0);
        result.seconds = now_seconds() - start;
        result.messages = counts.delivered < consumed ? counts.delivered : consumed;
        result.bytes = counts.bytes;
        result.failures += counts.failures;
        rd_kafka_consumer_close(consumer);
        rd_kafka_destroy(consumer);
        rd_kafka_destroy(producer);
        return result;
}

const char *ckb_librdkafka_version(void) {
        return rd_kafka_version_str();
}

double ckb_process_cpu_seconds(void) {
        struct timespec ts;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int64_t ckb_resident_bytes(int trim) {
        if (trim) {
                malloc_trim(0);
        }
        FILE *file = fopen("/proc/self/statm", "r");
        if (!file) {
                return 0;
        }
        long size = 0, resident = 0;
        int read = fscanf(file, "%ld %ld", &size, &resident);
        fclose(file);
        return read == 2 ? (int64_t)resident * (int64_t)sysconf(_SC_PAGESIZE) : 0;
}
