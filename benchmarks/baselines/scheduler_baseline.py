#!/usr/bin/env python3
"""BASELINE, NOT THE SERVICE: what a user might write instead of maintenanced's scheduler.

The maintenance scheduler's rules written directly in Python on confluent-kafka, as a
comparison point for `maintenanced-benchmark` (see BENCHMARKS.md). It is deliberately
plain, idiomatic user code, not a port of the service:

- a queue of ServerMaintenances per server, ordered by priority (higher first), then arrival;
- one active maintenance per server; the next pending one starts when it completes,
  fails or is cancelled;
- a claimed (reserved) server needs its owner's approval (ok-to-maintenance) unless the
  maintenance is enforced; while waiting it asks for it;
- while a maintenance is active the server is powered off (unless asked otherwise) and
  uses the maintenance's boot configuration; afterwards the boot configuration is
  released, the server returns to its previous operational state (available or
  reserved) and is powered back on if it was on.

It reads the scheduler's input topics (CloudEvents in Kafka's binary mode: ce_* headers,
JSON data), keeps its state in a dict, writes transitions and requests as CloudEvents
to server.transitions / operator.requests / power.commands, and commits after each
batch once its outputs are delivered (at-least-once, like the service). It has no
changelog, no restore, no dead letters, no timeouts, no duplicate detection.

Usage: scheduler_baseline.py --bootstrap HOST:PORT --topics a,b,c --partitions P --count N --group G
Prints one JSON line: {"events": N, "seconds": S, "cpuSeconds": C}.
"""
import argparse
import json
import resource
import time

from confluent_kafka import Consumer, Producer, TopicPartition

PREFIX = "dev.maintenanced."


class Server:
    def __init__(self):
        self.queue = []          # pending maintenances: dicts, sorted by (-priority, arrival)
        self.active = None       # the active maintenance, or None
        self.claimed = False
        self.approved = False
        self.power = "on"
        self.returns_to = "available"
        self.arrivals = 0


class Scheduler:
    def __init__(self, producer):
        self.servers = {}
        self.producer = producer
        self.sequence = 0

    def emit(self, topic, key, type_, data):
        self.sequence += 1
        headers = [
            ("ce_specversion", b"1.0"),
            ("ce_id", ("py-%d" % self.sequence).encode()),
            ("ce_source", b"/baseline/scheduler"),
            ("ce_type", (PREFIX + type_).encode()),
            ("ce_subject", key.encode()),
            ("content-type", b"application/json"),
        ]
        self.producer.produce(topic, key=key, value=json.dumps(data).encode(), headers=headers)

    def transition(self, key, maintenance, to):
        self.emit("server.transitions", key, "maintenance.state.changed",
                  {"namespace": maintenance["namespace"], "name": maintenance["name"], "to": to})

    def operational(self, key, server, to):
        self.emit("server.transitions", key, "server.operational-state.changed", {"to": to})

    def try_start(self, key, server):
        if server.active is not None or not server.queue:
            return
        nxt = server.queue[0]
        if server.claimed and not server.approved and nxt.get("policy") != "enforced":
            self.emit("operator.requests", key, "maintenance.approval.requested",
                      {"namespace": nxt["namespace"], "name": nxt["name"]})
            return
        server.queue.pop(0)
        server.active = nxt
        server.returns_to = "reserved" if server.claimed else "available"
        server.was_on = server.power == "on"
        self.transition(key, nxt, "InMaintenance")
        self.operational(key, server, "maintenance")
        if nxt.get("power", "off") == "off" and server.power != "off":
            self.emit("power.commands", key, "power.off.requested",
                      {"requestId": "py-%s-%s-off" % (key, nxt["name"]), "requester": "scheduler"})
        elif nxt.get("bootConfiguration"):
            self.emit("operator.requests", key, "bootconfig.apply.requested",
                      {"namespace": nxt["namespace"], "name": nxt["name"], "bootConfiguration": nxt["bootConfiguration"]})
        else:
            self.emit("operator.requests", key, "maintenance.start.requested",
                      {"namespace": nxt["namespace"], "name": nxt["name"]})

    def finish(self, key, server, outcome):
        done = server.active
        server.active = None
        self.transition(key, done, outcome)
        if done.get("bootConfiguration"):
            self.emit("operator.requests", key, "bootconfig.release.requested",
                      {"namespace": done["namespace"], "name": done["name"], "bootConfiguration": done["bootConfiguration"]})
        if server.queue:
            self.try_start(key, server)
        else:
            self.operational(key, server, server.returns_to)
            if getattr(server, "was_on", False):
                self.emit("power.commands", key, "power.on.requested",
                          {"requestId": "py-%s-%s-on" % (key, done["name"]), "requester": "scheduler"})

    def reject(self, key, why):
        self.emit("server.transitions", key, "transition.rejected", {"code": why})

    def handle(self, key, type_, data):
        server = self.servers.get(key)
        if server is None:
            server = self.servers[key] = Server()
        name = data.get("name")
        if type_ == "maintenance.requested":
            server.arrivals += 1
            m = dict(data)
            m["arrival"] = server.arrivals
            server.queue.append(m)
            server.queue.sort(key=lambda x: (-x.get("priority", 0), x["arrival"]))
            self.transition(key, m, "Pending")
            self.try_start(key, server)
        elif type_ == "maintenance.cancellation.requested":
            if server.active and server.active["name"] == name:
                self.finish(key, server, "Cancelled")
            else:
                server.queue = [m for m in server.queue if m["name"] != name]
        elif type_ == "maintenance.approved":
            if not server.claimed:
                return self.reject(key, "not-claimed")
            server.approved = True
            self.try_start(key, server)
        elif type_ in ("maintenance.completed", "maintenance.failed"):
            if not server.active or server.active["name"] != name:
                return self.reject(key, "unknown-maintenance")
            self.finish(key, server, "Completed" if type_ == "maintenance.completed" else "Failed")
        elif type_ == "bootconfig.applied":
            if server.active and server.active["name"] == name:
                self.emit("operator.requests", key, "maintenance.start.requested",
                          {"namespace": server.active["namespace"], "name": name})
        elif type_ == "server.claimed":
            server.claimed = True
            server.approved = bool(data.get("okToMaintenance", False))
        elif type_ == "server.released":
            server.claimed = False
            server.approved = False
            self.try_start(key, server)
        elif type_ == "server.power.changed":
            server.power = data.get("power", "unknown")
        elif type_ == "power.command.completed" and data.get("requester") == "scheduler":
            if server.active and data.get("operation") == "off":
                m = server.active
                if m.get("bootConfiguration"):
                    self.emit("operator.requests", key, "bootconfig.apply.requested",
                              {"namespace": m["namespace"], "name": m["name"], "bootConfiguration": m["bootConfiguration"]})
                else:
                    self.emit("operator.requests", key, "maintenance.start.requested",
                              {"namespace": m["namespace"], "name": m["name"]})
        # everything else on these topics is not the scheduler's


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topics", required=True)
    parser.add_argument("--partitions", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()

    producer = Producer({"bootstrap.servers": args.bootstrap, "partitioner": "murmur2_random"})
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap, "group.id": args.group,
        "enable.auto.commit": False, "auto.offset.reset": "earliest",
    })
    consumer.assign([TopicPartition(t, p, -2) for t in args.topics.split(",") for p in range(args.partitions)])
    scheduler = Scheduler(producer)
    consumed = 0
    start = None
    cpu_start = None
    deadline = time.monotonic() + 600
    while consumed < args.count and time.monotonic() < deadline:
        messages = consumer.consume(num_messages=min(args.batch, args.count - consumed), timeout=0.1)
        if not messages:
            continue
        if start is None:
            start = time.monotonic()
            cpu_start = time.process_time()
        for message in messages:
            if message.error():
                continue
            consumed += 1
            headers = dict(message.headers() or [])
            type_ = headers.get("ce_type", b"").decode()
            if not type_.startswith(PREFIX):
                continue
            data = json.loads(message.value()) if message.value() else {}
            scheduler.handle(message.key().decode(), type_[len(PREFIX):], data)
        producer.flush()
        consumer.commit(asynchronous=False)
    seconds = time.monotonic() - start if start else 0.0
    cpu = time.process_time() - cpu_start if cpu_start is not None else 0.0
    consumer.close()
    print(json.dumps({"events": consumed, "seconds": seconds, "cpuSeconds": cpu,
                      "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


if __name__ == "__main__":
    main()
