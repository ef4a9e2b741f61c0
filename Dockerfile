# Multi-stage build: Maven builds the shaded jar, a JRE image runs it as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY avro ./avro
COPY src ./src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/enricher --create-home enricher
COPY --from=build /src/target/rotor-lead-enricher.jar /app/rotor-lead-enricher.jar
USER 10001
WORKDIR /var/lib/enricher
# Kafka Streams keeps its state (pending lookups, parked retries, the lead cache) here: mount a volume.
ENV KAFKA_STATE_DIR=/var/lib/enricher/state
VOLUME ["/var/lib/enricher"]
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/rotor-lead-enricher.jar"]
CMD ["run"]
