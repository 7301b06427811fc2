// Command pulumi-language-nodejs is the Node.js (TypeScript/JavaScript) language host of
// this repo's offline engine.
//
// Why our own: upstream's host lives in the nested Go module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which the Go module
// proxy reachable here refuses (403), like the Python one. Everything it needs to be built
// on is in the two modules the CLI is built from (sdk/v3 and pkg/v3 at the CLI's version):
// the gRPC protocol, the npm/yarn/pnpm helpers of sdk/v3/nodejs/npm, and the TypeScript SDK
// generator of pkg/v3/codegen/nodejs. This file wires those together behind
// pulumirpc.LanguageRuntimeServer; the program itself is run by the npm package
// @pulumi/pulumi's own runner (node_modules/@pulumi/pulumi/cmd/run), exactly as upstream
// does, so program semantics are the SDK's, not ours.
//
// What is left out on purpose (see README.md): the resource-monitor proxy and the
// "--sync" pipes that upstream uses only for synchronous invokes (the runner treats
// --sync as optional), debugger attach, bun, plugins written in Node.js (RunPlugin),
// project conversion (GenerateProject) and Pack. GenerateProgram is here: `pulumi
// import` needs it to print the program of what it imported.
//
// scripts/build-engine.sh builds this file in a module of its own under the engine cache.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blang/semver"
	"github.com/google/shlex"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/pkg/v3/codegen/cgstrings"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	// The runner inside the @pulumi/pulumi npm package; resolved from the program's folder
	// with node's own module resolution, so a workspace-hoisted install is found too.
	runModule = "@pulumi/pulumi/cmd/run"
	// The runner exits with this code after it has already shown the user a readable
	// error; the engine is then told to bail without adding a second message.
	exitAfterUserActionableMessage = 32
)

func main() {
	var tracing, root string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	flag.StringVar(&root, "root", "", "Root of the program execution (accepted, unused)")
	showVersion := flag.Bool("version", false, "Print the plugin version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)
	cmdutil.InitTracing("pulumi-language-nodejs", "pulumi-language-nodejs", tracing)

	host := newHost(tracing)
	// The engine passes its address as the only positional argument. The host stops when
	// the engine goes away (health check) or on SIGINT, so none outlives its CLI.
	var cancel chan bool
	if args := flag.Args(); len(args) > 0 {
		host.setEngine(args[0])
		cancel = make(chan bool)
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		go func() {
			<-ctx.Done()
			stop()
			close(cancel)
		}()
		if err := rpcutil.Healthcheck(ctx, args[0], 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the engine health check: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host's gRPC server: %w", err))
	}
	// The port on stdout is the plugin handshake the engine waits for.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host stopped serving: %w", err))
	}
}

// nodeHost implements the language runtime protocol for Node.js programs. Methods not
// defined here answer UNIMPLEMENTED through the embedded type.
type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	tracing string

	mu            sync.Mutex
	engineAddress string
	// Cancel (the RPC) interrupts every running program: the engine sends it on Ctrl-C.
	cancelCtx  context.Context
	cancelFunc context.CancelFunc
}

func newHost(tracing string) *nodeHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &nodeHost{tracing: tracing, cancelCtx: ctx, cancelFunc: cancel}
}

func (h *nodeHost) setEngine(addr string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.engineAddress = addr
}

func (h *nodeHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

// options are the `runtime.options` of Pulumi.yaml that upstream's host understands and
// that matter offline; unknown keys are ignored as upstream does.
type options struct {
	typescript     bool // run .ts sources through the SDK's ts-node registration
	tsconfig       string
	nodeargs       string
	packagemanager npm.PackageManagerType
}

func parseOptions(info *pulumirpc.ProgramInfo) (options, error) {
	opts := options{typescript: true, packagemanager: npm.AutoPackageManager}
	if info == nil || info.Options == nil {
		return opts, nil
	}
	raw := info.Options.AsMap()
	if v, ok := raw["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, errors.New("runtime option typescript must be a boolean")
		}
		opts.typescript = b
	}
	if v, ok := raw["tsconfig"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, errors.New("runtime option tsconfig must be a string")
		}
		opts.tsconfig = s
	}
	if v, ok := raw["nodeargs"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, errors.New("runtime option nodeargs must be a string")
		}
		opts.nodeargs = s
	}
	if v, ok := raw["packagemanager"]; ok {
		s, _ := v.(string)
		switch npm.PackageManagerType(s) {
		case npm.AutoPackageManager, npm.NpmPackageManager, npm.YarnPackageManager,
			npm.PnpmPackageManager, npm.BunPackageManager:
			opts.packagemanager = npm.PackageManagerType(s)
		default:
			return opts, fmt.Errorf("runtime option packagemanager must be one of auto, npm, yarn, pnpm, bun; got %v", v)
		}
	}
	return opts, nil
}

func programDir(info *pulumirpc.ProgramInfo) string {
	if info != nil && info.ProgramDirectory != "" {
		return info.ProgramDirectory
	}
	wd, _ := os.Getwd()
	return wd
}

// GetPluginInfo reports the SDK version this host was built against (stamped by the build).
func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// Handshake is only sent when the engine attaches to an already running host
// (PULUMI_DEBUG_LANGUAGES); it tells us where the engine is.
func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.setEngine(req.EngineAddress)
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// Cancel interrupts running programs; the runner then shuts down gracefully.
func (h *nodeHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}

// RuntimeOptionsPrompts asks nothing: `pulumi new` templates are not served offline.
func (h *nodeHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// Template has nothing to adapt in a template folder.
func (h *nodeHost) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

// GetRequiredPackages lists the resource plugins the program's installed npm packages
// declare (`"pulumi": {"resource": true, ...}` in their package.json), as upstream does.
// A package generated by `pulumi package add` declares its plugin this way, and the
// project's `packages:` entry tells the engine where that plugin lives.
func (h *nodeHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	found := map[string]*pulumirpc.PackageDependency{}
	scanNodeModules(filepath.Join(programDir(req.Info), "node_modules"), found, map[string]bool{})
	resp := &pulumirpc.GetRequiredPackagesResponse{}
	for _, dep := range found {
		resp.Packages = append(resp.Packages, dep)
	}
	return resp, nil
}

// packageJSON is the part of a package.json this host reads.
type packageJSON struct {
	Name    string                  `json:"name"`
	Version string                  `json:"version"`
	Pulumi  plugin.PulumiPluginJSON `json:"pulumi"`
}

// scanNodeModules walks a node_modules folder (scoped folders and nested node_modules
// included, symlinks followed once) and records every package that declares a resource
// plugin. Unreadable entries are skipped: a broken package must not block `pulumi up`.
func scanNodeModules(dir string, found map[string]*pulumirpc.PackageDependency, seen map[string]bool) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil || seen[real] {
		return
	}
	seen[real] = true
	entries, err := os.ReadDir(real)
	if err != nil {
		return
	}
	for _, entry := range entries {
		name := entry.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		pkgDir := filepath.Join(real, name)
		if strings.HasPrefix(name, "@") {
			scanNodeModules(pkgDir, found, seen)
			continue
		}
		if dep := readPluginDependency(filepath.Join(pkgDir, "package.json")); dep != nil {
			found[dep.Name+"@"+dep.Version] = dep
		}
		scanNodeModules(filepath.Join(pkgDir, "node_modules"), found, seen)
	}
}

func readPluginDependency(path string) *pulumirpc.PackageDependency {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var info packageJSON
	if json.Unmarshal(data, &info) != nil || !info.Pulumi.Resource {
		return nil
	}
	name := info.Pulumi.Name
	if name == "" {
		if !strings.HasPrefix(info.Name, "@pulumi/") {
			return nil // third-party packages must name their plugin; upstream errors, we skip
		}
		name = strings.TrimPrefix(info.Name, "@pulumi/")
	}
	ver := info.Pulumi.Version
	if ver == "" {
		ver = info.Version
	}
	if ver != "" && !strings.HasPrefix(ver, "v") {
		ver = "v" + ver
	}
	dep := &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: ver, Server: info.Pulumi.Server}
	if p := info.Pulumi.Parameterization; p != nil {
		dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
	}
	return dep
}

// GetRequiredPlugins is the pre-packages form of the call; the engine at v3.260 asks
// GetRequiredPackages first and falls back to this only on UNIMPLEMENTED.
func (h *nodeHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	pkgs, err := h.GetRequiredPackages(ctx, &pulumirpc.GetRequiredPackagesRequest{Info: req.Info})
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GetRequiredPluginsResponse{}
	for _, p := range pkgs.Packages {
		resp.Plugins = append(resp.Plugins, &pulumirpc.PluginDependency{
			Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
		})
	}
	return resp, nil
}

// locateModule resolves an npm module from the program's folder with node itself, so the
// answer is the one the program would get from require().
func locateModule(ctx context.Context, nodeBin, dir, module string) (string, error) {
	script := fmt.Sprintf("try { console.log(require.resolve(%q)); } catch (e) { "+
		"console.error(e.code === 'MODULE_NOT_FOUND' ? "+
		"'It looks like the Pulumi SDK has not been installed. Have you run pulumi install (or npm install)?' "+
		": e.message); process.exit(1); }", module)
	cmd := exec.CommandContext(ctx, nodeBin, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return "", errors.New(strings.TrimSpace(string(exitErr.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// Run starts the program with @pulumi/pulumi's runner, connected straight to the engine's
// resource monitor. Output is passed through (the engine shows it); the exit status is
// turned into the RunResponse the engine expects.
func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	dir := programDir(req.Info)
	opts, err := parseOptions(req.Info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = runModule
	}
	runPath, err = locateModule(ctx, nodeBin, dir, runPath)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	configJSON, err := runConfig(req.Config)
	if err != nil {
		return nil, fmt.Errorf("serializing configuration: %w", err)
	}
	secretKeys := req.ConfigSecretKeys
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("serializing secret configuration keys: %w", err)
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+configJSON,
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	args, err := shlex.Split(opts.nodeargs)
	if err != nil {
		return &pulumirpc.RunResponse{Error: "runtime option nodeargs: " + err.Error()}, nil
	}
	args = append(args, h.runnerArguments(req, runPath, dir)...)

	// Stopped by the Cancel RPC or when the engine abandons the call.
	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	defer cmdCancel()
	stopWatching := context.AfterFunc(ctx, cmdCancel)
	defer stopWatching()
	cmd := exec.CommandContext(cmdCtx, nodeBin, args...)
	cmd.Dir = dir
	cmd.Env = env
	// SIGINT lets the runner finish outstanding registrations; kill only if it lingers.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	// Node may switch its stdio to non-blocking mode; handing it our own descriptors would
	// then make our later writes fail with EAGAIN. Wrapping the writers makes exec copy
	// through pipes instead, and Wait still returns only once everything is copied.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	logging.V(5).Infof("Language host launching process: %s %s", nodeBin, strings.Join(args, " "))

	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Problem executing program (could not run node): %v", err),
			}, nil
		}
		if exitErr.ExitCode() == exitAfterUserActionableMessage {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// runnerArguments is the command line of @pulumi/pulumi/cmd/run (its minimist options),
// followed by the entry point and the program's own arguments.
func (h *nodeHost) runnerArguments(req *pulumirpc.RunRequest, runPath, dir string) []string {
	args := []string{runPath}
	add := func(flagName, value string) {
		if value != "" {
			args = append(args, "--"+flagName, value)
		}
	}
	add("monitor", req.MonitorAddress)
	add("engine", h.engine())
	add("organization", req.Organization)
	add("project", req.Project)
	if req.Info != nil {
		add("root-directory", req.Info.RootDirectory)
	}
	add("stack", req.Stack)
	add("pwd", dir)
	if req.DryRun {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.Parallel)))
	add("tracing", h.tracing)
	entry := "."
	if req.Info != nil && req.Info.EntryPoint != "" {
		entry = req.Info.EntryPoint
	}
	args = append(args, entry)
	return append(args, req.Args...)
}

// runConfig serializes stack config for PULUMI_CONFIG. Keys are written in the
// `<namespace>:config:<name>` form that every @pulumi/pulumi release reads (newer ones read
// both forms), as upstream's host does.
func runConfig(cfg map[string]string) (string, error) {
	out := make(map[string]string, len(cfg))
	for k, v := range cfg {
		key, err := config.ParseKey(k)
		if err != nil {
			return "", err
		}
		out[key.Namespace()+":config:"+key.Name()] = v
	}
	data, err := json.Marshal(out)
	return string(data), err
}

// InstallDependencies is `pulumi install` (and the last step of `pulumi package add`):
// the project's package manager installs package.json's dependencies, streamed back.
func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	opts, err := parseOptions(req.Info)
	if err != nil {
		return err
	}
	dir := programDir(req.Info)
	// In an npm/yarn workspace the install must run at the workspace root.
	if rootDir, err := npm.FindWorkspaceRoot(dir); err == nil {
		fmt.Fprintf(stdout, "Detected workspace root at %s\n", rootDir)
		dir = rootDir
	} else if !errors.Is(err, npm.ErrNotInWorkspace) {
		return fmt.Errorf("looking for a workspace root: %w", err)
	}
	fmt.Fprintf(stdout, "Installing dependencies...\n\n")
	if _, err := npm.Install(server.Context(), opts.packagemanager, dir, false /*production*/, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

// About reports node and the package manager for `pulumi about` and update metadata.
func (h *nodeHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, err
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	resp := &pulumirpc.AboutResponse{Executable: nodeBin, Metadata: map[string]string{}}
	if out, err := exec.CommandContext(ctx, nodeBin, "--version").Output(); err == nil {
		resp.Version = strings.TrimSpace(string(out))
	}
	if pm, err := npm.ResolvePackageManager(opts.packagemanager, programDir(req.Info)); err == nil {
		resp.Metadata["packagemanager"] = pm.Name()
		if v, err := pm.Version(); err == nil {
			resp.Metadata["packagemanagerVersion"] = v.String()
		}
	}
	return resp, nil
}

// GetProgramDependencies lists installed npm packages (from the lock file).
func (h *nodeHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, err
	}
	dir := programDir(req.Info)
	pm, err := npm.ResolvePackageManager(opts.packagemanager, dir)
	if err != nil {
		return nil, err
	}
	packages, err := pm.ListPackages(ctx, dir, req.TransitiveDependencies)
	if err != nil {
		return nil, fmt.Errorf("listing node dependencies: %w", err)
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, p := range packages {
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version})
	}
	return resp, nil
}

// GeneratePackage writes a TypeScript SDK for the schema in the request (`pulumi package
// add`, `pulumi package gen-sdk`). References to other packages are resolved through the
// engine's schema loader at req.LoaderTarget.
func (h *nodeHost) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("parsing the package schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}
	files, err := codegen.GeneratePackage(
		"pulumi-language-nodejs", pkg, req.ExtraFiles, req.LocalDependencies, req.Local, cached)
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		path := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("creating the folder of %s: %w", name, err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, fmt.Errorf("writing %s: %w", name, err)
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}

// GenerateProgram turns PCL into TypeScript: what `pulumi import` prints (or writes with
// --out) as the program for the resources it imported. The PCL is bound against the
// packages' schemas through the engine's loader at req.LoaderTarget; a bind or codegen
// problem comes back as diagnostics, which the CLI shows, not as a failed call.
func (h *nodeHost) GenerateProgram(
	_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	parser := syntax.NewParser()
	for name, source := range req.Source {
		if err := parser.ParseFile(strings.NewReader(source), name); err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
	}
	if parser.Diagnostics.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{
			Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics),
		}, nil
	}
	options := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !req.Strict {
		options = append(options, pcl.NonStrictBindOptions()...)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), options...)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{
			Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags),
		}, nil
	}
	files, genDiags, err := codegen.GenerateProgram(program)
	if err != nil {
		return nil, err
	}
	diags = append(diags, genDiags...)
	return &pulumirpc.GenerateProgramResponse{
		Source:      files,
		Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags),
	}, nil
}

// Link makes generated SDKs dependencies of the program: the package manager records
// `"<npm name>": "file:<path>"` in package.json (the CLI then calls InstallDependencies),
// and the answer tells the user how to import it.
func (h *nodeHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, err
	}
	dir := programDir(req.Info)
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)
	pm, err := npm.ResolvePackageManager(opts.packagemanager, dir)
	if err != nil {
		return nil, err
	}

	// ES module syntax for TypeScript (what the runner compiles) and "type": "module"
	// packages; require() otherwise.
	moduleSyntax := opts.typescript || opts.tsconfig != ""
	if !moduleSyntax {
		if _, err := os.Stat(filepath.Join(dir, "tsconfig.json")); err == nil {
			moduleSyntax = true
		}
	}

	var imports strings.Builder
	for _, dep := range req.Packages {
		desc := &schema.PackageDescriptor{Name: dep.Package.Name, DownloadURL: dep.Package.Server}
		if v, err := semver.ParseTolerant(dep.Package.Version); err == nil {
			desc.Version = &v
		}
		if p := dep.Package.Parameterization; p != nil {
			desc.Parameterization = &schema.ParameterizationDescriptor{Name: p.Name, Value: p.Value}
			if v, err := semver.ParseTolerant(p.Version); err == nil {
				desc.Parameterization.Version = v
			}
		}
		ref, err := schema.LoadPackageReferenceV2(ctx, cached, desc)
		if err != nil {
			return nil, fmt.Errorf("loading the schema of %s: %w", dep.Package.Name, err)
		}
		pkg, err := ref.Definition()
		if err != nil {
			return nil, err
		}
		if err := pkg.ImportLanguages(map[string]schema.Language{"nodejs": codegen.Importer}); err != nil {
			return nil, err
		}
		npmName := npmPackageName(pkg)
		if err := pm.Link(ctx, dir, npmName, dep.Path); err != nil {
			return nil, err
		}
		alias := cgstrings.Camel(ref.Name())
		if moduleSyntax {
			fmt.Fprintf(&imports, "  import * as %s from %q;\n", alias, npmName)
		} else {
			fmt.Fprintf(&imports, "  const %s = require(%q);\n", alias, npmName)
		}
	}
	lang := "JavaScript"
	if moduleSyntax {
		lang = "TypeScript"
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: fmt.Sprintf("You can import the SDK in your %s code with:\n\n%s", lang, imports.String()),
	}, nil
}

// npmPackageName is the npm name codegen gave the SDK: the schema's
// language.nodejs.packageName, else @<namespace>/<name>, else @pulumi/<name>.
func npmPackageName(pkg *schema.Package) string {
	if info, ok := pkg.Language["nodejs"].(codegen.NodePackageInfo); ok && info.PackageName != "" {
		return info.PackageName
	}
	if pkg.Namespace != "" {
		return "@" + pkg.Namespace + "/" + pkg.Name
	}
	return "@pulumi/" + pkg.Name
}
