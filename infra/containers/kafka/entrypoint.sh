#!/bin/bash
# The stand-in Kafka image's entry (infra/containers/kafka.Dockerfile), configured as the official
# apache/kafka image is: every KAFKA_<NAME> variable becomes a server.properties line, its name
# lower-cased with "_" -> ".", "__" -> "_", "___" -> "-" (KAFKA_NODE_ID=1 -> node.id=1); the JVM's own
# variables (KAFKA_HEAP_OPTS, KAFKA_OPTS) are not properties. CLUSTER_ID names the cluster. The storage
# is formatted on first start only (--ignore-formatted), so a restarted container keeps its data.
set -euo pipefail
props=/opt/kafka/config/server.properties
classpath='/opt/kafka/libs/*'
log4j=-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties

: >"$props"
for name in $(compgen -e); do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_LOG4J_OPTS | KAFKA_JMX_OPTS | KAFKA_VERSION | KAFKA_HOME) ;;
    KAFKA_*)
      key=${name#KAFKA_}
      key=${key,,}
      key=${key//___/-}
      key=${key//__/@}
      key=${key//_/.}
      key=${key//@/_}
      printf '%s=%s\n' "$key" "${!name}" >>"$props"
      ;;
  esac
done
grep -q '^process\.roles=' "$props" || { echo "kafka: set KAFKA_PROCESS_ROLES, KAFKA_NODE_ID, KAFKA_LISTENERS and the other KAFKA_* settings" >&2; exit 2; }
grep -q '^log\.dirs=' "$props" || echo 'log.dirs=/var/lib/kafka/data' >>"$props"

# The official image's default cluster id when none is given, so that its single-node examples work here too.
java $log4j -cp "$classpath" kafka.tools.StorageTool format --ignore-formatted -t "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" -c "$props"
# shellcheck disable=SC2086 # the options are word lists
exec java ${KAFKA_HEAP_OPTS:-} ${KAFKA_OPTS:-} $log4j -cp "$classpath" kafka.Kafka "$props"
