# Mailroom container image.
#
#   docker build -t mailroom .
#   docker compose up        (see docker-compose.yml for the full stack)
#
# Stage 1 builds the Spring Boot jar with the project's Maven wrapper and splits it
# into layers; stage 2 is a JRE-only runtime that copies those layers in, least
# frequently changing first, so a code-only change rebuilds only the last layer.

# ---------------------------------------------------------------------------
# Build stage
# ---------------------------------------------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build

# Wrapper and POM first: the dependency download below is cached as its own layer
# and only re-runs when pom.xml or the wrapper changes. (The JDK image has no
# curl/wget; mvnw then fetches Maven with its built-in Java downloader.)
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

COPY src/ src/
# Formatting is checked by CI, not when building an image, so the image build
# skips the spring-javaformat validate step.
RUN ./mvnw -B -DskipTests -Dspring-javaformat.skip=true package \
    && cp target/mailroom-*.jar application.jar \
    && java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

# ---------------------------------------------------------------------------
# Runtime stage: Java 25 JRE, so Spring's virtual-thread support applies
# ---------------------------------------------------------------------------
FROM eclipse-temurin:25-jre

# The Temurin JRE image ships neither curl nor wget; curl serves the HEALTHCHECK.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

# Unprivileged user that owns only the data directory; the application files
# stay root-owned and read-only for it.
RUN groupadd --gid 10001 mailroom \
    && useradd --uid 10001 --gid 10001 --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin mailroom \
    && mkdir -p /app/data \
    && chown 10001:10001 /app/data

WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# Mutable state (TLS keys, spool, the FTP pub directory). Declared after the
# chown so a fresh volume starts out owned by the mailroom user.
ENV MAILROOM_DATA_DIR=/app/data
VOLUME ["/app/data"]

# Size the heap from the container's memory limit.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"

# HTTP (web UI, REST API, actuator).
EXPOSE 8080
# Mail and file ports, unprivileged so the non-root user can bind them: SMTP 2525,
# submission 2587, SMTPS 2465, POP3 1110, POP3S 1995, IMAP 1143, IMAPS 1993,
# FTP 2121 with passive data ports 30000-30009.
EXPOSE 2525 2587 2465 1110 1995 1143 1993 2121 30000-30009

USER 10001:10001

HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://localhost:8080/actuator/health"]

ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
