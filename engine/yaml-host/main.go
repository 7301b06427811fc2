// Command pulumi-language-yaml is the YAML language host of this repo's offline engine:
// upstream's host (github.com/pulumi/pulumi-yaml/pkg/server) with one RPC added.
//
// Why a wrapper: the newest pulumi-yaml the Go module proxy serves here (v1.25.0) predates
// the Link RPC, and `pulumi package add` of CLI v3.260 calls Link after generating the
// SDK; an UNIMPLEMENTED answer aborts it with "linking package: method Link not
// implemented". For YAML there is nothing to link: a program names a package through the
// `packages:` map of Pulumi.yaml, which the CLI itself writes once Link returns, and the
// "SDK" it generated is only a copy of the schema. So Link answers with no instructions.
// Everything else is upstream's host, unchanged.
//
// scripts/build-engine.sh builds this file in a module of its own under the engine cache.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi-yaml/pkg/server"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// linkingHost is upstream's YAML host plus a Link that has nothing to do.
type linkingHost struct {
	pulumirpc.LanguageRuntimeServer
}

// Link accepts the generated package: the CLI records it in Pulumi.yaml's packages map,
// which is all a YAML program needs to use it.
func (linkingHost) Link(context.Context, *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	return &pulumirpc.LinkResponse{}, nil
}

func main() {
	var tracing, root, compiler string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	flag.StringVar(&root, "root", "", "Root of the program execution (accepted, unused)")
	flag.StringVar(&compiler, "compiler", "", "Obsolete; accepted for compatibility")
	flag.Parse()
	logging.InitLogging(false, 0, false)
	cmdutil.InitTracing("pulumi-language-yaml", "pulumi-language-yaml", tracing)

	// The engine passes its address first; the host stops when the engine goes away
	// (or on SIGINT), so no host outlives the CLI that started it.
	var engineAddress string
	var cancel chan bool
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
		cancel = make(chan bool)
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		go func() {
			<-ctx.Done()
			stop()
			close(cancel)
		}()
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the engine health check: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			upstream := server.NewLanguageHost(engineAddress, tracing, false /* useRPCLoader */)
			pulumirpc.RegisterLanguageRuntimeServer(srv, linkingHost{upstream})
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
