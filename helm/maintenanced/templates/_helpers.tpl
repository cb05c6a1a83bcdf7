{{/* The chart name. */}}
{{- define "maintenanced.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every resource name: <release>-<chart>, or the release if it contains the chart
name. At most 50 characters: the templates add a suffix of up to 13 (-topics-apply), and a Service's
or a Job's name must be a DNS label of at most 63. */}}
{{- define "maintenanced.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "maintenanced.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "maintenanced.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one role; call with (dict "root" $ "role" "power"). */}}
{{- define "maintenanced.selectorLabels" -}}
app.kubernetes.io/name: {{ include "maintenanced.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{/* The image reference. */}}
{{- define "maintenanced.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* The ServiceAccount name. */}}
{{- define "maintenanced.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "maintenanced.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* security.protocol from the SASL and TLS switches. */}}
{{- define "maintenanced.securityProtocol" -}}
{{- if and .Values.kafka.sasl.enabled .Values.kafka.tls.enabled }}SASL_SSL
{{- else if .Values.kafka.sasl.enabled }}SASL_PLAINTEXT
{{- else if .Values.kafka.tls.enabled }}SSL
{{- else }}PLAINTEXT
{{- end }}
{{- end }}

{{/* The librdkafka properties the chart sets (no secret: the password comes from the environment). */}}
{{- define "maintenanced.kafkaProperties" -}}
{{- $properties := dict "security.protocol" (include "maintenanced.securityProtocol" .) }}
{{- if .Values.kafka.sasl.enabled }}
{{- $_ := set $properties "sasl.mechanism" .Values.kafka.sasl.mechanism }}
{{- $_ := set $properties "sasl.username" .Values.kafka.sasl.username }}
{{- end }}
{{- if .Values.kafka.tls.enabled }}
{{- $_ := set $properties "ssl.ca.location" (printf "/etc/maintenanced/tls/%s" .Values.kafka.tls.caKey) }}
{{- if .Values.kafka.tls.certKey }}
{{- $_ := set $properties "ssl.certificate.location" (printf "/etc/maintenanced/tls/%s" .Values.kafka.tls.certKey) }}
{{- $_ := set $properties "ssl.key.location" (printf "/etc/maintenanced/tls/%s" .Values.kafka.tls.keyKey) }}
{{- end }}
{{- end }}
{{- toYaml (merge (deepCopy .Values.kafka.properties) $properties) }}
{{- end }}

{{/* maintenanced.yaml: what the chart sets, with .Values.config merged over it. */}}
{{- define "maintenanced.config" -}}
{{- $roles := dict }}
{{- range $role := list "scheduler" "power" "update" }}
{{- $_ := set $roles $role (deepCopy (index $.Values.roles $role).settings) }}
{{- end }}
{{- $config := dict
  "kafka" (dict
    "bootstrapServers" .Values.kafka.bootstrapServers
    "clientId" (include "maintenanced.fullname" .)
    "properties" (include "maintenanced.kafkaProperties" . | fromYaml))
  "topics" (dict "directory" "/etc/maintenanced/topics")
  "state" (dict "directory" (ternary "/var/lib/maintenanced" nil (not (empty .Values.state.volume))))
  "http" (dict "host" "0.0.0.0" "port" (int .Values.http.port))
  "logging" (dict "level" .Values.logging.level "format" .Values.logging.format)
  "roles" $roles }}
{{- toYaml (mergeOverwrite $config (deepCopy .Values.config)) }}
{{- end }}

{{/* Environment of every maintenanced container: the configuration file and the secrets. */}}
{{- define "maintenanced.env" -}}
- name: MAINTENANCED_CONFIG
  value: /etc/maintenanced/maintenanced.yaml
{{ include "maintenanced.secretEnv" . }}
{{- end }}

{{/* The Kafka credentials as the configuration's variables (the password from its Secret). */}}
{{- define "maintenanced.secretEnv" -}}
{{- if .Values.kafka.sasl.enabled }}
- name: MAINTENANCED_KAFKA_PROPERTY_SASL_USERNAME
  value: {{ .Values.kafka.sasl.username | quote }}
- name: MAINTENANCED_KAFKA_PROPERTY_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required when kafka.sasl.enabled" .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.passwordKey }}
{{- end }}
{{- end }}

{{/* Volume mounts of every maintenanced container. */}}
{{- define "maintenanced.volumeMounts" -}}
- name: config
  mountPath: /etc/maintenanced/maintenanced.yaml
  subPath: maintenanced.yaml
  readOnly: true
- name: topics
  mountPath: /etc/maintenanced/topics
  readOnly: true
{{- if .Values.kafka.tls.enabled }}
- name: tls
  mountPath: /etc/maintenanced/tls
  readOnly: true
{{- end }}
{{- if .Values.state.volume }}
- name: state
  mountPath: /var/lib/maintenanced
{{- end }}
{{- end }}

{{/* The state directory's volume, unless snapshots are off. */}}
{{- define "maintenanced.stateVolume" -}}
{{- if .Values.state.volume }}
- name: state
  {{- toYaml .Values.state.volume | nindent 2 }}
{{- end }}
{{- end }}

{{/* The TLS volume, when TLS is on. */}}
{{- define "maintenanced.tlsVolume" -}}
{{- if .Values.kafka.tls.enabled }}
- name: tls
  secret:
    secretName: {{ required "kafka.tls.existingSecret is required when kafka.tls.enabled" .Values.kafka.tls.existingSecret }}
{{- end }}
{{- end }}

{{/* The topic declarations of topics/*.yaml, as a list of maps. */}}
{{- define "maintenanced.topics" -}}
{{- $topics := list }}
{{- range $path, $_ := .Files.Glob "topics/*.yaml" }}
{{- $topics = append $topics ($.Files.Get $path | fromYaml) }}
{{- end }}
{{- toYaml (dict "topics" $topics) }}
{{- end }}

{{/* The largest partition count of the topics a role consumes (changelogs aside); call with (dict "root" $ "role" "power"). */}}
{{- define "maintenanced.rolePartitions" -}}
{{- $max := 0 }}
{{- range $topic := (include "maintenanced.topics" .root | fromYaml).topics }}
{{- if and (has (printf "maintenanced/%s" $.role) ($topic.consumers | default list)) (ne $topic.kind "changelog") }}
{{- $max = max $max (int $topic.partitions) }}
{{- end }}
{{- end }}
{{- $max }}
{{- end }}
