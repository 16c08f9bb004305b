import LabKit

extension LabelSelectorRequirement {
    /// Returns whether a set of labels satisfies the requirement.
    ///
    /// Kubernetes `labels.Requirement.Matches`. `In` needs the key with one of the values.
    /// `NotIn` is true when the key is absent or has none of the values. `Exists` and
    /// `DoesNotExist` look at the key only. An unknown operator matches nothing, because a
    /// requirement that cannot be understood must never widen a selection.
    public func matches(_ labels: [String: String]) throws -> Bool {
        // TODO: Part 1 — implement In, NotIn, Exists and DoesNotExist; NotIn also holds when the key
        // is absent, and an unknown operator matches nothing.
        throw LabKitError.notImplemented("match one requirement of matchExpressions", part: 1)
    }
}

extension LabelSelector {
    /// Returns whether a set of labels satisfies every `matchLabels` entry and every
    /// `matchExpressions` requirement.
    ///
    /// The conditions are ANDed, so an empty selector (`{}`) matches every set of labels,
    /// including an empty one.
    public func matches(_ labels: [String: String]) throws -> Bool {
        // TODO: Part 1 — every matchLabels entry equal and every requirement satisfied; {} matches all.
        throw LabKitError.notImplemented("match a label selector", part: 1)
    }

    /// Returns whether an optional selector selects a set of labels.
    ///
    /// Kubernetes `metav1.LabelSelectorAsSelector`: a missing (`nil`) selector selects
    /// nothing, while an empty one selects everything. Fields that give a missing selector
    /// another meaning, such as a policy peer's `namespaceSelector`, handle `nil` themselves.
    public static func selects(_ selector: LabelSelector?, _ labels: [String: String]) throws -> Bool {
        // TODO: Part 1 — nil selects nothing, any other selector decides with matches(_:).
        throw LabKitError.notImplemented("decide an optional selector", part: 1)
    }

    /// Returns the reasons Kubernetes would reject this selector, with the path of each bad field.
    ///
    /// Kubernetes `ValidateLabelSelector`. Label keys and values must be valid
    /// (``KubernetesSyntax``). `In` and `NotIn` need at least one value (`Required value`), and
    /// `Exists` and `DoesNotExist` take none (`Forbidden`). Any other operator is an
    /// `Invalid value: "…": not a valid selector operator`.
    public func validate(at path: FieldPath) throws -> [FieldError] {
        // TODO: Part 1 — check label keys and values with KubernetesSyntax, then each requirement's
        // operator and values, building paths with path.child("matchExpressions").index(i).
        throw LabKitError.notImplemented("validate a label selector", part: 1)
    }
}
