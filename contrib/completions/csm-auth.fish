function __csm-auth_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __csm-auth_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __csm-auth_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __csm-auth_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __csm-auth_parse_tokens -S
    set -l unparsed_tokens (__csm-auth_tokens -pc)
    switch $unparsed_tokens[1]
    case 'csm-auth'
        __csm-auth_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'login'
            __csm-auth_parse_subcommand 0 'profile=' 'verbose' 'client-id=' 'client-secret-stdin' 'scope=+' 'scopes=+' 'site=' 'callback-url=' 'port=' 'no-browser' 'paste' 'timeout=' 'storage=' 'basic' 'email=' 'client-credentials' 'version' 'h/help'
        case 'logout'
            __csm-auth_parse_subcommand 0 'profile=' 'verbose' 'all' 'version' 'h/help'
        case 'status'
            __csm-auth_parse_subcommand 0 'profile=' 'verbose' 'all' 'json' 'check' 'version' 'h/help'
        case 'token'
            __csm-auth_parse_subcommand 0 'profile=' 'verbose' 'version' 'h/help'
        case 'header'
            __csm-auth_parse_subcommand 0 'profile=' 'verbose' 'version' 'h/help'
        case 'env'
            __csm-auth_parse_subcommand 0 'profile=' 'verbose' 'format=' 'version' 'h/help'
        case 'exec'
            __csm-auth_parse_subcommand -r 1 'profile=' 'verbose' 'version' 'h/help'
        case 'sites'
            __csm-auth_parse_subcommand 0 'profile=' 'verbose' 'json' 'select=' 'version' 'h/help'
        case 'refresh'
            __csm-auth_parse_subcommand 0 'profile=' 'verbose' 'version' 'h/help'
        case 'api'
            __csm-auth_parse_subcommand 1 'profile=' 'verbose' 'X/method=' 'd/data=' 'H/header=+' 'include' 'paginate' 'version' 'h/help'
        case 'doctor'
            __csm-auth_parse_subcommand 0 'profile=' 'verbose' 'json' 'version' 'h/help'
        case 'fleet-key'
            __csm-auth_parse_subcommand 0 'reseal' 'verbose' 'version' 'h/help'
        case 'help'
            __csm-auth_parse_subcommand -r 1 'version'
        end
    end
end

function __csm-auth_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __csm-auth_parse_subcommand -S -a positional_count
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

function __csm-auth_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __csm-auth_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__csm-auth_tokens -p)
    if test -z "$(__csm-auth_tokens -t)"
        set -l index (count (__csm-auth_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'csm-auth' -f
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'login' -d 'Log in with OAuth 2.0 (3LO) in a browser, a service account with --client-credentials, or an email and API token with --basic.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'logout' -d 'Forget a profile\'s secrets and settings.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'status' -d 'Show whether a profile is logged in, to which site, and when its tokens expire.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'token' -d 'Print a valid access token (or a Basic profile\'s API token), refreshing it first when needed.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'header' -d 'Print an Authorization header line: \'Authorization: Bearer …\' or \'Authorization: Basic …\'.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'env' -d 'Print CSM_ACCESS_TOKEN, CSM_CLOUD_ID, CSM_API_BASE_URL and CSM_AUTHORIZATION for a shell or a program.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'exec' -d 'Run a command with CSM_ACCESS_TOKEN, CSM_CLOUD_ID, CSM_API_BASE_URL and CSM_AUTHORIZATION in its environment.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'sites' -d 'List the sites a profile can use, or choose one with --select.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'refresh' -d 'Refresh the access token now, even when it is still valid; prints the new expiry on stderr.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'api' -d 'Call the CSM REST API (or Jira and JSM through the gateway) with the profile\'s credential and print the response body.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'doctor' -d 'Check everything a login depends on, one line each, with what to do when a check fails.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'fleet-key' -d 'Print a new fleet key: the secret that encrypts everything a fleet keeps in etcd.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_positional "csm-auth" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion login -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" client-id' -l 'client-id' -d 'The OAuth client id (default: $CSM_AUTH_CLIENT_ID or the profile\'s).' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" client-secret-stdin' -l 'client-secret-stdin' -d 'Read the client secret from the first line of standard input.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login"' -l 'scope' -d 'A scope to request; repeat for several (offline_access is always added).' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login"' -l 'scopes' -d 'Scope sets to request, comma-separated (csm, csm-read, jira-read, jira-write, jsm, me); repeatable, and combined with --scope.' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" site' -l 'site' -d 'The site to use: cloudId, URL, host or name (with --basic: the site URL).' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" callback-url' -l 'callback-url' -d 'The callback URL registered in your app (default: http://localhost:8976/callback).' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" port' -l 'port' -d 'The callback port on localhost (changes only the port of the default callback URL).' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" no-browser' -l 'no-browser' -d 'Print the URL instead of opening a browser, and still listen (for ssh -L).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" paste' -l 'paste' -d 'No listener: paste the redirected URL from the browser\'s address bar.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" timeout' -l 'timeout' -d 'Seconds to wait for the browser, or for a pasted URL (default 300).' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" storage' -l 'storage' -d 'Where to keep the secrets: keyring (default), file, or etcd (a fleet).' -rfka 'keyring file etcd'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" basic' -l 'basic' -d 'Store an email and API token (Basic auth) instead of an OAuth login.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" email' -l 'email' -d 'The account email, with --basic.' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" client-credentials' -l 'client-credentials' -d 'Log in an Atlassian service account with its OAuth 2.0 credential (client id and secret); needs --site SITE_URL.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth logout" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion logout -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth logout" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth logout" all' -l 'all' -d 'Act on every profile.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth logout" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth status" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion status -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth status" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth status" all' -l 'all' -d 'Act on every profile.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth status" json' -l 'json' -d 'Print JSON: one object, or an array with --all.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth status" check' -l 'check' -d 'Also ask Atlassian whether the login works (one authenticated request).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth status" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth token" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion token -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth token" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth token" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth token" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth header" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion header -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth header" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth header" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth header" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth env" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion env -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth env" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth env" format' -l 'format' -d 'sh (default), fish, json or dotenv.' -rfka 'sh fish json dotenv'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth env" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth env" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth exec" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion exec -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth exec" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth exec" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth exec" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth sites" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion sites -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth sites" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth sites" json' -l 'json' -d 'Print a JSON array of {cloudId, name, url, scopes, selected}.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth sites" select' -l 'select' -d 'Make this site the profile\'s: cloudId, URL, host or name.' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth sites" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth sites" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth refresh" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion refresh -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth refresh" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth refresh" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth refresh" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth api" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion api -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth api" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth api" X method' -s 'X' -l 'method' -d 'The HTTP method (default GET, or POST with --data).' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth api" d data' -s 'd' -l 'data' -d 'The request body: text, @FILE, or @- for standard input.' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth api"' -s 'H' -l 'header' -d 'An extra header \'Name: value\'; repeatable; replaces csm-auth\'s own of that name.' -rfka ''
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth api" include' -l 'include' -d 'Print the status line and response headers before the body.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth api" paginate' -l 'paginate' -d 'Fetch every page of a paged answer (cursor, start, startAt, page, Jira\'s total/isLast or `_links.next`), printing each page on its own line.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth api" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth api" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth doctor" profile' -l 'profile' -d 'The profile to use (default: $CSM_AUTH_PROFILE or \'default\').' -rfka '(__csm-auth_custom_completion ---completion doctor -- --profile (count (__csm-auth_tokens -pc)) (__csm-auth_tokens -tC))'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth doctor" verbose' -l 'verbose' -d 'Explain failures in more detail and log HTTP exchanges (secrets redacted).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth doctor" json' -l 'json' -d 'Print JSON: the profile, the site and `checks` (name, status, ok, detail, fix).'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth doctor" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth fleet-key" reseal' -l 'reseal' -d 'Encrypt every value of the fleet again under the first key of CSM_AUTH_FLEET_KEY_FILE.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth fleet-key" verbose' -l 'verbose' -d 'Explain failures in more detail.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth fleet-key" version' -l 'version' -d 'Show the version.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth fleet-key" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'csm-auth' -n '__csm-auth_should_offer_completions_for_flags_or_options "csm-auth help" version' -l 'version' -d 'Show the version.'
