package vcentervm

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The machine-boot contract (docs/vcenter.md): vcsim runs, per VM and strictly in order,
//
//	machine-boot up      --state DIR --name NAME --ip IP --userdata DIR/userdata [--metadata DIR/metadata]
//	machine-boot down    --state DIR
//	machine-boot destroy --state DIR
//
// with DIR = <machines dir>/<vm moid>, stdout+stderr appended to DIR/boot.log, in a process
// group of its own, with vcsim's environment. `up` must return once the machine has booted
// (daemonising what it starts); if the VM is powered off while `up` still runs, its process
// group gets SIGTERM (SIGKILL 3 s later), then `down` runs.

// serial runs queued funcs one at a time, in order, on a goroutine that lives while work is queued.
type serial struct {
	mu      sync.Mutex
	q       []func()
	running bool
}

func (s *serial) do(f func()) {
	s.mu.Lock()
	s.q = append(s.q, f)
	if !s.running {
		s.running = true
		go s.loop()
	}
	s.mu.Unlock()
}

func (s *serial) loop() {
	for {
		s.mu.Lock()
		if len(s.q) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		f := s.q[0]
		s.q = s.q[1:]
		s.mu.Unlock()
		f()
	}
}

// killGroup sends SIGTERM to the process group of pid, then SIGKILL after grace.
func killGroup(pid int, grace time.Duration) {
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	time.AfterFunc(grace, func() { _ = syscall.Kill(-pid, syscall.SIGKILL) })
}

// runHook runs `machine-boot VERB --state DIR ARGS...`, logging to DIR/boot.log, and returns
// its exit code (-1 when it could not start or was killed by a signal).
func (m *Manager) runHook(mc *machine, verb, dir string, args ...string) (int, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return -1, err
	}
	lf, err := os.OpenFile(filepath.Join(dir, "boot.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return -1, err
	}
	defer lf.Close()
	argv := append([]string{verb, "--state", dir}, args...)
	start := time.Now()
	fmt.Fprintf(lf, "=== %s machine-boot %s\n", start.UTC().Format(time.RFC3339Nano), strings.Join(argv, " "))
	cmd := exec.Command(m.cfg.MachineBoot, argv...)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.Env = m.cfg.HookEnv
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(lf, "=== cannot start: %v\n", err)
		return -1, err
	}
	m.mu.Lock()
	mc.proc, mc.procVerb = cmd.Process, verb
	m.running[cmd.Process.Pid] = true
	m.mu.Unlock()
	timer := time.AfterFunc(m.cfg.HookTimeout, func() {
		fmt.Fprintf(lf, "=== timeout after %s: killing process group %d\n", m.cfg.HookTimeout, cmd.Process.Pid)
		killGroup(cmd.Process.Pid, 3*time.Second)
	})
	err = cmd.Wait()
	timer.Stop()
	m.mu.Lock()
	mc.proc, mc.procVerb = nil, ""
	delete(m.running, cmd.Process.Pid)
	m.mu.Unlock()
	code := cmd.ProcessState.ExitCode()
	fmt.Fprintf(lf, "=== %s exit %d after %s\n", verb, code, time.Since(start).Round(time.Millisecond))
	if err != nil && code == 0 {
		return -1, err
	}
	return code, nil
}
