import CRdKafka

extension KafkaConsumer {
    /// Waits up to `timeout` for a message, then takes what else is ready, up to `maxMessages`.
    ///
    /// Blocks the calling thread: call it from a thread of your own (or use `batches()`),
    /// one thread at a time. Rebalance hooks run inside this call; messages of a
    /// partition revoked during the call are dropped from the batch (the new owner
    /// reads them again from the committed offset). An empty batch means the timeout passed.
    @available(*, noasync, message: "it blocks the calling thread; async code awaits the async form")
    public func poll(maxMessages: Int, timeout: Duration) throws(KafkaError) -> KafkaMessageBatch {
        guard !closed.isRaised else { throw .closed("consumer") }
        resendOwedCommit()
        guard let idleFetching else {
            try collect(maxMessages: maxMessages, wait: timeout)
            return KafkaMessageBatch(pollBuffer.take(), client: client)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let wait = idleFetching.beforePoll(self, wait: max(deadline - clock.now, .zero))
            try collect(maxMessages: maxMessages, wait: wait)
            idleFetching.afterPoll(self, gotMessages: pollBuffer.count > 0)
            // While paused the wait ends at each probe: wait on until the caller's timeout (or a wake-up).
            guard pollBuffer.count == 0, idleFetching.isPaused, clock.now < deadline, !wakeRequested.exchange(false, ordering: .relaxed) else { break }
        }
        return KafkaMessageBatch(pollBuffer.take(), client: client)
    }

    /// Waits up to `wait` for a message, then takes what else is ready into the poll buffer, up to `maxMessages`.
    private func collect(maxMessages: Int, wait timeout: Duration) throws(KafkaError) {
        var wait = timeout.milliseconds
        while pollBuffer.count < maxMessages {
            guard let message = rd_kafka_consumer_poll(client.handle, wait) else { break }
            wait = 0
            let err = message.pointee.err
            if err == RD_KAFKA_RESP_ERR_NO_ERROR {
                pollBuffer.append(message)
                continue
            }
            let error = KafkaError(message: message)
            rd_kafka_message_destroy(message)
            if err == RD_KAFKA_RESP_ERR__PARTITION_EOF { continue }
            if error.isFatal || err == RD_KAFKA_RESP_ERR__FATAL {
                throw client.fatalError ?? error
            }
            logger.warning("Kafka consumer: \(error)")
        }
    }

    /// Polls once on the consumer's own thread: waits up to `timeout` for a message, then
    /// takes what else is ready, up to `maxMessages`. The batch is empty when the timeout
    /// passed (or `wakeUp()` was called), so a caller with timers of its own wakes at least
    /// every `timeout`.
    /// Rebalance hooks run inside this call.
    public func nextBatch(maxMessages: Int, timeout: Duration) async throws(KafkaError) -> KafkaMessageBatch {
        try await thread.run { () throws(KafkaError) -> KafkaMessageBatch in
            try self.poll(maxMessages: maxMessages, timeout: timeout)
        }
    }

    /// Batches of messages, polled on the consumer's own thread as the caller asks for them.
    ///
    /// A batch is polled only when `next()` is called, so rebalances (and their hooks)
    /// happen between batches, after the caller has processed the previous one. The
    /// sequence ends when the consumer is closed or the iterating task is cancelled.
    ///
    /// `stop`, when given, is asked between polls: once it says true the sequence ends
    /// (a graceful stop that, unlike cancellation, leaves the caller's awaits alone).
    public func batches(
        maxMessages: Int = 1000, pollInterval: Duration = .milliseconds(100), until stop: (@Sendable () -> Bool)? = nil
    ) -> Batches {
        Batches(consumer: self, maxMessages: maxMessages, pollInterval: pollInterval, stop: stop)
    }

    /// An asynchronous sequence of message batches; see `batches(maxMessages:pollInterval:)`.
    public struct Batches: AsyncSequence, Sendable {
        /// Each element is one non-empty batch.
        public typealias Element = KafkaMessageBatch
        /// Polling errors end the iteration with a `KafkaError`.
        public typealias Failure = KafkaError

        let consumer: KafkaConsumer
        let maxMessages: Int
        let pollInterval: Duration
        let stop: (@Sendable () -> Bool)?

        /// Starts iterating.
        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(consumer: consumer, maxMessages: maxMessages, pollInterval: pollInterval, stop: stop)
        }

        /// Polls one batch per `next()` call on the consumer's thread.
        public struct AsyncIterator: AsyncIteratorProtocol {
            let consumer: KafkaConsumer
            let maxMessages: Int
            let pollInterval: Duration
            let stop: (@Sendable () -> Bool)?

            /// The next non-empty batch, or `nil` once the consumer closes, `stop` says so or the task is cancelled.
            public mutating func next() async throws(KafkaError) -> KafkaMessageBatch? {
                let consumer = consumer
                let maxMessages = maxMessages
                let pollInterval = pollInterval
                let stop = stop ?? { false }
                guard !consumer.closing.isRaised, !Task.isCancelled, !stop() else { return nil }
                let cancelled = AtomicFlag()
                let result: Result<KafkaMessageBatch?, KafkaError> = await withTaskCancellationHandler {
                    do throws(KafkaError) {
                        return .success(try await consumer.thread.run { () throws(KafkaError) -> KafkaMessageBatch? in
                            while !cancelled.isRaised && !consumer.closing.isRaised && !stop() {
                                let batch = try consumer.poll(maxMessages: maxMessages, timeout: pollInterval)
                                if !batch.isEmpty { return batch }
                            }
                            return nil
                        })
                    } catch {
                        return .failure(error)
                    }
                } onCancel: {
                    cancelled.raise()
                    consumer.wakeUp()
                }
                return try result.get()
            }
        }
    }
}
