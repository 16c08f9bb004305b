/// The syntax rules of Kubernetes names, label keys and values, and ports.
///
/// Each function returns the problems it finds, as sentences, and an empty list for a valid value.
/// The rules follow `k8s.io/apimachinery/pkg/util/validation` (`IsQualifiedName`,
/// `IsValidLabelValue`, `IsValidPortName`, `IsValidPortNum`).
public enum KubernetesSyntax {
    /// Checks a label key: an optional DNS-subdomain prefix and `/`, then a name of at most
    /// 63 alphanumerics, `-`, `_` or `.` that starts and ends alphanumeric (`app.kubernetes.io/name`).
    public static func labelKeyProblems(_ key: String) -> [String] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            return ["a label key has at most one '/', between an optional DNS prefix and the name"]
        }
        var problems: [String] = []
        if parts.count == 2 {
            let prefix = String(parts[0])
            if prefix.isEmpty {
                problems.append("prefix part must be non-empty")
            } else if !isDNSSubdomain(prefix) {
                problems.append(
                    "prefix part must be a lowercase RFC 1123 subdomain of at most 253 characters, such as example.com")
            }
        }
        let name = String(parts.last ?? "")
        if name.isEmpty {
            problems.append("name part must be non-empty")
        } else {
            problems += labelNameProblems(name, what: "name part")
        }
        return problems
    }

    /// Checks a label value: empty, or at most 63 alphanumerics, `-`, `_` or `.` that start and end
    /// alphanumeric.
    public static func labelValueProblems(_ value: String) -> [String] {
        value.isEmpty ? [] : labelNameProblems(value, what: "a label value")
    }

    /// Checks an object name that must be an RFC 1123 DNS subdomain (`IsDNS1123Subdomain`), as the
    /// names of Pods, Deployments, NetworkPolicies and ResourceQuotas must: at most 253 characters,
    /// dot-separated labels of lowercase alphanumerics and `-` that start and end alphanumeric.
    public static func dnsSubdomainProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.count > 253 {
            problems.append("must be no more than 253 characters")
        }
        if !isDNSSubdomain(name, maximumLength: .max) {
            problems.append(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com')")
        }
        return problems
    }

    /// Checks a name that must be an RFC 1123 DNS label (`IsDNS1123Label`), as a namespace name
    /// must: at most 63 lowercase alphanumerics and `-`, starting and ending alphanumeric.
    public static func dnsLabelProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.count > 63 {
            problems.append("must be no more than 63 characters")
        }
        if !isDNSLabel(name, maximumLength: .max) {
            problems.append(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                    + "and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc')")
        }
        return problems
    }

    /// Checks a port number: 1 to 65535.
    public static func portNumberProblems(_ port: Int) -> [String] {
        (1...65_535).contains(port) ? [] : ["must be between 1 and 65535, inclusive"]
    }

    /// Checks a port name (an IANA service name, RFC 6335 §5.1): at most 15 lowercase letters,
    /// digits and hyphens, with at least one letter and no leading, trailing or doubled hyphen.
    public static func portNameProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.count > 15 {
            problems.append("must be no more than 15 characters")
        }
        if !name.unicodeScalars.allSatisfy({ isLowerAlphanumeric($0) || $0 == "-" }) {
            problems.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if name.contains("--") {
            problems.append("must not contain consecutive hyphens")
        }
        if !name.unicodeScalars.contains(where: { ("a"..."z").contains($0) }) {
            problems.append("must contain at least one letter (a-z)")
        }
        if name.hasPrefix("-") || name.hasSuffix("-") {
            problems.append("must not begin or end with a hyphen")
        }
        return problems
    }

    private static func labelNameProblems(_ text: String, what: String) -> [String] {
        var problems: [String] = []
        if text.count > 63 {
            problems.append("\(what) must be no more than 63 characters")
        }
        let scalars = Array(text.unicodeScalars)
        let middleIsValid = scalars.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
        if !middleIsValid || !isAlphanumeric(scalars[0]) || !isAlphanumeric(scalars[scalars.count - 1]) {
            problems.append(
                "\(what) must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
            )
        }
        return problems
    }

    private static func isDNSSubdomain(_ text: String, maximumLength: Int = 253) -> Bool {
        guard text.count <= maximumLength else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            isDNSLabel(String(label))
        }
    }

    private static func isDNSLabel(_ text: String, maximumLength: Int = 63) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, scalars.count <= maximumLength else { return false }
        return isLowerAlphanumeric(first) && isLowerAlphanumeric(last)
            && scalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
