#!/usr/bin/env bash
# "Run it": larkops on this machine with no Lark app. Starts a loopback registry, pushes two tiny busybox
# echo images (skills/echo:1.0.0 and 1.1.0), writes an example config, and opens the try-it chat in this
# terminal. Needs: docker (engine running), docker-registry, busybox-static, Java 17, and the built jar
# (mvn -B -DskipTests package). Everything it makes lives under ./.tryit and in containers labelled
# on the larkops-tryit network; `deploy/try-it.sh --clean` removes them.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/.tryit"
port="${TRYIT_REGISTRY_PORT:-5055}"
jar="bot/target/larkops-bot.jar"

if [ "${1:-}" = "--clean" ]; then
  docker ps -aq --filter network=larkops-tryit | xargs -r docker rm -f >/dev/null
  docker network rm larkops-tryit >/dev/null 2>&1 || true
  [ -f "$dir/registry.pid" ] && kill "$(cat "$dir/registry.pid")" 2>/dev/null || true
  rm -rf "$dir"
  echo "try-it: cleaned"
  exit 0
fi

for tool in docker docker-registry java curl; do
  command -v "$tool" >/dev/null || { echo "try-it: $tool is missing (apt-get install docker.io docker-registry openjdk-17-jre-headless)" >&2; exit 1; }
done
[ -x /bin/busybox ] || { echo "try-it: /bin/busybox is missing (apt-get install busybox-static)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "try-it: the Docker engine does not answer; start dockerd" >&2; exit 1; }
[ -f "$jar" ] || { echo "try-it: $jar not built; run: mvn -B -DskipTests package" >&2; exit 1; }
mkdir -p "$dir/registry" "$dir/data"

# A loopback registry of its own (plain HTTP is fine on 127.0.0.1), unless one already answers there.
if ! curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then
  cat > "$dir/registry.yml" <<YAML
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $dir/registry}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$port}
YAML
  nohup docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
  echo $! > "$dir/registry.pid"
  for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
fi

# skills/echo:<version>: busybox httpd serving /healthz and /version on 8080, FROM scratch (no Docker Hub).
for version in 1.0.0 1.1.0; do
  ref="127.0.0.1:$port/skills/echo:$version"
  if ! curl -fsS -o /dev/null -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      "http://127.0.0.1:$port/v2/skills/echo/manifests/$version" 2>/dev/null; then
    ctx="$dir/image-$version"
    mkdir -p "$ctx/www"
    cp /bin/busybox "$ctx/busybox"
    echo ok > "$ctx/www/healthz"
    echo "$version" > "$ctx/www/version"
    printf '%s\n' 'FROM scratch' 'COPY busybox /bin/busybox' 'COPY www /www' \
      "LABEL org.opencontainers.image.version=\"$version\"" \
      'ENTRYPOINT ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]' > "$ctx/Dockerfile"
    docker build -q -t "$ref" "$ctx" >/dev/null 2>&1 || docker build -t "$ref" "$ctx"
    docker push -q "$ref" >/dev/null
  fi
done

cat > "$dir/larkops.yaml" <<YAML
# try-it config: you type as ou_you (deployer); ":as ou_lead" switches to the approver.
registry: 127.0.0.1:$port
chats: [oc_tryit]
roles:
  deployers: [ou_you]
  approvers: [ou_lead]
network: larkops-tryit
services:
  echo:
    repository: skills/echo
    port: 8080
    health: /healthz
    soak: 10s
    health_timeout: 30s
YAML

echo "try-it: registry 127.0.0.1:$port has skills/echo 1.0.0 and 1.1.0; try: /deploy echo 1.0.0"
LARKOPS_DATA_DIR="$dir/data" exec java -jar "$jar" try --config "$dir/larkops.yaml" --versions 1.0.0,1.1.0 "$@"
