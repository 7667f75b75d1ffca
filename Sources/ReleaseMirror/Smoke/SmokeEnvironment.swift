/// The environment a smoke command sees (SPEC §5.2 step 7): only the variables named in
/// `smoke.env`, plus `RELEASE_MIRROR_REF`, `RELEASE_MIRROR_COMMIT`, `RELEASE_MIRROR_VERSION` and
/// `RELEASE_MIRROR_WORKDIR`. Credentials never pass, even when allowlisted by mistake: the token
/// variables, `RELEASE_MIRROR_SSH_KEY`, any other `RELEASE_MIRROR_*` variable, and any variable
/// whose value contains a secret are dropped (and named, so the user can fix the allowlist).
public struct SmokeEnvironment: Sendable, Equatable {
    /// The complete environment of the child.
    public var variables: [String: String]
    /// Allowlisted names that were withheld because they carry credentials.
    public var withheld: [String]

    /// Variables that hold credentials release-mirror itself uses; never passed to a hook.
    public static let credentialNames = ["RELEASE_MIRROR_TOKEN", "RELEASE_MIRROR_SSH_KEY", "GITHUB_TOKEN", "GH_TOKEN"]

    /// Builds the environment for smoking `target` in `workdir`.
    /// - Parameters:
    ///   - allowlist: `smoke.env`.
    ///   - variables: release-mirror's own environment.
    ///   - tokenEnv: `report.token-env` (also withheld).
    ///   - redactor: withholds any variable whose value contains a secret.
    public init(
        allowlist: [String], from variables: [String: String], tokenEnv: String, redactor: Redactor,
        target: SmokeTarget, workdir: String
    ) {
        var result: [String: String] = [:]
        var withheld: [String] = []
        let forbidden = Set(SmokeEnvironment.credentialNames + [tokenEnv])
        for name in allowlist {
            guard let value = variables[name] else { continue }
            if forbidden.contains(name) || name.hasPrefix("RELEASE_MIRROR_") || redactor.containsSecret(value) {
                withheld.append(name)
                continue
            }
            result[name] = value
        }
        result["RELEASE_MIRROR_REF"] = target.ref
        result["RELEASE_MIRROR_COMMIT"] = target.commit.hex
        result["RELEASE_MIRROR_VERSION"] = target.version ?? ""
        result["RELEASE_MIRROR_WORKDIR"] = workdir
        self.variables = result
        self.withheld = withheld
    }
}
