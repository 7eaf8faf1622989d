package boot

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"eksa.dev/testbed/internal/bootdata"
	"eksa.dev/testbed/internal/kube"
)

// Options are `machine-boot up`'s flags.
type Options struct {
	StateDir  string
	Name      string // the VM name
	IP        string // the machine's address (127.x)
	UserData  string // file with the (decoded) userdata
	Metadata  string // optional file with the (decoded) metadata
	HostsFile string // optional "IP name..." file for names in endpoints
	Timeout   time.Duration
	Log       *log.Logger
}

// run is one boot in progress.
type run struct {
	o           Options
	st          State
	lg          *log.Logger
	hosts       Hosts
	machine     *bootdata.Machine
	hostname    string
	clusterName string
	svcs        *Services // started by this boot, recorded on success
}

const svcBoot = "machine-boot"

// Up boots the machine: the first time it runs the bootstrap the userdata describes; once that
// has succeeded (services.json exists) it only restarts the recorded services, as a reboot
// would. It returns when the machine is ready or the boot failed; the status file says which.
func Up(o Options) error {
	st := State{Dir: o.StateDir}
	lg := o.Log
	if err := CheckLoopback(o.IP); err != nil {
		return err
	}
	if o.Name == "" || o.UserData == "" || o.StateDir == "" {
		return errors.New("up needs --state, --name, --ip and --userdata")
	}
	if err := os.MkdirAll(st.Dir, 0o755); err != nil {
		return err
	}
	if pid, err := kube.ReadPIDFile(st.PIDFile(svcBoot)); err == nil && pid != os.Getpid() && kube.Alive(pid, svcBoot) {
		return fmt.Errorf("machine-boot up already running for %s (pid %d)", st.Dir, pid)
	}
	if err := kube.WritePIDFile(st.PIDFile(svcBoot), os.Getpid()); err != nil {
		return err
	}
	defer os.Remove(st.PIDFile(svcBoot))
	if err := st.SetStatus("booting"); err != nil {
		return err
	}
	timeout := o.Timeout
	if timeout == 0 {
		timeout = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	start := time.Now()
	err := boot(ctx, o, st, lg)
	if err != nil {
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled) {
			err = fmt.Errorf("interrupted (powered off): %v", err)
		}
		_ = st.StopServices()
		_ = st.SetStatus("failed: " + err.Error())
		lg.Printf("boot failed after %v: %v", time.Since(start).Round(time.Millisecond), err)
		return err
	}
	lg.Printf("ready after %v", time.Since(start).Round(time.Millisecond))
	return st.SetStatus("ready")
}

func boot(ctx context.Context, o Options, st State, lg *log.Logger) error {
	svcs, err := st.loadServices()
	if err != nil {
		return err
	}
	if svcs != nil {
		lg.Printf("reboot: bootstrap already done, starting the recorded services")
		return st.startServices(ctx, lg, svcs)
	}
	r := &run{o: o, st: st, lg: lg, svcs: &Services{}}
	if err := r.bootstrap(ctx); err != nil {
		return err
	}
	return st.saveServices(r.svcs)
}

// bootstrap is cloud-init's first boot: write_files, then the role's command.
func (r *run) bootstrap(ctx context.Context) error {
	doc, err := os.ReadFile(r.o.UserData)
	if err != nil {
		return fmt.Errorf("userdata: %v", err)
	}
	if r.machine, err = bootdata.ParseUserData(doc); err != nil {
		return err
	}
	var md bootdata.Metadata
	if r.o.Metadata != "" {
		b, err := os.ReadFile(r.o.Metadata)
		if err != nil {
			return fmt.Errorf("metadata: %v", err)
		}
		if md, err = bootdata.ParseMetadata(b); err != nil {
			return err
		}
	}
	r.hostname = firstNonEmpty(r.machine.Hostname, md.LocalHostname, r.o.Name)
	if r.hosts, err = LoadHosts(r.o.HostsFile); err != nil {
		return fmt.Errorf("hosts file: %v", err)
	}
	r.hosts[r.hostname], r.hosts[r.o.Name] = r.o.IP, r.o.IP
	for _, f := range r.machine.Files {
		if err := r.st.WriteFile(f.Path, f.Content, os.FileMode(f.Mode)); err != nil {
			return fmt.Errorf("write_files %s: %v", f.Path, stripRoot(err, r.st.Root()))
		}
	}
	r.lg.Printf("%s machine %s (%s): wrote %d files", r.machine.OS, r.hostname, r.o.IP, len(r.machine.Files))
	marker := bootdata.DefaultMarker
	if b := r.machine.TLSBootstrap; b != nil {
		r.lg.Printf("kubelet TLS bootstrap against %s", b.APIServer)
		err = r.tlsBootstrap(ctx, b)
	} else {
		if r.machine.Command == "" {
			return errors.New("userdata has no runcmd")
		}
		cmd, perr := bootdata.ParseCommand(r.machine.Command)
		if perr != nil {
			return perr
		}
		marker = cmd.Marker
		r.lg.Printf("running %s (simulated)", cmd.Tool)
		switch cmd.Tool {
		case bootdata.KubeadmInit:
			err = r.kubeadmInit(ctx, cmd)
		case bootdata.KubeadmJoin:
			err = r.kubeadmJoin(ctx, cmd)
		case bootdata.EtcdadmInit, bootdata.EtcdadmJoin:
			err = r.etcdadm(ctx, cmd)
		}
	}
	if err != nil {
		return err
	}
	return r.st.WriteFile(marker, []byte("success\n"), 0o644)
}

// Down powers the machine off: stops a running `up`, then the services; keeps the data.
func Down(dir string) error {
	st := State{Dir: dir}
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil
	}
	err := kube.StopPIDFile(st.PIDFile(svcBoot), svcBoot, 15*time.Second)
	if err2 := st.StopServices(); err == nil {
		err = err2
	}
	if err2 := st.SetStatus("off"); err == nil {
		err = err2
	}
	return err
}

// Destroy stops everything and removes the state directory.
func Destroy(dir string) error {
	if err := Down(dir); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}
