# Builds the executable jar with Maven, then runs it on a JRE. Used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY src/main src/main
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/followup-monitor.jar /app/followup-monitor.jar
COPY examples /app/examples
EXPOSE 8080
ENTRYPOINT ["java", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.followupmonitor", "-jar", "/app/followup-monitor.jar"]
