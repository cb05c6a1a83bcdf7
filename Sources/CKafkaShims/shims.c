#define _GNU_SOURCE
#include "CKafkaShims.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

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

unsigned long ckafka_swap_timer_slack(unsigned long nanoseconds) {
#if defined(__linux__)
        int previous = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
        prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
        return previous < 0 ? 50000 : (unsigned long)previous;
#else
        (void)nanoseconds;
        return 0;
#endif
}

unsigned long ckafka_timer_slack(void) {
#if defined(__linux__)
        int slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
        return slack < 0 ? 0 : (unsigned long)slack;
#else
        return 0;
#endif
}

int ckafka_set_nodelay_on_listeners(const uint16_t *ports, int count) {
        DIR *dir = opendir("/proc/self/fd");
        if (!dir)
                return -1;
        int changed = 0;
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
                char *end = NULL;
                long fd = strtol(entry->d_name, &end, 10);
                if (end == entry->d_name || *end != '\0' || fd == dirfd(dir))
                        continue;
                int listening = 0;
                socklen_t length = sizeof(listening);
                if (getsockopt((int)fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) != 0 || !listening)
                        continue;
                struct sockaddr_storage address;
                socklen_t addressLength = sizeof(address);
                if (getsockname((int)fd, (struct sockaddr *)&address, &addressLength) != 0)
                        continue;
                uint16_t port;
                if (address.ss_family == AF_INET)
                        port = ntohs(((struct sockaddr_in *)&address)->sin_port);
                else if (address.ss_family == AF_INET6)
                        port = ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
                else
                        continue;
                for (int i = 0; i < count; i++) {
                        if (ports[i] != port)
                                continue;
                        int on = 1;
                        if (setsockopt((int)fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == 0)
                                changed++;
                        break;
                }
        }
        closedir(dir);
        return changed;
}

int ckafka_loopback_port_is_free(uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    struct sockaddr_in address;
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int bound = bind(fd, (struct sockaddr *)&address, sizeof(address)) == 0;
    close(fd);
    return bound;
}
