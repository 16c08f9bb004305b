import Foundation
import LabKit
import Segmentation
import Testing

@Suite("Part 6 — Resource quotas")
struct Part6Quotas {
    @Test(
        "quantities parse to canonical form",
        arguments: [
            ("500m", "500m"), ("1", "1"), ("1.5", "1500m"), ("1000m", "1"), ("2000", "2k"), ("1500", "1500"),
            ("0.1", "100m"), (".5", "500m"), ("5.", "5"), ("+3", "3"), ("-1.5", "-1500m"), ("0", "0"), ("0.000", "0"),
            ("128Mi", "128Mi"), ("1.5Gi", "1536Mi"), ("0.5Gi", "512Mi"), ("1024Mi", "1Gi"), ("1.5Ki", "1536"),
            ("0.5Ki", "512"), ("1Ki", "1Ki"), ("1e3", "1e3"), ("1E3", "1e3"), ("1500e-3", "1500e-3"),
            ("12E-3", "12e-3"),
            ("1e0", "1"), ("1E", "1E"), ("1M", "1M"), ("100u", "100u"), ("1n", "1n"), ("0.1n", "1n"), ("1.05n", "2n"),
            ("1Ti", "1Ti"), ("2G", "2G"),
        ])
    func canonicalForm(text: String, expected: String) throws {
        let quantity = try Quantity(parsing: text)
        #expect(quantity.description == expected, "\(text) must be written back as Kubernetes writes it")
    }

    @Test(
        "quantities have exact values",
        arguments: [
            ("500m", Decimal(500_000_000)), ("1.5", Decimal(1_500_000_000)),
            ("128Mi", Decimal(134_217_728) * 1_000_000_000),
            ("1e3", Decimal(1_000_000_000_000)), ("0.1n", Decimal(1)), ("-2k", Decimal(-2_000_000_000_000)),
        ])
    func exactValues(text: String, nanos: Decimal) throws {
        #expect(try Quantity(parsing: text).nanos == nanos)
    }

    @Test(
        "formats follow the suffix",
        arguments: [
            ("128Mi", Quantity.Format.binarySI), ("500m", .decimalSI), ("7", .decimalSI), ("1e3", .decimalExponent),
            ("0.5Ki", .binarySI), ("0.0005Ki", .decimalSI),
        ])
    func formats(text: String, format: Quantity.Format) throws {
        #expect(try Quantity(parsing: text).format == format)
    }

    @Test(
        "invalid quantities are rejected",
        arguments: [
            "", "1K", "1mi", "1MI", "1.5.5", "Mi", "1 Mi", " 1", "1 ", "1Mi5", ".", "+", "-", "1e", "1e+", "0x10",
            "1,5", "١", "++1", "1Mi ", "one", "1ki", "1b", "1e1.5",
        ])
    func invalidQuantities(text: String) throws {
        let error = #expect(throws: QuotaError.self) { try Quantity(parsing: text) }
        #expect(error?.code == .invalidQuantity, "\"\(text)\" is not a Kubernetes quantity")
        #expect(error?.message.contains("\"\(text)\"") == true, "the message must name the bad text")
    }

    @Test("arithmetic is exact")
    func exactArithmetic() throws {
        let sum = try Quantity(parsing: "0.1") + Quantity(parsing: "0.2")
        #expect(sum == (try Quantity(parsing: "0.3")), "no binary floating point: 0.1 + 0.2 is 0.3")
        #expect(sum.description == "300m")
        #expect(try Quantity(parsing: "1Gi") == Quantity(parsing: "1024Mi"))
        #expect(try Quantity(parsing: "1") == Quantity(parsing: "1000m"))
        #expect(try Quantity(parsing: "999m") < Quantity(parsing: "1"))
        let memory = try Quantity.zero + Quantity(parsing: "128Mi") + Quantity(parsing: "128Mi")
        #expect(memory.description == "256Mi", "0 + 128Mi keeps the binary format")
    }

    static let quotas = """
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: compute
          namespace: shop
        spec:
          hard:
            requests.cpu: "1"
            requests.memory: 256Mi
            limits.memory: 512Mi
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: pod-count
          namespace: shop
        spec:
          hard:
            pods: "3"
        """

    static func pod(
        _ name: String, namespace: String = "shop", cpu: String = "250m", memory: String = "64Mi",
        limitsMemory: String = "128Mi"
    ) throws -> Pod {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: \(name)
              namespace: \(namespace)
            spec:
              containers:
                - name: app
                  image: nginx:1.27
                  resources:
                    requests:
                      cpu: \(cpu)
                      memory: \(memory)
                    limits:
                      memory: \(limitsMemory)
            """
        guard case .pod(let pod) = try #require(ManifestLoader.load(text).first) else {
            throw LabKitError(.invalidArgument, "expected a Pod")
        }
        return pod
    }

    static func admission() throws -> QuotaAdmission {
        let cluster = try Cluster(manifests: ManifestLoader.load(quotas))
        return try QuotaAdmission(quotas: cluster.quotas)
    }

    @Test("pod usage")
    func podUsage() throws {
        let usage = try QuotaAdmission.usage(of: Self.pod("web", cpu: "500m"))
        #expect(usage["pods"]?.description == "1")
        #expect(usage["requests.cpu"]?.description == "500m")
        #expect(usage["cpu"]?.description == "500m", "cpu is an alias of requests.cpu")
        #expect(usage["requests.memory"]?.description == "64Mi")
        #expect(usage["limits.memory"]?.description == "128Mi")
        #expect(usage["limits.cpu"] == nil, "a resource no container states is left out")
    }

    @Test("requests add up across containers")
    func containersAddUp() throws {
        let pod = Pod(
            metadata: ObjectMeta(name: "multi", namespace: "shop"),
            spec: PodSpec(
                containers: [
                    Container(name: "app", resources: ResourceRequirements(requests: ["cpu": "300m"])),
                    Container(name: "sidecar", resources: ResourceRequirements(limits: ["cpu": "0.2"])),
                ],
                initContainers: [
                    Container(
                        name: "migrate", resources: ResourceRequirements(requests: ["cpu": "1", "memory": "1Gi"]))
                ]))
        let usage = try QuotaAdmission.usage(of: pod)
        #expect(usage["requests.cpu"]?.description == "1", "the init container's 1 CPU exceeds 300m + 200m")
        #expect(usage["limits.cpu"]?.description == "200m")
        #expect(usage["requests.memory"]?.description == "1Gi")
    }

    @Test("admits until the quota is full")
    func admitsUntilFull() throws {
        var admission = try Self.admission()
        try admission.admit(Self.pod("web-0", cpu: "500m"))
        try admission.admit(Self.pod("web-1", cpu: "0.5"))
        #expect(admission.used["shop/compute"]?["requests.cpu"]?.description == "1")
        #expect(admission.used["shop/pod-count"]?["pods"]?.description == "2")
        let error = #expect(throws: QuotaError.self) { try admission.admit(Self.pod("web-2", cpu: "100m")) }
        #expect(error?.code == .exceeded)
        #expect(
            error?.message
                == "pods \"web-2\" is forbidden: exceeded quota: compute, requested: requests.cpu=100m, used: requests.cpu=1, limited: requests.cpu=1"
        )
        #expect(admission.used["shop/compute"]?["requests.cpu"]?.description == "1", "a rejected pod uses nothing")
        #expect(admission.used["shop/pod-count"]?["pods"]?.description == "2", "not even in the quotas it fitted")
    }

    @Test("message lists every exceeded resource")
    func severalExceeded() throws {
        var admission = try Self.admission()
        let error = #expect(throws: QuotaError.self) {
            try admission.admit(Self.pod("big", cpu: "1500m", memory: "300Mi", limitsMemory: "300Mi"))
        }
        #expect(
            error?.message
                == "pods \"big\" is forbidden: exceeded quota: compute, requested: requests.cpu=1500m,requests.memory=300Mi, used: requests.cpu=0,requests.memory=0, limited: requests.cpu=1,requests.memory=256Mi"
        )
    }

    @Test("pod count quota")
    func podCount() throws {
        var admission = try Self.admission()
        for index in 0..<3 {
            try admission.admit(Self.pod("tiny-\(index)", cpu: "10m", memory: "1Mi", limitsMemory: "1Mi"))
        }
        let error = #expect(throws: QuotaError.self) {
            try admission.admit(Self.pod("tiny-3", cpu: "10m", memory: "1Mi", limitsMemory: "1Mi"))
        }
        #expect(
            error?.message
                == "pods \"tiny-3\" is forbidden: exceeded quota: pod-count, requested: pods=1, used: pods=3, limited: pods=3"
        )
    }

    @Test("other namespaces are not limited")
    func otherNamespace() throws {
        var admission = try Self.admission()
        try admission.admit(Self.pod("batch", namespace: "jobs", cpu: "64", memory: "1Ti", limitsMemory: "1Ti"))
        #expect(admission.used["shop/compute"]?["requests.cpu"]?.isZero == true)
    }

    @Test("quota needs requests to be stated")
    func mustSpecify() throws {
        var admission = try Self.admission()
        let pod = Pod(
            metadata: ObjectMeta(name: "lazy", namespace: "shop"),
            spec: PodSpec(containers: [
                Container(name: "app", resources: ResourceRequirements(requests: ["cpu": "100m"])),
                Container(name: "sidecar", resources: ResourceRequirements(limits: ["memory": "64Mi"])),
            ]))
        let error = #expect(throws: QuotaError.self) { try admission.admit(pod) }
        #expect(error?.code == .mustSpecify)
        #expect(
            error?.message
                == "pods \"lazy\" is forbidden: failed quota: compute: must specify limits.memory for: app; requests.cpu for: sidecar; requests.memory for: app"
        )
    }

    @Test("a limit counts as the request")
    func limitDefaultsRequest() throws {
        var admission = try Self.admission()
        let pod = Pod(
            metadata: ObjectMeta(name: "limited", namespace: "shop"),
            spec: PodSpec(containers: [
                Container(name: "app", resources: ResourceRequirements(limits: ["cpu": "750m", "memory": "200Mi"]))
            ]))
        try admission.admit(pod)
        #expect(admission.used["shop/compute"]?["requests.cpu"]?.description == "750m")
        #expect(admission.used["shop/compute"]?["requests.memory"]?.description == "200Mi")
    }

    @Test("bad quantity in a pod is named")
    func badPodQuantity() throws {
        var admission = try Self.admission()
        let error = #expect(throws: QuotaError.self) { try admission.admit(Self.pod("typo", cpu: "1 CPU")) }
        #expect(error?.code == .invalidQuantity)
        #expect(error?.message.contains("\"1 CPU\"") == true)
        #expect(error?.message.contains("app") == true, "the message names the container")
    }

    @Test("negative quantities are rejected")
    func negativeQuantities() throws {
        var admission = try Self.admission()
        let error = #expect(throws: QuotaError.self, "a request of -4 CPUs would free room for other pods") {
            try admission.admit(Self.pod("thief", cpu: "-4"))
        }
        #expect(error?.code == .invalidQuantity)
        #expect(
            error?.message.contains("\"-4\": must be greater than or equal to 0") == true,
            "the message must name the value and the rule; got \(String(describing: error?.message))")
        #expect(admission.used["shop/compute"]?["requests.cpu"] == .zero, "a rejected pod must use nothing")

        let negativeHard = """
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: broken
              namespace: shop
            spec:
              hard:
                pods: "-1"
            """
        let cluster = try Cluster(manifests: ManifestLoader.load(negativeHard))
        let hardError = #expect(throws: QuotaError.self, "a negative hard limit is invalid") {
            try QuotaAdmission(quotas: cluster.quotas)
        }
        #expect(hardError?.code == .invalidQuantity)
    }
}
