#!/bin/sh
# Reclaims the blobs of manifests that /prune --apply deleted. Deleting a manifest only unlinks it; the layers
# stay on disk until distribution's garbage collector runs. The collector must not run while the registry
# accepts pushes: a blob uploaded during the mark phase is not yet referenced and would be swept, leaving a
# pushed image with a missing layer. So this script stops the registry (or expects it in read-only mode), runs
# the collector, and starts it again.
#
# usage: deploy/registry-gc.sh [--dry-run] [CONFIG]
#   CONFIG                 the registry's config.yml (default /etc/docker/registry/config.yml)
#   REGISTRY_STOP / REGISTRY_START   commands to stop/start the registry
#                          (default: systemctl stop/start docker-registry, Debian's unit)
#   REGISTRY_READ_ONLY=1   the registry runs with storage.maintenance.readonly.enabled: true; do not stop it
set -eu

dry_run=""
if [ "${1:-}" = "--dry-run" ]; then
    dry_run="--dry-run"
    shift
fi
config="${1:-/etc/docker/registry/config.yml}"
stop="${REGISTRY_STOP:-systemctl stop docker-registry}"
start="${REGISTRY_START:-systemctl start docker-registry}"

if [ ! -r "$config" ]; then
    echo "registry-gc: cannot read the registry config $config" >&2
    exit 2
fi
command -v docker-registry >/dev/null 2>&1 || { echo "registry-gc: docker-registry is not installed (apt-get install docker-registry)" >&2; exit 2; }

restart=""
if [ -z "$dry_run" ] && [ "${REGISTRY_READ_ONLY:-0}" != "1" ]; then
    echo "registry-gc: stopping the registry: $stop"
    sh -c "$stop"
    restart=1
fi
# start the registry again whatever the collector does: a failed GC must not leave the registry down
trap '[ -n "$restart" ] && { echo "registry-gc: starting the registry: $start"; sh -c "$start"; }' EXIT

# --delete-untagged also removes manifests no tag points at (what a moved tag leaves behind)
docker-registry garbage-collect --delete-untagged $dry_run "$config"
echo "registry-gc: done${dry_run:+ (dry run, nothing removed)}"
