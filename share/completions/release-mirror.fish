function __release-mirror_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __release-mirror_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __release-mirror_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __release-mirror_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __release-mirror_parse_tokens -S
    set -l unparsed_tokens (__release-mirror_tokens -pc)
    switch $unparsed_tokens[1]
    case 'release-mirror'
        __release-mirror_parse_subcommand 0 'config=' 'json' 'q/quiet' 'v/verbose' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'init'
            __release-mirror_parse_subcommand 1 'config=' 'json' 'q/quiet' 'v/verbose' 'upstream=' 'tag-pattern=' 'remote=' 'tool-ref=' 'tool-repository=' 'force' 'upgrade' 'dry-run' 'version' 'h/help'
        case 'sync'
            __release-mirror_parse_subcommand 0 'config=' 'json' 'q/quiet' 'v/verbose' 'dry-run' 'no-push' 'no-smoke' 'push-only' 'strict' 'lock-timeout=' 'network-timeout=' 'version' 'h/help'
        case 'smoke'
            __release-mirror_parse_subcommand 1 'config=' 'json' 'q/quiet' 'v/verbose' 'record' 'lock-timeout=' 'version' 'h/help'
        case 'status'
            __release-mirror_parse_subcommand 0 'config=' 'json' 'q/quiet' 'v/verbose' 'max-age=' 'offline' 'version' 'h/help'
        case 'accept-rewrite'
            __release-mirror_parse_subcommand 1 'config=' 'json' 'q/quiet' 'v/verbose' 'no-push' 'lock-timeout=' 'version' 'h/help'
        case 'publish-tag'
            __release-mirror_parse_subcommand 1 'config=' 'json' 'q/quiet' 'v/verbose' 'from=' 'dry-run' 'no-push' 'allow-unverified' 'lock-timeout=' 'version' 'h/help'
        case 'package'
            __release-mirror_parse_subcommand 1 'config=' 'json' 'q/quiet' 'v/verbose' 'source=' 'out=' 'version' 'h/help'
        case 'audit'
            __release-mirror_parse_subcommand 0 'config=' 'json' 'q/quiet' 'v/verbose' 'ledger=' 'version' 'h/help'
        case 'ledger'
            __release-mirror_parse_subcommand 2 'config=' 'json' 'q/quiet' 'v/verbose' 'github' 'ledger=' 'check' 'version' 'h/help'
        case 'surface'
            __release-mirror_parse_subcommand 2 'config=' 'json' 'q/quiet' 'v/verbose' 'names' 'version' 'h/help'
        case 'patch'
            __release-mirror_parse_subcommand 2 'config=' 'json' 'q/quiet' 'v/verbose' 'on=' 'reason=' 'upstream-pr=' 'lock-timeout=' 'version' 'h/help'
        case 'help'
            __release-mirror_parse_subcommand -r 1 'version'
        end
    end
end

function __release-mirror_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __release-mirror_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __release-mirror_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __release-mirror_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__release-mirror_tokens -p)
    if test -z "$(__release-mirror_tokens -t)"
        set -l index (count (__release-mirror_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'release-mirror' -f
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'init' -d 'Set up a mirror: a commented release-mirror.toml, the repository, RELEASES.md and workflows.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'sync' -d 'Mirror upstream: fast-forward the branch, create mirror tags and release branches, push.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'smoke' -d 'Run the smoke hook for one mirror tag, branch or commit, exactly as sync does.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'status' -d 'Show upstream vs mirror, the newest and newest green tag, quarantines and the last sync.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'accept-rewrite' -d 'Move the mirror branch past a held upstream history rewrite.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'publish-tag' -d 'Tag a smoke-verified mirror release for publishing, only when every check passes.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'package' -d 'Build the consumer\'s npm package directory from a publish tag\'s built checkout, only when every check passes.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'audit' -d 'Check the RELEASES.md version mapping against git truth and the mirror\'s invariants.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'ledger' -d 'Maintain the version-mapping table of the ledger (`ledger update`) and write release notes (`ledger notes TAG`).'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'surface' -d 'Show what a release added to or removed from the SDK\'s exported names (publish.entry).'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'patch' -d 'Manage patch branches: local fixes stacked on a mirror release (start, list, set-base, retire).'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" upstream' -l 'upstream' -d 'The upstream repository URL or path.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" tag-pattern' -l 'tag-pattern' -d 'The release tag pattern; {version} stands for the SemVer version.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" remote' -l 'remote' -d 'mirror.remote: remote name, URL or path to push to ("" = no push).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" tool-ref' -l 'tool-ref' -d 'The release of release-mirror the workflows install, as TAG@COMMIT (the tag\'s 40-hex commit). Default: this binary\'s own release.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" tool-repository' -l 'tool-repository' -d 'owner/name of the release-mirror repository whose action and release the workflows use. Default: this binary\'s.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" force' -l 'force' -d 'Overwrite existing files.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" upgrade' -l 'upgrade' -d 'Upgrade the workflow files of an existing mirror in DIR (only their managed parts) and print the diff.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" dry-run' -l 'dry-run' -d 'With --upgrade: print the diff, write nothing.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" dry-run' -l 'dry-run' -d 'Print the plan and stop; no ref is written anywhere.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" no-push' -l 'no-push' -d 'Do everything locally; push nothing to mirror.remote.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" no-smoke' -l 'no-smoke' -d 'Skip smoke runs for this sync.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" push-only' -l 'push-only' -d 'Only publish: push to mirror.remote what this copy has, without contacting upstream or running the hook.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" strict' -l 'strict' -d 'Treat a moved or deleted upstream tag as a hold (exit 3) instead of a warning.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" lock-timeout' -l 'lock-timeout' -d 'Seconds to wait for another run\'s lock (0 = fail at once with exit 6).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" network-timeout' -l 'network-timeout' -d 'Cut a connection that moves less than 1 KiB in this many seconds of waiting (a stalled, trickling or unreachable server); the run then fails (exit 1) and writes nothing. 0 = no limit.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror sync" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror smoke" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror smoke" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror smoke" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror smoke" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror smoke" record' -l 'record' -d 'Store the result as a note, push it to mirror.remote, and open or close the ref\'s report.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror smoke" lock-timeout' -l 'lock-timeout' -d 'Seconds to wait for another run\'s lock (with --record).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror smoke" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror smoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror status" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror status" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror status" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror status" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror status" max-age' -l 'max-age' -d 'Exit 7 when the last sync is older than this (e.g. 36h, 90m, 2d).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror status" offline' -l 'offline' -d 'Do not contact upstream.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror status" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror accept-rewrite" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror accept-rewrite" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror accept-rewrite" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror accept-rewrite" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror accept-rewrite" no-push' -l 'no-push' -d 'Do not push the change to mirror.remote.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror accept-rewrite" lock-timeout' -l 'lock-timeout' -d 'Seconds to wait for another run\'s lock.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror accept-rewrite" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror accept-rewrite" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" from' -l 'from' -d 'The mirror tag to publish from (its name, refs/tags/<name>, or its version), or a patch branch (patch/NAME).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" dry-run' -l 'dry-run' -d 'Run and print every check; create, write and push nothing.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" no-push' -l 'no-push' -d 'Create the tag locally; do not push it to mirror.remote.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" allow-unverified' -l 'allow-unverified' -d 'Publish without a passing smoke note (recorded in the tag message).'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" lock-timeout' -l 'lock-timeout' -d 'Seconds to wait for another run\'s lock.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror publish-tag" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror package" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror package" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror package" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror package" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror package" source' -l 'source' -d 'The checkout of the publish tag\'s commit, after upstream\'s build.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror package" out' -l 'out' -d 'The package directory to create (must not exist, or be empty).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror package" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror package" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror audit" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror audit" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror audit" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror audit" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror audit" ledger' -l 'ledger' -d 'The ledger to audit (default: publish.ledger).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror audit" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror audit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror ledger" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror ledger" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror ledger" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror ledger" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror ledger" -eq 1' -fka 'update notes'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror ledger" github' -l 'github' -d 'For notes: create or update the GitHub Release of the tag with the note (report.github-repository).'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror ledger" ledger' -l 'ledger' -d 'The ledger file (default: publish.ledger).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror ledger" check' -l 'check' -d 'Write nothing; exit 5 when the table is not up to date.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror ledger" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror ledger" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror surface" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror surface" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror surface" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror surface" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror surface" names' -l 'names' -d 'Also list every exported name at REF.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror surface" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror surface" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" config' -l 'config' -d 'The configuration file.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" json' -l 'json' -d 'Print the machine-readable result as JSON on stdout; human text goes to stderr.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" q quiet' -l 'quiet' -s 'q' -d 'Print only warnings, errors and the result.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" v verbose' -l 'verbose' -s 'v' -d 'Print every ref written and every step\'s details.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_positional "release-mirror patch" -eq 1' -fka 'start list set-base retire'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" on' -l 'on' -d 'For start and set-base: the mirror release tag (its name, refs/tags/<name> or its version).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" reason' -l 'reason' -d 'For start: why the patch exists (the registry\'s Reason cell).' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" upstream-pr' -l 'upstream-pr' -d 'For start: the upstream pull request carrying the same change.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" lock-timeout' -l 'lock-timeout' -d 'Seconds to wait for another run\'s lock.' -rfka ''
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" version' -l 'version' -d 'Show the version.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror patch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'release-mirror' -n '__release-mirror_should_offer_completions_for_flags_or_options "release-mirror help" version' -l 'version' -d 'Show the version.'
