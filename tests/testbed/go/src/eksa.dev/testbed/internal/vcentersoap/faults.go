package vcentersoap

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/vmware/govmomi/vim25/types"
)

// FaultContext is what an injected fault may mention: the request and, when known, the
// target VM's current power state.
type FaultContext struct {
	Req        Request
	PowerState string                        // runtime.powerState of _this when it is a VM, else ""
	Task       *types.ManagedObjectReference // for TaskInProgress: the task said to be running
	Privilege  string                        // NoPermission/NotAuthenticated privilegeId override
}

// KnownFault reports whether name is a vim25 fault type (e.g. "InvalidPowerState"). Every
// type deriving from MethodFault is accepted, not just the ones with tailored messages.
func KnownFault(name string) bool {
	_, ok := faultType(name)
	return ok
}

func faultType(name string) (reflect.Type, bool) {
	t, ok := types.TypeFunc()(name)
	if !ok || t.Kind() != reflect.Struct {
		return nil, false
	}
	if !reflect.PtrTo(t).Implements(reflect.TypeOf((*types.BaseMethodFault)(nil)).Elem()) {
		return nil, false
	}
	return t, true
}

// BuildFault returns the fault NAME filled the way vCenter fills it for this request, and
// its faultstring (message overrides the default text when non-empty).
func BuildFault(name, message string, c FaultContext) (types.BaseMethodFault, string, error) {
	t, ok := faultType(name)
	if !ok {
		return nil, "", fmt.Errorf("unknown vim25 fault %q", name)
	}
	this := types.ManagedObjectReference{Type: c.Req.ThisType, Value: c.Req.This}
	var f types.BaseMethodFault
	var text string
	switch name {
	case "NotAuthenticated":
		f = &types.NotAuthenticated{NoPermission: types.NoPermission{Object: this, PrivilegeId: privilege(c, "System.View")}}
		text = "The session is not authenticated."
	case "NoPermission":
		f = &types.NoPermission{Object: this, PrivilegeId: privilege(c, methodPrivilege(c.Req.Method))}
		text = "Permission to perform this operation was denied."
	case "InvalidLogin":
		f = &types.InvalidLogin{}
		text = "Cannot complete login due to an incorrect user name or password."
	case "ManagedObjectNotFound":
		f = &types.ManagedObjectNotFound{Obj: this}
		text = fmt.Sprintf("The object 'vim.%s:%s' has already been deleted or has not been completely created", this.Type, this.Value)
	case "DuplicateName":
		f = &types.DuplicateName{Name: c.Req.Name, Object: this}
		text = fmt.Sprintf("The name '%s' already exists.", c.Req.Name)
	case "InvalidPowerState":
		requested := requestedPowerState(c.Req.Method)
		existing := types.VirtualMachinePowerState(c.PowerState)
		if existing == "" {
			existing = requested
		}
		f = &types.InvalidPowerState{RequestedState: requested, ExistingState: existing}
		text = fmt.Sprintf("The attempted operation cannot be performed in the current state (%s).", powerWords(existing))
	case "TaskInProgress":
		tip := &types.TaskInProgress{}
		if c.Task != nil {
			tip.Task = *c.Task
		}
		f = tip
		text = "Another task is already in progress."
	default:
		f = reflect.New(t).Interface().(types.BaseMethodFault)
		text = fmt.Sprintf("A general system error occurred: %s", name)
	}
	if message != "" {
		text = message
	}
	return f, text, nil
}

func privilege(c FaultContext, def string) string {
	if c.Privilege != "" {
		return c.Privilege
	}
	return def
}

// methodPrivilege: the privilege vCenter names in NoPermission for the methods eksa calls.
func methodPrivilege(method string) string {
	switch method {
	case "CloneVM_Task":
		return "VirtualMachine.Provisioning.Clone"
	case "PowerOnVM_Task":
		return "VirtualMachine.Interact.PowerOn"
	case "PowerOffVM_Task":
		return "VirtualMachine.Interact.PowerOff"
	case "Destroy_Task":
		return "VirtualMachine.Inventory.Delete"
	case "ReconfigVM_Task":
		return "VirtualMachine.Config.AdvancedConfig"
	case "CreateFolder":
		return "Folder.Create"
	case "MarkAsTemplate":
		return "VirtualMachine.Provisioning.MarkAsTemplate"
	case "ImportVApp":
		return "VApp.Import"
	}
	return "System.View"
}

func requestedPowerState(method string) types.VirtualMachinePowerState {
	switch {
	case strings.HasPrefix(method, "PowerOn"):
		return types.VirtualMachinePowerStatePoweredOn
	case strings.HasPrefix(method, "PowerOff"), method == "Destroy_Task", method == "ShutdownGuest":
		return types.VirtualMachinePowerStatePoweredOff
	case strings.HasPrefix(method, "Suspend"):
		return types.VirtualMachinePowerStateSuspended
	}
	return ""
}

func powerWords(s types.VirtualMachinePowerState) string {
	switch s {
	case types.VirtualMachinePowerStatePoweredOn:
		return "Powered on"
	case types.VirtualMachinePowerStatePoweredOff:
		return "Powered off"
	case types.VirtualMachinePowerStateSuspended:
		return "Suspended"
	}
	return string(s)
}
