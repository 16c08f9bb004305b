/// A Kubernetes label selector: `matchLabels` and `matchExpressions`, all of which must hold.
///
/// Kubernetes API `meta/v1` `LabelSelector`. An empty selector (`{}`) selects everything; what a
/// *missing* selector means depends on the field that contains it (see the handout, Part 1).
public struct LabelSelector: Codable, Hashable, Sendable {
    /// Labels that must be present with exactly these values.
    public var matchLabels: [String: String]?
    /// Requirements that must all hold.
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// Whether the selector has neither labels nor expressions, and so selects everything.
    public var isEmpty: Bool {
        (matchLabels ?? [:]).isEmpty && (matchExpressions ?? []).isEmpty
    }
}

/// One requirement of a selector's `matchExpressions`: a key, an operator and values.
public struct LabelSelectorRequirement: Codable, Hashable, Sendable {
    /// The label key the requirement applies to.
    public var key: String
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`, kept as written so that validation can reject
    /// anything else with the value named.
    public var `operator`: String
    /// The values for `In` and `NotIn`; must be empty for `Exists` and `DoesNotExist`.
    public var values: [String]?

    public init(key: String, operator: String, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
}
