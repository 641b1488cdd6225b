# Prometheus for docker-compose.yml where no image registry is reachable: Debian bookworm's Prometheus 2.42 on the local
# Debian base, laid out as the official prom/prometheus image: the binary as the entrypoint (the compose command gives
# only flags), configuration in /etc/prometheus, data in /prometheus, user nobody, and a wget for health checks (the
# official image's comes from busybox; this one is GNU wget). Built by ./shop images (deploy/local/images.sh);
# deploy/compose/local-servers.yml runs it.
ARG BASE_IMAGE=shop-base/debian:bookworm
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="shop-standin-prometheus" \
      org.opencontainers.image.description="Prometheus 2.42 from Debian bookworm, laid out like prom/prometheus"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Debian's package also brings a default configuration (compose mounts its own over it) and a service user (unused).
RUN apt-get update \
    && apt-get install -y --no-install-recommends prometheus=2.42.* wget=1.21.* \
    && rm -rf /var/lib/apt/lists/* \
    && install -d -o nobody -g nogroup -m 755 /prometheus
WORKDIR /prometheus
USER nobody
EXPOSE 9090
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
