// Command vcsim is the testbed's vCenter: govmomi's simulator (simulator.VPX) served on a
// loopback address, plus what the testbed needs from a vCenter and its VMs:
//   - guest IPs from a DHCP range some time after power-on (internal/vcentervm),
//   - the machine-boot hook that boots what a VM's guestinfo.userdata describes,
//   - fault injection and per-method delays, set by flags or at run time through a control
//     API on a separate loopback port (front.go, control.go, internal/vcenterfault),
//   - Login limited to one user name and password (REST login too).
//
// It prints one line "vcsim: ready sdk=URL control=URL pid=N" on stdout once both ports
// answer. SIGTERM/SIGINT: stop serving, run `machine-boot down` for every machine that is up,
// remove the simulator's temporary datastore directories, exit 0. Flags and the control API:
// tests/testbed/docs/vcenter.md.
package main

import (
	"crypto/tls"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"

	// the other endpoints a vCenter serves: REST (/rest, /api), lookup, STS, PBM, CNS, namespaces
	_ "github.com/vmware/govmomi/cns/simulator"
	_ "github.com/vmware/govmomi/lookup/simulator"
	_ "github.com/vmware/govmomi/pbm/simulator"
	_ "github.com/vmware/govmomi/sts/simulator"
	_ "github.com/vmware/govmomi/vapi/cluster/simulator"
	_ "github.com/vmware/govmomi/vapi/namespace/simulator"
	_ "github.com/vmware/govmomi/vapi/simulator"

	"eksa.dev/testbed/internal/vcenterdhcp"
	"eksa.dev/testbed/internal/vcenterfault"
	"eksa.dev/testbed/internal/vcentervm"
)

func main() {
	log.SetPrefix("vcsim: ")
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "vcsim: %v\n", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		log.Fatal(err)
	}
}

func run(cfg *config) error {
	pool, err := vcenterdhcp.Parse(cfg.dhcpRange)
	if err != nil {
		return err
	}
	rules := vcenterfault.NewSet()
	_ = rules.SetDelay("*", cfg.delay)
	for method, ms := range cfg.methodDelay {
		_ = rules.SetDelay(method, ms)
	}
	for _, r := range cfg.faults {
		if _, err := rules.Add(r); err != nil {
			return err
		}
	}
	if cfg.traceFile != "" {
		f, err := os.OpenFile(cfg.traceFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		simulator.Trace, simulator.TraceFile = true, f
	}

	hookEnv := os.Environ() // before TMPDIR changes below: machine-boot gets the caller's
	if cfg.datastoreDir != "" {
		// the simulator makes its datastore directories with ioutil.TempDir("", …)
		if err := os.MkdirAll(cfg.datastoreDir, 0o755); err != nil {
			return err
		}
		os.Setenv("TMPDIR", cfg.datastoreDir)
	}
	m := cfg.model
	if cfg.apiVersion != "" {
		m.ServiceContent.About.ApiVersion = cfg.apiVersion
	}
	if err := m.Create(); err != nil {
		return err
	}
	defer m.Remove() // the temporary datastore directories (/tmp/govcsim-*)

	vms := vcentervm.New(vcentervm.Config{
		BootDelay: cfg.bootDelay, Pool: pool, MachineBoot: cfg.machineBoot,
		MachinesDir: cfg.machinesDir, HookTimeout: cfg.hookTimeout, HookEnv: hookEnv, Logf: log.Printf,
	})
	vms.Install()

	srv, fr, err := serve(cfg, m, rules)
	if err != nil {
		return err
	}
	ctl := &control{rules: rules, front: fr, vms: vms, pool: pool}
	var ctlSrv *http.Server
	controlURL := ""
	if cfg.control != "" {
		ln, err := net.Listen("tcp", cfg.control)
		if err != nil {
			return fmt.Errorf("control API: %v", err)
		}
		ctlSrv = &http.Server{Handler: ctl, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = ctlSrv.Serve(ln) }()
		controlURL = "http://" + cfg.control
	}
	fmt.Printf("vcsim: ready sdk=%s control=%s pid=%d\n", sdkURL(cfg.listen), controlURL, os.Getpid())

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	s := <-sig
	start := time.Now()
	log.Printf("%v: shutting down", s)
	if ctlSrv != nil {
		_ = ctlSrv.Close()
	}
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }() // waits for in-flight calls (e.g. WaitForUpdatesEx)
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		log.Printf("in-flight SOAP calls still open after 3 s; not waiting for them")
	}
	vms.Shutdown(cfg.shutdownTimeout)
	m.Remove()
	log.Printf("stopped in %s", time.Since(start).Round(time.Millisecond))
	return nil
}

// serve starts the simulator's https server on cfg.listen with the front handler before it.
//
// The simulator builds its own mux and server (NewServer) and starts serving at once, and its
// REST half remembers that URL, so it must run on the real address. To put `front` in front
// of its mux without a data race, every TLS handshake waits (GetConfigForClient) until the
// handler has been swapped: no request can reach the handler before that.
func serve(cfg *config, m *simulator.Model, rules *vcenterfault.Set) (*simulator.Server, *front, error) {
	gate := make(chan struct{})
	tc := &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			<-gate
			return nil, nil
		},
	}
	if cfg.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.tlsCert, cfg.tlsKey)
		if err != nil {
			return nil, nil, err
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	m.Service.TLS = tc
	m.Service.Listen = &url.URL{Host: cfg.listen, User: url.UserPassword(cfg.username, cfg.password)}
	m.Service.RegisterEndpoints = true
	var srv *simulator.Server
	if err := catch(func() { srv = m.Service.NewServer() }); err != nil { // it panics when it cannot listen
		return nil, nil, err
	}
	fr := &front{next: srv.Config.Handler, rules: rules, user: cfg.username, pass: cfg.password,
		calls: map[string]int64{}}
	srv.Config.Handler = fr
	close(gate)
	return srv, fr, nil
}

func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}

// sdkURL: https://HOST/sdk, without the port when it is 443 (like a real vCenter's).
func sdkURL(listen string) string {
	host, port, _ := net.SplitHostPort(listen)
	if port == "443" {
		return "https://" + host + "/sdk"
	}
	return "https://" + strings.TrimSuffix(listen, ":") + "/sdk"
}
