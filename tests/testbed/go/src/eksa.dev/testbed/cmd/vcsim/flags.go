package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vmware/govmomi/simulator"

	"eksa.dev/testbed/internal/vcenterfault"
)

// config is everything the flags set (docs/vcenter.md lists them).
type config struct {
	model           *simulator.Model
	listen, control string
	tlsCert, tlsKey string
	username        string
	password        string
	delay           int
	methodDelay     map[string]int
	faults          []vcenterfault.Rule
	apiVersion      string
	traceFile       string
	dhcpRange       string
	bootDelay       time.Duration
	machineBoot     string
	machinesDir     string
	datastoreDir    string
	hookTimeout     time.Duration
	shutdownTimeout time.Duration
}

type faultFlag struct{ rules *[]vcenterfault.Rule }

func (f faultFlag) String() string { return "" }
func (f faultFlag) Set(v string) error {
	r, err := vcenterfault.ParseFlag(v)
	if err != nil {
		return err
	}
	*f.rules = append(*f.rules, r)
	return nil
}

func parseFlags(args []string) (*config, error) {
	c := &config{model: simulator.VPX()}
	m := c.model
	fs := flag.NewFlagSet("vcsim", flag.ContinueOnError)
	fs.IntVar(&m.Datacenter, "dc", m.Datacenter, "datacenters")
	fs.IntVar(&m.Cluster, "cluster", m.Cluster, "clusters per datacenter")
	fs.IntVar(&m.ClusterHost, "host", m.ClusterHost, "hosts per cluster")
	fs.IntVar(&m.Host, "standalone-host", m.Host, "standalone hosts per datacenter")
	fs.IntVar(&m.Datastore, "ds", m.Datastore, "local datastores")
	fs.IntVar(&m.Machine, "vm", m.Machine, "VMs per resource pool (and per standalone host)")
	fs.IntVar(&m.Pool, "pool", m.Pool, "child resource pools per cluster")
	fs.IntVar(&m.Folder, "folder", m.Folder, "wrap each datacenter in this many folders")
	fs.IntVar(&m.Portgroup, "pg", m.Portgroup, "distributed port groups per datacenter")
	fs.BoolVar(&m.Autostart, "autostart", m.Autostart, "power on the model's VMs at start")
	fs.StringVar(&c.listen, "l", "127.0.0.1:8989", "SOAP/REST https listen address (loopback only)")
	fs.StringVar(&c.control, "control", "127.0.0.1:8990", "control API http listen address (loopback only; empty: off)")
	fs.StringVar(&c.tlsCert, "tlscert", "", "PEM certificate (default: Go's built-in 1024-bit test cert)")
	fs.StringVar(&c.tlsKey, "tlskey", "", "PEM key for -tlscert")
	fs.StringVar(&c.username, "username", "", "the only user name Login accepts (required)")
	fs.StringVar(&c.password, "password", "", "the only password Login accepts (required)")
	fs.IntVar(&c.delay, "delay", 0, "ms added before every SOAP method")
	md := fs.String("method-delay", "", "per-method delay in ms, e.g. CloneVM_Task:500,PowerOnVM_Task:200")
	fs.Var(faultFlag{&c.faults}, "fault", "METHOD:NTH:FAULT[:task] fault rule (repeatable), e.g. CloneVM_Task:1:TaskInProgress")
	fs.StringVar(&c.apiVersion, "api-version", "", "override about.apiVersion (default 6.5), e.g. 7.0")
	fs.StringVar(&c.traceFile, "trace-file", "", "write every SOAP request/response here (contains the Login password)")
	fs.StringVar(&c.dhcpRange, "dhcp-range", "127.0.100.1-127.0.199.254", "guest IPs for powered-on VMs (inside 127.0.0.0/8)")
	fs.DurationVar(&c.bootDelay, "boot-delay", 200*time.Millisecond, "power-on -> guest IP reported")
	fs.StringVar(&c.machineBoot, "machine-boot", "", "machine-boot program (default: machine-boot next to this binary)")
	fs.StringVar(&c.machinesDir, "machines-dir", "", "per-VM machine state dirs (empty: boot hook off)")
	fs.StringVar(&c.datastoreDir, "datastore-dir", "", "where the local datastores' directories go (default: $TMPDIR, as govcsim-*)")
	fs.DurationVar(&c.hookTimeout, "hook-timeout", 10*time.Minute, "kill a machine-boot run after this long")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 20*time.Second, "on SIGTERM, wait this long for machine-boot down runs")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if c.username == "" || c.password == "" {
		return nil, fmt.Errorf("-username and -password are required")
	}
	if (c.tlsCert == "") != (c.tlsKey == "") {
		return nil, fmt.Errorf("-tlscert and -tlskey go together")
	}
	if err := loopbackAddr(c.listen); err != nil {
		return nil, fmt.Errorf("-l: %v", err)
	}
	if c.control != "" {
		if err := loopbackAddr(c.control); err != nil {
			return nil, fmt.Errorf("-control: %v", err)
		}
	}
	var err error
	if c.methodDelay, err = vcenterfault.ParseMethodDelays(*md); err != nil {
		return nil, err
	}
	if c.machineBoot == "" {
		if exe, err := os.Executable(); err == nil {
			c.machineBoot = filepath.Join(filepath.Dir(exe), "machine-boot")
		}
	}
	return c, nil
}

// loopbackAddr accepts only HOST:PORT with HOST an IPv4 address in 127.0.0.0/8.
func loopbackAddr(hostport string) error {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return err
	}
	ip := net.ParseIP(strings.TrimSpace(host)).To4()
	if ip == nil || ip[0] != 127 {
		return fmt.Errorf("%q is not a 127.x.y.z address (the testbed is loopback only)", host)
	}
	return nil
}
