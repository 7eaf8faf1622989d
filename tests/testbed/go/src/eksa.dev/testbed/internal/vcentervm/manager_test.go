package vcentervm

import (
	"context"
	"encoding/base64"
	"io/ioutil"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"

	"eksa.dev/testbed/internal/vcenterdhcp"
)

// waitFile waits until path contains want.
func waitFile(t *testing.T, path, want string) string {
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, _ := ioutil.ReadFile(path)
		if strings.Contains(string(b), want) {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never contained %q; has:\n%s", path, want, b)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func guestIP(ctx context.Context, t *testing.T, vm *object.VirtualMachine) string {
	var o mo.VirtualMachine
	if err := vm.Properties(ctx, vm.Reference(), []string{"guest.ipAddress"}, &o); err != nil {
		t.Fatal(err)
	}
	if o.Guest == nil {
		return ""
	}
	return o.Guest.IpAddress
}

func TestGuestIPAndBootHook(t *testing.T) {
	dir := t.TempDir()
	hook := filepath.Join(dir, "machine-boot")
	calls := filepath.Join(dir, "calls")
	script := "#!/bin/sh\necho \"$@\" >> " + calls + "\n"
	if err := ioutil.WriteFile(hook, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	pool, _ := vcenterdhcp.Parse("127.0.100.1-127.0.100.50")
	model := simulator.VPX()
	if err := model.Create(); err != nil {
		t.Fatal(err)
	}
	mgr := New(Config{BootDelay: 100 * time.Millisecond, Pool: pool, MachineBoot: hook,
		MachinesDir: filepath.Join(dir, "machines")})
	mgr.Install()
	defer mgr.Shutdown(5 * time.Second)

	err := model.Run(func(ctx context.Context, c *vim25.Client) error {
		finder := find.NewFinder(c)
		dc, err := finder.Datacenter(ctx, "DC0")
		if err != nil {
			return err
		}
		finder.SetDatacenter(dc)
		src, err := finder.VirtualMachine(ctx, "DC0_C0_RP0_VM0")
		if err != nil {
			return err
		}
		srcIP, err := src.WaitForIP(ctx) // the model's autostarted VMs get addresses too
		if err != nil || !pool.Contains(srcIP) {
			t.Fatalf("source VM IP %q, %v", srcIP, err)
		}
		folder, _ := finder.Folder(ctx, "/DC0/vm")
		rp, _ := finder.ResourcePool(ctx, "/DC0/host/DC0_C0/Resources")
		rpRef := rp.Reference()
		userdata := "#cloud-config\nhostname: c1\n"
		spec := types.VirtualMachineCloneSpec{
			Location: types.VirtualMachineRelocateSpec{Pool: &rpRef},
			Config: &types.VirtualMachineConfigSpec{ExtraConfig: []types.BaseOptionValue{
				&types.OptionValue{Key: "guestinfo.userdata", Value: "bm90IHRoaXMgb25l"}, // superseded below
				&types.OptionValue{Key: "guestinfo.userdata", Value: base64.StdEncoding.EncodeToString([]byte(userdata))},
				&types.OptionValue{Key: "guestinfo.userdata.encoding", Value: "base64"},
			}},
		}
		task, err := src.Clone(ctx, folder, "c1", spec)
		if err != nil {
			return err
		}
		info, err := task.WaitForResult(ctx, nil)
		if err != nil {
			return err
		}
		vm := object.NewVirtualMachine(c, info.Result.(types.ManagedObjectReference))
		moid := vm.Reference().Value
		if task, err = vm.PowerOn(ctx); err == nil {
			err = task.Wait(ctx)
		}
		if err != nil {
			return err
		}
		if ip := guestIP(ctx, t, vm); ip != "" {
			t.Fatalf("guest IP %s reported at power-on, before the boot delay", ip)
		}
		ip, err := vm.WaitForIP(ctx) // WaitForUpdatesEx sees the change
		if err != nil || !pool.Contains(ip) || ip == srcIP {
			t.Fatalf("clone IP %q (source %s), %v", ip, srcIP, err)
		}
		state := filepath.Join(dir, "machines", moid)
		waitFile(t, calls, "up --state "+state+" --name c1 --ip "+ip+" --userdata "+state+"/userdata")
		if b, _ := ioutil.ReadFile(filepath.Join(state, "userdata")); string(b) != userdata {
			t.Fatalf("userdata file %q, want the last guestinfo.userdata decoded", b)
		}
		if task, err = vm.PowerOff(ctx); err == nil {
			err = task.Wait(ctx)
		}
		if err != nil {
			return err
		}
		if got := guestIP(ctx, t, vm); got != "" {
			t.Fatalf("guest IP %s still reported after power-off", got)
		}
		waitFile(t, calls, "down --state "+state)
		if task, err = vm.Destroy(ctx); err == nil {
			err = task.Wait(ctx)
		}
		if err != nil {
			return err
		}
		waitFile(t, calls, "destroy --state "+state)
		if _, leased := pool.Lookup(moid); leased {
			t.Fatal("lease not released at destroy")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = os.RemoveAll(dir)
}

func TestDecodeGuestinfo(t *testing.T) {
	for _, c := range []struct{ v, enc, want string }{
		{"plain", "", "plain"},
		{"aGk=", "base64", "hi"},
		{"aGk", "b64", "hi"},
		{"H4sIAAAAAAAAA8vIBACsKpPYAgAAAA==", "gzip+base64", "hi"},
	} {
		got, err := decodeGuestinfo(c.v, c.enc)
		if err != nil || string(got) != c.want {
			t.Errorf("decode(%q, %q) = %q, %v", c.v, c.enc, got, err)
		}
	}
	if _, err := decodeGuestinfo("x", "rot13"); err == nil {
		t.Error("unknown encoding accepted")
	}
}
