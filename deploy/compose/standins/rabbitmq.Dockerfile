# RabbitMQ for docker-compose.yml where no image registry is reachable: Debian bookworm's RabbitMQ 3.10 on the local
# Debian base, with the management plugin (console and HTTP API on 15672) and the Prometheus plugin (metrics on 15692)
# enabled, as in the official rabbitmq:*-management image. Built by ./shop images (deploy/local/images.sh);
# deploy/compose/local-servers.yml runs it.
ARG BASE_IMAGE=shop-base/debian:bookworm
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="shop-standin-rabbitmq" \
      org.opencontainers.image.description="RabbitMQ 3.10 from Debian bookworm with the management and Prometheus plugins"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# The user of the official image (uid and gid 999), created before the package so the package keeps it.
RUN groupadd --system --gid 999 rabbitmq \
    && useradd --system --uid 999 --gid rabbitmq --home-dir /var/lib/rabbitmq --shell /usr/sbin/nologin rabbitmq \
    && apt-get update \
    && apt-get install -y --no-install-recommends rabbitmq-server=3.10.* \
    && rm -rf /var/lib/apt/lists/* \
    && rabbitmq-plugins enable --offline rabbitmq_management rabbitmq_prometheus \
    && rm -f /var/lib/rabbitmq/.erlang.cookie /root/.erlang.cookie \
    && install -d -o rabbitmq -g rabbitmq -m 755 /var/lib/rabbitmq /var/log/rabbitmq
# Debian's commands in /usr/sbin are wrappers that send the server's output to /var/log/rabbitmq/startup_log; the
# scripts they wrap come first on PATH, so the server logs to standard output (RABBITMQ_LOGS=-), as the official image's
# does. HOME holds the Erlang cookie, made at the first start (the one plugins made above is deleted, so no two
# containers share one), which the CLI tools (the compose health check's rabbitmq-diagnostics) read to reach the node.
# The node name is rabbit@<hostname>, so the compose file's fixed hostname keeps the data volume's node.
ENV PATH=/usr/lib/rabbitmq/bin:$PATH \
    RABBITMQ_LOGS=- \
    HOME=/var/lib/rabbitmq
WORKDIR /var/lib/rabbitmq
USER rabbitmq
EXPOSE 4369 5672 15672 15692 25672
CMD ["rabbitmq-server"]
