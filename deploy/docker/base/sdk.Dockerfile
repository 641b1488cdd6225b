# The .NET SDK image Shop builds with where no image registry is reachable: the local Debian base (debootstrap) and the
# SDK installed on this machine, copied in. Built by ./shop images (deploy/local/images.sh) with the SDK's folder
# (/usr/share/dotnet) as the build context; elsewhere the Dockerfile's default, mcr.microsoft.com/dotnet/sdk, is used.
ARG BASE_IMAGE=shop-base/debian:bookworm
FROM ${BASE_IMAGE}
ARG DOTNET_VERSION=unknown
LABEL org.opencontainers.image.title="shop-base-dotnet-sdk" \
      org.opencontainers.image.description="The .NET SDK of the machine that built it, on Debian bookworm (minbase)" \
      org.opencontainers.image.version="${DOTNET_VERSION}"
ENV DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
COPY . /usr/share/dotnet/
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && dotnet --info > /dev/null
