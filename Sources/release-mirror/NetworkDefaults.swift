import Foundation
import ReleaseMirror

/// Process-wide network settings, applied once at start-up before any command runs (libgit2 keeps
/// them in globals):
/// - `RELEASE_MIRROR_CA_FILE` / `RELEASE_MIRROR_CA_DIR`: the CA certificates HTTPS servers are
///   verified against, *instead of* the system bundle (`/etc/ssl/certs/ca-certificates.crt`). For a
///   self-hosted server with a private CA; the file must hold every CA the tool needs to trust.
/// - A network timeout (`defaultTimeout` seconds) on every connection, so a stalled or trickling
///   server fails the run instead of hanging it; `sync --network-timeout` overrides it. On another
///   libgit2 than 1.5 there is none (`NetworkSettings.limitation`): one warning line says so.
enum NetworkDefaults {
    /// The network timeout every command starts with, in seconds.
    static let defaultTimeout: Double = 120

    /// Applies the settings; prints one error line and exits 2 when a CA setting is unusable.
    static func apply(
        environment: [String: String] = ProcessInfo.processInfo.environment, arguments: [String] = CommandLine.arguments
    ) {
        do throws(MirrorError) {
            try NetworkSettings.applyCertificateLocations(environment: environment)
        } catch {
            fail(error.description)
        }
        if let notice = NetworkSettings.limitation {
            FileHandle.standardError.write(Data(("warning: " + notice + "\n").utf8))
            if environment["GITHUB_ACTIONS"] == "true" {
                // Where Console puts annotations: stdout, or stderr under --json (this runs before
                // the arguments are parsed), so a --json document on stdout stays one document.
                let stream = arguments.contains("--json") ? FileHandle.standardError : FileHandle.standardOutput
                stream.write(Data(("::warning::" + notice + "\n").utf8))
            }
        }
        do throws(MirrorError) {
            try NetworkSettings.setTimeout(seconds: defaultTimeout)
        } catch {
            fail("could not set the network timeout: \(error)")
        }
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
        exit(ExitStatus.usage.rawValue)
    }
}
