import Foundation
import Git

/// `release-mirror init --upgrade` (SPEC §12.2): brings the workflow files of an existing mirror to
/// this version's templates, pinned to `pin`. Only each file's managed block is replaced; what is
/// outside its markers is kept. A workflow file missing from the mirror is added. Any file whose
/// markers are missing or broken refuses the whole upgrade before anything is written.
public struct MirrorUpgrader {
    /// What happens to one file.
    public enum Status: String, Sendable, Codable {
        case added, updated, unchanged
    }

    /// One file's upgrade.
    public struct Change: Sendable {
        /// The file's absolute path.
        public var path: String
        /// Added, updated or unchanged.
        public var status: Status
        /// The unified diff from the file as it is to the upgraded file ("" when unchanged).
        public var diff: String
        /// The upgraded text.
        public var contents: String
    }

    public var directory: String
    public var pin: ToolPin

    public init(directory: String, pin: ToolPin) {
        self.directory = ConfigurationLoader.absolutePath(directory, base: FileManager.default.currentDirectoryPath)
        self.pin = pin
    }

    /// Each shipped workflow's upgrade, read from disk; writes nothing.
    public func plan() throws(MirrorError) -> [Change] {
        var changes: [Change] = []
        for workflow in WorkflowTemplates.all {
            let relative = ".github/workflows/" + workflow.name
            let path = directory + "/" + relative
            let template = pin.apply(to: workflow.contents)
            guard FileManager.default.fileExists(atPath: path) else {
                changes.append(Change(path: path, status: .added, diff: try diff("", template, relative), contents: template))
                continue
            }
            let existing: String
            do {
                existing = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .io(path: path, message: "cannot read: \(error.localizedDescription)")
            }
            let upgraded: String
            switch ManagedBlock.upgrade(existing, to: template) {
            case .success(let text): upgraded = text
            case .failure(let problem): throw Self.refusal(path: path, name: workflow.name, problem: problem)
            }
            let status: Status = upgraded == existing ? .unchanged : .updated
            changes.append(Change(path: path, status: status, diff: try diff(existing, upgraded, relative), contents: upgraded))
        }
        return changes
    }

    /// Writes every added or updated file of `changes` (each atomically).
    public func apply(_ changes: [Change]) throws(MirrorError) {
        for change in changes where change.status != .unchanged {
            do {
                try FileManager.default.createDirectory(
                    atPath: (change.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try change.contents.write(toFile: change.path, atomically: true, encoding: .utf8)
            } catch {
                throw .io(path: change.path, message: "cannot write: \(error.localizedDescription)")
            }
        }
    }

    private func diff(_ old: String, _ new: String, _ path: String) throws(MirrorError) -> String {
        do {
            return try TextDiff.unified(old: old, new: new, path: path)
        } catch {
            throw .git(error, context: "diff \(path)")
        }
    }

    static func refusal(path: String, name: String, problem: ManagedBlockProblem) -> MirrorError {
        .usage("""
            init --upgrade: \(path): \(problem); nothing was changed. init --upgrade replaces only the part \
            between those markers and keeps the rest. To upgrade this file: run `release-mirror init` into an \
            empty directory, copy its .github/workflows/\(name) over this one, re-apply your own edits outside \
            the markers, and run init --upgrade again
            """)
    }
}
