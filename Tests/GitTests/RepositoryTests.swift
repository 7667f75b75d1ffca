import Foundation
import Git
import Testing
import TestSupport

@Suite struct RepositoryTests {
    @Test func createsAndOpensBareAndNonBare() throws {
        let tmp = TemporaryDirectory()
        let bare = try Repository.create(at: tmp.url("bare.git"), bare: true)
        #expect(bare.isBare)
        #expect(bare.workDirectory == nil)
        let work = try Repository.create(at: tmp.url("work"), bare: false)
        #expect(!work.isBare)
        #expect(work.workDirectory?.hasSuffix("work/") == true)
        #expect(try Repository.open(at: tmp.url("bare.git")).isBare)
        #expect(try Repository.openOrCreate(at: tmp.url("bare.git")).isBare)
        #expect(throws: GitError.self) { try Repository.open(at: tmp.url("missing")) }
        let error = try #require(throws: GitError.self) { try Repository.open(at: tmp.url("missing")) }
        #expect(error.isNotFound)
        #expect(error.operation.contains("missing"))
    }

    @Test func readsRefsPeelsAndChecksAncestry() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "30", "--releases", "5", "--unrelated", "2"])
        let repo = try Repository.open(at: up.path)
        let tags = try repo.references(withPrefix: "refs/tags/@moonshot-ai/")
        #expect(tags.count == 5)
        #expect(tags.allSatisfy { $0.name.hasPrefix("refs/tags/@moonshot-ai/kimi-code@") })
        let annotated = try #require(up.releases.first { $0.annotated })
        let tagObject = try #require(try repo.referenceTarget("refs/tags/" + annotated.tag))
        #expect(try repo.kind(of: tagObject) == .tag)
        let commit = try repo.peelToCommit(tagObject)
        #expect(commit.hex == (try up.revParse(annotated.tag + "^{commit}")))
        #expect(try repo.tag(tagObject)?.name == annotated.tag)
        let head = try #require(try repo.referenceTarget("refs/heads/main"))
        #expect(try repo.isDescendant(head, of: commit))
        #expect(try !repo.isDescendant(commit, of: head))
        #expect(try repo.isDescendant(head, of: head), "a commit is its own descendant (libgit2 says no)")
        #expect(try repo.mergeBase(head, commit) == commit)
        #expect(try repo.aheadBehind(head, commit).ahead > 0)
        #expect(try repo.referenceTarget("refs/heads/nope") == nil)
        #expect(try repo.reference("HEAD")?.symbolicTarget == "refs/heads/main")
    }

    @Test func createOnlyRefsNeverOverwrite() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "10", "--releases", "2"])
        let repo = try Repository.open(at: up.path)
        let a = try ObjectID(hex: up.revParse("HEAD~1"))!
        let b = try ObjectID(hex: up.revParse("HEAD"))!
        #expect(try repo.createReference("refs/heads/x", target: a, message: "t") == .created)
        #expect(try repo.createReference("refs/heads/x", target: b, message: "t") == .exists(a))
        #expect(try repo.referenceTarget("refs/heads/x") == a)
        // compare-and-swap
        try repo.updateReference("refs/heads/x", to: b, expecting: a, message: "ff")
        let stale = try #require(throws: GitError.self) {
            try repo.updateReference("refs/heads/x", to: a, expecting: a, message: "stale")
        }
        #expect(stale.isModified)
        #expect(try repo.referenceTarget("refs/heads/x") == b)
        // an annotated tag is mirrored as the same object id
        let release = try #require(up.releases.first { $0.annotated })
        let tagObject = try ObjectID(hex: up.revParse("refs/tags/" + release.tag))!
        #expect(try repo.createReference("refs/tags/mirror", target: tagObject, message: "m") == .created)
        #expect(try Shell.git("cat-file", "-t", "refs/tags/mirror", in: up.path) == "tag")
        #expect(try Shell.git("rev-parse", "refs/tags/mirror", in: up.path) == tagObject.hex)
    }

    @Test func packedRefsKeepEveryValueAndTheirCreateOnlyAndCompareAndSwapRules() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "20", "--releases", "6"])
        let repo = try Repository.open(at: up.path)
        let before = try repo.references(withPrefix: "refs/")
        try repo.packReferences()
        #expect(try repo.references(withPrefix: "refs/") == before, "same refs, same values")
        let loose = FileManager.default.enumerator(atPath: up.path + "/.git/refs")?.allObjects
            .compactMap { $0 as? String }.filter { !$0.hasSuffix("/") && !["heads", "tags"].contains($0) } ?? []
        let looseFiles = loose.filter { name in
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: up.path + "/.git/refs/" + name, isDirectory: &directory) && !directory.boolValue
        }
        #expect(looseFiles.isEmpty, "every ref moved into packed-refs: \(looseFiles)")
        let packed = try String(contentsOfFile: up.path + "/.git/packed-refs", encoding: .utf8)
        for release in up.releases { #expect(packed.contains(" refs/tags/\(release.tag)\n")) }
        // git reads them the same
        for ref in before where ref.target != nil {
            #expect(try Shell.git("rev-parse", ref.name, in: up.path) == ref.target?.hex)
        }
        // a packed tag still cannot be created again, and a packed branch moves only by compare-and-swap
        let tag = "refs/tags/" + up.releases[0].tag
        let tagTarget = try #require(try repo.referenceTarget(tag))
        let head = try ObjectID(hex: up.revParse("HEAD"))!
        let parent = try ObjectID(hex: up.revParse("HEAD~1"))!
        #expect(try repo.createReference(tag, target: head, message: "t") == .exists(tagTarget))
        #expect(throws: GitError.self) {
            try repo.updateReference("refs/heads/main", to: parent, expecting: parent, message: "stale")
        }
        try repo.updateReference("refs/heads/main", to: parent, expecting: head, message: "cas")
        #expect(try Shell.git("rev-parse", "refs/heads/main", in: up.path) == parent.hex)
        try repo.packReferences()  // idempotent, and takes the new value
        #expect(try repo.referenceTarget("refs/heads/main") == parent)
    }

    @Test func manyRefsAreCreatedInOnePackedRefsWriteWithTheSameRules() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "30", "--releases", "8"])
        let repo = try Repository.open(at: up.path)
        try repo.packReferences()
        let git = up.path + "/.git"
        let packedBefore = try String(contentsOfFile: git + "/packed-refs", encoding: .utf8)
        let head = try ObjectID(hex: up.revParse("HEAD"))!
        let parent = try ObjectID(hex: up.revParse("HEAD~1"))!
        let annotated = try #require(up.releases.first { $0.annotated })
        let tagObject = try ObjectID(hex: up.revParse("refs/tags/" + annotated.tag))!
        try repo.createReference("refs/heads/loose-one", target: parent, message: "t")  // a loose ref
        let existingPacked = "refs/tags/" + up.releases[1].tag
        let existingValue = try #require(try repo.referenceTarget(existingPacked))

        let outcomes = try repo.createReferencesPacked([
            (name: "refs/tags/mirror/\(annotated.tag)", target: tagObject),
            (name: "refs/heads/release/v1", target: head),
            (name: "refs/heads/loose-one", target: head),
            (name: existingPacked, target: head),
        ])
        #expect(outcomes["refs/tags/mirror/\(annotated.tag)"] == .created)
        #expect(outcomes["refs/heads/release/v1"] == .created)
        #expect(outcomes["refs/heads/loose-one"] == .exists(parent), "a loose ref is never overwritten")
        #expect(outcomes[existingPacked] == .exists(existingValue), "nor a packed one")
        #expect(try Shell.git("rev-parse", "refs/heads/loose-one", existingPacked, in: up.path)
            == parent.hex + "\n" + existingValue.hex)
        // git reads the new refs, with the annotated tag's peeled value; the old records are intact
        #expect(try Shell.git("rev-parse", "refs/heads/release/v1", in: up.path) == head.hex)
        let shown = try Shell.git("show-ref", "-d", "refs/tags/mirror/\(annotated.tag)", in: up.path)
        #expect(shown.contains("\(tagObject.hex) refs/tags/mirror/\(annotated.tag)"))
        #expect(shown.contains("\(try up.revParse(annotated.tag + "^{commit}")) refs/tags/mirror/\(annotated.tag)^{}"))
        let packedAfter = try String(contentsOfFile: git + "/packed-refs", encoding: .utf8)
        for line in packedBefore.split(separator: "\n") { #expect(packedAfter.contains(line + "\n")) }
        let names = packedAfter.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("^") }.map { $0.split(separator: " ")[1] }
        #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "sorted, as the header says")
        _ = try Shell.git("fsck", "--no-dangling", in: up.path)
        #expect(!FileManager.default.fileExists(atPath: git + "/packed-refs.lock"))
        // libgit2 (this handle, which had packed-refs cached) sees them too
        #expect(try repo.referenceTarget("refs/heads/release/v1") == head)

        // refused without writing anything: a held lock, a path clash, a missing object
        try "".write(toFile: git + "/packed-refs.lock", atomically: false, encoding: .utf8)
        let locked = try #require(throws: GitError.self) {
            try repo.createReferencesPacked([(name: "refs/heads/release/v2", target: head)])
        }
        #expect(locked.isLocked)
        try FileManager.default.removeItem(atPath: git + "/packed-refs.lock")
        #expect(throws: GitError.self) { try repo.createReferencesPacked([(name: "refs/heads/release/v1/x", target: head)]) }
        #expect(throws: GitError.self) { try repo.createReferencesPacked([(name: "refs/heads/loose-one/x", target: head)]) }
        #expect(throws: GitError.self) { try repo.createReferencesPacked([(name: "refs/heads/release", target: head)]) }
        #expect(throws: GitError.self) {
            try repo.createReferencesPacked([(name: "refs/heads/ghost", target: ObjectID(hex: String(repeating: "ab", count: 20))!)])
        }
        #expect(try repo.referenceTarget("refs/heads/release/v2") == nil)
        #expect(try String(contentsOfFile: git + "/packed-refs", encoding: .utf8) == packedAfter, "nothing written")
    }

    @Test func transactionWritesAllOrNothing() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "10", "--releases", "2"])
        let repo = try Repository.open(at: up.path)
        let a = try ObjectID(hex: up.revParse("HEAD~1"))!
        let b = try ObjectID(hex: up.revParse("HEAD"))!
        try repo.createReference("refs/heads/existing", target: a, message: "t")
        let before = try Upstream.refList(up.path)
        let error = try #require(throws: GitError.self) {
            try repo.updateReferences(
                [
                    ReferenceUpdate(name: "refs/heads/new1", target: b, expected: .absent),
                    ReferenceUpdate(name: "refs/heads/existing", target: b, expected: .absent),
                ], message: "t")
        }
        #expect(error.isAlreadyExists)
        #expect(try Upstream.refList(up.path) == before, "a failed expectation writes nothing")
        try repo.updateReferences(
            [
                ReferenceUpdate(name: "refs/heads/new1", target: b, expected: .absent),
                ReferenceUpdate(name: "refs/heads/existing", target: b, expected: .equals(a)),
            ], message: "t")
        #expect(try repo.referenceTarget("refs/heads/new1") == b)
        #expect(try repo.referenceTarget("refs/heads/existing") == b)
    }

    @Test func readsBlobsTreesAndEntryKinds() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "10", "--releases", "2"])
        try FileManager.default.createSymbolicLink(atPath: up.path + "/link.json", withDestinationPath: "package.json")
        let head = try ObjectID(hex: up.commit("add link", file: "x.txt"))!
        let repo = try Repository.open(at: up.path)
        let manifest = try #require(try repo.entry(at: head, path: "packages/node-sdk/package.json"))
        #expect(manifest.kind == .file)
        let text = String(decoding: try repo.blob(manifest.id), as: UTF8.self)
        #expect(text.contains("@moonshot-ai/kimi-code-sdk"))
        #expect(try repo.entry(at: head, path: "packages/node-sdk")?.kind == .directory)
        #expect(try repo.entry(at: head, path: "link.json")?.kind == .symlink)
        #expect(try repo.entry(at: head, path: "missing/file") == nil)
        let big = try #require(throws: GitError.self) { try repo.blob(manifest.id, limit: 4) }
        #expect(big.code == GitError.tooLargeCode)
        // reading at an annotated tag peels it
        let tag = try #require(up.releases.first { $0.annotated })
        let tagObject = try #require(try repo.referenceTarget("refs/tags/" + tag.tag))
        #expect(try repo.entry(at: tagObject, path: "packages/node-sdk/package.json") != nil)
    }

    @Test func writesAndReadsNotes() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "5", "--releases", "1"])
        let repo = try Repository.open(at: up.path)
        let head = try #require(try repo.referenceTarget("refs/heads/main"))
        #expect(try repo.note(for: head, notesRef: "refs/notes/release-mirror") == nil)
        try repo.setNote(
            for: head, notesRef: "refs/notes/release-mirror", message: "{\"status\":\"passed\"}",
            authorName: "t", authorEmail: "t@example")
        #expect(try repo.note(for: head, notesRef: "refs/notes/release-mirror") == "{\"status\":\"passed\"}")
        let first = try #require(try repo.referenceTarget("refs/notes/release-mirror"))
        try repo.setNote(
            for: head, notesRef: "refs/notes/release-mirror", message: "{\"status\":\"failed\"}",
            authorName: "t", authorEmail: "t@example")
        let second = try #require(try repo.referenceTarget("refs/notes/release-mirror"))
        #expect(try repo.isDescendant(second, of: first), "notes only move forward")
        #expect(try repo.notes(notesRef: "refs/notes/release-mirror") == [head: "{\"status\":\"failed\"}"])
        #expect(try Shell.git("notes", "--ref=release-mirror", "show", head.hex, in: up.path) == "{\"status\":\"failed\"}")
    }

    @Test func checksOutIntoAnEmptyDirectoryWithoutGit() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "12", "--releases", "3", "--bare"])
        let repo = try Repository.open(at: up.path)
        let tag = try #require(up.releases.first)
        let target = try #require(try repo.referenceTarget("refs/tags/" + tag.tag))
        let dir = tmp.url("checkout")
        try repo.checkout(target, into: dir)
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir)
        #expect(files.contains("packages/node-sdk/package.json"))
        #expect(files.contains("tools/smoke.py"))
        #expect(!files.contains(".git"))
        let manifest = try String(contentsOfFile: dir + "/packages/node-sdk/package.json", encoding: .utf8)
        #expect(manifest.contains("\"version\": \"\(tag.sdk)\""))
        let expected = try Shell.git("ls-tree", "-r", "--name-only", tag.tag, in: up.path).split(separator: "\n").count
        #expect(files.filter { !$0.hasSuffix("/") }.filter {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: dir + "/" + $0, isDirectory: &isDir)
            return !isDir.boolValue
        }.count == expected)
    }

    @Test func validatesRefNames() {
        #expect(Repository.isValidReferenceName("refs/tags/@moonshot-ai/kimi-code@1.2.3"))
        #expect(!Repository.isValidReferenceName("refs/tags/a..b"))
        #expect(!Repository.isValidReferenceName("refs/tags/a@{1}"))
        #expect(!Repository.isValidReferenceName("refs/tags/with space"))
        #expect(!Repository.isValidReferenceName("refs/tags/ctl\u{1}"))
    }
}
