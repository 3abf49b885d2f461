#!/bin/sh
# Installs csm-auth, its shell completions and man pages under a prefix, or removes them.
#
#   contrib/install.sh [PREFIX]            # default PREFIX: ~/.local; needs a release build:
#                                          #   swift build -c release --static-swift-stdlib --product csm-auth
#   contrib/install.sh --uninstall [PREFIX]
set -eu
cd "$(dirname "$0")/.."
action=install
if [ "${1:-}" = "--uninstall" ]; then action=uninstall; shift; fi
prefix=${1:-$HOME/.local}
files="bin/csm-auth
share/bash-completion/completions/csm-auth
share/zsh/site-functions/_csm-auth
share/fish/vendor_completions.d/csm-auth.fish"
# Every page scripts/generate-contrib writes: csm-auth.1, and csm-sandbox.1 for the local
# stand-in for Atlassian (swift run csm-sandbox).
for page in contrib/man/*.1; do
    files="$files
share/man/man1/${page##*/}"
done

if [ "$action" = uninstall ]; then
    for file in $files; do rm -f "$prefix/$file"; done
    echo "csm-auth: removed from $prefix"
    exit 0
fi
binary=.build/release/csm-auth
[ -x "$binary" ] || { echo "install.sh: build first: swift build -c release --static-swift-stdlib --product csm-auth" >&2; exit 1; }
install -Dm0755 "$binary" "$prefix/bin/csm-auth"
install -Dm0644 contrib/completions/csm-auth.bash "$prefix/share/bash-completion/completions/csm-auth"
install -Dm0644 contrib/completions/_csm-auth "$prefix/share/zsh/site-functions/_csm-auth"
install -Dm0644 contrib/completions/csm-auth.fish "$prefix/share/fish/vendor_completions.d/csm-auth.fish"
for page in contrib/man/*.1; do
    install -Dm0644 "$page" "$prefix/share/man/man1/${page##*/}"
done
echo "csm-auth: installed in $prefix (make sure $prefix/bin is on your PATH)"
