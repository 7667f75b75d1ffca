import Foundation
import MirrorSystem
import Testing
import TestSupport

@Suite struct RepositoryLockTests {
    @Test func runLockIsExclusiveNamesTheHolderAndDiesWithIt() throws {
        let tmp = TemporaryDirectory()
        let gitDirectory = tmp.url("m.git")
        try Shell.git("init", "--bare", "-q", gitDirectory, in: tmp.path)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: Products.executable("git-probe"))
        holder.arguments = ["lock", gitDirectory, "30"]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        #expect(line.hasPrefix("locked"))
        let error = try #require(throws: LockError.self) { try RepositoryLock(gitDirectory: gitDirectory) }
        #expect(error.isHeld)
        #expect(error.holderPID == holder.processIdentifier)
        #expect(error.description.contains("pid \(holder.processIdentifier)"))
        kill(holder.processIdentifier, SIGKILL)  // the kernel releases a dead holder's lock
        holder.waitUntilExit()
        let lock = try RepositoryLock(gitDirectory: gitDirectory, timeout: 2)
        let second = try #require(throws: LockError.self) { try RepositoryLock(gitDirectory: gitDirectory) }
        #expect(second.holderPID == getpid())
        withExtendedLifetime(lock) {}
    }
}
