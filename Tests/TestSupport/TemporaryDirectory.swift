import Foundation

/// A fresh directory under the system temp dir, removed when the value is released.
public final class TemporaryDirectory: Sendable {
    /// The absolute path.
    public let path: String

    /// Creates the directory.
    public init(_ label: String = "rm-test") {
        let template = NSTemporaryDirectory() + "\(label)-XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed for \(template)")
        path = String(decoding: bytes.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path/component`.
    public func url(_ component: String) -> String { (path as NSString).appendingPathComponent(component) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Locates the built products (the `release-mirror` binary and test helpers) next to the test bundle.
public enum Products {
    /// The directory holding the built executables.
    public static var directory: String {
        if let dir = ProcessInfo.processInfo.environment["RELEASE_MIRROR_PRODUCTS"] { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // …/debug/release-mirrorPackageTests.xctest (a binary on Linux)
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("release-mirror").path) {
                return url.path
            }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug"
    }

    /// The path of the built executable `name`.
    public static func executable(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
}
