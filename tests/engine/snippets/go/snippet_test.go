// Runs the README's Go snippet (snippet.go, written beside this file by
// tests/engine/package.spec.ts) under Pulumi's mocks against the generated SDK, and prints what it
// registered: the component's args as the engine receives them.
package main

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type mocks struct {
	mu         sync.Mutex
	registered []map[string]any
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.registered = append(m.registered, map[string]any{"type": args.TypeToken, "inputs": args.Inputs.Mappable()})
	return args.Name + "-id", args.Inputs, nil
}

func (m *mocks) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// cluster stands for the program's kubernetes.Provider.
type cluster struct{ pulumi.ProviderResourceState }

func TestSnippet(t *testing.T) {
	m := &mocks{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		var provider cluster
		if err := ctx.RegisterResource("pulumi:providers:kubernetes", "cluster", nil, &provider); err != nil {
			return err
		}
		_, err := addMonitoring(ctx, &provider)
		return err
	}, pulumi.WithMocks("project", "stack", m))
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(m.registered)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("REGISTERED %s\n", out)
}
