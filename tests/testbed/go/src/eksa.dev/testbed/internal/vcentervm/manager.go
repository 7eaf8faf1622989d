// Package vcentervm gives the simulator's VMs a life beyond their power state: a guest IP from
// the testbed's DHCP range some time after power-on (as VMware Tools would report it), cleared
// at power-off, released at destroy; and the machine-boot hook (hook.go) that boots what the
// VM's guestinfo.userdata describes.
//
// It watches the simulator's registry (a simulator.RegisterObject handler): every power-state
// change of a VirtualMachine goes through Registry.Update, and every destroy through
// Registry.Remove, whichever SOAP method caused it. The handler runs inside the simulator's
// call with the VM's lock held, so it never takes a VM lock itself; background work takes the
// VM lock first and m.mu second (m.mu is never held while waiting for a VM lock).
package vcentervm

import (
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"

	"eksa.dev/testbed/internal/vcenterdhcp"
)

// Config of a Manager.
type Config struct {
	BootDelay   time.Duration     // power-on -> guest IP reported
	Pool        *vcenterdhcp.Pool // guest IPs
	MachineBoot string            // machine-boot binary ("" or missing file: hooks skipped)
	MachinesDir string            // <STATE>: per-VM state dirs ("" disables hooks)
	HookTimeout time.Duration     // kill a machine-boot run after this long
	HookEnv     []string          // machine-boot's environment (nil: this process's)
	Logf        func(string, ...interface{})
}

// BootStatus is a VM's machine-boot state as GET /vms shows it.
type BootStatus struct {
	// "" (no hook ran) | queued | cancelled (off before it ran) | running | up | failed |
	// skipped (no machine-boot) | stopping | down
	State string `json:"state"`
	Exit  int    `json:"exit_code"`
	Error string `json:"error,omitempty"`
}

type machine struct {
	moid     string
	gen      uint64 // bumped on every power/destroy event; stale background work checks it
	on       bool
	booted   bool // an `up` started since the last `down`
	hasState bool // DIR exists (an up was attempted): destroy must run
	boot     BootStatus
	proc     *os.Process // running hook process, if any
	procVerb string      // its verb (only a running `up` is killed at power-off)
	q        serial
}

// Manager: see the package comment.
type Manager struct {
	cfg     Config
	mu      sync.Mutex
	vms     map[string]*machine
	running map[int]bool // pids of running hooks
	closed  bool
	jobs    sync.WaitGroup
}

// New creates a Manager; Install hooks it into simulator.Map.
func New(cfg Config) *Manager {
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	if cfg.HookTimeout <= 0 {
		cfg.HookTimeout = 10 * time.Minute
	}
	return &Manager{cfg: cfg, vms: map[string]*machine{}, running: map[int]bool{}}
}

// Install registers the registry handler and treats every VM already powered on (the model's
// autostarted VMs) as just powered on.
func (m *Manager) Install() {
	simulator.Map.AddHandler(handler{m})
	all := simulator.Map.All("VirtualMachine")
	sort.Slice(all, func(i, j int) bool { return entityName(all[i]) < entityName(all[j]) })
	for _, e := range all {
		ref := e.Reference()
		var on bool
		simulator.Map.WithLock(ref, func() {
			if vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine); ok {
				on = vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn
			}
		})
		if on {
			m.poweredOn(ref)
		}
	}
}

func entityName(e mo.Entity) string { return e.Entity().Name }

type handler struct{ m *Manager }

func (handler) Reference() types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "TestbedMachines", Value: "testbed-machines"}
}
func (handler) PutObject(mo.Reference) {}

func (h handler) UpdateObject(obj mo.Reference, changes []types.PropertyChange) {
	ref := obj.Reference()
	if ref.Type != "VirtualMachine" {
		return
	}
	for _, c := range changes {
		if c.Name != "runtime.powerState" {
			continue
		}
		if fmt.Sprint(c.Val) == string(types.VirtualMachinePowerStatePoweredOn) {
			h.m.poweredOn(ref)
		} else {
			h.m.poweredOff(ref) // poweredOff and suspended: the guest stops running
		}
	}
}

func (h handler) RemoveObject(ref types.ManagedObjectReference) {
	if ref.Type == "VirtualMachine" {
		h.m.destroyed(ref)
	}
}

func (m *Manager) get(moid string) *machine {
	mc := m.vms[moid]
	if mc == nil {
		mc = &machine{moid: moid}
		m.vms[moid] = mc
	}
	return mc
}

func (m *Manager) stateDir(moid string) string { return filepath.Join(m.cfg.MachinesDir, moid) }

// enqueue runs f on mc's serial queue, counted in m.jobs.
func (m *Manager) enqueue(mc *machine, f func()) {
	m.jobs.Add(1)
	mc.q.do(func() { defer m.jobs.Done(); f() })
}

func (m *Manager) poweredOn(ref types.ManagedObjectReference) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	mc := m.get(ref.Value)
	mc.gen++
	mc.on = true
	g := mc.gen
	m.jobs.Add(1)
	time.AfterFunc(m.cfg.BootDelay, func() { defer m.jobs.Done(); m.reportIP(ref, g) })
}

// reportIP: the guest has booted far enough for Tools to report its DHCP address.
func (m *Manager) reportIP(ref types.ManagedObjectReference, g uint64) {
	var name, ip string
	var ec map[string]string
	simulator.Map.WithLock(ref, func() {
		vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine)
		if !ok || vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
			return
		}
		m.mu.Lock()
		mc := m.vms[ref.Value]
		if m.closed || mc == nil || mc.gen != g || !mc.on {
			m.mu.Unlock()
			return
		}
		lease, err := m.cfg.Pool.Lease(ref.Value)
		m.mu.Unlock()
		if err != nil {
			m.cfg.Logf("vm %s (%s): no guest IP: %v", ref.Value, vm.Name, err)
			return
		}
		simulator.Map.Update(vm, guestChanges(vm, lease))
		name, ip, ec = vm.Name, lease, extraConfig(vm)
	})
	if ip == "" {
		return
	}
	m.cfg.Logf("vm %s (%s): guest IP %s", ref.Value, name, ip)
	if _, ok := ec["guestinfo.userdata"]; ok && m.cfg.MachinesDir != "" {
		m.queueUp(ref.Value, g, name, ip, ec)
	}
}

func (m *Manager) queueUp(moid string, g uint64, name, ip string, ec map[string]string) {
	m.mu.Lock()
	mc := m.vms[moid]
	if mc == nil || mc.gen != g || m.closed {
		m.mu.Unlock()
		return
	}
	mc.boot = BootStatus{State: "queued"}
	m.mu.Unlock()
	m.enqueue(mc, func() { m.up(mc, g, name, ip, ec) })
}

func (m *Manager) setBoot(mc *machine, g uint64, st BootStatus) {
	m.mu.Lock()
	if g == 0 || mc.gen == g {
		mc.boot = st
	}
	m.mu.Unlock()
}

func (m *Manager) up(mc *machine, g uint64, name, ip string, ec map[string]string) {
	if _, err := os.Stat(m.cfg.MachineBoot); m.cfg.MachineBoot == "" || err != nil {
		m.cfg.Logf("vm %s (%s): machine-boot %q not found; boot hook skipped", mc.moid, name, m.cfg.MachineBoot)
		m.setBoot(mc, g, BootStatus{State: "skipped", Error: "machine-boot not found"})
		return
	}
	m.mu.Lock()
	if mc.gen != g || m.closed {
		m.mu.Unlock()
		return
	}
	mc.booted, mc.hasState = true, true
	mc.boot = BootStatus{State: "running"}
	m.mu.Unlock()

	dir := m.stateDir(mc.moid)
	args, err := writeGuestinfo(dir, ec)
	if err != nil {
		m.cfg.Logf("vm %s (%s): %v", mc.moid, name, err)
		m.setBoot(mc, g, BootStatus{State: "failed", Exit: -1, Error: err.Error()})
		return
	}
	args = append([]string{"--name", name, "--ip", ip}, args...)
	code, err := m.runHook(mc, "up", dir, args...)
	st := BootStatus{State: "up", Exit: code}
	if err != nil || code != 0 {
		st.State = "failed"
		if err != nil {
			st.Error = err.Error()
		}
	}
	m.cfg.Logf("vm %s (%s): machine-boot up: %s (exit %d)", mc.moid, name, st.State, code)
	m.setBoot(mc, g, st)
}

// writeGuestinfo decodes userdata (and metadata) into DIR and returns the hook's file args.
func writeGuestinfo(dir string, ec map[string]string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var args []string
	for _, k := range []string{"userdata", "metadata"} {
		v, ok := ec["guestinfo."+k]
		if !ok {
			continue
		}
		b, err := decodeGuestinfo(v, ec["guestinfo."+k+".encoding"])
		if err != nil {
			return nil, fmt.Errorf("guestinfo.%s: %v", k, err)
		}
		p := filepath.Join(dir, k)
		if err := ioutil.WriteFile(p, b, 0o600); err != nil {
			return nil, err
		}
		args = append(args, "--"+k, p)
	}
	return args, nil
}

// poweredOff runs inside the simulator's power-off with the VM lock held.
func (m *Manager) poweredOff(ref types.ManagedObjectReference) {
	m.mu.Lock()
	mc := m.get(ref.Value)
	mc.gen++
	mc.on = false
	wasUp := mc.booted
	mc.booted = false
	if mc.boot.State == "queued" { // its `up` will see the new generation and not run
		mc.boot = BootStatus{State: "cancelled"}
	}
	pid := upPid(mc)
	closed := m.closed
	m.mu.Unlock()

	if vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine); ok {
		simulator.Map.Update(vm, guestChanges(vm, ""))
	}
	if closed {
		return
	}
	if pid > 0 {
		killGroup(pid, 3*time.Second) // pull the plug on an `up` still running
	}
	if wasUp {
		m.queueDown(mc)
	}
}

// upPid: the pid of a still-running `up` hook of mc, or 0. Caller holds m.mu.
func upPid(mc *machine) int {
	if mc.proc != nil && mc.procVerb == "up" {
		return mc.proc.Pid
	}
	return 0
}

func (m *Manager) queueDown(mc *machine) {
	m.mu.Lock()
	mc.boot.State = "stopping"
	m.mu.Unlock()
	m.enqueue(mc, func() {
		code, err := m.runHook(mc, "down", m.stateDir(mc.moid))
		st := BootStatus{State: "down", Exit: code}
		if err != nil {
			st.Error = err.Error()
		}
		m.cfg.Logf("vm %s: machine-boot down: exit %d", mc.moid, code)
		m.setBoot(mc, 0, st)
	})
}

// destroyed runs inside the simulator's Destroy_Task (VM lock held); the VM is off by then.
func (m *Manager) destroyed(ref types.ManagedObjectReference) {
	m.mu.Lock()
	m.cfg.Pool.Release(ref.Value)
	mc := m.vms[ref.Value]
	if mc == nil {
		m.mu.Unlock()
		return
	}
	mc.gen++
	mc.on = false
	wasUp, hasState := mc.booted, mc.hasState
	mc.booted = false
	pid := upPid(mc)
	closed := m.closed
	if !hasState {
		delete(m.vms, ref.Value)
	}
	m.mu.Unlock()
	if closed {
		return
	}
	if pid > 0 {
		killGroup(pid, 3*time.Second)
	}
	if wasUp {
		m.queueDown(mc)
	}
	if hasState {
		m.enqueue(mc, func() {
			code, _ := m.runHook(mc, "destroy", m.stateDir(mc.moid))
			m.cfg.Logf("vm %s: machine-boot destroy: exit %d", mc.moid, code)
			m.mu.Lock()
			delete(m.vms, mc.moid)
			m.mu.Unlock()
		})
	}
}

// Shutdown stops every machine that is up (`down`, in parallel across VMs) and waits for all
// hook runs to finish, killing what still runs at the deadline.
func (m *Manager) Shutdown(timeout time.Duration) {
	m.mu.Lock()
	m.closed = true
	var downs []*machine
	for _, mc := range m.vms {
		mc.gen++
		if mc.booted {
			mc.booted = false
			if pid := upPid(mc); pid > 0 {
				killGroup(pid, 3*time.Second)
			}
			downs = append(downs, mc)
		}
	}
	m.mu.Unlock()
	for _, mc := range downs {
		m.queueDown(mc)
	}
	done := make(chan struct{})
	go func() { m.jobs.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
		m.mu.Lock()
		for pid := range m.running {
			killGroup(pid, time.Second)
		}
		m.mu.Unlock()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
	}
}

// VMInfo is one VM as GET /vms shows it.
type VMInfo struct {
	Moid       string     `json:"moid"`
	Name       string     `json:"name"`
	UUID       string     `json:"uuid"`
	PowerState string     `json:"power_state"`
	Template   bool       `json:"template"`
	IP         string     `json:"ip"`    // guest.ipAddress as clients see it
	Lease      string     `json:"lease"` // the DHCP lease (kept while powered off)
	Boot       BootStatus `json:"boot"`
	StateDir   string     `json:"state_dir,omitempty"`
}

// List returns every VM for which keep(name, moid) is true, sorted by name.
func (m *Manager) List(keep func(name, moid string) bool) []VMInfo {
	out := []VMInfo{}
	for _, e := range simulator.Map.All("VirtualMachine") {
		ref := e.Reference()
		var info VMInfo
		simulator.Map.WithLock(ref, func() {
			vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine)
			if !ok {
				return
			}
			info.Moid, info.Name = ref.Value, vm.Name
			info.PowerState = string(vm.Runtime.PowerState)
			if vm.Config != nil {
				info.UUID, info.Template = vm.Config.Uuid, vm.Config.Template
			}
			if vm.Guest != nil {
				info.IP = vm.Guest.IpAddress
			}
		})
		if info.Moid == "" || !keep(info.Name, info.Moid) {
			continue
		}
		info.Lease, _ = m.cfg.Pool.Lookup(ref.Value)
		m.mu.Lock()
		if mc := m.vms[ref.Value]; mc != nil {
			info.Boot = mc.boot
			if mc.hasState {
				info.StateDir = m.stateDir(ref.Value)
			}
		}
		m.mu.Unlock()
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
