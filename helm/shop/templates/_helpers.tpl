{{/*
Names, labels and the facts every template shares. Templates never spell a name or a label themselves.
*/}}

{{- define "shop.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "shop.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "shop.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Name of a part of the release: "<fullname>-<component>". Component names are short, so only the fullname is cut.
Usage: include "shop.componentName" (dict "ctx" $ "component" "catalog")
*/}}
{{- define "shop.componentName" -}}
{{- printf "%s-%s" (include "shop.fullname" .ctx | trunc 40 | trimSuffix "-") .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Selector labels: only name, instance and component, so they never change between upgrades.
Usage: include "shop.selectorLabels" (dict "ctx" $ "component" "catalog")
*/}}
{{- define "shop.selectorLabels" -}}
app.kubernetes.io/name: {{ include "shop.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
Every label of an object of the chart. "version" is the image tag the object runs (the chart's appVersion by
default), or the given one for third-party images.
Usage: include "shop.labels" (dict "ctx" $ "component" "catalog" ["version" "17"])
*/}}
{{- define "shop.labels" -}}
helm.sh/chart: {{ include "shop.chart" .ctx }}
{{ include "shop.selectorLabels" . }}
app.kubernetes.io/version: {{ .version | default (include "shop.defaultTag" .ctx) | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/part-of: {{ include "shop.name" .ctx }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels shared by every object of the release, for selectors that span components (NetworkPolicy). */}}
{{- define "shop.instanceLabels" -}}
app.kubernetes.io/name: {{ include "shop.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "shop.defaultTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/*
Image reference: [registry/]repository:tag. The tag falls back to image.tag, then to the chart's appVersion.
Usage: include "shop.image" (dict "ctx" $ "image" .Values.components.catalog.image)
*/}}
{{- define "shop.image" -}}
{{- $registry := .image.registry | default .ctx.Values.image.registry -}}
{{- $tag := .image.tag | default (include "shop.defaultTag" .ctx) -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/*
What each host needs, independent of values: its database and connection string name, whether it talks to Redis and
RabbitMQ, and which host commands it has. The monolith has no RabbitMQ: it runs its messaging in process.
*/}}
{{- define "shop.hostFacts" -}}
gateway:
  public: true
catalog:
  database: shop_catalog
  connectionName: Catalog
  redis: true
  rabbitmq: true
  migrate: true
cart:
  redis: true
  rabbitmq: true
order:
  database: shop_order
  connectionName: Order
  rabbitmq: true
  migrate: true
  payment: true
reporting:
  database: shop_reporting
  connectionName: Reporting
  rabbitmq: true
  migrate: true
  rollup: true
  orderSource: true
monolith:
  database: shop
  connectionName: Shop
  redis: true
  migrate: true
  rollup: true
  payment: true
{{- end -}}

{{/* The hosts a mode deploys, gateway first. */}}
{{- define "shop.components" -}}
{{- if eq .Values.mode "monolith" -}}
gateway monolith
{{- else -}}
gateway catalog cart order reporting
{{- end -}}
{{- end -}}

{{/* The API hosts the gateway routes to, per gateway cluster (the cluster names of gateway/Shop.Gateway). */}}
{{- define "shop.gatewayClusters" -}}
catalog cart order reporting
{{- end -}}

{{- define "shop.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "shop.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "shop.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "shop.fullname" .) -}}
{{- end -}}

{{- define "shop.gatewayUrl" -}}
{{- printf "http://%s:%v" (include "shop.componentName" (dict "ctx" . "component" "gateway")) .Values.service.port -}}
{{- end -}}

{{/* KEDA scales the order service only when asked to, when the cluster serves its API, and in microservices mode. */}}
{{- define "shop.kedaActive" -}}
{{- if and .Values.keda.enabled (eq .Values.mode "microservices") (.Capabilities.APIVersions.Has "keda.sh/v1alpha1") -}}
true
{{- end -}}
{{- end -}}

{{/* Whether something other than .spec.replicas sizes a component (an HPA or KEDA). */}}
{{- define "shop.autoscaled" -}}
{{- $component := index .ctx.Values.components .component -}}
{{- if or $component.autoscaling.enabled (and (eq .component "order") (include "shop.kedaActive" .ctx)) -}}
true
{{- end -}}
{{- end -}}

{{/* --- Backing services: where they are ------------------------------------------------------------------- */}}

{{- define "shop.postgresHost" -}}
{{- if .Values.postgresql.enabled -}}
{{- include "shop.componentName" (dict "ctx" . "component" "postgresql") -}}
{{- else -}}
{{- required "postgresql.external.host is required when postgresql.enabled is false" .Values.postgresql.external.host -}}
{{- end -}}
{{- end -}}

{{- define "shop.postgresPort" -}}
{{- if .Values.postgresql.enabled -}}5432{{- else -}}{{ .Values.postgresql.external.port }}{{- end -}}
{{- end -}}

{{- define "shop.redisHost" -}}
{{- if .Values.redis.enabled -}}
{{- include "shop.componentName" (dict "ctx" . "component" "redis") -}}
{{- else -}}
{{- required "redis.external.host is required when redis.enabled is false" .Values.redis.external.host -}}
{{- end -}}
{{- end -}}

{{- define "shop.redisPort" -}}
{{- if .Values.redis.enabled -}}6379{{- else -}}{{ .Values.redis.external.port }}{{- end -}}
{{- end -}}

{{- define "shop.rabbitmqHost" -}}
{{- if .Values.rabbitmq.enabled -}}
{{- include "shop.componentName" (dict "ctx" . "component" "rabbitmq") -}}
{{- else -}}
{{- required "rabbitmq.external.host is required when rabbitmq.enabled is false" .Values.rabbitmq.external.host -}}
{{- end -}}
{{- end -}}

{{- define "shop.rabbitmqPort" -}}
{{- if .Values.rabbitmq.enabled -}}5672{{- else -}}{{ .Values.rabbitmq.external.port }}{{- end -}}
{{- end -}}

{{/* amqp://user:<password placeholder>@host:port/vhost; the caller supplies the password part. */}}
{{- define "shop.rabbitmqUri" -}}
{{- $vhost := ternary "" .ctx.Values.rabbitmq.vhost (eq .ctx.Values.rabbitmq.vhost "/") -}}
{{- printf "amqp://%s:%s@%s:%s/%s" .ctx.Values.rabbitmq.username .password (include "shop.rabbitmqHost" .ctx) (include "shop.rabbitmqPort" .ctx) ($vhost | urlquery) -}}
{{- end -}}

{{/* --- Configuration of a host ------------------------------------------------------------------------------ */}}

{{/*
Non-secret settings of a host, as a YAML map of environment variables: the component's ConfigMap, and the inline
environment of its hook Jobs. Values win over defaults: global env, then the component's env.
Usage: include "shop.configData" (dict "ctx" $ "component" "catalog")
*/}}
{{- define "shop.configData" -}}
{{- $ctx := .ctx -}}
{{- $facts := index (include "shop.hostFacts" $ctx | fromYaml) .component -}}
{{- /* The images listen on 8080 already; saying it here keeps the probes and Services right with any image. */ -}}
{{- $data := dict "ASPNETCORE_URLS" "http://+:8080" "Shop__ServiceName" .component -}}
{{- if eq .component "gateway" -}}
{{- range $cluster := splitList " " (include "shop.gatewayClusters" $ctx) -}}
{{- $target := ternary "monolith" $cluster (eq $ctx.Values.mode "monolith") -}}
{{- /*
The destination is named "<cluster>-1" on purpose: appsettings.Development.json declares that destination (a local
port) for development, and configuration sources merge by key, so a new name would add a second, dead destination
whenever those defaults load. One destination is enough: the Kubernetes Service spreads connections over the pods.
*/ -}}
{{- $_ := set $data (printf "ReverseProxy__Clusters__%s__Destinations__%s-1__Address" $cluster $cluster) (printf "http://%s:8080/" (include "shop.componentName" (dict "ctx" $ctx "component" $target))) -}}
{{- end -}}
{{- end -}}
{{- if $facts.payment -}}
{{- with $ctx.Values.payment.latency -}}{{- $_ := set $data "Order__Payment__Latency" (toString .) -}}{{- end -}}
{{- if not (kindIs "invalid" $ctx.Values.payment.failureRate) -}}{{- $_ := set $data "Order__Payment__FailureRate" (toString $ctx.Values.payment.failureRate) -}}{{- end -}}
{{- end -}}
{{- range $key, $value := $ctx.Values.env -}}{{- $_ := set $data $key (toString $value) -}}{{- end -}}
{{- range $key, $value := (index $ctx.Values.components .component).env -}}{{- $_ := set $data $key (toString $value) -}}{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{/*
The environment that carries secrets: keys and passwords come from the Secret, and connection strings are assembled
here, in the pod spec, with $(VAR) references to them, so no ConfigMap ever holds a password.
Usage: include "shop.secretEnv" (dict "ctx" $ "component" "catalog")
*/}}
{{- define "shop.secretEnv" -}}
{{- $ctx := .ctx -}}
{{- $secret := include "shop.secretName" $ctx -}}
{{- $facts := index (include "shop.hostFacts" $ctx | fromYaml) .component -}}
- name: Auth__SigningKey
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: signing-key
{{- if eq .component "gateway" }}
- name: Auth__AdminKey
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: admin-key
{{- end }}
{{- if $facts.database }}
- name: SHOP_POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: postgres-password
- name: ConnectionStrings__{{ $facts.connectionName }}
  value: {{ include "shop.postgresConnection" (dict "ctx" $ctx "database" $facts.database) | quote }}
{{- if $facts.orderSource }}
- name: ConnectionStrings__OrderSource
  value: {{ include "shop.postgresConnection" (dict "ctx" $ctx "database" "shop_order") | quote }}
{{- end }}
{{- end }}
{{- if $facts.redis }}
{{- if $ctx.Values.redis.auth.enabled }}
- name: SHOP_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: redis-password
{{- end }}
- name: ConnectionStrings__Redis
  value: {{ include "shop.redisConnection" $ctx | quote }}
{{- end }}
{{- if $facts.rabbitmq }}
- name: SHOP_RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: rabbitmq-password
- name: ConnectionStrings__RabbitMq
  value: {{ include "shop.rabbitmqUri" (dict "ctx" $ctx "password" "$(SHOP_RABBITMQ_PASSWORD)") | quote }}
{{- end }}
{{- end -}}

{{- define "shop.postgresConnection" -}}
{{- $ctx := .ctx -}}
{{- $connection := printf "Host=%s;Port=%s;Database=%s;Username=%s;Password=$(SHOP_POSTGRES_PASSWORD)" (include "shop.postgresHost" $ctx) (include "shop.postgresPort" $ctx) .database $ctx.Values.postgresql.username -}}
{{- with $ctx.Values.postgresql.connectionOptions -}}
{{- $connection = printf "%s;%s" $connection (trimPrefix ";" .) -}}
{{- end -}}
{{- $connection -}}
{{- end -}}

{{- define "shop.redisConnection" -}}
{{- $connection := printf "%s:%s" (include "shop.redisHost" .) (include "shop.redisPort" .) -}}
{{- if .Values.redis.auth.enabled -}}
{{- $connection = printf "%s,password=$(SHOP_REDIS_PASSWORD)" $connection -}}
{{- end -}}
{{- with .Values.redis.connectionOptions -}}
{{- $connection = printf "%s,%s" $connection (trimPrefix "," .) -}}
{{- end -}}
{{- $connection -}}
{{- end -}}

{{/*
Labels that open the NetworkPolicy of a backing service to a pod: a host's pods, and its Jobs, carry the ones it needs.
Usage: include "shop.clientLabels" (dict "ctx" $ "component" "catalog")
*/}}
{{- define "shop.clientLabels" -}}
{{- $facts := index (include "shop.hostFacts" .ctx | fromYaml) .component -}}
{{- if $facts.database }}
shop/postgresql-client: "true"
{{- end }}
{{- if $facts.redis }}
shop/redis-client: "true"
{{- end }}
{{- if $facts.rabbitmq }}
shop/rabbitmq-client: "true"
{{- end }}
{{- end -}}

{{/* --- Pod settings every Shop pod shares --------------------------------------------------------------------- */}}

{{- define "shop.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext -}}
{{- end -}}

{{- define "shop.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext -}}
{{- end -}}

{{/* imagePullSecrets, nodeSelector and tolerations; anti-affinity only for long-running components. */}}
{{- define "shop.podScheduling" -}}
{{- $ctx := .ctx -}}
{{- with $ctx.Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- with $ctx.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $ctx.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if and .component (ne $ctx.Values.podAntiAffinityPreset "none") }}
affinity:
  podAntiAffinity:
    {{- if eq $ctx.Values.podAntiAffinityPreset "hard" }}
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "shop.selectorLabels" (dict "ctx" $ctx "component" .component) | nindent 12 }}
    {{- else }}
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "shop.selectorLabels" (dict "ctx" $ctx "component" .component) | nindent 14 }}
    {{- end }}
{{- end }}
{{- end -}}

{{/* The writable /tmp every container gets, since the root filesystem is read-only. */}}
{{- define "shop.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolumeSizeLimit }}
{{- end -}}

{{- define "shop.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/*
A Shop host container: image, environment (config from the ConfigMap, or inline for hook Jobs), security, /tmp.
Usage: include "shop.hostContainer" (dict "ctx" $ "component" "catalog" "name" "migrate" "args" (list "migrate") "inlineConfig" true "resources" $r)
*/}}
{{- define "shop.hostContainer" -}}
{{- $ctx := .ctx -}}
{{- $component := index $ctx.Values.components .component -}}
- name: {{ .name }}
  image: {{ include "shop.image" (dict "ctx" $ctx "image" $component.image) }}
  imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
  {{- with .args }}
  args:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if .inlineConfig }}
  env:
    {{- range $key, $value := include "shop.configData" (dict "ctx" $ctx "component" .component) | fromYaml }}
    - name: {{ $key }}
      value: {{ $value | quote }}
    {{- end }}
    {{- include "shop.secretEnv" (dict "ctx" $ctx "component" .component) | nindent 4 }}
  {{- else }}
  envFrom:
    - configMapRef:
        name: {{ include "shop.componentName" (dict "ctx" $ctx "component" .component) }}
  env:
    {{- include "shop.secretEnv" (dict "ctx" $ctx "component" .component) | nindent 4 }}
  {{- end }}
  resources:
    {{- toYaml (.resources | default $component.resources) | nindent 4 }}
  securityContext:
    {{- include "shop.containerSecurityContext" $ctx | nindent 4 }}
  volumeMounts:
    {{- include "shop.tmpVolumeMount" $ctx | nindent 4 }}
{{- end -}}

{{/*
Waits until PostgreSQL accepts connections, for Jobs that may start before it (a fresh install) or while it restarts.
*/}}
{{- define "shop.waitForPostgres" -}}
- name: wait-for-postgresql
  image: {{ include "shop.thirdPartyImage" .Values.postgresql.image }}
  imagePullPolicy: {{ .Values.postgresql.image.pullPolicy }}
  command:
    - sh
    - -c
    - until pg_isready --host "$PGHOST" --port "$PGPORT" --timeout 3; do echo "waiting for PostgreSQL at $PGHOST:$PGPORT"; sleep 3; done
  env:
    - name: PGHOST
      value: {{ include "shop.postgresHost" . | quote }}
    - name: PGPORT
      value: {{ include "shop.postgresPort" . | quote }}
  resources:
    {{- toYaml .Values.migrations.waitResources | nindent 4 }}
  securityContext:
    {{- include "shop.containerSecurityContext" . | nindent 4 }}
  volumeMounts:
    {{- include "shop.tmpVolumeMount" . | nindent 4 }}
{{- end -}}

{{- define "shop.thirdPartyImage" -}}
{{- if .registry -}}
{{- printf "%s/%s:%s" .registry .repository .tag -}}
{{- else -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end -}}
{{- end -}}
