// Go's internal-package rule: only packages whose import path starts with
// github.com/terraform-providers/terraform-provider-random/ may import its
// internal/provider, so this shim carries that path prefix and is wired into the
// parent module with a replace directive.
module github.com/terraform-providers/terraform-provider-random/shim

go 1.26.0

require (
	github.com/hashicorp/terraform-plugin-framework v1.11.0
	github.com/terraform-providers/terraform-provider-random v1.3.2-0.20240911140632-e546ae44b440
)

require (
	github.com/dustinkirkland/golang-petname v0.0.0-20240428194347-eebcea082ee0 // indirect
	github.com/fatih/color v1.16.0 // indirect
	github.com/hashicorp/go-hclog v1.6.3 // indirect
	github.com/hashicorp/go-uuid v1.0.3 // indirect
	github.com/hashicorp/terraform-plugin-framework-validators v0.13.0 // indirect
	github.com/hashicorp/terraform-plugin-go v0.23.0 // indirect
	github.com/hashicorp/terraform-plugin-log v0.9.0 // indirect
	github.com/mattn/go-colorable v0.1.13 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	github.com/mitchellh/go-testing-interface v1.14.1 // indirect
	github.com/vmihailenco/msgpack/v5 v5.4.1 // indirect
	github.com/vmihailenco/tagparser/v2 v2.0.0 // indirect
	golang.org/x/crypto v0.27.0 // indirect
	golang.org/x/sys v0.25.0 // indirect
)
