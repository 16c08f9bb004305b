extension LabelSelectorRequirement {
    /// Returns whether a set of labels satisfies the requirement.
    ///
    /// Kubernetes `labels.Requirement.Matches`. `In` needs the key with one of the values.
    /// `NotIn` is true when the key is absent or has none of the values. `Exists` and
    /// `DoesNotExist` look at the key only. An unknown operator matches nothing, because a
    /// requirement that cannot be understood must never widen a selection.
    public func matches(_ labels: [String: String]) throws -> Bool {
        let value = labels[key]
        switch `operator` {
        case "In":
            guard let value else { return false }
            return (values ?? []).contains(value)
        case "NotIn":
            guard let value else { return true }
            return !(values ?? []).contains(value)
        case "Exists":
            return value != nil
        case "DoesNotExist":
            return value == nil
        default:
            return false
        }
    }
}

extension LabelSelector {
    /// Returns whether a set of labels satisfies every `matchLabels` entry and every
    /// `matchExpressions` requirement.
    ///
    /// The conditions are ANDed, so an empty selector (`{}`) matches every set of labels,
    /// including an empty one.
    public func matches(_ labels: [String: String]) throws -> Bool {
        for (key, value) in matchLabels ?? [:] where labels[key] != value {
            return false
        }
        for requirement in matchExpressions ?? [] where try !requirement.matches(labels) {
            return false
        }
        return true
    }

    /// Returns whether an optional selector selects a set of labels.
    ///
    /// Kubernetes `metav1.LabelSelectorAsSelector`: a missing (`nil`) selector selects
    /// nothing, while an empty one selects everything. Fields that give a missing selector
    /// another meaning, such as a policy peer's `namespaceSelector`, handle `nil` themselves.
    public static func selects(_ selector: LabelSelector?, _ labels: [String: String]) throws -> Bool {
        guard let selector else { return false }
        return try selector.matches(labels)
    }

    /// Returns the reasons Kubernetes would reject this selector, with the path of each bad field.
    ///
    /// Kubernetes `ValidateLabelSelector`. Label keys and values must be valid
    /// (``KubernetesSyntax``). `In` and `NotIn` need at least one value (`Required value`), and
    /// `Exists` and `DoesNotExist` take none (`Forbidden`). Any other operator is an
    /// `Invalid value: "…": not a valid selector operator`.
    public func validate(at path: FieldPath) throws -> [FieldError] {
        var errors: [FieldError] = []
        let labelsPath = path.child("matchLabels")
        for (key, value) in (matchLabels ?? [:]).sorted(by: { $0.key < $1.key }) {
            errors += KubernetesSyntax.labelKeyProblems(key).map { FieldError.invalid(labelsPath, key, $0) }
            errors += KubernetesSyntax.labelValueProblems(value).map { FieldError.invalid(labelsPath, value, $0) }
        }
        for (index, requirement) in (matchExpressions ?? []).enumerated() {
            errors += requirement.validate(at: path.child("matchExpressions").index(index))
        }
        return errors
    }
}

extension LabelSelectorRequirement {
    fileprivate func validate(at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let values = values ?? []
        switch `operator` {
        case "In", "NotIn":
            if values.isEmpty {
                errors.append(.required(path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
            }
        case "Exists", "DoesNotExist":
            if !values.isEmpty {
                errors.append(
                    .forbidden(
                        path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
            }
        default:
            errors.append(.invalid(path.child("operator"), `operator`, "not a valid selector operator"))
        }
        errors += KubernetesSyntax.labelKeyProblems(key).map { FieldError.invalid(path.child("key"), key, $0) }
        for (index, value) in values.enumerated() {
            errors += KubernetesSyntax.labelValueProblems(value).map {
                FieldError.invalid(path.child("values").index(index), value, $0)
            }
        }
        return errors
    }
}
