# Redis for docker-compose.yml where no image registry is reachable: Debian bookworm's Redis 7.0 on the local Debian
# base, run the way the official redis image runs it: as user redis in /data, the command line choosing the settings,
# redis-cli on PATH. Built by ./shop images (deploy/local/images.sh); deploy/compose/local-servers.yml runs it.
ARG BASE_IMAGE=shop-base/debian:bookworm
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="shop-standin-redis" \
      org.opencontainers.image.description="Redis 7.0 from Debian bookworm, run like the official redis image"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# The user of the official image (uid and gid 999), created before the package so the package keeps it.
RUN groupadd --system --gid 999 redis \
    && useradd --system --uid 999 --gid redis --home-dir /data --shell /usr/sbin/nologin redis \
    && apt-get update \
    && apt-get install -y --no-install-recommends redis-server=5:7.0.* \
    && rm -rf /var/lib/apt/lists/* \
    && install -d -o redis -g redis -m 755 /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
WORKDIR /data
USER redis
EXPOSE 6379
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["redis-server"]
