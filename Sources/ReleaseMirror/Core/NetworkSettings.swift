import Foundation
internal import Git

/// The process-wide network settings (libgit2 keeps them in globals), for the front end to apply
/// once at start-up and per command:
/// - `RELEASE_MIRROR_CA_FILE` / `RELEASE_MIRROR_CA_DIR`: the CA certificates HTTPS servers are
///   verified against, *instead of* the system bundle. For a self-hosted server with a private CA.
/// - A network timeout on every connection, so a stalled or trickling server fails the run
///   instead of hanging it. On another libgit2 than 1.5 there is none (`limitation` says so).
public enum NetworkSettings {
    /// Applies `RELEASE_MIRROR_CA_FILE` / `RELEASE_MIRROR_CA_DIR` when either is set (non-empty).
    /// - Throws: `MirrorError.usage` naming the variable when it is not a readable file
    ///   (directory) of CA certificates, or libgit2 cannot load them.
    public static func applyCertificateLocations(environment: [String: String]) throws(MirrorError) {
        let file = environment["RELEASE_MIRROR_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        let directory = environment["RELEASE_MIRROR_CA_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        guard file != nil || directory != nil else { return }
        for (name, path, wantDirectory) in [("RELEASE_MIRROR_CA_FILE", file, false), ("RELEASE_MIRROR_CA_DIR", directory, true)] {
            guard let path else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                isDirectory.boolValue == wantDirectory, FileManager.default.isReadableFile(atPath: path)
            else {
                throw .usage("\(name)=\(path): not a readable \(wantDirectory ? "directory" : "file") of CA certificates")
            }
        }
        do {
            try Libgit2.setCertificateLocations(file: file, directory: directory)
        } catch {
            throw .usage("RELEASE_MIRROR_CA_FILE/RELEASE_MIRROR_CA_DIR: libgit2 could not load the CA certificates: \(error.message)")
        }
    }

    /// What the linked libgit2 cannot do (no network timeouts, slower negotiation), for one
    /// warning line; `nil` when it is the version the fast paths were written for.
    public static var limitation: String? { Libgit2.internals.notice }

    /// Cuts every connection that moves less than 1 KiB in `seconds` of waiting (0 = no limit).
    /// - Throws: `MirrorError.usage` with libgit2's reason (out of range, not registered).
    public static func setTimeout(seconds: Double) throws(MirrorError) {
        do {
            try Libgit2.setNetworkTimeout(seconds: seconds)
        } catch {
            throw .usage(error.message)
        }
    }
}
