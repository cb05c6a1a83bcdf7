// librdkafka's public API and its in-process mock cluster.
// rdkafka_mock.h depends on declarations in rdkafka.h, so the order matters.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
