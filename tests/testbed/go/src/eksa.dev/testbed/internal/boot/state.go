package boot

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// State is one machine's state directory.
type State struct{ Dir string }

// Root is the machine's file system.
func (s State) Root() string { return filepath.Join(s.Dir, "root") }

// Path maps an absolute machine path into Root.
func (s State) Path(machinePath string) string {
	return filepath.Join(s.Root(), filepath.Clean("/"+machinePath))
}

// PIDFile is where a service's PID is recorded.
func (s State) PIDFile(svc string) string { return filepath.Join(s.Dir, "pids", svc+".pid") }

// LogFile is where a service's output goes.
func (s State) LogFile(svc string) string { return filepath.Join(s.Dir, "logs", svc+".log") }

func (s State) servicesFile() string { return filepath.Join(s.Dir, "services.json") }

// SetStatus writes the status file atomically (one line).
func (s State) SetStatus(status string) error {
	status = strings.ReplaceAll(strings.TrimSpace(status), "\n", " ")
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(s.Dir, "status.tmp")
	if err := os.WriteFile(tmp, []byte(status+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(s.Dir, "status"))
}

// Status reads the status file ("" when absent).
func (s State) Status() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "status"))
	return strings.TrimSpace(string(b))
}

// WriteFile writes a machine file (creating directories) with mode.
func (s State) WriteFile(machinePath string, data []byte, mode os.FileMode) error {
	p := s.Path(machinePath)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, mode); err != nil {
		return err
	}
	return os.Chmod(p, mode) // WriteFile keeps an existing file's mode and applies the umask
}

// ReadFile reads a machine file.
func (s State) ReadFile(machinePath string) ([]byte, error) { return os.ReadFile(s.Path(machinePath)) }

// Exists reports whether a machine file exists.
func (s State) Exists(machinePath string) bool {
	_, err := os.Stat(s.Path(machinePath))
	return err == nil
}

func (s State) saveServices(svcs *Services) error {
	b, err := json.MarshalIndent(svcs, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(s.servicesFile(), b, 0o644)
}

// loadServices returns the recorded services, or nil when the bootstrap never succeeded.
func (s State) loadServices() (*Services, error) {
	b, err := os.ReadFile(s.servicesFile())
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var svcs Services
	if err := json.Unmarshal(b, &svcs); err != nil {
		return nil, fmt.Errorf("%s: %w", s.servicesFile(), err)
	}
	return &svcs, nil
}
