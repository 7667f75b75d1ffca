// A tiny driver of the Git layer for tests that need several real processes at once
// (racing ref creation, holding the run lock). Not shipped.
import Foundation
import Git
import MirrorSystem

let args = CommandLine.arguments
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}
guard args.count >= 3 else { fail("usage: git-probe create-ref REPO NAME SHA | lock GITDIR SECONDS") }
do {
    switch args[1] {
    case "create-ref" where args.count == 5:
        let repo = try Repository.open(at: args[2])
        guard let id = ObjectID(hex: args[4]) else { fail("bad sha") }
        switch try repo.createReference(args[3], target: id, message: "probe") {
        case .created: print("created")
        case .exists(let current): print("exists \(current.hex)")
        }
    case "lock" where args.count == 4:
        let lock = try RepositoryLock(gitDirectory: args[2], timeout: 0)
        FileHandle.standardOutput.write(Data("locked\n".utf8))
        Thread.sleep(forTimeInterval: Double(args[3]) ?? 1)
        withExtendedLifetime(lock) {}
    default:
        fail("unknown command \(args[1])")
    }
} catch let error as LockError {
    print(error.isHeld ? "locked-by \(error.holderPID.map(String.init) ?? "?")" : "error \(error)")
    exit(error.isHeld ? 6 : 1)
} catch let error as GitError {
    print("error \(error.code) \(error)")
    exit(1)
} catch {
    fail("error \(error)")
}
