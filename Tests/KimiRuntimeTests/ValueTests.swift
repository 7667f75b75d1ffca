import Foundation
import Testing

@testable import KimiRuntime

@Suite("Cost, images, prompts")
struct ValueTests {
    @Test("cost math: uncached input and cache writes at the input price, cache reads and output at theirs")
    func costMath() throws {
        let thinking = try #require(KimiModelCatalog.pricing(for: "kimi-k2-thinking"))
        #expect(abs(thinking.cost(of: TokenUsage(inputOther: 1_000_000)) - 0.60) < 1e-12)
        #expect(abs(thinking.cost(of: TokenUsage(output: 1_000_000)) - 2.50) < 1e-12)
        #expect(abs(thinking.cost(of: TokenUsage(inputCacheRead: 1_000_000)) - 0.15) < 1e-12)
        #expect(abs(thinking.cost(of: TokenUsage(inputCacheCreation: 1_000_000)) - 0.60) < 1e-12)
        let usage = TokenUsage(inputOther: 1_200, output: 340, inputCacheRead: 800, inputCacheCreation: 100)
        let expected = (1_300 * 0.60 + 340 * 2.50 + 800 * 0.15) / 1_000_000
        #expect(abs(thinking.cost(of: usage) - expected) < 1e-15)
        let turbo = try #require(KimiModelCatalog.pricing(for: "kimi-k2-thinking-turbo"))
        #expect(abs(turbo.cost(of: TokenUsage(inputOther: 2_000_000, output: 1_000_000, inputCacheRead: 4_000_000)) - (3.00 + 5.00 + 0.60)) < 1e-12)
        #expect(KimiModelCatalog.pricing(for: "kimi-for-coding") == nil)
        #expect(KimiModelCatalog.pricing(for: "kimi-unknown") == nil)
        let record = CostRecord(model: "kimi-k2-thinking", usage: usage, pricing: thinking)
        #expect(record.usd == thinking.cost(of: usage))
        #expect(usage.input == 2_100)
        #expect(usage + .zero == usage)
    }

    @Test("images become data URIs: bytes, files (type sniffed), data/http URLs pass through")
    func imageDataURIs() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        #expect(try ImageInput.bytes(png, mediaType: "image/png").dataURI() == "data:image/png;base64," + png.base64EncodedString())
        #expect(try ImageInput.bytes(png, mediaType: "IMAGE/PNG").dataURI().hasPrefix("data:image/png;base64,"))
        #expect(throws: RuntimeError.self) { try ImageInput.bytes(png, mediaType: "text/plain").dataURI() }
        #expect(throws: RuntimeError.self) { try ImageInput.bytes(Data(), mediaType: "image/png").dataURI() }

        let directory = try TestEnvironment.temporaryDirectory("kimi-image")
        defer { try? FileManager.default.removeItem(at: directory) }
        let jpegBytes = Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])
        let misnamed = directory.appendingPathComponent("photo.png")  // content wins over the extension
        try jpegBytes.write(to: misnamed)
        #expect(try ImageInput.path(misnamed.path).dataURI() == "data:image/jpeg;base64," + jpegBytes.base64EncodedString())
        #expect(try ImageInput.url(misnamed).dataURI() == "data:image/jpeg;base64," + jpegBytes.base64EncodedString())
        let gif = directory.appendingPathComponent("a.gif")
        try Data("GIF89a....".utf8).write(to: gif)
        #expect(try ImageInput.path(gif.path).dataURI().hasPrefix("data:image/gif;base64,"))
        let webp = directory.appendingPathComponent("a.bin")
        try Data("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8).write(to: webp)
        #expect(try ImageInput.path(webp.path).dataURI().hasPrefix("data:image/webp;base64,"))
        let text = directory.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: text)
        #expect(throws: RuntimeError.self) { try ImageInput.path(text.path).dataURI() }

        let missing = directory.appendingPathComponent("missing.png").path
        let error = #expect(throws: RuntimeError.self) { try ImageInput.path(missing).dataURI() }
        #expect(error == .invalidRequest("image file not found: \(missing)"))
        #expect(throws: RuntimeError.self) { try ImageInput.path(directory.path).dataURI() }

        let data = try #require(URL(string: "data:image/png;base64,AAAA"))
        #expect(try ImageInput.url(data).dataURI() == "data:image/png;base64,AAAA")
        let remote = try #require(URL(string: "https://example.invalid/cat.png"))
        #expect(try ImageInput.url(remote).dataURI() == "https://example.invalid/cat.png")
        #expect(throws: RuntimeError.self) { try ImageInput.url(try #require(URL(string: "ftp://x/y.png"))).dataURI() }
    }

    @Test("prompt user_input: plain text, or text and image parts; files are declined")
    func wireInput() throws {
        #expect(try KimiSession.wireInput(for: "hi") == "hi")
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let input = try KimiSession.wireInput(for: Prompt("look", images: [.bytes(png, mediaType: "image/png")]))
        #expect(input == [
            ["type": "text", "text": "look"],
            ["type": "image_url", "image_url": ["url": .string("data:image/png;base64," + png.base64EncodedString())]],
        ])
        #expect(throws: RuntimeError.unsupportedFeature(.fileInput)) {
            try KimiSession.wireInput(for: Prompt("read", files: [.path("/tmp/x.pdf")]))
        }
    }

    @Test("permission decisions map to approval answers; defer carries feedback")
    func approvalAnswers() {
        #expect(KimiSession.approvalAnswer(requestID: "r", decision: .allow) == ["request_id": "r", "response": "approve"])
        #expect(KimiSession.approvalAnswer(requestID: "r", decision: .deny) == ["request_id": "r", "response": "reject"])
        let deferred = KimiSession.approvalAnswer(requestID: "r", decision: .defer)
        #expect(deferred["response"] == "reject")
        #expect(deferred["feedback"]?.stringValue?.contains("deferred") == true)
    }

    @Test("JSON-RPC errors map to runtime errors")
    func errorMapping() {
        #expect(KimiSession.map(WireRPCError(code: -32003, message: "boom"), hadImages: false) == .transient("the model provider failed: boom"))
        #expect(KimiSession.map(WireRPCError(code: -32004, message: "expired"), hadImages: false) == .auth("expired"))
        #expect(KimiSession.map(WireRPCError(code: -32001, message: "no llm"), hadImages: false).isAuth)
        #expect(KimiSession.map(WireRPCError(code: -32002, message: "no vision"), hadImages: true) == .unsupportedFeature(.visionInput))
        #expect(KimiSession.map(WireRPCError(code: -32002, message: "no video"), hadImages: false).isProtocol)
        #expect(KimiSession.map(WireRPCError(code: -32000, message: "busy"), hadImages: false).isProtocol)
    }

    @Test("errors describe themselves")
    func errorDescriptions() {
        #expect(RuntimeError.budgetExceeded(kind: .turns, cap: 3, current: 3).description.contains("3 turn(s)"))
        #expect(RuntimeError.peerExited(exitCode: 3, signal: nil, detail: "boom").description.contains("status 3"))
        #expect(RuntimeError.unsupportedFeature(.fileInput).localizedDescription.contains("fileInput"))
    }
}
