import Clibgit2
import MirrorSystem

extension Repository {
    /// The note attached to `object` under `notesRef`, or `nil` when there is none.
    public func note(for object: ObjectID, notesRef: String) throws(GitError) -> String? {
        var oid = object.raw
        var note: OpaquePointer?
        let rc = git_note_read(&note, pointer, notesRef, &oid)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "read note on \(object.short()) in '\(notesRef)'")
        guard let note else { return nil }
        defer { git_note_free(note) }
        return git_note_message(note).map { String(cString: $0) }
    }

    /// Every note under `notesRef`, keyed by the annotated object.
    public func notes(notesRef: String) throws(GitError) -> [ObjectID: String] {
        var iterator: OpaquePointer?
        let rc = git_note_iterator_new(&iterator, pointer, notesRef)
        if rc == GIT_ENOTFOUND.rawValue { return [:] }
        try check(rc, "list notes in '\(notesRef)'")
        guard let iterator else { return [:] }
        defer { git_note_iterator_free(iterator) }
        var result: [ObjectID: String] = [:]
        while true {
            var noteID = git_oid()
            var annotated = git_oid()
            let next = git_note_next(&noteID, &annotated, iterator)
            if next == GIT_ITEROVER.rawValue { break }
            try check(next, "list notes in '\(notesRef)'")
            let blob = try blob(ObjectID(noteID), limit: 1 << 20)
            result[ObjectID(annotated)] = String(decoding: blob, as: UTF8.self)
        }
        return result
    }

    /// Attaches (or replaces) the note on `object` under `notesRef`. The notes ref only ever moves
    /// forward: each write is a new notes commit on top of the previous one.
    public func setNote(
        for object: ObjectID, notesRef: String, message: String, authorName: String, authorEmail: String
    ) throws(GitError) {
        try Interruption.shared.critical { () throws(GitError) -> Void in
            var signature: UnsafeMutablePointer<git_signature>?
            try check(git_signature_now(&signature, authorName, authorEmail), "make note signature")
            defer { git_signature_free(signature) }
            var oid = object.raw
            var out = git_oid()
            try check(
                git_note_create(&out, pointer, notesRef, signature, signature, &oid, message, 1),
                "write note on \(object.short()) in '\(notesRef)'")
        }
    }
}
