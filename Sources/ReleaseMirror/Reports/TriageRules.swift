import Foundation

/// The triage heuristics (SPEC §8): `environment` when the log or the tree layout points at our
/// side — the configured manifest path is missing at the commit, a lockfile or toolchain error,
/// a command that was not found, a network error — otherwise `upstream-break`.
public enum TriageRules {
    /// One family of log evidence that points at the environment.
    struct Rule: Sendable {
        let label: String
        let needles: [String]
        let advice: String
    }

    /// Checked in this order; the first family with a matching line wins.
    static let environmentRules: [Rule] = [
        Rule(
            label: "lockfile error",
            needles: [
                "ERR_PNPM_OUTDATED_LOCKFILE", "ERR_PNPM_LOCKFILE", "frozen-lockfile", "lockfile needs to be updated",
                "package-lock.json are in sync", "--frozen-lockfile", "lockfile would have been modified",
            ],
            advice: "the install step disagrees with upstream's lockfile; check the package manager version (corepack) and install flags"),
        Rule(
            label: "toolchain error",
            needles: [
                "command not found", ": not found", "exited with status 127", "Corepack must currently be enabled",
                "Cannot find matching keyid", "This project is configured to use", "ERR_PNPM_UNSUPPORTED_ENGINE",
                "Unsupported engine", "EBADENGINE", "spawn ENOENT",
            ],
            advice: "a tool the hook needs is missing or the wrong version on the runner; install it or fix PATH / smoke.env"),
        Rule(
            label: "network error",
            needles: [
                "ENOTFOUND", "ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EAI_AGAIN", "getaddrinfo", "Could not resolve host",
                "Network is unreachable", "socket hang up", "ERR_SOCKET_TIMEOUT", "Temporary failure in name resolution",
            ],
            advice: "the runner could not reach the network; re-run, and check registry mirrors or proxies"),
    ]

    /// Triage for a smoke outcome.
    /// - Parameters:
    ///   - manifestPath: `publish.manifest`.
    ///   - manifestPresent: whether that path exists at the commit (`nil` = unknown).
    public static func assess(
        status: SmokeOutcome.Status, logTail: String, manifestPath: String, manifestPresent: Bool?, commit: String
    ) -> Triage {
        if manifestPresent == false {
            return Triage(
                hint: .environment,
                reason: "publish.manifest `\(manifestPath)` does not exist at \(commit): the configured layout does not match "
                    + "this commit (fix publish.manifest or the smoke command's paths, or upstream moved the package)")
        }
        // Lines starting with "# " are release-mirror's own header (the command line, the workdir).
        let lines = logTail.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            .filter { !$0.hasPrefix(SmokeLog.headerPrefix) }
        if let match = firstEnvironmentMatch(in: lines) { return match }
        if status == .error {
            let last = lines.last(where: { $0.hasPrefix("release-mirror: ") }) ?? lines.last ?? "no output"
            return Triage(hint: .environment, reason: "release-mirror could not run the hook: \(quote(last))")
        }
        if status == .timedOut {
            return Triage(
                hint: .upstreamBreak,
                reason: "the hook timed out with no environment error in its log; if the runner is merely slow, "
                    + "raise smoke.timeout-seconds")
        }
        if let line = lines.first(where: isCompilerError) ?? lines.first(where: { $0.localizedCaseInsensitiveContains("error") && !$0.hasPrefix("release-mirror: ") }) {
            return Triage(hint: .upstreamBreak, reason: "the build failed in upstream's code: \(quote(line))")
        }
        let last = lines.last(where: { $0.hasPrefix("release-mirror: ") }).map { String($0.dropFirst("release-mirror: ".count)) }
        return Triage(
            hint: .upstreamBreak,
            reason: "no environment error in the log; " + (last ?? "the hook failed"))
    }

    /// Triage for a failed sync (`sync-failed`): environment-side unless the message says otherwise.
    public static func assess(failure message: String) -> Triage {
        let lines = message.split(separator: "\n").map(String.init)
        if let match = firstEnvironmentMatch(in: lines) { return match }
        if message.localizedCaseInsensitiveContains("authentication") || message.contains("401") || message.contains("403") {
            return Triage(hint: .environment, reason: "credentials were refused: check RELEASE_MIRROR_TOKEN / report.token-env (HTTPS) or RELEASE_MIRROR_SSH_KEY / the SSH agent (SSH)")
        }
        return Triage(hint: .environment, reason: "the sync itself failed (git, network or I/O on the runner): \(quote(lines.first ?? message))")
    }

    static func firstEnvironmentMatch(in lines: [String]) -> Triage? {
        for rule in environmentRules {
            if let line = lines.first(where: { line in rule.needles.contains { line.localizedCaseInsensitiveContains($0) } }) {
                return Triage(hint: .environment, reason: "\(rule.label): \(quote(line)); \(rule.advice)")
            }
        }
        return nil
    }

    /// Compiler and type-checker diagnostics (`error TS2304`, `error[E0425]`, `error:` from clang/swiftc).
    static func isCompilerError(_ line: String) -> Bool {
        line.range(of: #"error (TS|CS)\d+"#, options: .regularExpression) != nil
            || line.range(of: #"error\[E\d+\]"#, options: .regularExpression) != nil
            || line.range(of: #":\d+:\d+: (fatal )?error:"#, options: .regularExpression) != nil
    }

    static func quote(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let short = trimmed.count > 200 ? String(trimmed.prefix(200)) + "…" : trimmed
        return "`" + short.replacingOccurrences(of: "`", with: "'") + "`"
    }
}
