#!/usr/bin/env python3
"""What idle librdkafka client handles cost, by librdkafka version (BENCHMARKS.md, issue 19).

maintenanced links the system's librdkafka (Debian 12: 2.0.2). Its main thread
(`rdk:main`) serves its queue with the time to the next timer truncated to whole
milliseconds, so for up to a millisecond before each timer (one fires every second
in every handle) it polls with a zero timeout in a tight loop: librdkafka issue
#4684, fixed in 2.3.1/2.4 by PR #4671. This script measures it: N idle producer
handles connected to an embedded broker (`maintenanced broker`, started here), this
process's CPU over S seconds, once with the system librdkafka (through ctypes) and
once with the one bundled in confluent-kafka (newer), in turn.

Usage: librdkafka_idle.py [--handles N] [--seconds S] [--maintenanced PATH]
Prints one line per library: version, handles, CPU % of one core.
"""
import argparse
import ctypes
import os
import subprocess
import sys
import time


def process_cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child(library, handles, seconds, bootstrap):
    """Runs in a process of its own: opens the handles, waits, measures itself."""
    keep = []
    if library == "system":
        lib = ctypes.CDLL("librdkafka.so.1")
        lib.rd_kafka_version_str.restype = ctypes.c_char_p
        lib.rd_kafka_conf_new.restype = ctypes.c_void_p
        lib.rd_kafka_conf_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
        lib.rd_kafka_new.restype = ctypes.c_void_p
        lib.rd_kafka_new.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
        version = lib.rd_kafka_version_str().decode()
        for _ in range(handles):
            conf = lib.rd_kafka_conf_new()
            error = ctypes.create_string_buffer(512)
            lib.rd_kafka_conf_set(conf, b"bootstrap.servers", bootstrap.encode(), error, 512)
            lib.rd_kafka_conf_set(conf, b"log_level", b"0", error, 512)
            handle = lib.rd_kafka_new(0, conf, error, 512)  # RD_KAFKA_PRODUCER
            if not handle:
                sys.exit(f"rd_kafka_new failed: {error.value.decode()}")
            keep.append(handle)
    else:
        import confluent_kafka

        version = confluent_kafka.libversion()[0]
        for _ in range(handles):
            producer = confluent_kafka.Producer({"bootstrap.servers": bootstrap, "log_level": 0})
            producer.list_topics(timeout=10)
            keep.append(producer)
    time.sleep(5)  # connected and settled
    cpu, start = process_cpu_seconds(os.getpid()), time.monotonic()
    time.sleep(seconds)
    cpu, elapsed = process_cpu_seconds(os.getpid()) - cpu, time.monotonic() - start
    print(f"librdkafka {version}: {handles} idle producer handles, {elapsed:.0f} s: {100 * cpu / elapsed:.2f} % of one core", flush=True)
    os._exit(0)  # the handles' threads are not waited for


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--handles", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--maintenanced", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "maintenanced"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--bootstrap", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.handles, args.seconds, args.bootstrap)
        return
    broker = subprocess.Popen([args.maintenanced, "broker", "--topic", "idle:1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        bootstrap = broker.stdout.readline().strip().split("=", 1)[1]
        for library in ("system", "bundled"):
            command = [sys.executable, __file__, "--child", library, "--bootstrap", bootstrap, "--handles", str(args.handles), "--seconds", str(args.seconds)]
            subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    finally:
        broker.terminate()
        broker.wait()


if __name__ == "__main__":
    main()
