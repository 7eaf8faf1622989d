package boot

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// binaryVars are the testbed exports machine-boot needs (internal/kube reads them).
var binaryVars = []string{"EKSA_TESTBED_ETCD", "EKSA_TESTBED_KUBE_APISERVER"}

// UseTestbedEnv fills the binary variables missing from the environment from
// $EKSA_TESTBED_DIR/env (vcsim starts before the kube peer has exported them, so it hands
// machine-boot only EKSA_TESTBED_DIR). A missing file is not an error.
func UseTestbedEnv() error {
	dir := os.Getenv("EKSA_TESTBED_DIR")
	if dir == "" {
		return nil
	}
	env, err := ReadTestbedEnv(filepath.Join(dir, "env"))
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	for _, k := range binaryVars {
		if os.Getenv(k) == "" && env[k] != "" {
			if err := os.Setenv(k, env[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

// ReadTestbedEnv parses `export NAME=VALUE` lines as tb_export writes them (bash printf %q:
// backslash escapes; $'...' for control characters is not expected in paths).
func ReadTestbedEnv(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimPrefix(sc.Text(), "export ")
		k, v, ok := strings.Cut(line, "=")
		if !ok || k == line {
			continue
		}
		var b strings.Builder
		for i := 0; i < len(v); i++ {
			if v[i] == '\\' && i+1 < len(v) {
				i++
			}
			b.WriteByte(v[i])
		}
		env[k] = b.String()
	}
	return env, sc.Err()
}
