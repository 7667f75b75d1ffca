import Foundation
import Testing

@testable import KimiRuntime

@Suite("Wire decoding")
struct WireDecodingTests {
    @Test("lines are classified: noise skipped, truncated JSON malformed, messages decoded")
    func classification() {
        #expect(WireMessage.parse("") == .noise)
        #expect(WireMessage.parse("To resume this session: kimi -r abc") == .noise)
        #expect(WireMessage.parse(#"{"jsonrpc":"2.0","method":"event","params":{"type":"Cont"#) == .malformed)
        #expect(WireMessage.parse("[1,2]") == .message(.other))
        #expect(WireMessage.parse(#"{"jsonrpc":"2.0","method":"something_new","params":{}}"#) == .message(.notification(method: "something_new", params: [:])))
        #expect(WireMessage.parse(#"{"jsonrpc":"2.0","id":7,"method":"fs/read_text_file","params":{"path":"/x"}}"#) == .message(.call(id: 7, method: "fs/read_text_file", params: ["path": "/x"])))
        #expect(
            WireMessage.parse(#"{"jsonrpc":"2.0","method":"event","params":{"type":"StepBegin","payload":{"n":1},"x":1},"y":null}"#)
                == .message(.event(type: "StepBegin", payload: ["n": 1]))
        )
        #expect(
            WireMessage.parse(#"{"jsonrpc":"2.0","method":"event","params":{"type":"TurnEnd"}}"#)
                == .message(.event(type: "TurnEnd", payload: .null))
        )
        #expect(
            WireMessage.parse(#"{"jsonrpc":"2.0","method":"request","id":"abc","params":{"type":"ApprovalRequest","payload":{"id":"abc","agent_id":null}}}"#)
                == .message(.request(id: "abc", type: "ApprovalRequest", payload: ["id": "abc", "agent_id": nil]))
        )
        #expect(
            WireMessage.parse(#"{"jsonrpc":"2.0","id":"c-2","result":{"status":"finished"}}"#)
                == .message(.response(id: "c-2", result: .success(["status": "finished"])))
        )
        #expect(
            WireMessage.parse(#"{"jsonrpc":"2.0","id":"c-3","result":null,"error":{"code":-32003,"message":"boom","data":null}}"#)
                == .message(.response(id: "c-3", result: .failure(WireRPCError(code: -32003, message: "boom", data: .null))))
        )
        #expect(
            WireMessage.parse(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request"}}"#)
                == .message(.response(id: nil, result: .failure(WireRPCError(code: -32600, message: "Invalid request", data: nil))))
        )
        #expect(
            WireMessage.parse(#"{"jsonrpc":"2.0","id":7,"result":{}}"#) == .message(.response(id: "7", result: .success([:])))
        )
    }

    @Test("JSON values round-trip compactly on one line")
    func jsonRoundTrip() throws {
        let value: JSONValue = ["text": "line1\nline2", "n": 3, "x": .double(0.5), "ok": true, "none": nil, "list": [1, "a"]]
        let text = try value.serialized()
        #expect(!text.contains("\n"))
        #expect(try JSONValue.parse(text) == value)
        #expect(JSONValue.double(3).intValue == 3)
        #expect(JSONValue.string("x").intValue == nil)
    }

    @Test("kimi info --json output is parsed; anything else is not")
    func infoParsing() {
        let info = #"{"kimi_cli_version": "1.51.0", "agent_spec_versions": ["1"], "wire_protocol_version": "1.10", "python_version": "3.13.0"}"#
        #expect(KimiPeerVersion.parse(infoOutput: info) == .pinned)
        #expect(KimiPeerVersion.parse(infoOutput: "warning\n" + info)?.isPinned == true)
        #expect(KimiPeerVersion.parse(infoOutput: "kimi-cli is deprecated; install Kimi Code") == nil)
        #expect(KimiPeerVersion.parse(infoOutput: #"{"version":"0.38.0"}"#) == nil)
    }
}
