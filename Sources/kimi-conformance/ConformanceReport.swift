import Foundation
import KimiConformance
import KimiRuntime

/// What `kimi-conformance` prints.
struct ConformanceReport {
    struct Line {
        var check: ConformanceCheck
        var status: String
        var detail: String
        var seconds: Double
    }

    let path: String
    let agentProtocol: KimiAgentProtocol
    let cliKind: FakeModelHarness.CLIKind
    var agentName = ""
    var agentVersion = ""
    var lines: [Line] = []

    init(path: String, agentProtocol: KimiAgentProtocol, cliKind: FakeModelHarness.CLIKind) {
        self.path = path
        self.agentProtocol = agentProtocol
        self.cliKind = cliKind
    }

    var allPassed: Bool { !lines.isEmpty && lines.allSatisfy { $0.status != "fail" } }

    /// Whether KimiRuntime's pin accepts the reported version over this protocol.
    var pinned: Bool {
        agentVersion == KimiPin.cliVersion || (agentProtocol == .acp && KimiPin.acpReleases.contains(agentVersion))
    }

    mutating func add(check: ConformanceCheck, failure: String?, declinedFeature: Feature?, duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if let failure {
            lines.append(Line(check: check, status: "fail", detail: failure, seconds: seconds))
        } else if let declinedFeature {
            lines.append(Line(check: check, status: "declined", detail: RuntimeError.unsupportedFeature(declinedFeature).description, seconds: seconds))
        } else {
            lines.append(Line(check: check, status: "pass", detail: "", seconds: seconds))
        }
    }

    func text() -> String {
        var out = ["kimi-conformance: \(agentName.isEmpty ? "(unidentified CLI)" : agentName) \(agentVersion) at \(path) (\(cliKind.rawValue) CLI) over \(agentProtocol.rawValue)"]
        for line in lines {
            let time = String(format: "%.1f s", line.seconds)
            switch line.status {
            case "pass": out.append("PASS      \(line.check.rawValue) (\(time))")
            case "declined": out.append("DECLINED  \(line.check.rawValue) — declared by the \(agentProtocol.rawValue) backend: \(line.detail) (\(time))")
            default: out.append("FAIL      \(line.check.rawValue): \(line.detail) (\(time))")
            }
        }
        let failed = lines.filter { $0.status == "fail" }.count
        let declined = lines.filter { $0.status == "declined" }.count
        out.append("\(lines.count - failed - declined) passed, \(declined) declined as declared, \(failed) failed; "
            + "version \(agentVersion.isEmpty ? "unknown" : agentVersion) is \(pinned ? "" : "not ")in KimiRuntime's pin")
        return out.joined(separator: "\n")
    }

    func json() -> String {
        let checks: [[String: Any]] = lines.map {
            ["name": $0.check.rawValue, "status": $0.status, "detail": $0.detail, "seconds": ($0.seconds * 10).rounded() / 10]
        }
        let object: [String: Any] = [
            "cli": ["path": path, "kind": cliKind.rawValue, "name": agentName, "version": agentVersion, "pinned": pinned],
            "protocol": agentProtocol.rawValue,
            "checks": checks,
            "passed": lines.filter { $0.status == "pass" }.count,
            "declined": lines.filter { $0.status == "declined" }.count,
            "failed": lines.filter { $0.status == "fail" }.count,
            "ok": allPassed,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
