import Subprocess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What to start: a program with arguments (never a shell string), an environment and a working
/// directory. Every child starts in a process group of its own (so `ProcessGroup` reaches it and
/// everything it starts), with every signal disposition reset to the default and an empty signal
/// mask, and inherits no descriptor but its standard input, output and error.
public struct Command: Sendable {
    /// An absolute path, a path relative to `workingDirectory` (when it contains a `/`), or a name
    /// looked up on the child's `PATH`.
    public var executable: String
    /// The arguments (without the executable).
    public var arguments: [String]
    /// The child's complete environment; `nil` inherits this process's.
    public var environment: [String: String]?
    /// The child's working directory; `nil` inherits this process's.
    public var workingDirectory: String?

    /// Creates a command.
    public init(
        _ executable: String, arguments: [String] = [], environment: [String: String]? = nil,
        workingDirectory: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// The swift-subprocess configuration of this command. With `teardownGrace`, a run whose
    /// body fails or whose task is cancelled SIGTERMs the group and SIGKILLs it `teardownGrace`
    /// later; without, it SIGKILLs the child.
    func configuration(teardownGrace: Duration? = nil) -> Configuration {
        let target: Executable
        if executable.contains("/") {
            if executable.hasPrefix("/") {
                target = .path(.init(executable))
            } else {
                let base = workingDirectory ?? currentDirectory()
                target = .path(.init(base.hasSuffix("/") ? base + executable : base + "/" + executable))
            }
        } else {
            target = .name(executable)
        }
        let environment: Environment
        if let variables = self.environment {
            var keyed: [Environment.Key: String] = [:]
            for (name, value) in variables {
                guard let key = Environment.Key(rawValue: name) else { continue }
                keyed[key] = value
            }
            environment = .custom(keyed)
        } else {
            environment = .inherit
        }
        var platform = PlatformOptions()
        platform.processGroupID = 0  // a new group whose id is the child's pid
        if let teardownGrace {
            platform.teardownSequence = [
                .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: teardownGrace)
            ]
        }
        return Configuration(
            executable: target, arguments: Arguments(arguments), environment: environment,
            workingDirectory: workingDirectory.map { .init($0) }, platformOptions: platform)
    }

    /// A launch failure in words (what could not be started, and why).
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? SubprocessError else { return "\(error)" }
        if error.code == .executableNotFound { return "not found or not executable" }
        if error.code == .failedToChangeWorkingDirectory { return "cannot enter the working directory: \(error)" }
        return "\(error)"
    }

    /// Whether `error` says the executable was not found.
    public static func isNotFound(_ error: any Error) -> Bool {
        (error as? SubprocessError)?.code == .executableNotFound
    }

    /// Whether `error` says the working directory could not be entered.
    public static func isBadDirectory(_ error: any Error) -> Bool {
        (error as? SubprocessError)?.code == .failedToChangeWorkingDirectory
    }
}

/// This process's working directory.
private func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
