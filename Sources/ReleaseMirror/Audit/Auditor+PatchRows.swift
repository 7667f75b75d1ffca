import Git

extension Auditor {
    /// The findings for a ledger row of versions published from a patch (`` `<base>` (patch/NAME) ``,
    /// SPEC §13.5): the base is a mirror tag, and each publish tag is one made from that registered
    /// patch, on the row's commit, which is the patch's tip or archive (or in its history), with a
    /// version that is the base release's plus `publish.allow-suffix`.
    static func patchRowFindings(
        _ row: LedgerRow, branch: String, inventory: ReleaseInventory, configuration: Configuration
    ) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        let subject = "\(row.tag) (\(branch))"
        if inventory.release(row.tag) == nil {
            findings.append(
                .init(
                    .tagMissing, line: row.line, subject: subject,
                    message: "the base of \(branch)'s row, refs/tags/\(row.tag), is no mirror tag; fix the row or run `release-mirror ledger update`"))
        }
        let rule = PublishVersionRule(allowSuffix: configuration.publish.allowSuffix)
        for name in row.publishTags {
            func mismatch(_ message: String) { findings.append(.init(.publishTagMismatch, line: row.line, subject: name, message: message)) }
            guard let publish = inventory.publishTags.first(where: { $0.name == name }) else {
                mismatch("the row lists publish tag \(name) but refs/tags/\(name) does not exist")
                continue
            }
            guard let made = inventory.patchPublishes[name], made.branch == branch else {
                mismatch(
                    "\(name) (on \(publish.commit?.short() ?? "no commit")) was not published from the registered patch \(branch): "
                        + "its commit is not on the branch's tip or archive")
                continue
            }
            guard row.names(made.commit), made.onPatch else {
                mismatch("\(name) is on \(made.commit.short()), not on the commit of \(branch)'s row \(row.commit) or not on \(branch)")
                continue
            }
            if row.sdkVersion != made.sdkVersion {
                findings.append(
                    .init(
                        .versionMismatch, line: row.line, subject: subject,
                        message: "the row's SDK version is \(row.sdkVersion?.description ?? LedgerRow.emptyCell) but the manifest at "
                            + "\(made.commit.short()) says \(made.sdkVersion?.description ?? "nothing readable")"))
            }
            let base: String? =
                switch configuration.publish.versionFrom {
                case .manifest: made.sdkVersion?.description
                case .releaseTag: configuration.upstream.releaseTags.value(in: row.tag)
                }
            if let base, case .suffixed = rule.compare(publish.version, base: base) {
                continue
            }
            mismatch(
                "\(name) publishes \(publish.version) from \(branch); a patch publishes its base release's version plus "
                    + "publish.allow-suffix (\(base.flatMap { rule.allowSuffix == nil ? nil : rule.allowed(for: $0) } ?? "no allow-suffix set"))")
        }
        return findings
    }
}
