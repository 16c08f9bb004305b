extension HTTPServer {
    /// Stops the server gracefully.
    ///
    /// Stops accepting and closes the listening socket, closes connections that wait for a
    /// request, and lets requests in progress finish: their responses carry
    /// `Connection: close` (RFC 9112 §9.6). Requests still running after
    /// ``Configuration/shutdownGracePeriod`` are cancelled. Calling it again waits the same way.
    public func stop() async {
        let acceptTask = state.withLock { state in
            if state.phase == .running || state.phase == .created {
                state.phase = .stopping
            }
            defer { state.acceptTask = nil }
            return state.acceptTask
        }
        acceptTask?.cancel()
        await acceptTask?.value
        cancelConnections { $0.isIdle }
        if await !waitForConnections(within: configuration.shutdownGracePeriod) {
            logger.warning("requests still running after the shutdown grace period; cancelling them")
            cancelConnections { _ in true }
            if await !waitForConnections(within: Self.lingerTimeout) {
                // NOTE: a handler that ignores cancellation keeps its connection open after this returns.
                logger.warning("some connections did not finish after cancellation")
            }
        }
        let address = state.withLock { state in
            state.phase = .stopped
            defer { state.address = nil }
            return state.address
        }
        logger.info("HTTP server stopped", metadata: ["address": address?.description ?? "none"])
    }

    private func cancelConnections(where shouldCancel: (State.Connection) -> Bool) {
        let tasks = state.withLock { $0.markCancelled(where: shouldCancel) }
        for task in tasks {
            task.cancel()
        }
    }

    /// Waits until no connection is open or `timeout` passes; returns whether none is open.
    private func waitForConnections(within timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.waitUntilNoConnections()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Suspends until the last connection finishes; returns early when cancelled.
    private func waitUntilNoConnections() async {
        let id = state.withLock { $0.makeID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    guard !state.connections.isEmpty, !Task.isCancelled else { return true }
                    state.drainWaiters[id] = continuation
                    return false
                }
                if resumeNow {
                    continuation.resume()
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.drainWaiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
