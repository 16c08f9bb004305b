extension HTTPServer {
    /// The server's mutable state, always accessed under its `Mutex`.
    struct State {
        enum Phase {
            case created, running, stopping, stopped
        }

        /// An open connection and the task that serves it.
        struct Connection {
            /// `nil` for the moment between admission and the task's creation.
            var task: Task<Void, Never>?
            /// Whether the connection waits for its next request, so ``HTTPServer/stop()`` may close it.
            var isIdle = false
            /// Whether the task is to be cancelled, kept for a task not yet attached.
            var isCancelled = false
        }

        var phase = Phase.created
        var address: SocketAddress?
        /// The TLS context built from ``Configuration/tls`` at start, or `nil` for plain HTTP.
        var tlsContext: TLSContext?
        var acceptTask: Task<Void, Never>?
        var connections: [UInt64: Connection] = [:]
        var rejectingCount = 0
        /// Tasks in ``HTTPServer/stop()`` waiting for the last connection to finish.
        var drainWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        private var nextID: UInt64 = 0

        mutating func makeID() -> UInt64 {
            nextID += 1
            return nextID
        }

        mutating func addConnection() -> UInt64 {
            let id = makeID()
            connections[id] = Connection()
            return id
        }

        /// Stores the task of a connection; returns the task when it must be cancelled at once
        /// because ``HTTPServer/stop()`` marked the connection before the task existed.
        mutating func attach(_ task: Task<Void, Never>, to id: UInt64) -> Task<Void, Never>? {
            guard connections[id] != nil else { return nil }
            connections[id]?.task = task
            return connections[id]?.isCancelled == true ? task : nil
        }

        /// Removes a finished connection; returns the stop waiters to resume when it was the last.
        mutating func removeConnection(_ id: UInt64) -> [CheckedContinuation<Void, Never>] {
            connections[id] = nil
            guard connections.isEmpty else { return [] }
            defer { drainWaiters.removeAll() }
            return Array(drainWaiters.values)
        }

        /// Sets whether a connection is idle; returns `false` when the server is stopping.
        mutating func setIdle(_ id: UInt64, _ isIdle: Bool) -> Bool {
            guard phase == .running else { return false }
            connections[id]?.isIdle = isIdle
            return true
        }

        /// Marks the matching connections cancelled and returns their tasks, which the caller
        /// cancels after releasing the lock.
        mutating func markCancelled(where shouldCancel: (Connection) -> Bool) -> [Task<Void, Never>] {
            var tasks: [Task<Void, Never>] = []
            for (id, connection) in connections where shouldCancel(connection) {
                connections[id]?.isCancelled = true
                if let task = connection.task {
                    tasks.append(task)
                }
            }
            return tasks
        }
    }
}
