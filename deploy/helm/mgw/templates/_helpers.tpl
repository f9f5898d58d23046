{{- define "mgw.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "mgw.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: mgw
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "mgw.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "mgw.secretName" -}}
{{- default (printf "%s-secrets" (include "mgw.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "mgw.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (printf "%s-control-plane" (include "mgw.fullname" .)) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{- define "mgw.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .name .root.Values.image.tag -}}
{{- end -}}

{{/* Env from a map, plus the shared settings and secrets. */}}
{{- define "mgw.env" -}}
{{- range $k, $v := .root.Values.env }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- range $k, $v := .extra }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- range .secretKeys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ include "mgw.secretName" $.root }}
      key: {{ . }}
{{- end }}
{{- end -}}
