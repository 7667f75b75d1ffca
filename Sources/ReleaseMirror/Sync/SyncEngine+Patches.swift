import Git

extension SyncEngine {
    /// Step 1b: takes the patch branches from the mirror's remote as they are (never from
    /// upstream; a force-push by people is adopted and recorded, never refused; sync never pushes
    /// them) and returns their new tips to smoke. A failure here is a warning: mirroring upstream
    /// goes on.
    func adoptPatchBranches(listed: [RemoteHead]?, into result: inout SyncResult) -> [SmokeTarget] {
        do {
            result.patchBranches = try PatchAdoption.adopt(workspace, listed: listed).adopted
        } catch {
            workspace.emit(.warning("patch branches were not taken from the mirror's remote: \(error.description)"))
            return []
        }
        return result.patchBranches.compactMap { adoption in
            ObjectID(hex: adoption.tip).map { SmokeTarget(ref: "refs/heads/" + adoption.branch, commit: $0, version: nil) }
        }
    }
}
