// A Node.js language host for the engine tests, built on the Pulumi Go SDK of the same release as the
// CLI (v3.274.1).
//
// Why it exists: the upstream host is the Go module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which is never tagged, and the
// module proxy these machines reach refuses it (403 for its version list, its @latest and every
// pseudo-version tried). This host does what the upstream one does for a TypeScript program run with
// npm: it starts `node <program>/node_modules/@pulumi/pulumi/cmd/run` with the same arguments and
// environment (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, the `typescript`/`tsconfig`/`nodeargs`
// runtime options), maps the SDK's "already reported" exit code to a bail, and runs Node.js policy
// packs through `@pulumi/pulumi/cmd/run-policy-pack` behind the SDK's PolicyProxy. So the program is
// loaded exactly as users' CLIs load it: the SDK's own cmd/run, ts-node, the project's tsconfig.
//
// What it leaves out: `pulumi new` templating, code generation, `pulumi install`, debugging, bun,
// the legacy synchronous-invoke pipes (`--sync`), and the plugin pre-install report (plugins are
// ambient on $PATH in the engine tests, and automatic acquisition is off). Plugins it runs as
// upstream does: policy packs, and resource plugins from source (a component provider package such
// as this repository, through the SDK's cmd/run-plugin).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/shlex"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// The SDK's cmd/run exits with 32 after it has printed an actionable message itself.
const exitAfterUserActionableMessage = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	cancel        context.Context
}

func main() {
	showVersion := flag.Bool("version", false, "print the plugin version and exit")
	flag.String("tracing", "", "accepted for compatibility; tracing is not emitted")
	flag.String("runtime", "nodejs", "accepted for compatibility; only nodejs is supported")
	// Plugin hosts of older SDKs pass the project root (pulumi-language-yaml v1.25.0's, on SDK
	// v3.206.0, when it loads a Node.js component package's schema): the root comes with each
	// request's program info anyway.
	flag.String("root", "", "accepted for compatibility; each request names its root")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cancelServing := make(chan bool)
	go func() { <-ctx.Done(); close(cancelServing) }()

	h := &host{cancel: ctx}
	if args := flag.Args(); len(args) > 0 {
		h.engineAddress = args[0]
		if err := rpcutil.Healthcheck(ctx, h.engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the health check: %w", err))
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelServing,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host: %w", err))
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(err)
	}
}

func (h *host) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.EngineAddress
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest,
	grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return nil // the tests install with `npm ci` beforehand
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, err
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(out))}, nil
}

type runtimeOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(options map[string]any) (runtimeOptions, error) {
	opts := runtimeOptions{typescript: true}
	if v, ok := options["typescript"].(bool); ok {
		opts.typescript = v
	}
	if v, ok := options["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := options["nodeargs"].(string); ok {
		args, err := shlex.Split(v)
		if err != nil {
			return opts, fmt.Errorf("runtime option nodeargs: %w", err)
		}
		opts.nodeargs = args
	}
	return opts, nil
}

func (o runtimeOptions) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// locateModule finds node_modules/<mod> from dir upwards, as Node's resolution does.
func locateModule(mod, dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", filepath.FromSlash(mod))
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("it looks like the Pulumi SDK has not been installed: %s not found from %s; run `npm ci`",
				mod, dir)
		}
	}
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	runPath, err := locateModule("@pulumi/pulumi/cmd/run", req.GetInfo().GetProgramDirectory())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	opts, err := parseOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	configJSON, err := programConfig(req.GetConfig())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	secretKeys, err := json.Marshal(orEmpty(req.GetConfigSecretKeys()))
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	flagIfSet := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagIfSet("monitor", req.GetMonitorAddress())
	flagIfSet("engine", h.engineAddress)
	flagIfSet("organization", req.GetOrganization())
	flagIfSet("project", req.GetProject())
	flagIfSet("root-directory", req.GetInfo().GetRootDirectory())
	flagIfSet("stack", req.GetStack())
	flagIfSet("pwd", req.GetInfo().GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagIfSet("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, req.GetInfo().GetEntryPoint())
	args = append(args, req.GetArgs()...)

	cmdCtx, cancel := context.WithCancel(h.cancel)
	defer cancel()
	context.AfterFunc(ctx, cancel)
	cmd := exec.CommandContext(cmdCtx, node, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	// Node may switch its stdio to non-blocking mode; never hand it our own descriptors.
	cmd.Stdout = struct{ *os.File }{os.Stdout}
	cmd.Stderr = struct{ *os.File }{os.Stderr}
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+configJSON, "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	cmd.Env = append(cmd.Env, opts.env()...)

	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitAfterUserActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: "could not run node: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// programConfig is PULUMI_CONFIG as the SDK reads it: keys in the <package>:config:<name> form.
func programConfig(values map[string]string) (string, error) {
	transformed := make(map[string]string, len(values))
	for k, v := range values {
		key, err := config.ParseKey(k)
		if err != nil {
			return "", err
		}
		transformed[key.Namespace()+":config:"+key.Name()] = v
	}
	out, err := json.Marshal(transformed)
	return string(out), err
}

func orEmpty(keys []string) []string {
	if keys == nil {
		return []string{}
	}
	return keys
}

// The SDK's runner for each kind of plugin this host starts.
var pluginRunners = map[string]string{
	"analyzer": "@pulumi/pulumi/cmd/run-policy-pack",
	"resource": "@pulumi/pulumi/cmd/run-plugin",
}

// RunPlugin runs a Node.js plugin, as upstream's host does: a policy pack (`analyzer`: node
// run-policy-pack <engine> <pack dir>, in the pack's directory, with the stack's configuration that
// the SDK's PolicyProxy collects from the engine first), or a resource plugin from source (a
// component provider package: node run-plugin <plugin dir> <engine>, in the caller's directory,
// which loads the package.json `main` of the plugin and serves what it starts or exports).
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	runner, ok := pluginRunners[req.GetKind()]
	if !ok {
		return fmt.Errorf("plugin kind %q is not supported by this language host", req.GetKind())
	}
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	dir := req.GetInfo().GetProgramDirectory()
	runPath, err := locateModule(runner, dir)
	if err != nil {
		return err
	}
	opts, err := parseOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return err
	}
	env := append(append([]string{}, req.GetEnv()...), opts.env()...)
	args := append([]string{runPath}, opts.nodeargs...)

	if req.GetKind() == "resource" {
		// The plugin's directory first, then the engine's arguments; the caller's directory.
		args = append(append(args, dir), req.GetArgs()...)
		cmd := exec.CommandContext(ctx, node, args...)
		cmd.Dir, cmd.Env = req.GetPwd(), env
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			var exitErr *exec.ExitError
			if errors.As(err, &exitErr) {
				if status, ok := exitErr.Sys().(syscall.WaitStatus); ok {
					return fmt.Errorf("Program exited with non-zero exit code: %d", status.ExitStatus())
				}
				return fmt.Errorf("Program exited unexpectedly: %w", exitErr)
			}
			return fmt.Errorf("could not run the plugin: %w", err)
		}
		return closer.Close()
	}

	proxy, stdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	stack, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration: %w", err)
	}
	if stack != nil {
		setIfSet := func(k, v string) {
			if v != "" {
				env = append(env, k+"="+v)
			}
		}
		setIfSet("PULUMI_NODEJS_ORGANIZATION", stack.Organization)
		setIfSet("PULUMI_NODEJS_PROJECT", stack.Project)
		setIfSet("PULUMI_NODEJS_STACK", stack.Stack)
		setIfSet("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.DryRun))
		if stack.Config != nil {
			configJSON, err := json.Marshal(stack.Config)
			if err != nil {
				return err
			}
			setIfSet("PULUMI_CONFIG", string(configJSON))
		}
	}

	// A policy pack: the engine's arguments, then the pack's directory, which is also its working
	// directory (as upstream keeps it for older packs).
	args = append(append(args, req.GetArgs()...), dir)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not run node: %w", err)
	}
	if err := proxy.Attach(ctx, cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if status, ok := exitErr.Sys().(syscall.WaitStatus); ok {
				return fmt.Errorf("policy pack exited with non-zero exit code: %d", status.ExitStatus())
			}
		}
		return fmt.Errorf("could not attach the policy pack proxy: %w", err)
	}
	return closer.Close()
}
