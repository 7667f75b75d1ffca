import Foundation
internal import Git

/// `[patches]`: read and validated like every other section. Always present: the defaults are
/// `branch = "patch/{name}"` and `registry = "README.md"`.
extension Reader {
    /// The patch settings (`nil` when a value is invalid: the problems say why).
    mutating func patchSettings(mirrorBranch: String?, releaseBranch: NamePattern?) -> Configuration.Patches? {
        let registry = path("patches", "registry", "README.md")
        guard let text = string("patches", "branch", Configuration.Patches.defaultBranch) else { return nil }
        guard let pattern = NamePattern(text, placeholder: Configuration.Patches.placeholder) else {
            problem("patches", "branch", "\"\(text)\" must contain {name} exactly once, e.g. \"patch/{name}\"")
            return nil
        }
        let sample = "refs/heads/" + pattern.name(for: "fix-1")
        guard Repository.isValidReferenceName(sample) else {
            problem("patches", "branch", "\"\(text)\" cannot be a valid branch name (\(sample))")
            return nil
        }
        if let mirrorBranch, let releaseBranch {
            for conflict in ManagedNames.patchConflicts(patchBranch: pattern, mirrorBranch: mirrorBranch, releaseBranch: releaseBranch) {
                problem("patches", "branch", conflict.message)
            }
        }
        guard let registry else { return nil }
        return Configuration.Patches(branch: pattern, registry: registry)
    }
}
