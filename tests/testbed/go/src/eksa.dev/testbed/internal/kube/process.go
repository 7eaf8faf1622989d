package kube

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// StartOptions says how to run a process.
type StartOptions struct {
	// LogFile receives stdout and stderr (appended; created with its directory). Empty: the
	// caller's stdout/stderr.
	LogFile string
	// PIDFile, when set, gets the PID (one line, decimal) after the start.
	PIDFile string
	// Detach puts the process in a session of its own (Setsid) so it outlives the caller and
	// does not get the caller's terminal signals.
	Detach bool
	// Env is added to the caller's environment.
	Env []string
}

// Process is a started program.
type Process struct {
	Name string // a label for messages, e.g. "etcd m1"
	PID  int
	cmd  *exec.Cmd
	done chan struct{}
	err  error // the Wait result, valid after done is closed
}

// Start runs binary with args. The returned Process is reaped by a goroutine, so Exited and
// Stop work for both attached and detached processes while the caller lives.
func Start(name, binary string, args []string, opts StartOptions) (*Process, error) {
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), opts.Env...)
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, err
	}
	defer devnull.Close()
	cmd.Stdin = devnull
	if opts.LogFile != "" {
		if err := os.MkdirAll(filepath.Dir(opts.LogFile), 0o755); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(opts.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		defer f.Close() // the child keeps its own descriptor
		cmd.Stdout, cmd.Stderr = f, f
	} else {
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	}
	if opts.Detach {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &Process{Name: name, PID: cmd.Process.Pid, cmd: cmd, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	if opts.PIDFile != "" {
		if err := WritePIDFile(opts.PIDFile, p.PID); err != nil {
			p.Stop(time.Second)
			return nil, err
		}
	}
	return p, nil
}

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has ended, and how.
func (p *Process) Exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// Stop sends SIGTERM, then SIGKILL after grace; it returns once the process is gone.
func (p *Process) Stop(grace time.Duration) {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return
	case <-time.After(grace):
	}
	_ = p.cmd.Process.Kill()
	<-p.done
}

// WritePIDFile writes pid to path (atomically, creating the directory).
func WritePIDFile(path string, pid int) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// ReadPIDFile returns the PID in path.
func ReadPIDFile(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 {
		return 0, fmt.Errorf("%s: not a PID: %q", path, strings.TrimSpace(string(b)))
	}
	return pid, nil
}

// Alive reports whether pid is a running (not zombie) process whose command line mentions
// want (the binary's base name, to guard against PID reuse; empty: any command).
func Alive(pid int, want string) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	if i := strings.LastIndexByte(string(stat), ')'); i < 0 || i+2 >= len(stat) || stat[i+2] == 'Z' {
		return false
	}
	if want == "" {
		return true
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return err == nil && strings.Contains(string(cmdline), want)
}

// StopPIDFile stops the process recorded in path (SIGTERM, SIGKILL after grace) if it is alive
// and its command line mentions want, then removes the file. A missing file is not an error.
func StopPIDFile(path, want string, grace time.Duration) error {
	pid, err := ReadPIDFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		_ = os.Remove(path)
		return err
	}
	if err := StopPID(pid, want, grace); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err // the stopped process may have removed its own PID file
	}
	return nil
}

// StopPID stops pid as StopPIDFile does; a process that is already gone is not an error.
func StopPID(pid int, want string, grace time.Duration) error {
	if !Alive(pid, want) {
		return nil
	}
	_ = syscall.Kill(pid, syscall.SIGTERM)
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		if !Alive(pid, want) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	for i := 0; i < 100; i++ {
		if !Alive(pid, want) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("process %d did not exit after SIGKILL", pid)
}
