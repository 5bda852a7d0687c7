# One image per skill (skills/<name>, see skills/README.md). Build context: the repository root, after
# `mvn -B package -DskipTests`; no RUN step needs the network. deploy/release --skill <name> drives this.
#
#   docker build -f deploy/skill.Dockerfile --build-arg SKILL=echo \
#     --build-arg JDK_BASE=…@sha256:… --build-arg RUNTIME_BASE=…@sha256:… --build-arg VERSION=0.1.0 .
#
# The base defaults are NOT pinned: pin both by digest for anything you ship (deploy/release refuses an
# unpinned base). Requirements on the bases: as in bot.Dockerfile.
ARG JDK_BASE=eclipse-temurin:17-jdk
ARG RUNTIME_BASE=debian:bookworm-slim

FROM ${JDK_BASE} AS jre
ARG SKILL
WORKDIR /build
RUN test -n "${SKILL}" || { echo "pass --build-arg SKILL=<name of a module under skills/>" >&2; exit 1; }
COPY skills/${SKILL}/target/skill-${SKILL}.jar app.jar
# Skills use only the JDK's HTTP server and Jackson, so jdeps finds a small module set; jdk.crypto.ec
# keeps outbound TLS working for skills that call https:// URLs.
RUN modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 app.jar),jdk.crypto.ec" \
 && echo "jlink modules: $modules" \
 && jlink --add-modules "$modules" --strip-java-debug-attributes --no-header-files --no-man-pages \
          --compress=2 --output /build/jre \
 && /build/jre/bin/java -version

FROM ${RUNTIME_BASE}
RUN groupadd --system --gid 10001 skill \
 && useradd --system --uid 10001 --gid skill --home-dir /app --no-create-home --shell /usr/sbin/nologin skill
COPY --from=jre /build/jre /opt/jre
COPY --from=jre /build/app.jar /app/skill.jar
ENV JAVA_HOME=/opt/jre \
    PATH=/opt/jre/bin:/usr/local/bin:/usr/bin:/bin \
    PORT=8080
WORKDIR /app
EXPOSE 8080
USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/skill.jar"]

ARG SKILL
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=https://example.invalid/larkops
LABEL org.opencontainers.image.title="larkops-skill-${SKILL}" \
      org.opencontainers.image.description="larkops skill ${SKILL}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}"
