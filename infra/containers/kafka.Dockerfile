# A stand-in for the official apache/kafka image, for machines that reach no image registry: the same
# broker (the jars the embedded stack caches, infra/stack/pom.xml), configured the same way (KAFKA_*
# variables become server.properties; CLUSTER_ID names the cluster), with the official image's layout
# where the compose file relies on it (/opt/kafka/bin/kafka-broker-api-versions.sh, /var/lib/kafka/data)
# and its user (uid 1000). infra/containers/setup.sh builds it FROM its JRE image with a context holding
# libs/ (the jars) and kafka/ (this folder's kafka/ files).
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
RUN groupadd --gid 1000 appuser \
 && useradd --uid 1000 --gid appuser --no-create-home --home-dir /opt/kafka --shell /usr/sbin/nologin appuser \
 && mkdir -p /opt/kafka/config /var/lib/kafka/data \
 && chown appuser:appuser /opt/kafka/config /var/lib/kafka/data
COPY libs/ /opt/kafka/libs/
COPY kafka/entrypoint.sh kafka/kafka-broker-api-versions.sh /opt/kafka/bin/
COPY kafka/log4j2.properties /opt/kafka/config/log4j2.properties
ENV KAFKA_HEAP_OPTS="-Xms64m -Xmx512m"
USER appuser
EXPOSE 9092
ENTRYPOINT ["/opt/kafka/bin/entrypoint.sh"]
