# shellcheck shell=bash
# Shop's images, built on this machine's own engine (docker.sh) with the real deploy/docker/Dockerfile. No image registry
# is reachable here, so the Dockerfile's base images (official .NET images by default) are replaced by local ones, built
# once and kept in the engine: a minimal Debian made with debootstrap, and from it an SDK and two runtime images holding
# the .NET that is installed on this machine. Sourced after servers.sh; never run.
#
# Next to them it keeps the stand-ins for the official server images of docker-compose.yml (PostgreSQL, Redis, RabbitMQ,
# Prometheus from Debian's packages, deploy/compose/standins), which deploy/compose/local-servers.yml runs.
#
#   ensure_base_images        builds the local base images that are missing, and the stand-ins
#   build_images [TARGET...]  builds the Shop images (all targets by default) and prints size and build time of each

# Every final target of deploy/docker/Dockerfile (tests/Shop.Deployment.Tests holds this list to the Dockerfile).
SHOP_IMAGE_TARGETS=(catalog cart order reporting monolith gateway loadtest)
# name:tag of every stand-in, shop-standin/<name>:<tag> from deploy/compose/standins/<name>.Dockerfile; the tag is the
# Debian package's version series (tests/Shop.Deployment.Tests holds this list to deploy/compose/local-servers.yml).
SHOP_STANDIN_IMAGES=(postgres:15 redis:7.0 rabbitmq:3.10 prometheus:2.42)
SHOP_IMAGE_TAG="${SHOP_IMAGE_TAG:-dev}"
SHOP_DEBIAN_MIRROR="${SHOP_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SHOP_DOTNET_ROOT="$(dirname "$(readlink -f "$(command -v dotnet)")")"

image_exists() { shop_docker image inspect "$1" >/dev/null 2>&1; }

# The SDK and runtime versions installed here name the local images, so a new .NET on the machine builds new ones.
dotnet_sdk_version() { dotnet --version; }
dotnet_runtime_version() { dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }'; }

local_debian_image() { echo "shop-base/debian:bookworm"; }
local_sdk_image() { echo "shop-base/dotnet-sdk:$(dotnet_sdk_version)"; }
local_aspnet_image() { echo "shop-base/dotnet-aspnet:$(dotnet_runtime_version)"; }
local_runtime_image() { echo "shop-base/dotnet-runtime:$(dotnet_runtime_version)"; }

# debootstrap's minimal Debian with CA certificates (the SDK restores from NuGet over HTTPS), without its package cache,
# package lists, documentation and translations, imported as a one-layer image. It also trusts the certificate
# authorities this machine added to its own store (/usr/local/share/ca-certificates): where a network reaches NuGet
# through a TLS proxy, so do the builds in this image. Certificates are public; no key is copied.
build_debian_image() {
  local image="$1" root
  root="$(mktemp -d "$SHOP_STATE/debootstrap.XXXXXX")"
  info "building $image (debootstrap --variant=minbase bookworm; about a minute)"
  if ! debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$SHOP_DEBIAN_MIRROR" >"$SHOP_LOGS/debootstrap.log" 2>&1; then
    show_log_tail "$SHOP_LOGS/debootstrap.log"
    rm -rf "$root"
    die "debootstrap failed (log: $SHOP_LOGS/debootstrap.log)"
  fi
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >>"$SHOP_LOGS/debootstrap.log" 2>&1 || die "update-ca-certificates failed in the new image"
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
    "$root"/usr/share/info/* "$root"/usr/share/locale/*
  tar --numeric-owner -C "$root" -c . | shop_docker import \
    --change 'LABEL org.opencontainers.image.title="shop-base-debian" org.opencontainers.image.description="Debian bookworm, debootstrap minbase, for images built where no registry is reachable"' \
    --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
  rm -rf "$root"
}

# build_base IMAGE DOCKERFILE [TARGET]: one of the .NET images, from this machine's .NET folder as the build context.
build_dotnet_image() {
  local image="$1" dockerfile="$2" target="${3:-}"
  local args=(build --quiet -f "$SHOP_ROOT/$dockerfile" --build-arg "BASE_IMAGE=$(local_debian_image)"
    --build-arg "DOTNET_VERSION=$(dotnet_sdk_version)" -t "$image")
  [[ -z "$target" ]] || args+=(--target "$target")
  info "building $image (from $SHOP_DOTNET_ROOT)"
  if ! DOCKER_BUILDKIT=1 shop_docker "${args[@]}" "$SHOP_DOTNET_ROOT" >"$SHOP_LOGS/image-$(basename "${image%%:*}").log" 2>&1; then
    show_log_tail "$SHOP_LOGS/image-$(basename "${image%%:*}").log"
    die "building $image failed"
  fi
}

# build_standin_image NAME:TAG: shop-standin/NAME:TAG from deploy/compose/standins/NAME.Dockerfile on the local Debian
# base. Built every time rather than when missing, so an edited Dockerfile or script takes effect; an unchanged one
# comes from the build cache in a second.
build_standin_image() {
  local name="${1%%:*}" image="shop-standin/$1"
  if ! DOCKER_BUILDKIT=1 shop_docker build --quiet -f "$SHOP_ROOT/deploy/compose/standins/$name.Dockerfile" \
    --build-arg "BASE_IMAGE=$(local_debian_image)" -t "$image" "$SHOP_ROOT/deploy/compose/standins" \
    >"$SHOP_LOGS/image-standin-$name.log" 2>&1; then
    show_log_tail "$SHOP_LOGS/image-standin-$name.log" 40
    die "building $image failed (log: $SHOP_LOGS/image-standin-$name.log)"
  fi
}

ensure_base_images() {
  image_exists "$(local_debian_image)" || build_debian_image "$(local_debian_image)"
  image_exists "$(local_sdk_image)" || build_dotnet_image "$(local_sdk_image)" deploy/docker/base/sdk.Dockerfile
  image_exists "$(local_runtime_image)" || build_dotnet_image "$(local_runtime_image)" deploy/docker/base/runtime.Dockerfile runtime
  image_exists "$(local_aspnet_image)" || build_dotnet_image "$(local_aspnet_image)" deploy/docker/base/runtime.Dockerfile aspnet
  info "server stand-ins for compose: ${SHOP_STANDIN_IMAGES[*]/#/shop-standin/} (deploy/compose/standins)"
  local standin
  for standin in "${SHOP_STANDIN_IMAGES[@]}"; do
    build_standin_image "$standin"
  done
}

# The build arguments that swap the Dockerfile's official base images for the local ones.
local_base_arguments() {
  printf '%s\n' --build-arg "SDK_IMAGE=$(local_sdk_image)" --build-arg "ASPNET_IMAGE=$(local_aspnet_image)" \
    --build-arg "RUNTIME_IMAGE=$(local_runtime_image)"
}

image_size_mib() { shop_docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f", $1 / 1048576 }'; }

build_images() {
  local targets=("$@") target started seconds image
  ((${#targets[@]} > 0)) || targets=("${SHOP_IMAGE_TARGETS[@]}")
  local -a base_args=()
  mapfile -t base_args < <(local_base_arguments)
  printf '%-28s %10s %12s\n' IMAGE SIZE BUILD-TIME
  for target in "${targets[@]}"; do
    image="shop/$target:$SHOP_IMAGE_TAG"
    started=$SECONDS
    if ! DOCKER_BUILDKIT=1 shop_docker build -f "$SHOP_ROOT/deploy/docker/Dockerfile" --target "$target" \
      "${base_args[@]}" -t "$image" "$SHOP_ROOT" >"$SHOP_LOGS/image-$target.log" 2>&1; then
      show_log_tail "$SHOP_LOGS/image-$target.log" 40
      die "building $image failed (log: $SHOP_LOGS/image-$target.log)"
    fi
    seconds=$((SECONDS - started))
    printf '%-28s %6s MiB %10s s\n' "$image" "$(image_size_mib "$image")" "$seconds"
  done
  # The layers a rebuild replaced: this engine is Shop's own, so its untagged leftovers are too.
  shop_docker image prune --force >/dev/null
}
