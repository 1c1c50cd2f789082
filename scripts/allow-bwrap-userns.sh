#!/bin/sh
# Ubuntu 24.04 and later restrict unprivileged user namespaces with AppArmor
# (kernel.apparmor_restrict_unprivileged_userns=1), which stops bubblewrap. This gives the bwrap binary
# alone a profile that allows them: narrower than turning the sysctl off for every program.
# Run with root rights (sudo). Does nothing where the restriction is off or AppArmor is absent.
set -eu
restrict=/proc/sys/kernel/apparmor_restrict_unprivileged_userns
if [ ! -r "$restrict" ] || [ "$(cat "$restrict")" != 1 ]; then
  echo "AppArmor does not restrict user namespaces here: nothing to do"
  exit 0
fi
bwrap=$(command -v bwrap) || { echo "bwrap is not installed (apt-get install bubblewrap)" >&2; exit 1; }
# AppArmor attaches a profile to the program's real path, not to a link on PATH.
bwrap=$(readlink -f "$bwrap")
cat > /etc/apparmor.d/taskmesh-bwrap <<PROFILE
# Lets bubblewrap (and nothing else) create user namespaces for the Taskmesh sandbox.
abi <abi/4.0>,
include <tunables/global>
profile taskmesh-bwrap $bwrap flags=(unconfined) {
  userns,
  include if exists <local/taskmesh-bwrap>
}
PROFILE
apparmor_parser -r /etc/apparmor.d/taskmesh-bwrap
echo "AppArmor profile taskmesh-bwrap loaded for $bwrap"
# The same namespaces a contained command gets, as the user who ran sudo.
probe="$bwrap --unshare-user --unshare-pid --unshare-net --die-with-parent --ro-bind / / --proc /proc --dev /dev true"
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then probe="sudo -u $SUDO_USER $probe"; fi
if $probe; then echo "bubblewrap can create its namespaces"; else echo "bubblewrap still cannot create its namespaces" >&2; exit 1; fi
