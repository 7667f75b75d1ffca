import Clibgit2

/// A unified diff of two texts, made by libgit2's buffer diff (no repository needed): what
/// `init --upgrade` prints for each file it changes.
public enum TextDiff {
    /// `--- a/PATH` / `+++ b/PATH` and the hunks (3 lines of context); "" when the texts are equal.
    public static func unified(old: String, new: String, path: String) throws(GitError) -> String {
        Libgit2.ensureInitialized()
        if old == new { return "" }
        var patch: OpaquePointer?
        let oldBytes = Array(old.utf8)
        let newBytes = Array(new.utf8)
        let made = oldBytes.withUnsafeBufferPointer { oldBuffer in
            newBytes.withUnsafeBufferPointer { newBuffer in
                git_patch_from_buffers(
                    &patch, oldBuffer.baseAddress, oldBuffer.count, path,
                    newBuffer.baseAddress, newBuffer.count, path, nil)
            }
        }
        try check(made, "diff \(path)")
        guard let patch else { return "" }
        defer { git_patch_free(patch) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check(git_patch_to_buf(&buffer, patch), "diff \(path)")
        guard let bytes = buffer.ptr else { return "" }
        let text = String(decoding: UnsafeRawBufferPointer(start: bytes, count: buffer.size), as: UTF8.self)
        // Drop libgit2's `diff --git` and `index` header lines: the ---/+++ lines name the file.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { $0.hasPrefix("--- ") }) else { return text }
        return lines[first...].joined(separator: "\n")
    }
}
