//go:build tools

// Package tools pins the command-line tools this module builds.
package tools

import (
	_ "github.com/nats-io/nats-server/v2"
	_ "github.com/yannh/kubeconform/cmd/kubeconform"
	_ "sigs.k8s.io/kustomize/kustomize/v5"
)
