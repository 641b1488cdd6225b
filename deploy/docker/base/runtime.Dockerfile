# The .NET runtime images Shop runs in where no image registry is reachable: the local Debian base (debootstrap) and the
# runtime of the SDK installed on this machine (its host and shared frameworks), copied in. Target "aspnet" has
# ASP.NET Core for the HTTP hosts, "runtime" only .NET for the load generator. Built by ./shop images
# (deploy/local/images.sh) with the SDK's folder as the build context; elsewhere the Dockerfile's defaults, the
# chiseled mcr.microsoft.com/dotnet/aspnet and runtime images, are used.
ARG BASE_IMAGE=shop-base/debian:bookworm
FROM ${BASE_IMAGE} AS runtime
ARG DOTNET_VERSION=unknown
LABEL org.opencontainers.image.title="shop-base-dotnet-runtime" \
      org.opencontainers.image.description="The .NET runtime of the machine that built it, on Debian bookworm (minbase)" \
      org.opencontainers.image.version="${DOTNET_VERSION}"
ENV DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
COPY dotnet /usr/share/dotnet/
COPY host /usr/share/dotnet/host/
COPY shared/Microsoft.NETCore.App /usr/share/dotnet/shared/Microsoft.NETCore.App/
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet

FROM runtime AS aspnet
LABEL org.opencontainers.image.title="shop-base-dotnet-aspnet" \
      org.opencontainers.image.description="The .NET and ASP.NET Core runtime of the machine that built it, on Debian bookworm (minbase)"
COPY shared/Microsoft.AspNetCore.App /usr/share/dotnet/shared/Microsoft.AspNetCore.App/
