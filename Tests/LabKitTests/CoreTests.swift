import Foundation
import LabKit
import Testing

@Suite("Clocks")
struct ClockTests {
    @Test("manual clock moves only when told")
    func manualClock() {
        let start = Date(timeIntervalSince1970: 1_000)
        let clock = ManualClock(now: start)
        #expect(clock.now == start)
        clock.advance(by: 2.5)
        #expect(clock.now == start.addingTimeInterval(2.5))
        clock.set(to: start)
        #expect(clock.now == start, "set(to:) may move the clock backwards")
    }

    @Test("system clock follows Date")
    func systemClock() {
        let before = Date()
        let reading = SystemClock().now
        #expect(reading >= before)
    }
}

@Suite("Logger")
struct LoggerTests {
    @Test("capture keeps records at or above the level")
    func captureFiltersByLevel() {
        let capture = LogCapture()
        let logger = capture.logger(label: "test", level: .info).with(metadata: ["request-id": "r1"])
        logger.debug("hidden")
        logger.info("shown", metadata: ["port": "80"])
        logger.error("failed")

        let records = capture.records
        #expect(records.map(\.message) == ["shown", "failed"], "debug is below info and must be dropped")
        #expect(records.first?.metadata == ["request-id": "r1", "port": "80"], "metadata merges")
        #expect(capture.text.contains("info test: shown port=80 request-id=r1"))
    }
}

@Suite("Scaffold support")
struct ScaffoldSupportTests {
    func unwritten() throws {
        throw LabKitError.notImplemented("look up the route for a request", part: 1, in: "RouteTable")
    }

    @Test("not-implemented error names function and part")
    func notImplementedMessage() {
        let error = #expect(throws: LabKitError.self) { try unwritten() }
        #expect(error?.code == .notImplemented)
        #expect(error?.message.contains("RouteTable.unwritten() is not implemented yet") == true)
        #expect(error?.message.contains("handout part 1") == true)
    }
}

@Suite("Crypto helpers")
struct CryptoHelperTests {
    // Expected digests from FIPS 180-2 appendix B (message "abc").
    @Test(
        "SHA-2 digests match FIPS 180-2",
        arguments: [
            (Digest.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                Digest.sha384,
                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
            ),
            (
                Digest.sha512,
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
            ),
        ])
    func digests(digest: Digest, expected: String) {
        #expect(digest.hash("abc").hexString == expected)
        #expect(digest.hash("abc").count == digest.byteCount)
    }

    @Test("constant-time comparison")
    func constantTimeEquals() {
        #expect(SecureBytes.constantTimeEquals(Data([1, 2, 3]), Data([1, 2, 3])))
        #expect(!SecureBytes.constantTimeEquals(Data([1, 2, 3]), Data([1, 2, 4])))
        #expect(!SecureBytes.constantTimeEquals(Data([1, 2]), Data([1, 2, 3])), "different lengths are unequal")
    }

    @Test("random bytes differ between calls")
    func randomBytes() {
        let first = SecureBytes.random(count: 32)
        #expect(first.count == 32)
        #expect(first != SecureBytes.random(count: 32), "two 256-bit random values must not collide")
    }

    @Test("base64url has no padding or +/")
    func base64URL() {
        #expect(Data([0xfb, 0xff]).base64URLEncodedString == "-_8")
    }
}
