# The larkops bot image. Build context: the repository root, after `mvn -B package -DskipTests`
# (the jar is built on the host; no RUN step here needs the network). deploy/release drives this.
#
#   docker build -f deploy/bot.Dockerfile \
#     --build-arg JDK_BASE=<jdk17 image>@sha256:… --build-arg RUNTIME_BASE=debian:bookworm-slim@sha256:… \
#     --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) --build-arg CREATED=$(date -u +%FT%TZ) .
#
# The defaults below are NOT pinned: pin both bases by digest for anything you ship (deploy/release refuses
# an unpinned base). Any JDK 17 image with jdeps/jlink and jmods works for JDK_BASE (Temurin, Debian's
# openjdk-17-jdk-headless); RUNTIME_BASE needs glibc, libstdc++, zlib and useradd (any Debian slim).
ARG JDK_BASE=eclipse-temurin:17-jdk
ARG RUNTIME_BASE=debian:bookworm-slim

FROM ${JDK_BASE} AS jre
WORKDIR /build
COPY bot/target/larkops-bot.jar app.jar
# jdeps lists the modules the code links against. jdk.crypto.ec is added by hand: TLS to Lark's Open API
# negotiates ECDHE through a security provider that is loaded by name, which jdeps cannot see.
RUN modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 app.jar),jdk.crypto.ec" \
 && echo "jlink modules: $modules" \
 && jlink --add-modules "$modules" --strip-java-debug-attributes --no-header-files --no-man-pages \
          --compress=2 --output /build/jre \
 && /build/jre/bin/java -version

FROM ${RUNTIME_BASE}
RUN groupadd --system --gid 10001 larkops \
 && useradd --system --uid 10001 --gid larkops --home-dir /app --no-create-home --shell /usr/sbin/nologin larkops \
 && mkdir -p /data /etc/larkops && chown larkops:larkops /data
COPY --from=jre /build/jre /opt/jre
COPY --from=jre /build/app.jar /app/larkops-bot.jar
# Settings only; secrets (LARK_*) come from the env file at run time, never from the image.
ENV JAVA_HOME=/opt/jre \
    PATH=/opt/jre/bin:/usr/local/bin:/usr/bin:/bin \
    LARKOPS_PORT=8080 \
    LARKOPS_DATA_DIR=/data \
    LARKOPS_CONFIG=/etc/larkops/larkops.yaml
WORKDIR /app
VOLUME ["/data"]
EXPOSE 8080
# Numeric, so the engine knows it is not root without reading /etc/passwd. To reach the Docker socket the
# container is given the socket's group at run time (compose.yaml: group_add).
USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/larkops-bot.jar"]

# Last, so a new version or revision reuses every layer above from the cache.
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=https://example.invalid/larkops
LABEL org.opencontainers.image.title="larkops-bot" \
      org.opencontainers.image.description="Lark chat-ops bot that deploys images pinned by digest" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}"
