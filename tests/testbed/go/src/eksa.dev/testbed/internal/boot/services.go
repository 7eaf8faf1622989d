package boot

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"eksa.dev/testbed/internal/kube"
)

// Services are a machine's long-running processes, recorded in services.json so that a reboot
// (up after down) starts them again without re-running the bootstrap.
type Services struct {
	Etcd      *EtcdService      `json:"etcd,omitempty"`
	APIServer *APIServerService `json:"kubeApiserver,omitempty"`
}

// EtcdService is an etcd member and how to check its health (absolute host paths).
type EtcdService struct {
	Config     kube.EtcdConfig `json:"config"`
	HealthURL  string          `json:"healthURL"`
	CAFile     string          `json:"caFile"`
	ClientCert string          `json:"clientCert"`
	ClientKey  string          `json:"clientKey"`
}

// APIServerService is a kube-apiserver and the CA that verifies it.
type APIServerService struct {
	Config kube.APIServerConfig `json:"config"`
	CAFile string               `json:"caFile"`
}

const (
	svcEtcd      = "etcd"
	svcAPIServer = "kube-apiserver"
	stopGrace    = 5 * time.Second
)

// startEtcd starts the member detached and waits until it is healthy.
func (s State) startEtcd(ctx context.Context, lg *log.Logger, e *EtcdService) error {
	if pid, err := kube.ReadPIDFile(s.PIDFile(svcEtcd)); err == nil && kube.Alive(pid, "etcd") {
		lg.Printf("etcd already running (pid %d)", pid)
	} else {
		start := time.Now()
		p, err := kube.StartEtcd(e.Config, kube.StartOptions{LogFile: s.LogFile(svcEtcd),
			PIDFile: s.PIDFile(svcEtcd), Detach: true})
		if err != nil {
			return err
		}
		lg.Printf("etcd %s started (pid %d) on %v", e.Config.Name, p.PID, e.Config.ClientURLs)
		defer func() { lg.Printf("etcd wait took %v", time.Since(start).Round(time.Millisecond)) }()
		return s.waitEtcd(ctx, e, p)
	}
	return s.waitEtcd(ctx, e, nil)
}

func (s State) waitEtcd(ctx context.Context, e *EtcdService, p *kube.Process) error {
	tlsConf, err := kube.ClientTLS(e.CAFile, e.ClientCert, e.ClientKey)
	if err != nil {
		return err
	}
	if err := kube.WaitEtcdHealthy(ctx, e.HealthURL, tlsConf, p); err != nil {
		return s.serviceError(err, svcEtcd, p)
	}
	return nil
}

// startAPIServer starts kube-apiserver detached and waits for /readyz.
func (s State) startAPIServer(ctx context.Context, lg *log.Logger, a *APIServerService) error {
	var p *kube.Process
	if pid, err := kube.ReadPIDFile(s.PIDFile(svcAPIServer)); err == nil && kube.Alive(pid, "kube-apiserver") {
		lg.Printf("kube-apiserver already running (pid %d)", pid)
	} else {
		if p, err = kube.StartAPIServer(a.Config, kube.StartOptions{LogFile: s.LogFile(svcAPIServer),
			PIDFile: s.PIDFile(svcAPIServer), Detach: true}); err != nil {
			return err
		}
		lg.Printf("kube-apiserver started (pid %d) on %s", p.PID, a.Config.URL())
	}
	start := time.Now()
	tlsConf, err := kube.ClientTLS(a.CAFile, "", "")
	if err != nil {
		return err
	}
	if err := kube.WaitReady(ctx, a.Config.URL(), tlsConf, p); err != nil {
		return s.serviceError(err, svcAPIServer, p)
	}
	lg.Printf("kube-apiserver ready after %v", time.Since(start).Round(time.Millisecond))
	return nil
}

// startServices starts what svcs records, etcd first.
func (s State) startServices(ctx context.Context, lg *log.Logger, svcs *Services) error {
	if svcs.Etcd != nil {
		if err := s.startEtcd(ctx, lg, svcs.Etcd); err != nil {
			return err
		}
	}
	if svcs.APIServer != nil {
		if err := s.startAPIServer(ctx, lg, svcs.APIServer); err != nil {
			return err
		}
	}
	return nil
}

// StopServices stops the machine's processes (kube-apiserver, then etcd) by PID file.
func (s State) StopServices() error {
	var first error
	for _, svc := range []string{svcAPIServer, svcEtcd} {
		if err := kube.StopPIDFile(s.PIDFile(svc), svc, stopGrace); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// serviceError explains a service that did not come up; when the process exited, its last log
// line (e.g. "bind: address already in use") says why better than the last probe.
func (s State) serviceError(err error, svc string, p *kube.Process) error {
	if p != nil {
		if exited, _ := p.Exited(); exited {
			if line := lastLogLine(s.LogFile(svc)); line != "" {
				return fmt.Errorf("%s exited: %s (see %s)", svc, line, s.LogFile(svc))
			}
		}
	}
	return fmt.Errorf("%v (see %s)", err, s.LogFile(svc))
}

// lastLogLine is the last non-empty line of a log file, at most 300 bytes.
func lastLogLine(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	line := strings.TrimSpace(lines[len(lines)-1])
	if len(line) > 300 {
		line = line[:300]
	}
	return line
}
