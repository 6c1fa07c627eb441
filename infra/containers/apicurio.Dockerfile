# A stand-in for the official apicurio/apicurio-registry image, for machines that reach no image
# registry: the same app (the runner jar and its lib/ the embedded stack caches, infra/stack/pom.xml) on
# port 8080, configured the same way (APICURIO_* variables, e.g. APICURIO_STORAGE_KIND=kafkasql), with
# curl for the compose file's health check. infra/containers/setup.sh builds it FROM its JRE image with
# a context holding the cached apicurio-<version>/ folder as app/.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1001 --no-create-home --home-dir /deployments --shell /usr/sbin/nologin apicurio
COPY app/ /deployments/
ENV JAVA_OPTS="-Xms64m -Xmx512m"
USER 1001
WORKDIR /deployments
EXPOSE 8080
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /deployments/apicurio-registry-app-*-runner.jar"]
