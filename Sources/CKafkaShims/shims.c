#define _GNU_SOURCE
#include "CKafkaShims.h"

#include <pthread.h>
#include <string.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

int ckafka_mock_broker_push_request_error_rtt(void *mcluster, int32_t broker_id,
                                              int16_t api_key, int error_code,
                                              int rtt_ms) {
        return (int)rd_kafka_mock_broker_push_request_error_rtts(
            (rd_kafka_mock_cluster_t *)mcluster, broker_id, api_key, 1,
            (rd_kafka_resp_err_t)error_code, rtt_ms);
}

void ckafka_set_thread_name(const char *name) {
        char truncated[16];
        strncpy(truncated, name, sizeof(truncated) - 1);
        truncated[sizeof(truncated) - 1] = '\0';
        pthread_setname_np(pthread_self(), truncated);
}
