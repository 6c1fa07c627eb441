#!/bin/bash
# As in the official image: the compose file's broker health check runs it. A short-lived JVM: the
# client compiler and one GC thread start it in about half the time on a busy 2-core machine.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties \
  -cp '/opt/kafka/libs/*' org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
