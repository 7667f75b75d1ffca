// The release stamp. A development build keeps these nil. The release workflow
// (.github/workflows/release.yml) runs `scripts/stamp-build.sh TAG COMMIT OWNER/NAME` before
// `swift build`, which rewrites this file with the release's tag, commit and repository (SPEC §12.1).

/// What `scripts/stamp-build.sh` writes; read through `ToolBuild.current`.
enum BuildStamp {
    static let tag: String? = nil
    static let commit: String? = nil
    static let repository: String? = nil
}
