public import Foundation

/// How late work is penalised.
///
/// Penalties are a percentage of the points earned, counted per started day or hour after
/// the deadline and its grace period, up to a cap. In YAML:
///
/// ```yaml
/// latePolicy:
///   kind: percentPerDay   # none | zero | percentPerDay | percentPerHour
///   percent: 10           # per started day (or hour)
///   cap: 50               # never more than this percentage in all
///   graceMinutes: 15      # lateness below this is forgiven
/// ```
public struct LatePolicy: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Late work is scored as if on time.
        case none
        /// Late work scores zero.
        case zero
        /// `percent` is deducted per started day late.
        case percentPerDay
        /// `percent` is deducted per started hour late.
        case percentPerHour

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let name = try container.decode(String.self)
            guard let kind = Kind(rawValue: name) else {
                let names = Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "the late policy kind must be one of \(names), not \(name)")
            }
            self = kind
        }
    }

    public var kind: Kind
    /// The deduction per started period, from 0 to 100.
    public var percent: Double
    /// The largest total deduction, from 0 to 100.
    public var cap: Double
    /// Lateness up to this many minutes costs nothing.
    public var graceMinutes: Double

    public init(kind: Kind, percent: Double = 0, cap: Double = 100, graceMinutes: Double = 0) {
        self.kind = kind
        self.percent = percent
        self.cap = cap
        self.graceMinutes = graceMinutes
    }

    public static let none = LatePolicy(kind: .none)

    private enum CodingKeys: String, CodingKey {
        case kind, percent, cap, graceMinutes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        percent = try container.decodeIfPresent(Double.self, forKey: .percent) ?? 0
        cap = try container.decodeIfPresent(Double.self, forKey: .cap) ?? 100
        graceMinutes = try container.decodeIfPresent(Double.self, forKey: .graceMinutes) ?? 0
    }

    /// The percentage of earned points deducted for work submitted at `submitted`.
    public func penaltyPercent(submitted: Date, deadline: Date) -> Double {
        let late = submitted.timeIntervalSince(deadline) - graceMinutes * 60
        guard late > 0 else { return 0 }
        switch kind {
        case .none: return 0
        case .zero: return 100
        case .percentPerDay: return min(cap, (late / 86_400).rounded(.up) * percent)
        case .percentPerHour: return min(cap, (late / 3_600).rounded(.up) * percent)
        }
    }
}
