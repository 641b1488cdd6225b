# PostgreSQL for docker-compose.yml where no image registry is reachable: Debian bookworm's PostgreSQL 15 on the local
# Debian base, with an entrypoint that keeps the part of the official postgres image's contract the compose file uses
# (postgres-entrypoint.sh). Built by ./shop images (deploy/local/images.sh); deploy/compose/local-servers.yml runs it.
ARG BASE_IMAGE=shop-base/debian:bookworm
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="shop-standin-postgres" \
      org.opencontainers.image.description="PostgreSQL 15 from Debian bookworm, with the official image's environment and init-script contract"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# The user of the official Debian-based image (uid and gid 999), created before the package so the package keeps it.
# No cluster is created at install time (create_main_cluster = false, read from createcluster.d by postgresql-common):
# the entrypoint makes one on the data volume. listen_addresses = '*' in the sample that initdb copies, as the official
# image does; the entrypoint narrows it to the socket while the init scripts run.
RUN groupadd --system --gid 999 postgres \
    && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres \
    && mkdir -p /etc/postgresql-common/createcluster.d \
    && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/no-main-cluster.conf \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15=15.* \
    && test ! -e /var/lib/postgresql/15/main \
    && rm -rf /var/lib/apt/lists/* \
    && sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" /usr/share/postgresql/15/postgresql.conf.sample \
    && grep -q "^listen_addresses = '\*'" /usr/share/postgresql/15/postgresql.conf.sample \
    && install -d -o postgres -g postgres -m 3777 /var/run/postgresql \
    && install -d -o postgres -g postgres -m 700 /var/lib/postgresql/data \
    && install -d -m 755 /docker-entrypoint-initdb.d
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER postgres
EXPOSE 5432
# Fast shutdown, as the official image stops it: SIGINT ends open sessions and checkpoints.
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
