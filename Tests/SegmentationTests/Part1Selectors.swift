import LabKit
import Segmentation
import Testing

@Suite("Part 1 — Cluster model and selectors")
struct Part1Selectors {
    static let labels = ["app": "web", "tier": "frontend", "env": "prod"]

    @Test(
        "matchLabels must all be equal",
        arguments: [
            (["app": "web"], true),
            (["app": "web", "tier": "frontend"], true),
            (["app": "web", "tier": "backend"], false),
            (["app": "api"], false),
            (["team": "web"], false),
        ])
    func matchLabels(matchLabels: [String: String], expected: Bool) throws {
        let selector = LabelSelector(matchLabels: matchLabels)
        #expect(
            try selector.matches(Self.labels) == expected,
            "\(matchLabels) against \(Self.labels): every key must be present with exactly that value")
    }

    @Test(
        "matchExpressions operators",
        arguments: [
            ("In", "tier", ["frontend", "backend"], true),
            ("In", "tier", ["backend"], false),
            ("In", "team", ["frontend"], false),
            ("NotIn", "tier", ["backend"], true),
            ("NotIn", "tier", ["frontend"], false),
            ("NotIn", "team", ["payments"], true),
            ("Exists", "env", [], true),
            ("Exists", "team", [], false),
            ("DoesNotExist", "team", [], true),
            ("DoesNotExist", "env", [], false),
        ])
    func expressions(operator: String, key: String, values: [String], expected: Bool) throws {
        let requirement = LabelSelectorRequirement(key: key, operator: `operator`, values: values)
        #expect(
            try requirement.matches(Self.labels) == expected,
            "\(key) \(`operator`) \(values) against \(Self.labels); NotIn also holds when the key is absent")
        let selector = LabelSelector(matchExpressions: [requirement])
        #expect(try selector.matches(Self.labels) == expected)
    }

    @Test("labels and expressions are ANDed")
    func labelsAndExpressionsAreANDed() throws {
        let selector = LabelSelector(
            matchLabels: ["app": "web"],
            matchExpressions: [
                LabelSelectorRequirement(key: "env", operator: "In", values: ["prod", "staging"]),
                LabelSelectorRequirement(key: "canary", operator: "DoesNotExist"),
            ])
        #expect(try selector.matches(Self.labels))
        #expect(
            try !selector.matches(Self.labels.merging(["canary": "true"]) { $1 }), "one failing requirement fails all")
        #expect(try !selector.matches(["app": "web", "env": "dev"]))
    }

    @Test("empty selector selects everything, missing selects nothing")
    func emptyAndMissing() throws {
        #expect(try LabelSelector().matches(Self.labels), "{} selects every pod")
        #expect(try LabelSelector().matches([:]), "{} selects even a pod without labels")
        #expect(try LabelSelector(matchLabels: [:], matchExpressions: []).matches([:]))
        #expect(try LabelSelector.selects(LabelSelector(), Self.labels))
        #expect(try !LabelSelector.selects(nil, Self.labels), "a missing selector selects nothing")
        #expect(try !LabelSelector.selects(nil, [:]))
    }

    @Test("unknown operator matches nothing")
    func unknownOperator() throws {
        let requirement = LabelSelectorRequirement(key: "app", operator: "Equals", values: ["web"])
        #expect(
            try !requirement.matches(Self.labels), "an operator that is not understood must never widen a selection")
    }

    @Test("selector picks the right pods")
    func selectorPicksPods() throws {
        let cluster = try Cluster(manifests: ManifestLoader.load(Fixture.clusterYAML()))
        #expect(cluster.labels(ofNamespace: "x") == ["ns": "x", "kubernetes.io/metadata.name": "x"])
        #expect(cluster.labels(ofNamespace: "kube-system") == ["kubernetes.io/metadata.name": "kube-system"])
        let selector = LabelSelector(matchExpressions: [
            LabelSelectorRequirement(key: "pod", operator: "NotIn", values: ["a"])
        ])
        let selected = try cluster.pods.filter { try selector.matches($0.labels) }.map(\.description)
        #expect(selected == ["kube-system/dns", "x/b", "x/c", "y/b", "y/c", "z/b", "z/c"])
        let namespaces = try cluster.namespaces.filter {
            try LabelSelector(matchLabels: ["ns": "y"]).matches($0.value)
        }
        #expect(namespaces.keys.sorted() == ["y"])
        let byName = try cluster.namespaces.filter {
            try LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "kube-system"]).matches($0.value)
        }
        #expect(byName.keys.sorted() == ["kube-system"], "every namespace carries its name as a label")
    }

    @Test("valid selectors have no errors")
    func validSelector() throws {
        let selector = LabelSelector(
            matchLabels: ["app.kubernetes.io/name": "web", "tier": ""],
            matchExpressions: [
                LabelSelectorRequirement(key: "env", operator: "In", values: ["prod"]),
                LabelSelectorRequirement(key: "canary", operator: "DoesNotExist"),
            ])
        #expect(try selector.validate(at: FieldPath("spec").child("podSelector")) == [])
    }

    @Test(
        "invalid selectors name the field",
        arguments: [
            (
                LabelSelectorRequirement(key: "env", operator: "In", values: []),
                "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
            ),
            (
                LabelSelectorRequirement(key: "env", operator: "NotIn"),
                "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
            ),
            (
                LabelSelectorRequirement(key: "env", operator: "Exists", values: ["prod"]),
                "spec.podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            ),
            (
                LabelSelectorRequirement(key: "env", operator: "Equals", values: ["prod"]),
                "spec.podSelector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator"
            ),
        ])
    func invalidRequirement(requirement: LabelSelectorRequirement, expected: String) throws {
        let selector = LabelSelector(matchExpressions: [requirement])
        let errors = try selector.validate(at: FieldPath("spec").child("podSelector"))
        #expect(errors.map(\.description) == [expected])
    }

    @Test("invalid label key is rejected")
    func invalidLabelKey() throws {
        let selector = LabelSelector(matchLabels: ["-app": "web"])
        let errors = try selector.validate(at: FieldPath("spec").child("podSelector"))
        #expect(errors.count == 1)
        #expect(errors.first?.path.description == "spec.podSelector.matchLabels")
        #expect(errors.first?.kind == .invalid)
        #expect(errors.first?.value == "\"-app\"")
    }

    @Test("objects and selectors share label rules")
    func objectMetadataIsValidated() throws {
        let pod = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: Web_1
              namespace: shop
              labels:
                -app: web
            spec:
              containers:
                - name: app
                  image: nginx:1.27
            """
        let error = #expect(throws: ManifestError.self, "Kubernetes rejects the pod's name and label key") {
            try ManifestLoader.load(pod, source: "pod.yaml")
        }
        #expect(error?.code == .invalid)
        #expect(
            error?.fieldErrors.map(\.path.description) == ["metadata.name", "metadata.labels"],
            "got \(String(describing: error?.message))")
        #expect(error?.message.hasPrefix("pod.yaml: document 1") == true, "the message names the file and document")

        let misspelt = pod.replacingOccurrences(of: "  labels:", with: "  label:")
            .replacingOccurrences(of: "Web_1", with: "web-1")
        let keyError = #expect(throws: ManifestError.self, "a misspelt `labels` must not leave the pod unlabelled") {
            try ManifestLoader.load(misspelt, source: "pod.yaml")
        }
        #expect(
            keyError?.message.contains("unknown key \"label\" in metadata") == true,
            "got \(String(describing: keyError?.message))")

        let selector = LabelSelector(matchLabels: ["-app": "web"])
        let selectorErrors = try selector.validate(at: FieldPath("spec").child("podSelector"))
        #expect(
            selectorErrors.map(\.detail) == error?.fieldErrors.dropFirst().map(\.detail),
            "a selector must reject the label key with the same words as the object")
    }
}
