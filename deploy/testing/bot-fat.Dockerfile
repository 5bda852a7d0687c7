# For comparison only (deploy/README.md, "Image sizes"): the bot jar on the whole JDK image, single stage,
# the way the bot would ship without deploy/bot.Dockerfile's jlink stage. Never released.
ARG JDK_BASE=eclipse-temurin:17-jdk
FROM ${JDK_BASE}
RUN groupadd --system --gid 10001 larkops \
 && useradd --system --uid 10001 --gid larkops --home-dir /app --no-create-home --shell /usr/sbin/nologin larkops
COPY bot/target/larkops-bot.jar /app/larkops-bot.jar
USER 10001:10001
ENTRYPOINT ["java", "-jar", "/app/larkops-bot.jar"]
