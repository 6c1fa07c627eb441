# A Java 17 runtime on Debian bookworm for machines that reach no image registry (stand-ins for the
# Kafka and Apicurio images run the jars the embedded stack caches on it). infra/containers/setup.sh
# builds it from its own Debian image.
ARG BASE_IMAGE=debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && java -version
CMD ["java", "-version"]
