package vcentervm

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// guestChanges is what VMware Tools reports once the guest is up (ip != "") or what vCenter
// shows once the VM is off (ip == ""): guest.ipAddress, summary.guest.ipAddress,
// guest.net[0].ipAddress, host name and tools/guest state. Applied with Map.Update so property
// collectors (RetrievePropertiesEx, WaitForUpdatesEx) see them. Caller holds the VM's lock.
func guestChanges(vm *simulator.VirtualMachine, ip string) []types.PropertyChange {
	var nics []types.GuestNicInfo
	if vm.Guest != nil {
		nics = append(nics, vm.Guest.Net...)
	}
	if len(nics) > 0 {
		nics[0].IpAddress = nil
		if ip != "" {
			nics[0].IpAddress = []string{ip}
		}
	}
	tools, state, host := "guestToolsNotRunning", "notRunning", ""
	if ip != "" {
		tools, state, host = "guestToolsRunning", "running", vm.Name
	}
	changes := []types.PropertyChange{
		{Name: "guest.ipAddress", Val: ip},
		{Name: "summary.guest.ipAddress", Val: ip},
		{Name: "guest.hostName", Val: host},
		{Name: "summary.guest.hostName", Val: host},
		{Name: "guest.toolsRunningStatus", Val: tools},
		{Name: "summary.guest.toolsRunningStatus", Val: tools},
		{Name: "guest.guestState", Val: state},
	}
	if len(nics) > 0 {
		changes = append(changes, types.PropertyChange{Name: "guest.net", Val: nics})
	}
	return changes
}

// extraConfig returns the VM's extraConfig with the LAST value of each key winning (vcsim
// appends on every ReconfigVM instead of replacing). Caller holds the VM's lock.
func extraConfig(vm *simulator.VirtualMachine) map[string]string {
	out := map[string]string{}
	if vm.Config == nil {
		return out
	}
	for _, o := range vm.Config.ExtraConfig {
		ov := o.GetOptionValue()
		if s, ok := ov.Value.(string); ok {
			out[ov.Key] = s
		}
	}
	return out
}
