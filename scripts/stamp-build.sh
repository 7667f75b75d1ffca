#!/usr/bin/env bash
# Stamps a release build: rewrites Sources/ReleaseMirror/Tool/BuildStamp.swift with the release's
# tag, commit and repository, so the binary built next knows them (`release-mirror --version`, and
# `init` pins the workflows to that release: SPEC §12.1). Run by .github/workflows/release.yml
# before `swift build`; never commit the stamped file.
#
#   scripts/stamp-build.sh v0.2.0 <40-hex commit> owner/release-mirror
set -euo pipefail
if [ "$#" -ne 3 ]; then
  echo "usage: scripts/stamp-build.sh TAG COMMIT OWNER/NAME" >&2
  exit 2
fi
tag=$1 commit=$2 repository=$3
semver='^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$'
[[ $tag =~ $semver ]] || { echo "stamp-build: the tag $tag is not v + a SemVer version (e.g. v0.2.0)" >&2; exit 2; }
[[ $commit =~ ^[0-9a-f]{40}$ ]] || { echo "stamp-build: the commit $commit is not 40 lowercase hex digits" >&2; exit 2; }
[[ $repository =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || { echo "stamp-build: the repository $repository is not owner/name" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FILE="$ROOT/Sources/ReleaseMirror/Tool/BuildStamp.swift"
cat > "$FILE.tmp" <<SWIFT
// Stamped by scripts/stamp-build.sh for the release $tag. Do not commit.

/// What \`scripts/stamp-build.sh\` writes; read through \`ToolBuild.current\`.
enum BuildStamp {
    static let tag: String? = "$tag"
    static let commit: String? = "$commit"
    static let repository: String? = "$repository"
}
SWIFT
mv "$FILE.tmp" "$FILE"
echo "stamped $FILE: $tag ($commit, $repository)"
